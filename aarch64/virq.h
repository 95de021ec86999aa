/*
 * Interrupts into a guest on aarch64 (virq.c): list registers fed from a per-vCPU pending
 * list, guest SGIs. The riscv64 tree has the same header for its hvip-based twin.
 */
#pragma once

#include "percpu.h"

/* Once per physical CPU (arch_cpu_init): virtual CPU interface on. */
void virq_init_cpu(void);

/* A fresh vCPU (arch_cpu_reset): no interrupt pending or active, nothing enabled. */
void virq_reset(struct per_cpu *cpu);

/* Make @intid pending on vCPU @to of @from's zone; kick @to's CPU if it is another one.
 * Returns false (nothing queued) if @to is off. Counted in from->injected[@src]. The
 * riscv64 twin takes hvip bits for @to's hart to set instead, and counts them there: the
 * GIC's pending list takes an INTID from any CPU, hvip only from its own hart. */
bool virq_inject(struct per_cpu *from, struct per_cpu *to, u32 intid, enum inject_source src);

/* An IPI from vCPU @from to vCPU @to of its zone: SGI @sgi. */
void virq_send_ipi(struct per_cpu *from, struct per_cpu *to, u32 sgi);

/* Move this vCPU's pending interrupts into free list registers (before it runs again). */
void virq_flush(struct per_cpu *cpu);

/* A physical interrupt acknowledged on this CPU that belongs to a guest (the virtual timer
 * PPI, an SPI): inject it, or deactivate it if nobody here can take it. */
void virq_physical_irq(struct per_cpu *cpu, u32 intid);

/* The guest wrote @sgi1r to ICC_SGI1R_EL1 (trapped, exits.c): SGIs to the vCPUs it names,
 * those of its own zone only. */
void virq_sgi(struct per_cpu *cpu, u64 sgi1r);
