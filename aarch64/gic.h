/* The physical GICv3 as the hypervisor uses it (gic.c). The guests' view: virq.c, vgic.c. */
#pragma once

#include "types.h"

#define SGI_WAKEUP      0    /* "look at your requests" (percpu.h) */
#define SGI_KICK        1    /* "a virtual interrupt waits on your pending list" (vgic.c) */
#define PPI_MAINTENANCE 25   /* virtual CPU interface maintenance (ICH_HCR_EL2.UIE) */
#define PPI_VTIMER      27   /* EL1 virtual timer (CNTV): passed through to the vCPU */
#define PPI_PTIMER      30   /* EL1 physical timer (CNTP): passed through the same way */
#define GIC_SPURIOUS    1020 /* INTIDs 1020..1023 are special: nothing to handle */

/* The EL1 timers' PPIs, which the hypervisor passes to the vCPU on its CPU. */
static inline bool is_timer_ppi(u32 intid)
{
	return intid == PPI_VTIMER || intid == PPI_PTIMER;
}

void gic_init(void);
void gic_init_cpu(u64 cpuid);
void gic_send_sgi(u64 cpuid, u32 sgi);

/* Acknowledge the highest pending interrupt and drop its priority; returns its INTID
 * (>= GIC_SPURIOUS if none). It stays active until gic_deactivate() or a guest EOI. */
u32 gic_ack(void);
void gic_deactivate(u32 intid);

/* Physical state of SPI @irq, set on a zone's behalf. */
bool gic_spi_enabled(u32 irq);
void gic_spi_enable(u32 irq, bool on);
u8 gic_spi_priority(u32 irq);
void gic_spi_set_priority(u32 irq, u8 prio);
u32 gic_spi_config(u32 irq);
void gic_spi_set_config(u32 irq, u32 cfg);
u64 gic_spi_target(u32 irq); /* the physical CPU it is routed to */
void gic_spi_route(u32 irq, u64 cpuid);
