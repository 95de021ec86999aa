/*
 * The attacker's fuzz mode (selector SEL_FUZZ, seed in selector word 1): FUZZ_CALLS random
 * hypercalls, firmware calls (PSCI / SBI), IPIs and accesses to the emulated devices, at
 * random offsets, sizes and values within their windows. The same seed gives the same
 * sequence. Left out, because they end the zone as they should: power off (HC_ZONE_SHUTDOWN,
 * PSCI SYSTEM_OFF/RESET, SBI SRST and legacy shutdown) and stopping vCPU 0 (CPU_OFF /
 * hart_stop); accesses that stop the zone by design (a GICR past the zone's vCPUs, a PLIC
 * access not 32 bits wide, the 16550 past its 8 registers). Characters that reach the
 * console are made printable, so the log stays readable; the values around them do not.
 * tests/hostile.py then checks the invariants of every run: the sentinel intact, no panic,
 * no hang, the machine off by itself.
 */
#include <stdio.h>
#include "hostile.h"

#define FUZZ_CALLS 10000

static uint64_t rng;

static u64 rnd(void)
{
	return random64(&rng);
}

/* A small number, often 0, 1, 2 or just past the zone's 3 vCPUs; sometimes anything. */
static u64 rnd_vcpu(void)
{
	u64 r = rnd();
	return r & 0x10 ? r >> 32 : (r >> 8) % 5;
}

static char printable(u64 r)
{
	return r % 64 == 0 ? '\n' : ' ' + r % 95;
}

/* An access of 1, 2, 4 or 8 bytes, aligned, somewhere in [base, base + size). */
static void mmio(u64 base, u64 size, unsigned sizes)
{
	u64 r = rnd(), v = rnd();
	unsigned width = 1U << (r % 4);

	while (!(sizes & width)) /* the next allowed width up, round to 1 */
		width = width == 8 ? 1 : width << 1;
	r >>= 2;
	u64 a = base + (r % size & ~(u64)(width - 1));
	int write = v & 1;
	switch (width) {
	case 1:
		if (write)
			*(volatile uint8_t *)a = v >> 8;
		else
			(void)*(volatile uint8_t *)a;
		break;
	case 2:
		if (write)
			*(volatile uint16_t *)a = v >> 8;
		else
			(void)*(volatile uint16_t *)a;
		break;
	case 4:
		if (write)
			*(volatile uint32_t *)a = v >> 8;
		else
			(void)*(volatile uint32_t *)a;
		break;
	default:
		if (write)
			*(volatile u64 *)a = v;
		else
			(void)*(volatile u64 *)a;
	}
}

static void stop_now(unsigned long vcpu, unsigned long context)
{
	(void)vcpu, (void)context; /* returns: the vCPU stops itself */
}

static void hypercall_random(void)
{
	static const u64 nrs[] = { HC_NULL,    HC_PUTCHAR,    HC_ZONE_ID,
				   HC_VCPU_ID, HC_ZONE_COUNT, HC_ZONE_INFO };
	u64 r = rnd(), nr = r & 1 ? nrs[(r >> 1) % 6] : rnd() | 7;
	u64 a0 = nr == HC_PUTCHAR ? (rnd() & ~0xffUL) | (unsigned char)printable(rnd()) : rnd();

	if (nr == HC_ZONE_SHUTDOWN)
		return;
	hypercall(nr, a0, rnd());
}

/* A start of one of our vCPUs (or another number) at our entry or a random one. */
static void start_random(void)
{
	u64 r = rnd(), v = rnd_vcpu();
	u64 entry = r & 1 ? (u64)hostile_entry : rnd();

	if (entry != (u64)hostile_entry && entry >= RAM_IPA && entry < RAM_END)
		return; /* a random place in our own RAM would run garbage: our own fault */
	start_job(v, stop_now, rnd());
}

#if defined(__aarch64__)
static void firmware_random(void)
{
	static const u64 fns[] = { 0x84000000, 0x8400000A, 0xC4000004, 0x84000006, 0xC4000006 };
	u64 r = rnd(), id;

	if (r % 4 == 0)
		start_random();
	else if (r % 4 == 1)
		smccc(0, fns[(r >> 2) % 5], r & 0x100 ? rnd_vcpu() : rnd(), rnd() % 4, rnd());
	else
		fw_unknown_call(&rng, &id);
}

