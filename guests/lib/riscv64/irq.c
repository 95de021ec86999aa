/*
 * Guest interrupts on riscv64, in VS-mode: the hypervisor delegates the VS-level
 * interrupts, so to this guest they look like a plain S-mode hart's (privileged spec
 * ch. 4): software (IPI, scause 1), timer (5) and external (9, through the PLIC the
 * hypervisor emulates for the zone).
 */
#include "guest.h"

#define SIE_SSIE         (1UL << 1)
#define SIE_STIE         (1UL << 5)
#define SIE_SEIE         (1UL << 9)
#define SIP_SSIP         (1UL << 1)
#define SSTATUS_SIE      (1UL << 1)
#define SCAUSE_INTR      (1UL << 63)
#define IRQ_S_SOFT       1
#define IRQ_S_TIMER      5
#define IRQ_S_EXT        9
#define EXC_ILLEGAL_INSN 2

#define TIMEBASE_HZ 10000000UL /* QEMU virt */
#define MAX_VCPUS   8

#define UART_BASE    0x10000000UL
#define UART_RBR     0
#define UART_IER     1
#define UART_LSR     5
#define UART_IER_RDI 0x01 /* interrupt when a byte has arrived */
#define UART_LSR_DR  0x01 /* data ready */
#define UART_IRQ     10   /* its PLIC source on QEMU virt */

/* PLIC (PLIC spec ch. 3); context 2v+1 is vCPU v's S-mode */
#define PLIC_BASE             0x0c000000UL
#define PLIC_PRIORITY(src)    (PLIC_BASE + 4 * (src))
#define PLIC_ENABLE(ctx, src) (PLIC_BASE + 0x2000 + 0x80 * (ctx) + 4 * ((src) / 32))
#define PLIC_THRESHOLD(ctx)   (PLIC_BASE + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)       (PLIC_THRESHOLD(ctx) + 4)
#define PLIC_S_CONTEXT(v)     (2 * (v) + 1)

