/*
 * Guest interrupts on aarch64: an EL1 vector table, the GICv3 CPU interface through its
 * system registers (virtualized by the hypervisor's ICH_* state), the redistributor and
 * distributor the zone sees (emulated), the EL1 virtual timer and the PL011's receive
 * interrupt. The guest runs with its MMU off (device memory): word accesses only.
 */
#include "guest.h"

#define GICD_BASE         0x08000000UL
#define GICD_CTLR         0x0000
#define GICD_CTLR_ARE     (1U << 4) /* affinity routing: system register interface */
#define GICD_CTLR_GRP1    (1U << 1)
#define GICD_ISENABLER(n) (0x0100 + 4 * ((n) / 32))
#define GICD_IROUTER(n)   (0x6000 + 8 * (n))
#define GICR_BASE         0x080a0000UL /* vCPU v's redistributor: + v * GICR_STRIDE */
#define GICR_STRIDE       0x20000
#define GICR_WAKER        0x0014
#define WAKER_PSLEEP      (1U << 1)
#define WAKER_CASLEEP     (1U << 2)
#define GICR_ISENABLER0   (0x10000 + 0x0100) /* in the SGI frame */

#define INTID_VTIMER   27 /* EL1 virtual timer PPI */
#define INTID_UART     33 /* PL011: SPI 1 */
#define INTID_SPURIOUS 1020
#define SGI_IPI        1 /* the SGI ipi_send() uses */

#define UART_BASE      0x09000000UL
#define UART_DR        0x000
#define UART_FR        0x018
#define UART_FR_RXFE   (1U << 4)
#define UART_IMSC      0x038
#define UART_IMSC_RXIM (1U << 4) /* receive */
#define UART_IMSC_RTIM (1U << 6) /* receive timeout */

#define MAX_VCPUS 8

static const struct irq_handlers *handlers;
static unsigned long timer_ticks[MAX_VCPUS]; /* counter ticks per period, per vCPU */

