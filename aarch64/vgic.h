/*
 * The virtual GICv3 a zone sees (vgic.c): list registers fed from a per-vCPU pending
 * list, an emulated distributor and emulated redistributors, trapped guest SGIs.
 */
#pragma once

#include "mmio.h"
#include "percpu.h"

/* Once per physical CPU (arch_cpu_init): virtual CPU interface on. */
void vgic_init_cpu(void);

/* A fresh vCPU (arch_cpu_reset): no interrupt pending or active, nothing enabled. */
void vgic_reset(struct per_cpu *cpu);

/* This CPU parks (arch_cpu_idle) or enters its zone (arch_cpu_run): a parked CPU's list
 * registers stay empty. */
void vgic_set_parked(struct per_cpu *cpu, bool parked);

/* Make @intid pending on vCPU @to of @from's zone; kick @to's CPU if it is another one.
 * Returns false (nothing queued) if @to is off. Counted in from->injected[@src]. */
bool vgic_inject(struct per_cpu *from, struct per_cpu *to, u32 intid, enum inject_source src);

/* Move this vCPU's pending interrupts into free list registers (before it runs again). */
void vgic_flush(struct per_cpu *cpu);

/* A physical interrupt acknowledged on this CPU that belongs to a guest (the virtual timer
 * PPI, an SPI): inject it, or deactivate it if nobody here can take it. */
void vgic_physical_irq(struct per_cpu *cpu, u32 intid);

/* A trapped MSR/MRS (EC 0x18): the guest's ICC_SGI1R_EL1 writes. Returns false for any
 * other register. */
bool vgic_sysreg(struct per_cpu *cpu, u64 esr);