static void device_random(void)
{
	u64 r = rnd();

	if (r % 3 == 0)
		mmio(GICD_IPA, 0x10000, 0xf);
	else if (r % 3 == 1)
		mmio(GICR_IPA, 3 * 0x20000, 0xf);
	else if (r & 0x100)
		mmio(UART_IPA + 8, 0x1000 - 8, 0xf); /* past the data register */
	else
		*(volatile uint32_t *)UART_IPA = printable(rnd());
}

static void ipi_random(void)
{
	__asm__ volatile("msr S3_0_C12_C11_5, %0; isb" : : "r"(rnd()));
}

static void console_sane(void)
{
}
#else
static char text[256];
static const u64 dbcn_fids[] = { 0, 1, 3, 7, 100 };

static void firmware_random(void)
{
	u64 r = rnd(), id;

	switch (r % 8) {
	case 0:
		start_random();
		break;
	case 1:
		sbi(SBI_EXT_BASE, (r >> 8) % 8, rnd(), rnd(), rnd(), 0, 0);
		break;
	case 2:
		sbi(SBI_EXT_HSM, 2, rnd_vcpu(), rnd(), rnd(), 0, 0); /* hart_get_status */
		break;
	case 3:
		sbi(SBI_EXT_TIME, 0, rnd(), 0, 0, 0, 0); /* set_timer */
		break;
	case 4:
		sbi(SBI_EXT_RFENCE, (r >> 8) % 8, rnd_vcpu(), rnd_vcpu(), rnd(), rnd(), rnd());
		break;
	case 5: /* DBCN: our own text (bounded), or anything */
		for (unsigned i = 0; i < sizeof(text); i++)
			text[i] = printable(rnd());
		if (r & 0x100)
			sbi(SBI_EXT_DBCN, 0, rnd() % sizeof(text), (u64)text, 0, 0, 0);
		else if (r & 0x200)
			sbi(SBI_EXT_DBCN, 2, (rnd() & ~0xffUL) | (unsigned char)text[0], 0, 0, 0,
			    0);
		else /* read; write from anywhere (not ours: refused); a function it has not */
			sbi(SBI_EXT_DBCN, dbcn_fids[(r >> 10) % 5], rnd() | 1UL << 63, rnd(), rnd(),
			    0, 0);
		break;
	default:
		fw_unknown_call(&rng, &id);
	}
}

static void device_random(void)
{
	u64 r = rnd();

	if (r % 3)
		mmio(PLIC_IPA, 0x4000000, 4);
	else if (r & 0x100)
		mmio(UART_IPA + 1, 7, 1); /* past THR, bytes: a misaligned access would be the
					     guest's own trap, and it has no trap vector here */
	else
		*(volatile uint8_t *)UART_IPA = printable(rnd());
}

static void ipi_random(void)
{
	sbi(SBI_EXT_IPI, 0, rnd(), rnd_vcpu(), 0, 0, 0);
}

/* The 16550's LCR back to 8N1 with DLAB clear: a random write may have set DLAB, which
 * turns the bytes we print into divisor writes. */
static void console_sane(void)
{
	*(volatile uint8_t *)(UART_IPA + 3) = 3;
}
#endif

void fuzz(uint64_t seed);
void fuzz(uint64_t seed)
{
	long counts[4] = { 0 };

	rng = seed;
	say("attacker: fuzz: seed %lu, %d calls\n", seed, FUZZ_CALLS);
	for (int i = 1; i <= FUZZ_CALLS; i++) {
		u64 r = rnd() % 4;
		counts[r]++;
		if (r == 0)
			hypercall_random();
		else if (r == 1)
			firmware_random();
		else if (r == 2)
			device_random();
		else
			ipi_random();
		if (i % 2000 == 0) {
			console_sane();
			say("\nattacker: fuzz: %d calls\n", i);
		}
	}
	console_sane();
	say("\nattacker: fuzz: done: %ld hypercalls, %ld firmware calls, %ld device accesses, "
	    "%ld IPIs\n",
	    counts[0], counts[1], counts[2], counts[3]);
}
