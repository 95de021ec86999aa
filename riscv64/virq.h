/* Interrupts into a guest on riscv64 (virq.c, plic.c): what the exit handlers, the SBI
 * emulation and the vCPU reset call. */
#pragma once

#include "types.h"

struct per_cpu;
struct mmio_access;

/* ArchCpu.pending: what another hart left for this one before its IPI (arch_send_ipi). */
#define PENDING_VSSIP BIT(0) /* an SBI IPI from another vCPU of the zone */
#define PENDING_VSEIP BIT(1) /* the zone's PLIC changed: recompute hvip.VSEIP */

/* ---- virq.c ---- */
void virq_send_ipi(struct per_cpu *from, struct per_cpu *to); /* VSSIP on @to */
void virq_kick(struct per_cpu *to, u64 pending);               /* leave @pending, IPI */
void virq_take_pending(struct per_cpu *cpu); /* this hart took the IPI: inject what was left */
void virq_reset(struct per_cpu *cpu);        /* reset/park: nothing pending, hvip clear */
void vtimer_set(struct per_cpu *cpu, u64 deadline); /* SBI set_timer from the guest */
void vtimer_expired(struct per_cpu *cpu);           /* HS timer interrupt (no Sstc) */

/* ---- plic.c ---- */
void plic_hart_init(u64 hart);              /* this hart's PLIC context: empty, threshold 0 */
void plic_zone_start(struct per_cpu *cpu);  /* vCPU 0 of a zone: its sources, routed here */
void plic_handle_irq(struct per_cpu *cpu);  /* HS external interrupt: claim, inject */
void plic_sync_vseip(struct per_cpu *cpu);  /* hvip.VSEIP of this vCPU from its zone's PLIC */
