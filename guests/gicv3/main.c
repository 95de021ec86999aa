/*
 * What a guest reads from its GICv3 and its timers (aarch64 only), one check per build:
 *   -DCHECK_timerlevel  the virtual timer's interrupt is level-sensitive: one that fired
 *                       while its PPI was disabled is taken once the PPI is enabled if the
 *                       timer still fires, and not at all if the timer was turned off first;
 *   -DCHECK_gicstate    GICR_ISPENDR0 / ICPENDR0 / ISACTIVER0 show and change the pending
 *                       and active state of the timer PPI (level: a cleared one is pending
 *                       again while the timer fires) and of an SGI;
 *   -DCHECK_ptimer      the EL1 physical timer (CNTP_*, PPI 30) interrupts the guest.
 * Each prints what it checked and "ok" or "FAILED", then powers the zone off. Nothing waits
 * for an amount of time: for the hypervisor to have taken a physical interrupt, the guest
 * waits for its timer's ISTATUS and then makes exits (hypercalls, trapped reads).
 */
#include <stdio.h>
#include "guest.h"

#define GICR_SGI_BASE   (0x080a0000UL + 0x10000) /* vCPU 0's SGI frame */
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_ISPENDR0   0x0200
#define GICR_ICPENDR0   0x0280
#define GICR_ISACTIVER0 0x0300
#define PPI_VTIMER      27
#define PPI_PTIMER      30
#define SGI_IPI         1 /* the SGI ipi_send() sends */
#define CTL_ENABLE      1UL
#define CTL_ISTATUS     4UL
#define MAX_EXITS       100000 /* far more than a physical interrupt needs to be taken */

