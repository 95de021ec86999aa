/*
 * The riscv64 attacks: the SBI (HSM, IPI, RFENCE, DBCN, the legacy calls), the emulated
 * PLIC and UART, MMIO with instructions the hypervisor cannot decode (AMOs, LR/SC, FP,
 * sp-relative compressed forms), the H extension's CSRs and instructions from VS-mode, the
 * CLINT, and the guest's own paging under an MMIO trap (the hypervisor fetches the
 * instruction itself: htinst is 0 on QEMU 7.2). Plus the firmware glue the common attacks
 * use (attacks.c).
 */
#include <stdio.h>
#include "hostile.h"

#define UART_LSR         (UART_IPA + 5)
#define LSR_IDLE         0x60 /* THRE | TEMT: what the emulated ns16550 always says */
#define PLIC_PRIO(src)   (PLIC_IPA + 4 * (src))
#define PLIC_PENDING     (PLIC_IPA + 0x1000)
#define PLIC_ENABLE(ctx) (PLIC_IPA + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESH(ctx) (PLIC_IPA + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)  (PLIC_THRESH(ctx) + 4)
#define CTX_VCPU0        1 /* vCPU 0's S-mode context */

/* VS-mode touching the H extension: a virtual instruction exception, which the hypervisor
 * does not expect from a guest and stops the zone for. */
#define STOPS_VIRTUAL "virtual instruction: scause 0x16"

const struct fw_codes fw = {
	.ok = 0, .invalid = -3, .bad_address = -5, .already_on = -6, .not_supported = -2
};

/* An SBI call: extension in a7, function in a6, arguments in a0..a4. */
struct sbiret sbi(u64 ext, u64 fid, u64 arg0, u64 arg1, u64 arg2, u64 arg3, u64 arg4)
{
	register u64 a0 __asm__("a0") = arg0;
	register u64 a1 __asm__("a1") = arg1;
	register u64 a2 __asm__("a2") = arg2;
	register u64 a3 __asm__("a3") = arg3;
	register u64 a4 __asm__("a4") = arg4;
	register u64 a6 __asm__("a6") = fid;
	register u64 a7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a2), "r"(a3), "r"(a4), "r"(a6), "r"(a7)
			 : "memory");
	return (struct sbiret){ (long)a0, (long)a1 };
}

long fw_cpu_on(u64 vcpu, u64 entry, u64 context)
{
	return sbi(SBI_EXT_HSM, 0, vcpu, entry, context, 0, 0).error;
}

long fw_cpu_status(u64 vcpu)
{
	struct sbiret r = sbi(SBI_EXT_HSM, 2, vcpu, 0, 0, 0, 0);
	return r.error ? r.error : r.value != 1; /* 0 STARTED, 1 STOPPED */
}