static inline uint32_t mmio_read(unsigned long addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write(unsigned long addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

#define read_sysreg(r)                                       \
	({                                                   \
		unsigned long __v;                           \
		__asm__ volatile("mrs %0, " #r : "=r"(__v)); \
		__v;                                         \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((unsigned long)(v)))

/* GICv3 CPU interface registers by encoding */
#define ICC_SRE_EL1     S3_0_C12_C12_5
#define ICC_PMR_EL1     S3_0_C4_C6_0
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_IAR1_EL1    S3_0_C12_C12_0
#define ICC_EOIR1_EL1   S3_0_C12_C12_1
#define ICC_SGI1R_EL1   S3_0_C12_C11_5

static unsigned long this_vcpu(void)
{
	return read_sysreg(mpidr_el1) & 0xff; /* the hypervisor numbers a zone's vCPUs 0.. */
}

/*
 * The vector table: 16 entries of 128 bytes, 2 KiB aligned (VBAR_EL1). Only an IRQ taken
 * at EL1 on SP_EL1 (offset 0x280) is expected; it saves what a C call may clobber
 * (x0-x18, x29, x30, all of v0-v31 with FPSR/FPCR, since compiled handlers may use FP) and
 * calls irq_handle(). Anything else stops the zone.
 */
__asm__(".section .text.irq_vectors, \"ax\"\n"
	".balign 2048\n"
	"irq_vectors:\n"
	".rept 5\n .balign 128\n b irq_unexpected\n .endr\n"
	".balign 128\n b irq_entry\n" /* 0x280: IRQ, current EL, SP_ELx */
	".rept 10\n .balign 128\n b irq_unexpected\n .endr\n"
	"irq_entry:\n"
	"	sub	sp, sp, #0x2c0\n"
	"	stp	x0, x1, [sp, #0x00]\n"
	"	stp	x2, x3, [sp, #0x10]\n"
	"	stp	x4, x5, [sp, #0x20]\n"
	"	stp	x6, x7, [sp, #0x30]\n"
	"	stp	x8, x9, [sp, #0x40]\n"
	"	stp	x10, x11, [sp, #0x50]\n"
	"	stp	x12, x13, [sp, #0x60]\n"
	"	stp	x14, x15, [sp, #0x70]\n"
	"	stp	x16, x17, [sp, #0x80]\n"
	"	stp	x18, x29, [sp, #0x90]\n"
	"	str	x30, [sp, #0xa0]\n"
	"	add	x0, sp, #0xc0\n"
	"	stp	q0, q1, [x0, #0x000]\n"
	"	stp	q2, q3, [x0, #0x020]\n"
	"	stp	q4, q5, [x0, #0x040]\n"
	"	stp	q6, q7, [x0, #0x060]\n"
	"	stp	q8, q9, [x0, #0x080]\n"
	"	stp	q10, q11, [x0, #0x0a0]\n"
	"	stp	q12, q13, [x0, #0x0c0]\n"
	"	stp	q14, q15, [x0, #0x0e0]\n"
	"	stp	q16, q17, [x0, #0x100]\n"
	"	stp	q18, q19, [x0, #0x120]\n"
	"	stp	q20, q21, [x0, #0x140]\n"
	"	stp	q22, q23, [x0, #0x160]\n"
	"	stp	q24, q25, [x0, #0x180]\n"
	"	stp	q26, q27, [x0, #0x1a0]\n"
	"	stp	q28, q29, [x0, #0x1c0]\n"
	"	stp	q30, q31, [x0, #0x1e0]\n"
	"	mrs	x1, fpsr\n"
	"	mrs	x2, fpcr\n"
	"	stp	x1, x2, [sp, #0xa8]\n"
	"	bl	irq_handle\n"
	"	add	x0, sp, #0xc0\n"
	"	ldp	x1, x2, [sp, #0xa8]\n"
	"	msr	fpsr, x1\n"
	"	msr	fpcr, x2\n"
	"	ldp	q0, q1, [x0, #0x000]\n"
	"	ldp	q2, q3, [x0, #0x020]\n"
	"	ldp	q4, q5, [x0, #0x040]\n"
	"	ldp	q6, q7, [x0, #0x060]\n"
	"	ldp	q8, q9, [x0, #0x080]\n"
	"	ldp	q10, q11, [x0, #0x0a0]\n"
	"	ldp	q12, q13, [x0, #0x0c0]\n"
	"	ldp	q14, q15, [x0, #0x0e0]\n"
	"	ldp	q16, q17, [x0, #0x100]\n"
	"	ldp	q18, q19, [x0, #0x120]\n"
	"	ldp	q20, q21, [x0, #0x140]\n"
	"	ldp	q22, q23, [x0, #0x160]\n"
	"	ldp	q24, q25, [x0, #0x180]\n"
	"	ldp	q26, q27, [x0, #0x1a0]\n"
	"	ldp	q28, q29, [x0, #0x1c0]\n"
	"	ldp	q30, q31, [x0, #0x1e0]\n"
	"	ldp	x0, x1, [sp, #0x00]\n"
	"	ldp	x2, x3, [sp, #0x10]\n"
	"	ldp	x4, x5, [sp, #0x20]\n"
	"	ldp	x6, x7, [sp, #0x30]\n"
	"	ldp	x8, x9, [sp, #0x40]\n"
	"	ldp	x10, x11, [sp, #0x50]\n"
	"	ldp	x12, x13, [sp, #0x60]\n"
	"	ldp	x14, x15, [sp, #0x70]\n"
	"	ldp	x16, x17, [sp, #0x80]\n"
	"	ldp	x18, x29, [sp, #0x90]\n"
	"	ldr	x30, [sp, #0xa0]\n"
	"	add	sp, sp, #0x2c0\n"
	"	eret\n"
	".previous\n");

/* An exception this library does not handle: say so and stop the zone. */
void irq_unexpected(void)
{
	static const char msg[] = "guest: unexpected exception at EL1, powering off\n";
	for (const char *p = msg; *p; p++)
		uart_putc(*p);
	power_off();
}

static void timer_rearm(unsigned long vcpu)
{
	write_sysreg(cntv_tval_el0, timer_ticks[vcpu]);
	__asm__ volatile("isb");
}

static void uart_drain(void)
{
	while (!(mmio_read(UART_BASE + UART_FR) & UART_FR_RXFE)) {
		char c = (char)mmio_read(UART_BASE + UART_DR);
		if (handlers->uart_rx)
			handlers->uart_rx(c);
	}
}

/* Called from irq_entry with interrupts masked: acknowledge, dispatch, end. */
void irq_handle(void)
{
	unsigned long iar = read_sysreg(ICC_IAR1_EL1);
	unsigned long intid = iar & 0xffffff;

	if (intid >= INTID_SPURIOUS)
		return;
	if (intid == INTID_VTIMER) {
		timer_rearm(this_vcpu());
		if (handlers->timer)
			handlers->timer();
	} else if (intid < 16) {
		if (handlers->ipi)
			handlers->ipi();
	} else if (intid == INTID_UART) {
		uart_drain();
	} else if (handlers->other) {
		handlers->other(intid);
	}
	write_sysreg(ICC_EOIR1_EL1, iar); /* priority drop and deactivation */
}

/* This vCPU's redistributor: awake, the timer PPI and every SGI enabled. */
static void redistributor_init(unsigned long vcpu)
{
	unsigned long rd = GICR_BASE + vcpu * GICR_STRIDE;

	mmio_write(rd + GICR_WAKER, mmio_read(rd + GICR_WAKER) & ~WAKER_PSLEEP);
	while (mmio_read(rd + GICR_WAKER) & WAKER_CASLEEP)
		;
	mmio_write(rd + GICR_ISENABLER0, (1U << INTID_VTIMER) | 0xffff);
}

void irq_setup(const struct irq_handlers *h)
{
	extern char irq_vectors[];

	handlers = h;
	write_sysreg(vbar_el1, irq_vectors);
	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 1); /* SRE: system registers */
	__asm__ volatile("isb");
	write_sysreg(ICC_PMR_EL1, 0xff);  /* every priority */
	write_sysreg(ICC_IGRPEN1_EL1, 1); /* Group 1 on */
	__asm__ volatile("isb");
	redistributor_init(this_vcpu());
	mmio_write(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	irq_enable();
}

void timer_set_periodic(unsigned hz)
{
	unsigned long v = this_vcpu();

	if (!hz) {
		write_sysreg(cntv_ctl_el0, 0);
		return;
	}
	timer_ticks[v] = read_sysreg(cntfrq_el0) / hz;
	timer_rearm(v);
	write_sysreg(cntv_ctl_el0, 1); /* ENABLE, IMASK clear */
	__asm__ volatile("isb");
}

void ipi_send(unsigned long vcpu)
{
	/* INTID [27:24], Aff1 0, target list bit = Aff0 = vCPU index */
	write_sysreg(ICC_SGI1R_EL1, (unsigned long)SGI_IPI << 24 | (1UL << vcpu));
	__asm__ volatile("isb");
}

void uart_rx_enable(void)
{
	mmio_write(UART_BASE + UART_IMSC,
		   mmio_read(UART_BASE + UART_IMSC) | UART_IMSC_RXIM | UART_IMSC_RTIM);
	/* IROUTER: Aff0 = 0, vCPU 0 takes it. A 64-bit register: one aligned 64-bit store. */
	*(volatile uint64_t *)(GICD_BASE + GICD_IROUTER(INTID_UART)) = 0;
	mmio_write(GICD_BASE + GICD_ISENABLER(INTID_UART), 1U << (INTID_UART % 32));
}

void wait_for_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

void irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

void irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}
