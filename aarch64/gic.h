/* GICv3 as the hypervisor uses it (so far: SGI 0 to wake a CPU out of its guest). */
#pragma once

#include "types.h"

#define SGI_WAKEUP 0 /* "look at your requests" (percpu.h) */

void gic_init(void);
void gic_init_cpu(u64 cpuid);
