/*
 * What a guest reads from its SBI (riscv64 only), one check per build:
 *   -DCHECK_suspend  HSM hart_suspend (SBI v2.0, 9.4): vCPU 1 suspends until vCPU 0's IPI,
 *                    and vCPU 0 sees it SUSPENDED meanwhile; retentive, it returns once the
 *                    timer interrupt the guest enabled is pending; non-retentive, it resumes
 *                    at the address given, with a0 = hartid and a1 = the opaque value; a
 *                    reserved suspend type is refused.
 *   -DCHECK_probe    the spec version and the probe answers agree with what answers: each
 *                    extension probed present answers its calls, DBCN (an SBI v2.0
 *                    extension) only with a spec version of 2.0 or later.
 *   -DCHECK_sip      what sip shows of a pending timer interrupt (SBI set_timer): read in
 *                    the trap handler that takes it, and after. It runs natively on QEMU
 *                    too (tests/test_guest_view.py), to compare: it only prints what it read.
 * Each prints what it checked and "ok" or "FAILED", then powers the zone off.
 */
#include <stdio.h>
#include "guest.h"

#define SBI_EXT_PMU 0x504D55 /* the machine's OpenSBI has it; a zone does not */

#define SBI_BASE_SPEC_VERSION 0
#define SBI_BASE_PROBE        3
#define SBI_HSM_GET_STATUS    2
#define SBI_HSM_SUSPEND       3
#define SUSPEND_RETENTIVE     0x00000000UL
#define SUSPEND_NON_RETENTIVE 0x80000000UL
#define SIP_STIP              (1UL << 5)
#define SSTATUS_SIE           (1UL << 1)

static __attribute__((unused)) const char *verdict(int ok)
{
	return ok ? "ok" : "FAILED";
}

#ifdef CHECK_suspend
#define OPAQUE 0x5eed1234UL

static unsigned long now(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* The guest's timer interrupt enabled in sie (sstatus.SIE stays 0: nothing is taken), its
 * deadline 100 ms on (the timebase is 10 MHz): what wakes a suspended hart. Whether it
 * woke for it shows in the time, not in sip: QEMU 7.2 does not show a guest with Sstc its
 * pending timer interrupt in sip (docs/platform.md). */
static unsigned long arm_timer(void)
{
	unsigned long deadline = now() + 1000000;

	sbi_call(SBI_EXT_TIME, 0, deadline, 0, 0);
	__asm__ volatile("csrs sie, %0" : : "r"(SIP_STIP));
	return deadline;
}

static volatile unsigned long deadline; /* of the timer that wakes the hart */

/* Non-retentive resume: no stack, no registers but a0 and a1. */
unsigned char resume_stack[8192] __attribute__((aligned(16)));
void resume_entry(void);
__asm__(".section .text\n"
	".global resume_entry\n"
	"resume_entry:\n"
	"	la	sp, resume_stack + 8192\n"
	"	li	t0, 1 << 13\n" /* FP on: picolibc is lp64d */
	"	csrs	sstatus, t0\n"
	"	mv	s1, a0\n"
	"	mv	s2, a1\n"
	"	la	a0, __tls_base\n"
	"	call	_set_tls\n"
	"	mv	a0, s1\n"
	"	mv	a1, s2\n"
	"	call	resumed\n"
	"	call	power_off\n");

void resumed(unsigned long a0, unsigned long a1);
void resumed(unsigned long a0, unsigned long a1)
{
	unsigned long sstatus, satp;

	__asm__ volatile("csrr %0, sstatus" : "=r"(sstatus));
	__asm__ volatile("csrr %0, satp" : "=r"(satp));
	int ok = a0 == vcpu_id() && a1 == OPAQUE && now() >= deadline && !(sstatus & SSTATUS_SIE) &&
		 satp == 0;
	printf("sbi: non-retentive suspend resumed at its address: a0 %lu, a1 0x%lx, "
	       "past the deadline %s, SIE %lu, satp %lu: %s\n",
	       a0, a1, now() >= deadline ? "yes" : "no", (sstatus & SSTATUS_SIE) >> 1, satp,
	       verdict(ok));
	printf("sbi: done\n");
	power_off();
}

static volatile int woken;    /* vCPU 1 came back from its suspend */
static volatile int with_sie; /* vCPU 1 suspends with sstatus.SIE = 1 (the second time) */
static volatile int ipis;     /* IPIs vCPU 1's handler took */

static void on_ipi(void)
{
	ipis++;
}

/* vCPU 1, with interrupts on: its suspend returns SBI_SUCCESS, then it takes the IPI that
 * woke it, once (SBI v2.0, 9.4: the hart resumes, then the interrupt is taken). Were the
 * call to return to the ecall to take the IPI, the handler would run and the hart suspend
 * again, never to come back. */
static void suspend_with_sie(unsigned long vcpu)
{
	static const struct irq_handlers h = { .ipi = on_ipi };

	irq_setup(&h); /* stvec, sie.SSIE, sstatus.SIE = 1 */
	struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_SUSPEND, SUSPEND_RETENTIVE, 0, 0);
	irq_disable();
	guest_lock();
	printf("sbi: vcpu %lu, sstatus.SIE 1: suspend -> %s (%ld), then the IPI taken %d "
	       "time(s): %s\n",
	       vcpu, firmware_error(r.error), r.error, ipis, verdict(r.error == 0 && ipis == 1));
	guest_unlock();
	woken = 1;
	cpu_stop();
}

