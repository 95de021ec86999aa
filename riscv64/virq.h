/*
 * Interrupts into a guest on riscv64 (virq.c): hvip's VSSIP, VSTIP and VSEIP, and what
 * other harts leave for this one. The aarch64 tree has the same header for its
 * list-register twin.
 */
#pragma once

#include "percpu.h"

/* ArchCpu.virq.pending: what another hart left for this one before its IPI (arch_send_ipi). */
#define PENDING_VSSIP BIT(0) /* an SBI IPI from another vCPU of the zone */
#define PENDING_VSEIP BIT(1) /* the zone's PLIC changed: recompute hvip.VSEIP */

/* Once per hart (arch_cpu_init): VS-level interrupts delegated to the guest, none asserted. */
void virq_init_cpu(void);

/* A fresh or parked vCPU (arch_cpu_reset): nothing pending, no timer armed, hvip clear but
 * for VSEIP on a vCPU starting whose zone's PLIC has a source for it. */
void virq_reset(struct per_cpu *cpu);

/* Leave @pending (PENDING_*) for vCPU @to and interrupt its hart, which injects it
 * (virq_flush). Returns false (nothing left, no IPI) if @to is off. The aarch64 twin takes
 * an INTID and counts it at the sender: here there is no INTID to queue, only hvip bits,
 * and hvip is per hart, so only @to's own hart can set them; it counts them as it does. */
bool virq_inject(struct per_cpu *to, u64 pending);

/* An IPI from vCPU @from to vCPU @to of its zone: VSSIP on @to. */
void virq_send_ipi(struct per_cpu *from, struct per_cpu *to);

/* This hart took the IPI: inject what other harts left for its vCPU (before it runs again). */
void virq_flush(struct per_cpu *cpu);

/* Device interrupt @irq, claimed on this hart: to its zone's emulated PLIC, or dropped if
 * no running zone owns it. */
void virq_physical_irq(struct per_cpu *cpu, u32 irq);

/* exits.c: the hypervisor's own interrupts pending on this hart, handled in place as their
 * exits would handle them, for a wait inside a guest's call that must not return to the
 * guest to take them (vfirmware.c: hart_suspend). */
void handle_pending_irqs(struct arch_cpu *cpu);

/* The guest's timer without Sstc: SBI set_timer, and our HS timer interrupt. */
void vtimer_set(struct per_cpu *cpu, u64 deadline);
void vtimer_expired(struct per_cpu *cpu);
