/* The PLIC a zone sees (vplic.c): what the vCPU code and virq.c ask of it. */
#pragma once

#include "types.h"

struct per_cpu;
struct zone;

/* Once per hart (arch_cpu_init), after plic_init_cpu() reset its PLIC context: the sources
 * its zone routes to its vCPU, enabled there. (The boot hart has no zone yet at that point:
 * arch_zone_init() does it for the boot hart.) */
void vplic_init_cpu(struct per_cpu *cpu);

/* Device interrupt @irq of zone @z, claimed on this hart: pending in the zone's PLIC, and
 * VSEIP for the vCPUs that may now claim it. */
void vplic_device_irq(struct per_cpu *cpu, struct zone *z, u32 irq);

/* This vCPU's hvip.VSEIP from its zone's PLIC, fresh, and recorded as handed out: when
 * told of a change (virq_flush), and after its reset (virq_reset), which cleared hvip. */
void vplic_sync_vseip(struct per_cpu *cpu);
