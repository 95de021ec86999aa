/* minivisor hypercalls (ABI in hypercall_abi.h): policy, shared by both architectures. */
#pragma once

#include "hypercall_abi.h"
#include "types.h"

struct per_cpu;

typedef long (*hypercall_fn)(struct per_cpu *cpu, u64 arg0, u64 arg1);

#define NR_HYPERCALLS 7
extern const hypercall_fn hypercalls[NR_HYPERCALLS]; /* every entry set: no NULL check */

/* Run hypercall @nr for the guest on @cpu. Returns a value >= 0, or HC_ERR_*.
 * Inline: it sits on the hottest exit path, right in the arch's hvc/ecall handler. */
static inline long hypercall(struct per_cpu *cpu, u64 nr, u64 arg0, u64 arg1)
{
	if (nr >= NR_HYPERCALLS)
		return HC_ERR_UNKNOWN;
	return hypercalls[nr](cpu, arg0, arg1);
}