#define csr_read(csr)                                          \
	({                                                     \
		unsigned long v_;                              \
		__asm__ volatile("csrr %0, " #csr : "=r"(v_)); \
		v_;                                            \
	})
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" : : "r"((unsigned long)(v)) : "memory")
#define csr_clear(csr, v) \
	__asm__ volatile("csrc " #csr ", %0" : : "r"((unsigned long)(v)) : "memory")
#define csr_write(csr, v) \
	__asm__ volatile("csrw " #csr ", %0" : : "r"((unsigned long)(v)) : "memory")

static inline uint32_t mmio_read32(unsigned long a)
{
	return *(volatile uint32_t *)a;
}
static inline void mmio_write32(unsigned long a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}
static inline uint8_t mmio_read8(unsigned long a)
{
	return *(volatile uint8_t *)a;
}
static inline void mmio_write8(unsigned long a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

void irq_vector(void); /* start.S */

static const struct irq_handlers *handlers;
/* Each vCPU's timer: its period and next deadline, in `time` ticks (0: stopped). */
static unsigned long timer_period[MAX_VCPUS], timer_next[MAX_VCPUS];

/* start.S put our vCPU id (a0 at entry) in sscratch; the trap vector does not use it. */
static unsigned long this_vcpu(void)
{
	return csr_read(sscratch);
}

/* SBI: extension in a7, function in a6, arguments in a0, a1; error back in a0. */
static long sbi_call2(unsigned long ext, unsigned long fid, unsigned long arg0, unsigned long arg1)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
	return (long)a0;
}

/* Sstc: does this hart have stimecmp (vstimecmp, seen from VS-mode)? Probed once per vCPU
 * in irq_setup() by reading it: without Sstc that is an illegal instruction, which comes
 * to our own trap handler (the hypervisor delegates it), marked as a probe. */
#define CSR_STIMECMP 0x14d
static volatile int sstc_probing[MAX_VCPUS];
static volatile int has_sstc = 1;

static void probe_sstc(unsigned long v)
{
	unsigned long t;

	sstc_probing[v] = 1;
	__asm__ volatile("csrr %0, %1" : "=r"(t) : "i"(CSR_STIMECMP) : "memory");
	sstc_probing[v] = 0;
	(void)t;
}

/* The next timer interrupt at @deadline. With Sstc the guest writes its own stimecmp: no
 * exit at all. Without, SBI set_timer: the hypervisor emulates the timer (VSTIP). Either
 * way the pending timer interrupt is cleared. */
static void set_timer(unsigned long deadline)
{
	if (has_sstc)
		__asm__ volatile("csrw %0, %1" : : "i"(CSR_STIMECMP), "r"(deadline) : "memory");
	else
		sbi_call2(SBI_EXT_TIME, 0, deadline, 0);
}

static unsigned long now(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* ---- the handler ---- */

static void on_timer(unsigned long v)
{
	if (!timer_period[v]) {
		set_timer(~0UL);
		return;
	}
	timer_next[v] += timer_period[v];
	if ((long)(timer_next[v] - now()) < 0) /* we fell behind: no burst of catch-up ticks */
		timer_next[v] = now() + timer_period[v];
	set_timer(timer_next[v]);
	if (handlers->timer)
		handlers->timer();
}

/* The IPI: the hypervisor asserted VSSIP; our sip.SSIP is it, and we clear it. */
static void on_ipi(void)
{
	csr_clear(sip, SIP_SSIP);
	if (handlers->ipi)
		handlers->ipi();
}

/* External: claim each source the PLIC has for us, serve it, complete it. */
static void on_external(unsigned long v)
{
	uint32_t src;

	while ((src = mmio_read32(PLIC_CLAIM(PLIC_S_CONTEXT(v)))) != 0) {
		if (src == UART_IRQ) {
			while (mmio_read8(UART_BASE + UART_LSR) & UART_LSR_DR) {
				char c = (char)mmio_read8(UART_BASE + UART_RBR);
				if (handlers->uart_rx)
					handlers->uart_rx(c);
			}
		}
		mmio_write32(PLIC_CLAIM(PLIC_S_CONTEXT(v)), src);
	}
}

/* start.S irq_vector, with the caller-saved registers saved. */
void irq_trap(void)
{
	unsigned long scause = csr_read(scause);

	switch (scause) {
	case SCAUSE_INTR | IRQ_S_TIMER:
		on_timer(this_vcpu());
		break;
	case SCAUSE_INTR | IRQ_S_SOFT:
		on_ipi();
		break;
	case SCAUSE_INTR | IRQ_S_EXT:
		on_external(this_vcpu());
		break;
	case EXC_ILLEGAL_INSN:
		if (sstc_probing[this_vcpu()]) { /* the probe: no stimecmp on this hart */
			has_sstc = 0;
			csr_write(sepc, csr_read(sepc) + 4);
			break;
		}
		/* fall through */
	default: /* an exception: this library has no use for one, say so and stop */
		csr_clear(sstatus, SSTATUS_SIE);
		guest_lock();
		for (const char *s = "guest: unexpected trap, powering off\n"; *s; s++) {
			if (*s == '\n')
				uart_putc('\r');
			uart_putc(*s);
		}
		guest_unlock();
		power_off();
	}
}

/* ---- the API (guest.h) ---- */

void irq_setup(const struct irq_handlers *h)
{
	handlers = h;
	csr_write(stvec, irq_vector); /* direct mode: every trap to irq_vector */
	probe_sstc(this_vcpu());
	csr_set(sie, SIE_SSIE | SIE_STIE | SIE_SEIE);
	csr_set(sstatus, SSTATUS_SIE);
}

void timer_set_periodic(unsigned hz)
{
	unsigned long v = this_vcpu();
	unsigned long was_on = csr_read(sstatus) & SSTATUS_SIE;

	irq_disable(); /* our own timer interrupt must not see half an update */
	timer_period[v] = hz ? TIMEBASE_HZ / hz : 0;
	timer_next[v] = now() + timer_period[v];
	set_timer(hz ? timer_next[v] : ~0UL);
	if (was_on)
		irq_enable();
}

void ipi_send(unsigned long vcpu)
{
	sbi_call2(SBI_EXT_IPI, 0, 1UL << vcpu, 0);
}

/* The UART's receive interrupt, through the PLIC to vCPU 0's S-mode context. */
void uart_rx_enable(void)
{
	mmio_write8(UART_BASE + UART_IER, UART_IER_RDI);
	mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
	mmio_write32(PLIC_ENABLE(PLIC_S_CONTEXT(0), UART_IRQ), 1U << (UART_IRQ % 32));
	mmio_write32(PLIC_THRESHOLD(PLIC_S_CONTEXT(0)), 0);
}

void wait_for_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

void irq_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

void irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

unsigned long vcpu_id(void)
{
	return this_vcpu();
}
