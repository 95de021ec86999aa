/* The physical PLIC as the hypervisor uses it (plic.c). The guests' view is vplic.h. */
#pragma once

#include "types.h"

/* Once per hart (arch_cpu_init): its S-mode context empty, threshold 0, SEIE on. */
void plic_init_cpu(u64 hart);

/* Deliver source @irq to @hart's S-mode context, or not. */
void plic_set_enable(u64 hart, u32 irq, bool on);
void plic_set_priority(u32 irq, u32 prio);

/* Claim the highest pending source in @hart's context (0: none); it stays in service until
 * plic_complete() in the same context. */
u32 plic_claim(u64 hart);
void plic_complete(u64 hart, u32 irq);
