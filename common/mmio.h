/* An emulated MMIO access, decoded by arch code from the trap and completed by common/. */
#pragma once

#include "types.h"

struct mmio_access {
	u64 addr;   /* guest-physical address */
	u64 value;  /* written value, or the value read back */
	u8 size;    /* bytes: 1, 2, 4 or 8 */
	bool write;
	u8 reg;     /* guest register to load into or store from */
	bool sign_extend;
};

struct per_cpu;

/* The value an emulated load leaves in its register: a->value, sign-extended if the load
 * asked for it (ldrsb/ldrsh/ldrsw; lb/lh/lw). Pure: shared by both arches' exit code. */
static inline u64 mmio_load_result(const struct mmio_access *a)
{
	if (!a->sign_extend || a->size >= 8)
		return a->value;
	unsigned shift = 64 - 8 * a->size;
	return (u64)((i64)(a->value << shift) >> shift);
}

/* Emulate @a for the running zone. Returns true if a device claimed it; on reads the
 * value is set. The arch code then writes the register back and steps past the access. */
bool mmio_emulate(struct per_cpu *cpu, struct mmio_access *a);