#define read_sysreg(r)                                       \
	({                                                   \
		unsigned long __v;                           \
		__asm__ volatile("mrs %0, " #r : "=r"(__v)); \
		__v;                                         \
	})
#define write_sysreg(r, v)                                                      \
	do {                                                                    \
		__asm__ volatile("msr " #r ", %0" : : "r"((unsigned long)(v))); \
		__asm__ volatile("isb");                                        \
	} while (0)

static volatile unsigned vtimer_irqs, ptimer_irqs, ipi_irqs;
static volatile unsigned long active_in_handler;

static uint32_t gicr_read(unsigned long off)
{
	return *(volatile uint32_t *)(GICR_SGI_BASE + off);
}

static void gicr_write(unsigned long off, uint32_t v)
{
	*(volatile uint32_t *)(GICR_SGI_BASE + off) = v;
}

static const char *verdict(int ok)
{
	return ok ? "ok" : "FAILED";
}

/* The library re-arms the virtual timer; these tests want it off once it has fired. */
static void on_vtimer(void)
{
	vtimer_irqs++;
	write_sysreg(cntv_ctl_el0, 0);
}

static void on_ipi(void)
{
	ipi_irqs++;
	active_in_handler = gicr_read(GICR_ISACTIVER0); /* before the library's EOI */
}

static void on_other(unsigned long intid)
{
	if (intid == PPI_PTIMER) {
		ptimer_irqs++;
		write_sysreg(cntp_ctl_el0, 0);
	}
}

static const struct irq_handlers handlers = { on_vtimer, on_ipi, 0, on_other };

/* The virtual timer fires now-ish, and the guest waits until it does (ISTATUS), then makes
 * exits so that the hypervisor takes the physical interrupt. */
static __attribute__((unused)) void vtimer_fire(void)
{
	write_sysreg(cntv_tval_el0, 100);
	write_sysreg(cntv_ctl_el0, CTL_ENABLE);
	while (!(read_sysreg(cntv_ctl_el0) & CTL_ISTATUS))
		;
	for (int i = 0; i < 100; i++)
		hypercall(HC_NULL, 0, 0);
}

#ifdef CHECK_timerlevel
int main(void)
{
	irq_setup(&handlers);
	printf("timerlevel: virtual timer (PPI 27) fired while its PPI was disabled\n");

	gicr_write(GICR_ICENABLER0, 1U << PPI_VTIMER);
	vtimer_fire();
	unsigned before = vtimer_irqs;
	gicr_write(GICR_ISENABLER0, 1U << PPI_VTIMER); /* still firing: due now */
	unsigned due = vtimer_irqs - before;
	printf("timerlevel: still firing when enabled: %u interrupt(s) taken, 1 due: %s\n", due,
	       verdict(due == 1));

	gicr_write(GICR_ICENABLER0, 1U << PPI_VTIMER);
	vtimer_fire();
	write_sysreg(cntv_ctl_el0, 0); /* the line drops */
	before = vtimer_irqs;
	gicr_write(GICR_ISENABLER0, 1U << PPI_VTIMER);
	unsigned stale = vtimer_irqs - before;
	printf("timerlevel: turned off before enabled: %u interrupt(s) taken, 0 due: %s\n", stale,
	       verdict(stale == 0));
	printf("timerlevel: done\n");
	return 0;
}
#endif

#ifdef CHECK_gicstate
/* Read GICR_ISPENDR0 until @bit shows (at most MAX_EXITS reads, each one an exit). */
static int pending_shows(unsigned bit)
{
	for (int i = 0; i < MAX_EXITS; i++)
		if (gicr_read(GICR_ISPENDR0) & (1U << bit))
			return 1;
	return 0;
}

int main(void)
{
	irq_setup(&handlers);

	gicr_write(GICR_ICENABLER0, 1U << PPI_VTIMER);
	vtimer_fire();
	int p = pending_shows(PPI_VTIMER);
	printf("gicstate: timer fired, PPI 27 disabled: ISPENDR0 bit 27 %u: %s\n", p, verdict(p));
	gicr_write(GICR_ICPENDR0, 1U << PPI_VTIMER); /* level: pending again, its line is up */
	p = pending_shows(PPI_VTIMER);
	printf("gicstate: ICPENDR0 bit 27 written, timer still firing: ISPENDR0 bit 27 %u: %s\n", p,
	       verdict(p));
	write_sysreg(cntv_ctl_el0, 0);
	p = !!(gicr_read(GICR_ISPENDR0) & (1U << PPI_VTIMER));
	printf("gicstate: timer off: ISPENDR0 bit 27 %u: %s\n", p, verdict(!p));
	gicr_write(GICR_ISENABLER0, 1U << PPI_VTIMER);

	gicr_write(GICR_ICENABLER0, 1U << SGI_IPI);
	ipi_send(0); /* to ourselves, disabled: it stays pending */
	p = !!(gicr_read(GICR_ISPENDR0) & (1U << SGI_IPI));
	printf("gicstate: SGI 1 sent, disabled: ISPENDR0 bit 1 %u: %s\n", p, verdict(p));
	gicr_write(GICR_ICPENDR0, 1U << SGI_IPI);
	p = !!(gicr_read(GICR_ISPENDR0) & (1U << SGI_IPI));
	printf("gicstate: ICPENDR0 bit 1 written: ISPENDR0 bit 1 %u: %s\n", p, verdict(!p));
	gicr_write(GICR_ISPENDR0, 1U << SGI_IPI);
	p = !!(gicr_read(GICR_ISPENDR0) & (1U << SGI_IPI));
	printf("gicstate: ISPENDR0 bit 1 written: ISPENDR0 bit 1 %u: %s\n", p, verdict(p));
	gicr_write(GICR_ISENABLER0, 1U << SGI_IPI); /* taken now, once */
	int active = !!(active_in_handler & (1U << SGI_IPI));
	printf("gicstate: SGI 1 enabled: taken %u time(s), ISACTIVER0 bit 1 in its handler %u: "
	       "%s\n",
	       ipi_irqs, active, verdict(ipi_irqs == 1 && active));
	int after = !!(gicr_read(GICR_ISACTIVER0) & (1U << SGI_IPI));
	printf("gicstate: after its EOI: ISACTIVER0 bit 1 %u: %s\n", after, verdict(!after));
	printf("gicstate: done\n");
	return 0;
}
#endif

#ifdef CHECK_ptimer
int main(void)
{
	irq_setup(&handlers);
	gicr_write(GICR_ISENABLER0, 1U << PPI_PTIMER);
	printf("ptimer: EL1 physical timer (CNTP, PPI 30) armed\n");
	write_sysreg(cntp_tval_el0, 100);
	write_sysreg(cntp_ctl_el0, CTL_ENABLE);
	while (!ptimer_irqs && !(read_sysreg(cntp_ctl_el0) & CTL_ISTATUS))
		; /* taken at once, or fired */
	int exits = 0;
	while (!ptimer_irqs && exits < MAX_EXITS) {
		hypercall(HC_NULL, 0, 0);
		exits++;
	}
	printf("ptimer: fired (ISTATUS): interrupt %s after %d exit(s): %s\n",
	       ptimer_irqs ? "taken" : "not taken", exits, verdict(ptimer_irqs == 1));
	printf("ptimer: done\n");
	return 0;
}
#endif