/* vCPU 1: suspend (retentive) with only the IPI enabled, until vCPU 0 sends one. */
void secondary_main(unsigned long vcpu)
{
	if (with_sie)
		suspend_with_sie(vcpu);
	__asm__ volatile("csrs sie, %0" : : "r"(1UL << 1)); /* SSIE */
	struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_SUSPEND, SUSPEND_RETENTIVE, 0, 0);
	unsigned long sip;
	__asm__ volatile("csrr %0, sip" : "=r"(sip));
	__asm__ volatile("csrc sip, %0" : : "r"(1UL << 1));
	guest_lock();
	printf("sbi: vcpu %lu: suspend -> %s (%ld), woken by the IPI (sip.SSIP %lu): %s\n", vcpu,
	       firmware_error(r.error), r.error, (sip >> 1) & 1,
	       verdict(r.error == 0 && (sip & 2)));
	guest_unlock();
	woken = 1;
	cpu_stop();
}

/* Another hart's suspend, as hart_get_status reports it (SUSPENDED is 4), and its IPI. */
static void check_other_hart(void)
{
	long status = -1;

	woken = 0;
	cpu_start(1);
	for (int i = 0; i < 1000000 && status != 4; i++) /* each one an exit */
		status = sbi_call(SBI_EXT_HSM, SBI_HSM_GET_STATUS, 1, 0, 0).value;
	guest_lock();
	printf("sbi: vcpu 1 suspended: hart_get_status -> %ld (SUSPENDED is 4): %s\n", status,
	       verdict(status == 4));
	guest_unlock();
	ipi_send(1);
	while (!woken)
		;
	while (cpu_status(1) != 0) /* off */
		;
}

int main(void)
{
	printf("sbi: HSM hart_suspend on vcpu %lu\n", vcpu_id());
	check_other_hart();
	with_sie = 1;
	check_other_hart();
	deadline = arm_timer();
	struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_SUSPEND, SUSPEND_RETENTIVE, 0, 0);
	int woke = now() >= deadline;
	printf("sbi: retentive suspend -> %s (%ld), resumed past the timer's deadline: %s: %s\n",
	       firmware_error(r.error), r.error, woke ? "yes" : "no",
	       verdict(r.error == 0 && woke));

	r = sbi_call(SBI_EXT_HSM, SBI_HSM_SUSPEND, 1, 0, 0); /* reserved type */
	printf("sbi: suspend type 0x1 (reserved) -> %s (%ld): %s\n", firmware_error(r.error),
	       r.error, verdict(r.error == -3));

	deadline = arm_timer();
	r = sbi_call(SBI_EXT_HSM, SBI_HSM_SUSPEND, SUSPEND_NON_RETENTIVE,
		     (unsigned long)resume_entry, OPAQUE);
	printf("sbi: non-retentive suspend returned -> %s (%ld): FAILED\n", firmware_error(r.error),
	       r.error);
	printf("sbi: done\n");
	return 0;
}
#endif

#ifdef CHECK_probe
static const struct {
	const char *name;
	unsigned long eid;
	int present;
} extensions[] = {
	{ "BASE", SBI_EXT_BASE, 1 },   { "TIME", SBI_EXT_TIME, 1 }, { "IPI", SBI_EXT_IPI, 1 },
	{ "RFNC", SBI_EXT_RFENCE, 1 }, { "HSM", SBI_EXT_HSM, 1 },   { "SRST", SBI_EXT_SRST, 1 },
	{ "DBCN", SBI_EXT_DBCN, 1 },   { "PMU", SBI_EXT_PMU, 0 },   { "0x12345678", 0x12345678, 0 },
};