void fw_cpu_off(void)
{
	sbi(SBI_EXT_HSM, 1, 0, 0, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

/* Half the time an extension minivisor does not have, half the time one it has with a
 * function it does not: random arguments either way. */
long fw_unknown_call(uint64_t *rng, u64 *id)
{
	static const struct {
		u64 eid, first_unknown_fid;
	} known[] = { { SBI_EXT_BASE, 7 }, { SBI_EXT_HSM, 3 },    { SBI_EXT_TIME, 1 },
		      { SBI_EXT_IPI, 1 },  { SBI_EXT_RFENCE, 3 }, { SBI_EXT_DBCN, 3 },
		      { SBI_EXT_SRST, 1 } };
	u64 r = random64(rng), eid, fid;

	if (r & 1) {
		unsigned k = (r >> 1) % (sizeof(known) / sizeof(known[0]));
		eid = known[k].eid;
		fid = known[k].first_unknown_fid + (r >> 8) % 1000;
	} else {
		do
			eid = random64(rng) >> ((r >> 1) % 64);
		while (eid == SBI_EXT_BASE || eid == SBI_EXT_HSM || eid == SBI_EXT_TIME ||
		       eid == SBI_EXT_IPI || eid == SBI_EXT_RFENCE || eid == SBI_EXT_DBCN ||
		       eid == SBI_EXT_SRST || eid == HC_SBI_EXT || eid == 1 || eid == 8);
		fid = random64(rng);
	}
	*id = eid << 32 | (fid & 0xffffffff);
	return sbi(eid, fid, random64(rng), random64(rng), random64(rng), random64(rng),
		   random64(rng))
		.error;
}

void ipi_mask(u64 mask)
{
	sbi(SBI_EXT_IPI, 0, mask, 0, 0, 0, 0);
}

volatile u64 caught_cause, caught_count;

unsigned long catch_traps(void (*fn)(void))
{
	extern char catch_trap[];
	u64 stvec, sstatus;

	caught_count = caught_cause = 0;
	__asm__ volatile("csrrci %0, sstatus, 2" : "=r"(sstatus)); /* SIE off */
	__asm__ volatile("csrrw %0, stvec, %1" : "=r"(stvec) : "r"(catch_trap));
	fn();
	__asm__ volatile("csrw stvec, %0" : : "r"(stvec));
	__asm__ volatile("csrs sstatus, %0" : : "r"(sstatus & 2));
	return caught_count;
}

static uint32_t rd32(u64 a)
{
	return *(volatile uint32_t *)a;
}
static void wr32(u64 a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

/* ---- the PLIC as the zone sees it ---- */

#define OWN_PRIO   3
#define OWN_THRESH 1

void own_irq_configure(void)
{
	wr32(PLIC_PRIO(ATTACKER_IRQ), OWN_PRIO);
	wr32(PLIC_THRESH(CTX_VCPU0), OWN_THRESH);
	wr32(PLIC_ENABLE(CTX_VCPU0), 1U << ATTACKER_IRQ);
}

int own_irq_configured(void)
{
	return rd32(PLIC_PRIO(ATTACKER_IRQ)) == OWN_PRIO &&
	       rd32(PLIC_THRESH(CTX_VCPU0)) == OWN_THRESH &&
	       (rd32(PLIC_ENABLE(CTX_VCPU0)) >> ATTACKER_IRQ & 1);
}

/* The sentinel's source through every PLIC register that names it, and the contexts of
 * vCPUs and modes the zone does not have: writes ignored (the sentinel checks its own
 * state on every beat), reads 0. */
static void plic_foreign_sources_and_contexts(void)
{
	static const u64 absent_ctx[] = { 0, 2, 4, 7, 9, 15, 63, 15871 };
	unsigned n = SENTINEL_IRQ;

	wr32(PLIC_PRIO(n), 7);
	wr32(PLIC_ENABLE(CTX_VCPU0), ~0U);
	wr32(PLIC_CLAIM(CTX_VCPU0), n); /* complete a source we never claimed */
	expect_eq("priority of the sentinel's source", rd32(PLIC_PRIO(n)), 0);
	expect_eq("its enable bit", rd32(PLIC_ENABLE(CTX_VCPU0)) >> n & 1, 0);
	expect_eq("its pending bit", rd32(PLIC_PENDING) >> n & 1, 0);
	for (unsigned i = 0; i < sizeof(absent_ctx) / sizeof(absent_ctx[0]); i++) {
		u64 c = absent_ctx[i];
		wr32(PLIC_ENABLE(c), ~0U);
		wr32(PLIC_THRESH(c), 7);
		wr32(PLIC_CLAIM(c), ATTACKER_IRQ);
		expect_eq("enable of an absent context", rd32(PLIC_ENABLE(c)), 0);
		expect_eq("threshold of an absent context", rd32(PLIC_THRESH(c)), 0);
		expect_eq("claim of an absent context", rd32(PLIC_CLAIM(c)), 0);
	}
	wr32(PLIC_ENABLE(CTX_VCPU0), 0);
}

/* PLIC offsets in its holes and at its ends: reads 0, writes ignored. */
static void plic_odd_offsets(void)
{
	static const u64 offs[] = { 0x0,      0xffc,    0x1080,   0x1ffc,    0x1f1ffc,
				    0x1ffffc, 0x200008, 0x200ffc, 0x3fff008, 0x3fffffc };
	long nonzero = 0;

	for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		nonzero += rd32(PLIC_IPA + offs[i]) != 0;
		wr32(PLIC_IPA + offs[i], ~0U);
		nonzero += rd32(PLIC_IPA + offs[i]) != 0;
	}
	expect_eq("reads of nothing that were not 0", nonzero, 0);
}

/* 20000 claims with nothing pending, completions of sources nobody claimed (ours, the
 * sentinel's, none, out of range): 0 every claim, nothing else happens. */
static void plic_claim_complete_storm(void)
{
	static const uint32_t srcs[] = { ATTACKER_IRQ, SENTINEL_IRQ, 0, 1, 1023, 1024, ~0U };
	long claimed = 0;

	for (int i = 0; i < 20000; i++) {
		claimed += rd32(PLIC_CLAIM(CTX_VCPU0)) != 0;
		wr32(PLIC_CLAIM(CTX_VCPU0), srcs[i % (sizeof(srcs) / sizeof(srcs[0]))]);
	}
	expect_eq("claims that returned a source", claimed, 0);
}

/* Every register of the emulated 16550 at every size, its divisor latch too: the model
 * answers (LSR idle, IIR no interrupt), nothing stops the zone, and a byte written while
 * DLAB is set is a divisor, not output. */
static void uart_registers(void)
{
	for (u64 off = 0; off < 8; off++)
		(void)*(volatile uint8_t *)(UART_IPA + off);
	expect_eq("LSR", *(volatile uint8_t *)UART_LSR, LSR_IDLE);
	expect_eq("IIR", *(volatile uint8_t *)(UART_IPA + 2), 1);
	(void)*(volatile uint16_t *)UART_IPA;
	(void)*(volatile uint64_t *)UART_IPA;
	*(volatile uint8_t *)(UART_IPA + 3) = 0x83; /* LCR: DLAB */
	*(volatile uint8_t *)(UART_IPA + 0) = '!';  /* the divisor's low byte */
	*(volatile uint8_t *)(UART_IPA + 1) = 0;
	expect_eq("LCR as written", *(volatile uint8_t *)(UART_IPA + 3), 0x83);
	*(volatile uint8_t *)(UART_IPA + 3) = 0x03;
	*(volatile uint8_t *)(UART_IPA + 1) = 0xff; /* IER: accepted, ignored */
	*(volatile uint8_t *)(UART_IPA + 2) = 0xff; /* FCR */
	*(volatile uint32_t *)(UART_IPA + 4) = ~0U; /* MCR..SCR as one word */
	expect_eq("LSR after all that", *(volatile uint8_t *)UART_LSR, LSR_IDLE);
}

/* ---- compressed and odd MMIO that must be emulated ---- */

/* c.lw / c.sw (registers x8-x15) on the PLIC and the UART: decoded from the instruction
 * the hypervisor fetches, emulated, the PC stepped by 2. */
static void compressed_mmio(void)
{
	register u64 base __asm__("a1") = PLIC_PRIO(ATTACKER_IRQ);
	register u64 val __asm__("a0") = 5;

	__asm__ volatile(".option push\n.option rvc\n"
			 "c.sw a0, 0(a1)\n"
			 "li a0, 0\n"
			 "c.lw a0, 0(a1)\n"
			 ".option pop"
			 : "+r"(val)
			 : "r"(base)
			 : "memory");
	expect_eq("priority through c.sw / c.lw", val, 5);
	base = UART_IPA + 4; /* MCR, as a word: the model answers 0 */
	__asm__ volatile(".option push\n.option rvc\nc.lw a0, 0(a1)\n.option pop"
			 : "=r"(val)
			 : "r"(base)
			 : "memory");
	expect_eq("a word from the UART through c.lw", val, 0);
}

/* A store-conditional to the UART with no reservation: it fails (1) without an access. */
static void sc_uart_no_reservation(void)
{
	long r;

	__asm__ volatile("sc.w %0, zero, (%1)" : "=r"(r) : "r"(UART_IPA) : "memory");
	expect_eq("sc.w result", r, 1);
}

static void m_mode_csrs(void)
{
	u64 v;
	__asm__ volatile("csrr %0, mstatus" : "=r"(v));
	__asm__ volatile("csrw mtvec, zero");
	__asm__ volatile("csrr %0, 0x7b0" : "=r"(v)); /* dcsr: debug mode's */
	__asm__ volatile("csrw pmpcfg0, zero");
	(void)v;
}

/* M-mode's CSRs from VS-mode (mstatus, mtvec, dcsr, pmpcfg0): illegal instructions, which
 * the hypervisor delegates to the guest: 4 of them, caught by the guest itself. */
static void m_mode_csrs_from_vs(void)
{
	expect_eq("illegal instructions", catch_traps(m_mode_csrs), 4);
	expect_eq("the last one's cause", caught_cause, 2);
}

static void misaligned(void)
{
	(void)*(volatile uint32_t *)(UART_IPA + 1);
}

/* A misaligned word load from the UART: either a misaligned-load trap the guest takes
 * itself (delegated), or an access the hypervisor emulates; the zone carries on. */
static void misaligned_mmio(void)
{
	unsigned long traps = catch_traps(misaligned);

	expect_true("at most the guest's own misaligned-load trap",
		    traps == 0 || caught_cause == 4);
}

/* ---- the SBI ---- */

/* The legacy (v0.1) calls minivisor does not have, some of which take a pointer to a hart
 * mask (given: the sentinel's RAM by host-physical address): NOT_SUPPORTED, and nothing
 * is read through the pointer. */
static void sbi_legacy_calls(void)
{
	static const u64 eids[] = { 0, 2, 3, 4, 5, 6, 7, 9, 10, 15 };

	for (unsigned i = 0; i < sizeof(eids) / sizeof(eids[0]); i++)
		expect_eq("legacy call", sbi(eids[i], 0, VICTIM_PA, 0, 4096, 0, 0).error,
			  fw.not_supported);
}

/* Hart masks naming harts outside the zone (bits past our 3 vCPUs, bases past them, huge
 * and negative bases) for send_ipi and the remote fences: refused as invalid. */
static void sbi_foreign_hart_masks(void)
{
	static const u64 masks[][2] = { { 1UL << 3, 0 },  { 1, 3 },    { 1, 64 },
					{ 1, 1UL << 63 }, { ~0UL, 0 }, { 1, ~0UL - 1 },
					{ 1UL << 63, 0 }, { 3, 2 },    { 0x100, 0 } };

	for (unsigned i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		expect_eq("send_ipi", sbi(SBI_EXT_IPI, 0, masks[i][0], masks[i][1], 0, 0, 0).error,
			  fw.invalid);
		for (u64 fid = 0; fid < 3; fid++)
			expect_eq("remote fence",
				  sbi(SBI_EXT_RFENCE, fid, masks[i][0], masks[i][1], 0, 0, 0).error,
				  fw.invalid);
	}
}

/* Remote fences of our own harts over huge and odd ranges (all of the address space, a
 * range that wraps, 2^40 bytes): answered, and quickly enough that the run goes on. The
 * hypervisor-level fences (HFENCE.GVMA, fids 3, 4) are not the guest's to ask for. */
static void sbi_remote_fence_ranges(void)
{
	static const u64 ranges[][2] = {
		{ 0, ~0UL }, { ~0UL - 4095, 8192 }, { 0, 1UL << 40 }, { 0x80000000UL, 1UL << 30 }
	};

	for (unsigned i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		for (u64 fid = 1; fid < 3; fid++)
			expect_eq("remote sfence.vma",
				  sbi(SBI_EXT_RFENCE, fid, 1, ~0UL, ranges[i][0], ranges[i][1], 0)
					  .error,
				  0);
	for (u64 fid = 3; fid < 7; fid++)
		expect_eq("remote hfence", sbi(SBI_EXT_RFENCE, fid, 1, 0, 0, 0, 0).error,
			  fw.not_supported);
}

static char dbcn_buf[256];

/* DBCN console_write of memory that is not the zone's (the sentinel's RAM and the
 * hypervisor by host-physical address, a high half of the address, huge and wrapping
 * lengths, a buffer straddling the end of RAM): INVALID_PARAM, nothing printed. A length
 * of 0 writes nothing; read has no input. */
static void dbcn_outside_buffers(void)
{
	static const u64 bad[][3] = {
		{ 16, VICTIM_PA, 0 },       { 16, HYP_PA, 0 },
		{ 16, (u64)dbcn_buf, 1 },   { 1UL << 63, (u64)dbcn_buf, 0 },
		{ ~0UL, (u64)dbcn_buf, 0 }, { 16, RAM_END - 8, 0 },
		{ 16, ~0UL - 7, 0 },        { RAM_SIZE + 1, RAM_IPA, 0 },
		{ 0x1000, UART_IPA, 0 },
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_eq("console_write",
			  sbi(SBI_EXT_DBCN, 0, bad[i][0], bad[i][1], bad[i][2], 0, 0).error,
			  fw.invalid);
	expect_eq("console_write of 0 bytes", sbi(SBI_EXT_DBCN, 0, 0, VICTIM_PA, 5, 0, 0).error, 0);
	expect_eq("console_read", sbi(SBI_EXT_DBCN, 1, 1UL << 40, VICTIM_PA, 0, 0, 0).value, 0);
}

/* A DBCN console_write of our own text, and console_write_byte with junk above the byte:
 * printed as lines with the zone's prefix. */
static void dbcn_own_text(void)
{
	static const char text[] = "dbcn: a line through console_write";
	struct sbiret r;

	expect_line(text);
	expect_line("dbcn: and one byte at a time");
	for (unsigned i = 0; i < sizeof(text) - 1; i++)
		dbcn_buf[i] = text[i];
	dbcn_buf[sizeof(text) - 1] = '\n';
	r = sbi(SBI_EXT_DBCN, 0, sizeof(text), (u64)dbcn_buf, 0, 0, 0);
	expect_eq("console_write", r.error, 0);
	expect_eq("bytes written", r.value, sizeof(text));
	for (const char *p = "dbcn: and one byte at a time\n"; *p; p++)
		expect_eq("console_write_byte",
			  sbi(SBI_EXT_DBCN, 2, (unsigned char)*p | ~0UL << 8, 0, 0, 0, 0).error, 0);
}

static volatile long ticks;

static void count_tick(void)
{
	ticks++;
}

static const struct irq_handlers tick_counter = { .timer = count_tick };

/* SBI set_timer 20000 times with interrupts off, deadlines in the past, the far future and
 * anywhere: each answered SUCCESS; afterwards the zone's timer still ticks. */
static void set_timer_storm(void)
{
	uint64_t t0;
	long bad = 0;

	for (int i = 0; i < 20000; i++)
		bad += sbi(SBI_EXT_TIME, 0,
			   i % 3 == 0   ? 0
			   : i % 3 == 1 ? ~0UL
					: random64(&t0),
			   0, 0, 0, 0)
			       .error != 0;
	expect_eq("set_timer answers other than SUCCESS", bad, 0);
	ticks = 0;
	irq_setup(&tick_counter);
	timer_set_periodic(1000);
	t0 = counter_now();
	while (ticks < 10 && counter_now() - t0 < counter_hz() / 1000 * WAIT_MS)
		;
	timer_set_periodic(0);
	irq_disable();
	expect_true("the timer ticks afterwards", ticks >= 10);
}

/* ---- the guest's own paging (Sv39 in vsatp) under an MMIO trap ---- */

#define PTE_V            1UL
#define PTE_RWX          (2UL | 4UL | 8UL)
#define PTE_RW           (2UL | 4UL)
#define PTE_AD           (64UL | 128UL)
#define PTE(gpa, perm)   ((gpa) >> 12 << 10 | (perm) | PTE_AD | PTE_V)
#define PTE_TABLE(table) ((u64)(table) >> 12 << 10 | PTE_V)
#define ALIAS            0x40000000UL /* VA 0xc0000000 + x is GPA 0x80000000 + x */

static u64 root[512] __attribute__((aligned(4096)));
static u64 l1[512] __attribute__((aligned(4096))); /* RAM, 2 MiB each */
static u64 l0[512] __attribute__((aligned(4096))); /* the 2 MiB holding @page, 4 KiB each */

/* Paging on: devices at VA 0 (1 GiB, RW), RAM identity through 4 KiB pages around @page
 * and 2 MiB ones elsewhere, and RAM again at VA 0xc0000000 (1 GiB). Returns &l0[] of
 * @page's entry. */
static volatile u64 *paging_on(u64 page)
{
	u64 mb = page & ~0x1fffffUL;

	for (u64 i = 0; i < 512; i++) {
		l1[i] = PTE(RAM_IPA + (i << 21), PTE_RWX);
		l0[i] = PTE(mb + (i << 12), PTE_RWX);
	}
	l1[(mb - RAM_IPA) >> 21] = PTE_TABLE(l0);
	root[0] = PTE(0UL, PTE_RW);
	root[2] = PTE_TABLE(l1);
	root[3] = PTE(RAM_IPA, PTE_RWX);
	__asm__ volatile("csrw satp, %0; sfence.vma"
			 :
			 : "r"(8UL << 60 | (u64)root >> 12)
			 : "memory");
	return &l0[(page - mb) >> 12];
}

static void paging_off(void)
{
	__asm__ volatile("csrw satp, zero; sfence.vma" ::: "memory");
}

static volatile uint8_t lsr_seen;

static void __attribute__((noinline, aligned(64))) uart_through_alias(void)
{
	lsr_seen = *(volatile uint8_t *)UART_LSR;
	for (const char *p = "paging alias: this line went through VA 0xc02xxxxx\n"; *p; p++)
		*(volatile uint8_t *)UART_IPA = *p;
}

/* Paging on, and the UART touched by code running at its alias VA (0xc0000000 + x): the
 * trap's sepc is that VA, and the hypervisor must fetch the instruction through the
 * guest's page table (hlvx), not take sepc for a GPA. */
static void mmio_via_guest_paging(void)
{
	paging_on((u64)uart_through_alias);
	expect_line("paging alias: this line went through VA 0xc02xxxxx");
	((void (*)(void))((u64)uart_through_alias + ALIAS))();
	paging_off();
	expect_eq("LSR through the alias", lsr_seen, LSR_IDLE);
}

/* The MMIO store of defect 1, on a page of its own: unmap this very page (its PTE to 0,
 * no sfence.vma: the hart still has the translation), then store to the UART. */
static void __attribute__((noinline, aligned(4096))) unmap_self_then_store(volatile u64 *pte)
{
	__asm__ volatile("sd zero, 0(%0)\n"
			 "sb zero, 0(%1)\n"
			 :
			 : "r"(pte), "r"(UART_IPA + 7)
			 : "memory");
}

/* Known defect 1. Paging on, then the code unmaps its own page without sfence.vma and
 * stores to the emulated UART: the hypervisor cannot fetch the trapped instruction
 * through the guest's page table (hlvx.hu faults in HS-mode). It must stop the zone, or
 * emulate the store; never panic. */
static void unmap_own_code_then_mmio(void)
{
	volatile u64 *pte = paging_on((u64)unmap_self_then_store);
	u64 saved = *pte;

	unmap_self_then_store(pte);
	*pte = saved;
	paging_off();
}

void mmio_loop(u64 addr, u64 n);  /* riscv64.S: on a page of its own */
volatile u64 *volatile retry_pte; /* riscv64.S fetch_retry: the PTE of mmio_loop's page */
static volatile long toggles_done;

static void toggle_pte(unsigned long vcpu, unsigned long n)
{
	u64 pte = *retry_pte;

	(void)vcpu;
	for (unsigned long i = 0; i < n; i++) {
		*retry_pte = 0;
		sbi(SBI_EXT_RFENCE, 1, 1, 0, 0, ~0UL, 0); /* vCPU 0 drops its translations */
		*retry_pte = pte;
		sbi(SBI_EXT_RFENCE, 1, 1, 0, 0, ~0UL, 0);
	}
	toggles_done = 1;
}

/* Known defect 1, the sibling's way. vCPU 0, paging on, loads from the UART in a loop on a
 * page of its own, while vCPU 1 unmaps that page and maps it again 5000 times, each time
 * making vCPU 0 drop its translations (a remote sfence.vma): sooner or later the page is
 * gone between vCPU 0's MMIO trap and the hypervisor's fetch of the trapped instruction.
 * (vCPU 0's own fetches from the unmapped page just wait for it: fetch_retry.) The
 * hypervisor must stop the zone or emulate the load; never panic. */
static void sibling_unmaps_during_mmio(void)
{
	extern char fetch_retry[];
	u64 stvec;

	retry_pte = paging_on((u64)mmio_loop);
	__asm__ volatile("csrci sstatus, 2; csrrw %0, stvec, %1" : "=r"(stvec) : "r"(fetch_retry));
	toggles_done = 0;
	start_job(1, toggle_pte, 5000);
	while (!toggles_done)
		mmio_loop(UART_LSR, 100);
	__asm__ volatile("csrw stvec, %0" : : "r"(stvec));
	wait_off(1);
	paging_off();
}

/* Known defect 5. vCPU 0 writes 8 MiB of text in one DBCN console_write while vCPU 1
 * writes outside the zone: the call writes a bounded part (256 bytes, riscv64/vfirmware.c)
 * and says so, the zone stops, and nothing of it is printed after its "zone stopped" line,
 * nor after "all zones are off". */
#define HUGE_WRITE (8UL << 20)
#define HUGE_BUF   (RAM_IPA + (32UL << 20))
static volatile long writing;

static void stop_the_zone(unsigned long vcpu, unsigned long context)
{
	(void)vcpu, (void)context;
	wait_flag(&writing, WAIT_MS);
	delay_ms(200); /* well into the write, which takes many seconds */
	*(volatile u64 *)VICTIM_PA = 0xbad;
}

static void dbcn_huge_write_during_stop(void)
{
	fill_text((char *)HUGE_BUF, HUGE_WRITE, 100);
	start_job(1, stop_the_zone, 0);
	writing = 1;
	expect_line("attacker: dbcn: one console_write wrote 256 bytes");
	say("\nattacker: dbcn: one console_write wrote %ld bytes\n", /* after a part line */
	    sbi(SBI_EXT_DBCN, 0, HUGE_WRITE, HUGE_BUF, 0, 0, 0).value);
	for (;;) /* a write cut short returns early: vCPU 1 still stops the zone */
		wait_for_interrupt();
}

/* ---- MMIO the hypervisor cannot decode: each must stop the zone ---- */

/* An atomic swap on the UART. */
static void amoswap_uart(void)
{
	long old;
	__asm__ volatile("amoswap.w %0, zero, (%1)" : "=r"(old) : "r"(UART_IPA) : "memory");
}

/* An atomic add on our own context's claim register. */
static void amoadd_plic_claim(void)
{
	long old;
	__asm__ volatile("amoadd.w %0, zero, (%1)"
			 : "=r"(old)
			 : "r"(PLIC_CLAIM(CTX_VCPU0))
			 : "memory");
}

/* A load-reserved from the UART. */
static void lr_uart(void)
{
	long v;
	__asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(UART_IPA) : "memory");
}

/* c.lwsp: a compressed load relative to sp, which points at the UART. */
static void c_lwsp_uart(void)
{
	__asm__ volatile("mv t0, sp\n mv sp, %0\n"
			 ".option push\n.option rvc\nc.lwsp a5, 0(sp)\n.option pop\n"
			 "mv sp, t0"
			 :
			 : "r"(UART_IPA)
			 : "t0", "a5", "memory");
}

/* c.swsp: the store. */
static void c_swsp_uart(void)
{
	__asm__ volatile("mv t0, sp\n mv sp, %0\n"
			 ".option push\n.option rvc\nc.swsp zero, 0(sp)\n.option pop\n"
			 "mv sp, t0"
			 :
			 : "r"(UART_IPA)
			 : "t0", "memory");
}

/* A 64-bit load from the PLIC, whose registers are 32-bit (aligned: sources 10 and 11). */
static void ld_plic(void)
{
	(void)*(volatile u64 *)PLIC_PRIO(ATTACKER_IRQ - 2);
}

/* A byte store to the PLIC. */
static void sb_plic(void)
{
	*(volatile uint8_t *)PLIC_PRIO(ATTACKER_IRQ) = 1;
}

/* A floating-point load from the UART. */
static void flw_uart(void)
{
	__asm__ volatile("flw ft0, 0(%0)" : : "r"(UART_IPA) : "ft0", "memory");
}

/* A floating-point store to it. */
static void fsw_uart(void)
{
	__asm__ volatile("fsw ft0, 0(%0)" : : "r"(UART_IPA) : "memory");
}

/* The UART's page past its 8 registers. */
static void read_uart_past_registers(void)
{
	(void)*(volatile uint8_t *)(UART_IPA + 8);
}

/* The CLINT: every hart's software interrupt (msip) and timer, M-mode's. */
static void write_clint_msip(void)
{
	wr32(CLINT_IPA, 1);
}

/* The CLINT's mtime. */
static void read_clint_mtime(void)
{
	(void)*(volatile u64 *)(CLINT_IPA + 0xbff8);
}

/* Jump to the UART. */
static void exec_uart(void)
{
	((void (*)(void))UART_IPA)();
}

/* A GPA past the G-stage's 41 bits. */
static void read_huge_gpa(void)
{
	(void)*(volatile u64 *)(1UL << 45);
}

/* hstatus, read from VS-mode. */
static void csr_hstatus(void)
{
	u64 v;
	__asm__ volatile("csrr %0, 0x600" : "=r"(v));
}

/* hgatp, written from VS-mode: the G-stage root. */
static void csr_hgatp(void)
{
	__asm__ volatile("csrw 0x680, zero");
}

/* vsatp by its own number from VS-mode (where satp is the name for it). */
static void csr_vsatp(void)
{
	u64 v;
	__asm__ volatile("csrr %0, 0x280" : "=r"(v));
}

/* hfence.gvma: flush every zone's G-stage translations. */
static void hfence_gvma(void)
{
	__asm__ volatile(".option push\n.option arch, +h\nhfence.gvma zero, zero\n.option pop");
}

/* hlv.d: a load through the guest's own translation, as the hypervisor would. */
static void hlv_d(void)
{
	u64 v;
	__asm__ volatile(".option push\n.option arch, +h\nhlv.d %0, (%1)\n.option pop"
			 : "=r"(v)
			 : "r"(VICTIM_PA));
}

const struct attack arch_attacks[] = {
	ATTACK(plic_foreign_sources_and_contexts),
	ATTACK(plic_odd_offsets),
	ATTACK(plic_claim_complete_storm),
	ATTACK(uart_registers),
	ATTACK(compressed_mmio),
	ATTACK(sc_uart_no_reservation),
	ATTACK(m_mode_csrs_from_vs),
	ATTACK(misaligned_mmio),
	ATTACK(sbi_legacy_calls),
	ATTACK(sbi_foreign_hart_masks),
	ATTACK(sbi_remote_fence_ranges),
	ATTACK(dbcn_outside_buffers),
	ATTACK(dbcn_own_text),
	ATTACK(set_timer_storm),
	ATTACK(mmio_via_guest_paging),
	FATAL(amoswap_uart, STOPS_WRITE, UART_IPA),
	FATAL(amoadd_plic_claim, STOPS_WRITE, PLIC_CLAIM(CTX_VCPU0)),
	FATAL(lr_uart, STOPS_READ, UART_IPA),
	FATAL(c_lwsp_uart, STOPS_READ, UART_IPA),
	FATAL(c_swsp_uart, STOPS_WRITE, UART_IPA),
	FATAL(ld_plic, STOPS_READ, PLIC_PRIO(ATTACKER_IRQ - 2)),
	FATAL(sb_plic, STOPS_WRITE, PLIC_PRIO(ATTACKER_IRQ)),
	FATAL(flw_uart, STOPS_READ, UART_IPA),
	FATAL(fsw_uart, STOPS_WRITE, UART_IPA),
	FATAL(read_uart_past_registers, STOPS_READ, UART_IPA + 8),
	FATAL(write_clint_msip, STOPS_WRITE, CLINT_IPA),
	FATAL(read_clint_mtime, STOPS_READ, CLINT_IPA + 0xbff8),
	FATAL(exec_uart, STOPS_EXEC, UART_IPA),
	FATAL(read_huge_gpa, STOPS_READ, 1UL << 45),
	FATAL(csr_hstatus, STOPS_VIRTUAL, 0),
	FATAL(csr_hgatp, STOPS_VIRTUAL, 0),
	FATAL(csr_vsatp, STOPS_VIRTUAL, 0),
	FATAL(hfence_gvma, STOPS_VIRTUAL, 0),
	FATAL(hlv_d, STOPS_VIRTUAL, 0),
	DEFECT(1, unmap_own_code_then_mmio, NULL, 0),
	DEFECT(1, sibling_unmaps_during_mmio, NULL, 0),
	DEFECT(5, dbcn_huge_write_during_stop, STOPS_WRITE, VICTIM_PA),
};
const unsigned nr_arch_attacks = sizeof(arch_attacks) / sizeof(arch_attacks[0]);
