/* minivisor hypercalls (ABI in hypercall_abi.h): policy, shared by both architectures. */
#pragma once

#include "hypercall_abi.h"
#include "types.h"

struct per_cpu;

/* Run hypercall @nr for the guest on @cpu. Returns a value >= 0, or HC_ERR_*. */
long hypercall(struct per_cpu *cpu, u64 nr, u64 arg0, u64 arg1);