int main(void)
{
	long v = sbi_call(SBI_EXT_BASE, SBI_BASE_SPEC_VERSION, 0, 0, 0).value;
	long major = (v >> 24) & 0x7f, minor = v & 0xffffff;
	int all = 1;

	printf("sbi: spec version %ld.%ld\n", major, minor);
	for (unsigned i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		struct sbiret r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE, extensions[i].eid, 0, 0);
		int ok = r.error == 0 && (r.value != 0) == extensions[i].present;
		printf("sbi: probe %s -> %ld (%s expected): %s\n", extensions[i].name, r.value,
		       extensions[i].present ? "present" : "absent", verdict(ok));
		all &= ok;
	}
	/* An absent extension's call is refused; HSM (present) answers each v2.0 function. */
	struct sbiret r = sbi_call(0x12345678, 0, 0, 0, 0);
	printf("sbi: call to an absent extension -> %s (%ld): %s\n", firmware_error(r.error),
	       r.error, verdict(r.error == -2));
	all &= r.error == -2;
	r = sbi_call(SBI_EXT_HSM, SBI_HSM_GET_STATUS, vcpu_id(), 0, 0);
	printf("sbi: HSM hart_get_status(self) -> %s (%ld), status %ld: %s\n",
	       firmware_error(r.error), r.error, r.value, verdict(r.error == 0 && r.value == 0));
	all &= r.error == 0 && r.value == 0;
	r = sbi_call(SBI_EXT_HSM, SBI_HSM_SUSPEND, 1, 0, 0);
	printf("sbi: HSM hart_suspend(reserved type) -> %s (%ld), not NOT_SUPPORTED: %s\n",
	       firmware_error(r.error), r.error, verdict(r.error != -2));
	all &= r.error != -2;
	/* DBCN came with SBI v2.0: a firmware that has it and says 1.0 is not telling the truth */
	int consistent = major >= 2;
	printf("sbi: DBCN present, so the spec version must be 2.0 or later: %s\n",
	       verdict(consistent));
	all &= consistent;
	printf("sbi: probe answers and spec version %s\n", all ? "agree: ok" : "disagree: FAILED");
	printf("sbi: done\n");
	return 0;
}
#endif

#ifdef CHECK_sip
volatile unsigned long trap_sip, trap_scause;
void sip_trap(void);
/* Take the timer interrupt: note sip and scause, disable it (STIE) and go back. */
__asm__(".section .text\n"
	".balign 4\n"
	".global sip_trap\n"
	"sip_trap:\n"
	"	addi	sp, sp, -16\n"
	"	sd	t0, 0(sp)\n"
	"	sd	t1, 8(sp)\n"
	"	csrr	t0, sip\n"
	"	la	t1, trap_sip\n"
	"	sd	t0, 0(t1)\n"
	"	csrr	t0, scause\n"
	"	la	t1, trap_scause\n"
	"	sd	t0, 0(t1)\n"
	"	li	t0, 1 << 5\n"
	"	csrc	sie, t0\n"
	"	ld	t0, 0(sp)\n"
	"	ld	t1, 8(sp)\n"
	"	addi	sp, sp, 16\n"
	"	sret\n");

int main(void)
{
	unsigned long t, sip;

	__asm__ volatile("csrw stvec, %0" : : "r"(sip_trap));
	__asm__ volatile("rdtime %0" : "=r"(t));
	sbi_call(SBI_EXT_TIME, 0, t + 1000, 0, 0);
	__asm__ volatile("csrs sie, %0" : : "r"(SIP_STIP));
	__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
	while (!trap_scause) /* until the interrupt is taken */
		__asm__ volatile("wfi");
	__asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_SIE));
	__asm__ volatile("csrr %0, sip" : "=r"(sip));
	printf("sip: timer interrupt taken, scause 0x%lx; sip.STIP in its handler %lu, after it "
	       "%lu\n",
	       trap_scause, (trap_sip & SIP_STIP) >> 5, (sip & SIP_STIP) >> 5);
	sbi_call(SBI_EXT_TIME, 0, ~0UL, 0, 0);
	printf("sbi: done\n");
	return 0;
}
#endif
