/*
 * An emulated MMIO access. The arch decodes the trap into a struct mmio_access (which
 * register, how wide, sign-extended or not, how long the instruction is); mmio_handle()
 * does the rest for both arches: the stored value, the device, the loaded value, the PC.
 */
#pragma once

#include "types.h"

struct mmio_access {
	u64 addr;  /* guest-physical address */
	u64 value; /* written value, or the value read back */
	u8 size;   /* bytes accessed: 1, 2, 4 or 8 */
	bool write;
	u8 reg;           /* guest register to load into or store from (arch_cpu_reg numbering) */
	bool sign_extend; /* a load that sign-extends: ldrsb/ldrsh/ldrsw, lb/lh/lw */
	u8 reg_size;      /* bytes of the register a load fills: 8, or 4 (aarch64 W registers) */
	u8 insn_len;      /* bytes of the instruction, to step over it: 4, or 2 (compressed) */
};

struct per_cpu;

/* The bytes a store of @a writes, from the value @reg of its register. */
static inline u64 mmio_store_value(const struct mmio_access *a, u64 reg)
{
	return a->size < 8 ? reg & (BIT(8 * a->size) - 1) : reg;
}

/* The value an emulated load leaves in its register: a->size bytes of a->value, sign- or
 * zero-extended to the register's width, and a 32-bit register's upper half cleared (as
 * a load to w0 clears bits [63:32] of x0). */
static inline u64 mmio_load_result(const struct mmio_access *a)
{
	u64 v = a->value;

	if (a->size < 8) {
		unsigned shift = 64 - 8 * a->size;
		v = a->sign_extend ? (u64)((i64)(v << shift) >> shift) : v << shift >> shift;
	}
	return a->reg_size == 4 ? (u32)v : v;
}

/* A trapped load or store the arch decoded into @a, on the CPU's vCPU: take a store's value
 * from its register, let the device model behind a->addr do the access, write a load's
 * value back, step the guest past the instruction. Returns false (the guest's registers
 * untouched) if no device claims the address: the arch reports the fault. */
bool mmio_handle(struct per_cpu *cpu, struct mmio_access *a);

/* Find the device model behind a->addr for the running zone and let it do the access.
 * Returns true if a device claimed it; on reads a->value is set. */
bool mmio_emulate(struct per_cpu *cpu, struct mmio_access *a);
