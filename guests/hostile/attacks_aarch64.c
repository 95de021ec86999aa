/*
 * The aarch64 attacks: PSCI and SMCCC calls, the emulated GICv3 (distributor,
 * redistributors, the trapped SGI registers), MMIO with instructions that carry no
 * syndrome, EL2's registers from EL1, and the guest's own MMU in front of a device. Plus
 * the firmware glue the common attacks use (attacks.c).
 */
#include <stdio.h>
#include "hostile.h"

#define PSCI_CPU_OFF       0x84000002UL
#define PSCI_CPU_ON        0xC4000003UL
#define PSCI_AFFINITY_INFO 0xC4000004UL

#define UART_FR    (UART_IPA + 0x18)
#define FR_IDLE    0x90 /* TXFE | RXFE: what the emulated PL011's flag register says */
#define UART_CR    (UART_IPA + 0x30)
#define GICR(v)    (GICR_IPA + (v)*0x20000UL)
#define GICR_TYPER 0x8

/* A trapped SGI register write stops the zone: only ICC_SGI1R_EL1 is emulated. */
#define STOPS_SYSREG "unexpected exit, EC 0x18 (MSR/MRS)"
/* A load or store the syndrome does not describe (ESR_EL2.ISV = 0). */
#define STOPS_NO_SYNDROME_READ "data abort at IPA 0x%lx (read, not mapped, no syndrome to emulate)"
#define STOPS_NO_SYNDROME_WRITE \
	"data abort at IPA 0x%lx (write, not mapped, no syndrome to emulate)"

const struct fw_codes fw = {
	.ok = 0, .invalid = -2, .bad_address = -9, .already_on = -4, .not_supported = -1
};

#define read_sysreg(r)                                      \
	({                                                  \
		u64 v_;                                     \
		__asm__ volatile("mrs %0, " #r : "=r"(v_)); \
		v_;                                         \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((u64)(v)) : "memory")
#define ICC_SGI1R_EL1      S3_0_C12_C11_5

/* An SMCCC call through smc (trapped by HCR_EL2.TSC) or hvc: x0 is the answer. */
long smccc(int hvc, u64 a0, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 __asm__("x0") = a0;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;

	if (hvc)
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	else
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (long)x0;
}

long fw_cpu_on(u64 vcpu, u64 entry, u64 context)
{
	return smccc(0, PSCI_CPU_ON, vcpu, entry, context);
}

long fw_cpu_status(u64 vcpu)
{
	long r = smccc(0, PSCI_AFFINITY_INFO, vcpu, 0, 0);
	return r < 0 ? r : r != 1; /* 0 ON, 1 OFF, 2 ON_PENDING */
}

void fw_cpu_off(void)
{
	smccc(0, PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

/* Any 32-bit function id but the PSCI calls minivisor answers (owner 4, numbers below
 * 0x20 to be safe) and its hypercalls (HC_FN): through hvc or smc at random. */
long fw_unknown_call(uint64_t *rng, u64 *id)
{
	u64 fn;

	do
		fn = (uint32_t)random64(rng);
	while (((fn >> 24 & 0x3f) == 4 && (fn & 0xffff) < 0x20) || (fn & ~0xffffUL) == HC_FN(0));
	*id = fn;
	return smccc(random64(rng) & 1, fn, random64(rng), random64(rng), random64(rng));
}

void ipi_mask(u64 mask)
{
	write_sysreg(ICC_SGI1R_EL1, 1UL << 24 | (mask & 0xffff)); /* SGI 1, Aff1..3 = 0 */
	__asm__ volatile("isb");
}

volatile u64 caught_cause, caught_count;

unsigned long catch_traps(void (*fn)(void))
{
	extern char catch_vectors[];
	u64 vbar = read_sysreg(vbar_el1), daif = read_sysreg(daif);

	caught_count = caught_cause = 0;
	__asm__ volatile("msr daifset, #2" ::: "memory");
	write_sysreg(vbar_el1, catch_vectors);
	__asm__ volatile("isb" ::: "memory");
	fn();
	write_sysreg(vbar_el1, vbar);
	write_sysreg(daif, daif);
	__asm__ volatile("isb" ::: "memory");
	return caught_count;
}

/* ---- the GIC as the zone sees it ---- */

static uint32_t rd32(u64 a)
{
	return *(volatile uint32_t *)a;
}
static void wr32(u64 a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}
static u64 rd64(u64 a)
{
	return *(volatile u64 *)a;
}
static void wr64(u64 a, u64 v)
{
	*(volatile u64 *)a = v;
}

#define ISENABLER(n) (GICD_IPA + 0x100 + 4 * ((n) / 32))
#define ICENABLER(n) (GICD_IPA + 0x180 + 4 * ((n) / 32))
#define IPRIORITY(n) (GICD_IPA + 0x400 + (n)) /* byte */
#define ICFGR(n)     (GICD_IPA + 0xc00 + 4 * ((n) / 16))
#define IROUTER(n)   (GICD_IPA + 0x6000 + 8 * (n))
#define OWN_PRIO     0x80

void own_irq_configure(void)
{
	*(volatile uint8_t *)IPRIORITY(ATTACKER_IRQ) = OWN_PRIO;
	wr64(IROUTER(ATTACKER_IRQ), 0);
	wr32(ISENABLER(ATTACKER_IRQ), 1U << (ATTACKER_IRQ % 32));
}

int own_irq_configured(void)
{
	return (rd32(ISENABLER(ATTACKER_IRQ)) >> (ATTACKER_IRQ % 32) & 1) &&
	       *(volatile uint8_t *)IPRIORITY(ATTACKER_IRQ) == OWN_PRIO &&
	       rd64(IROUTER(ATTACKER_IRQ)) == 0;
}

/* Everything the zone can read of the sentinel's interrupt must read 0 (not ours). */
static void expect_foreign_irq_invisible(void)
{
	unsigned n = SENTINEL_IRQ;

	expect_eq("ISENABLER bit of the sentinel's SPI", rd32(ISENABLER(n)) >> (n % 32) & 1, 0);
	expect_eq("its priority", *(volatile uint8_t *)IPRIORITY(n), 0);
	expect_eq("its config", rd32(ICFGR(n)) >> (2 * (n % 16)) & 3, 0);
	expect_eq("its route", rd64(IROUTER(n)), 0);
}

/* Writes to the distributor naming the sentinel's SPI, through every register that holds
 * it and at every size: ignored (the sentinel checks its own state on every beat), and
 * the SPI reads as nobody's from here. */
static void gicd_foreign_spi_writes(void)
{
	unsigned n = SENTINEL_IRQ;

	*(volatile uint8_t *)IPRIORITY(n) = 0xc0;
	*(volatile uint16_t *)(IPRIORITY(n) & ~1UL) = 0xc0c0;
	wr32(IPRIORITY(n) & ~3UL, ~0U);
	wr64(IPRIORITY(n) & ~7UL, ~0UL);
	wr32(ICENABLER(n), ~0U); /* would switch the sentinel's SPI off */
	wr64(ICENABLER(n) & ~7UL, ~0UL);
	wr32(ISENABLER(n), ~0U);
	*(volatile uint16_t *)ISENABLER(n) = 0xffff;
	wr32(ICFGR(n), 0);
	wr64(IROUTER(n), 1); /* to our vCPU 1 */
	wr32(IROUTER(n), 2);
	wr64(IROUTER(n), 1UL << 31);
	wr32(GICD_IPA + 0x40, n); /* GICD_SETSPI_NSR: make it pending by message */
	wr32(GICD_IPA + 0x48, n); /* GICD_CLRSPI_NSR */
	expect_foreign_irq_invisible();
}

/* Our own SPI routed to CPUs outside the zone (Aff0 past our vCPUs, Aff1-3, "any" IRM):
 * it stays on a vCPU of ours (vCPU 0); a route to our vCPU 2 is taken as asked. */
static void gicd_own_spi_routes_outside(void)
{
	static const u64 routes[] = { 3,         5,         0xff,           1UL << 8,
				      1UL << 16, 1UL << 32, 0xff00000000UL, 1UL << 31,
				      ~0UL };
	unsigned n = ATTACKER_IRQ;

	for (unsigned i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		wr64(IROUTER(n), routes[i]);
		expect_eq("route of our SPI after an outside route", rd64(IROUTER(n)), 0);
	}
	wr64(IROUTER(n), 2);
	expect_eq("route of our SPI to vCPU 2", rd64(IROUTER(n)), 2);
	wr64(IROUTER(n), 0);
}

/* Distributor offsets past the register map and in its holes, at every size: reads 0,
 * writes ignored, the zone goes on. */
static void gicd_odd_offsets_and_sizes(void)
{
	static const u64 offs[] = { 0x10,   0x20,   0x3c,   0x50,   0x7c,   0x17c,  0x1fc,
				    0x2fc,  0x3fc,  0x7f8,  0xbf8,  0xcf8,  0xd00,  0x5ff8,
				    0x7fd8, 0x7fe0, 0x7ff8, 0x8000, 0xc000, 0xffd0, 0xfff8 };
	long nonzero = 0;

	for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		u64 a = GICD_IPA + offs[i];
		nonzero += *(volatile uint8_t *)a != 0;
		nonzero += *(volatile uint16_t *)a != 0;
		nonzero += rd32(a) != 0;
		nonzero += rd64(a) != 0;
		*(volatile uint8_t *)a = 0xff;
		*(volatile uint16_t *)a = 0xffff;
		wr32(a, ~0U);
		wr64(a, ~0UL);
	}
	expect_eq("reads of nothing that were not 0", nonzero, 0);
	/* The control register at odd sizes: the zone's own, still readable as a word. */
	*(volatile uint8_t *)GICD_IPA = 0xff;
	wr64(GICD_IPA, ~0UL);
	expect_true("GICD_CTLR still has ARE", rd32(GICD_IPA) & 0x10);
	expect_foreign_irq_invisible();
}

/* The zone's redistributors at odd sizes and offsets, vCPU 2's while it is off too:
 * GICR_TYPER says who is who and which is the last; nothing stops the zone. */
static void gicr_odd_accesses(void)
{
	expect_eq("vCPU 0's GICR_TYPER", rd64(GICR(0) + GICR_TYPER), 0);
	expect_eq("vCPU 2's GICR_TYPER (the last)", rd64(GICR(2) + GICR_TYPER),
		  2UL << 32 | 2 << 8 | 0x10);
	expect_eq("its upper half", rd32(GICR(2) + GICR_TYPER + 4), 2);
	*(volatile uint8_t *)(GICR(2) + 0x14) = 0xff; /* GICR_WAKER, a byte */
	wr64(GICR(2) + 0x10400 + 28, ~0UL);           /* the last PPI priorities, and past */
	wr32(GICR(2) + 0x10100, ~0U);                 /* every SGI/PPI of vCPU 2, off */
	wr32(GICR(2) + 0x10180, ~0U);
	expect_eq("a hole in the SGI frame", rd64(GICR(1) + 0x1fff8), 0);
	expect_eq("past vCPU 0's frames", rd32(GICR(0) + 0x1fffc), 0);
}

static volatile long sgi_taken[3], sgi_ready[3], sgi_done;

static void count_sgi(void)
{
	sgi_taken[vcpu_id() % 3]++;
}

static const struct irq_handlers sgi_counter = { .ipi = count_sgi };

static void sgi_listener(unsigned long vcpu, unsigned long context)
{
	(void)context;
	irq_setup(&sgi_counter);
	sgi_ready[vcpu] = 1;
	wait_flag(&sgi_done, WAIT_MS);
	irq_disable();
}

static void start_listeners(void)
{
	sgi_done = 0;
	for (int v = 0; v < 3; v++)
		sgi_taken[v] = sgi_ready[v] = 0;
	expect_eq("start of vCPU 1", start_job(1, sgi_listener, 0), fw.ok);
	expect_eq("start of vCPU 2", start_job(2, sgi_listener, 0), fw.ok);
	expect_true("listeners ready",
		    wait_flag(&sgi_ready[1], WAIT_MS) && wait_flag(&sgi_ready[2], WAIT_MS));
}

static void stop_listeners(void)
{
	sgi_done = 1;
	wait_off(1);
	wait_off(2);
}

/* ICC_SGI1R_EL1 naming CPUs outside the zone: Aff1, Aff2, Aff3, a range selector, target
 * list bits past our 3 vCPUs. None reaches anyone (the sentinel counts IPIs; our own
 * listening vCPU 1 gets only the one valid SGI sent after them). */
static void sgi_foreign_targets(void)
{
	static const u64 sgis[] = { 1UL << 16 | 7,   2UL << 16 | 1,      1UL << 32 | 7,
				    1UL << 48 | 7,   1UL << 44 | 0xffff, 0xfff8,
				    0xffUL << 16 | 1 };
	uint64_t t0;

	start_listeners();
	for (unsigned i = 0; i < sizeof(sgis) / sizeof(sgis[0]); i++)
		write_sysreg(ICC_SGI1R_EL1, 1UL << 24 | sgis[i]);
	__asm__ volatile("isb");
	ipi_mask(2); /* the one that counts */
	t0 = counter_now();
	while (!sgi_taken[1] && counter_now() - t0 < counter_hz() / 1000 * WAIT_MS)
		;
	stop_listeners();
	expect_eq("SGIs vCPU 1 took", sgi_taken[1], 1);
	expect_eq("SGIs vCPU 2 took", sgi_taken[2], 0);
}

/* ICC_SGI1R_EL1 with IRM = 1, "every PE but me": the zone's other vCPUs only. */
static void sgi_broadcast(void)
{
	start_listeners();
	for (int i = 0; i < 100; i++)
		write_sysreg(ICC_SGI1R_EL1, 1UL << 40 | 1UL << 24);
	__asm__ volatile("isb");
	wait_flag(&sgi_taken[1], WAIT_MS);
	wait_flag(&sgi_taken[2], WAIT_MS);
	stop_listeners();
	expect_true("vCPU 1 took the broadcast", sgi_taken[1] > 0);
	expect_true("vCPU 2 took the broadcast", sgi_taken[2] > 0);
}

static void eoi_dir_foreign(void)
{
	static const u64 ids[] = { SENTINEL_IRQ, 0, 1, 25, 27, 34, 1019, 1023, ~0UL };

	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		write_sysreg(S3_0_C12_C12_1, ids[i]); /* ICC_EOIR1_EL1 */
		write_sysreg(S3_0_C12_C11_1, ids[i]); /* ICC_DIR_EL1 */
	}
	__asm__ volatile("isb");
}

/* End-of-interrupt and deactivation of interrupts we never took: the sentinel's SPI, the
 * hypervisor's SGIs, the maintenance and timer PPIs. The virtual CPU interface takes them
 * without a trap, and they reach no physical interrupt of anyone's. */
static void icc_eoi_dir_foreign(void)
{
	expect_eq("traps", catch_traps(eoi_dir_foreign), 0);
}

static void el2_registers(void)
{
	u64 v;
	__asm__ volatile("mrs %0, S3_4_C12_C11_1" : "=r"(v)); /* ICH_VTR_EL2 */
	__asm__ volatile("msr hcr_el2, xzr");
	__asm__ volatile("mrs %0, vttbr_el2" : "=r"(v));
	__asm__ volatile("msr vbar_el2, xzr");
	__asm__ volatile("msr S3_4_C12_C9_5, xzr");      /* ICC_SRE_EL2 */
	__asm__ volatile(".inst 0xd538cba0" : : : "x0"); /* mrs x0, ICC_SGI1R_EL1 (write-only) */
	(void)v;
}

/* EL2's registers from EL1 (ICH_VTR_EL2, HCR_EL2, VTTBR_EL2, VBAR_EL2, ICC_SRE_EL2), and a
 * read of the write-only ICC_SGI1R_EL1 (the assembler will not write it: its encoding):
 * each is an undefined instruction to the guest itself, 6 of them, nothing for EL2. */
static void el2_registers_from_el1(void)
{
	expect_eq("undefined instructions", catch_traps(el2_registers), 6);
	expect_eq("the last one's class (unknown)", caught_cause, 0);
}

/* A minivisor hypercall through smc: smc is the firmware's conduit, so NOT_SUPPORTED. */
static void hc_through_smc(void)
{
	expect_eq("HC_ZONE_ID through smc", smccc(0, HC_FN(HC_ZONE_ID), 0, 0, 0), -1);
}

/* hvc with an immediate other than 0: answered as hvc #0 is. */
static void hvc_nonzero_immediate(void)
{
	register u64 x0 __asm__("x0") = HC_FN(HC_ZONE_ID);

	__asm__ volatile("hvc #1" : "+r"(x0) : : "memory");
	expect_eq("HC_ZONE_ID through hvc #1", x0, 1);
	x0 = HC_FN(HC_ZONE_ID);
	__asm__ volatile("hvc #0xffff" : "+r"(x0) : : "memory");
	expect_eq("HC_ZONE_ID through hvc #0xffff", x0, 1);
}

/* Every register of the emulated UART at every size, writes to all but the data
 * register: the PL011 model answers (FR idle, the ids), nothing stops the zone. */
static void uart_registers(void)
{
	long odd = 0;

	for (u64 off = 0; off < 0x1000; off += 4) {
		uint32_t v = rd32(UART_IPA + off);
		/* RIS and MIS (0x3c, 0x40) hold the TX interrupt each DR write raises */
		if (off != 0x3c && off != 0x40)
			odd += off == 0x18 ? v != FR_IDLE : off < 0xfe0 && v != 0;
		if (off)
			wr32(UART_IPA + off, ~0U);
	}
	wr32(UART_IPA + 0x38, 0); /* IMSC: its interrupts masked again */
	expect_eq("registers that read other than the model says", odd, 0);
	expect_eq("FR, a byte", *(volatile uint8_t *)UART_FR, FR_IDLE);
	expect_eq("FR, 16 bits", *(volatile uint16_t *)UART_FR, FR_IDLE);
	expect_eq("FR, 64 bits", rd64(UART_FR), FR_IDLE);
	expect_eq("PERIPHID0", rd32(UART_IPA + 0xfe0), 0x11);
}

/* Load-acquire and store-release to the UART: single registers, so the syndrome says it
 * all and they are emulated. */
static void ldar_stlr_uart(void)
{
	uint32_t v;

	__asm__ volatile("ldar %w0, [%1]" : "=r"(v) : "r"(UART_FR) : "memory");
	__asm__ volatile("stlr wzr, [%0]" : : "r"(UART_CR) : "memory");
	expect_eq("FR through ldar", v, FR_IDLE);
}

/* Loads into and stores from the zero register (register 31 in the syndrome, which is
 * also the stack pointer's number elsewhere): the store writes 0, the load is dropped,
 * and sp is what it was. */
static void zero_register_uart(void)
{
	u64 sp0, sp1;

	__asm__ volatile("mov %0, sp\n"
			 "str wzr, [%2]\n"
			 "ldr wzr, [%3]\n"
			 "ldr xzr, [%3]\n"
			 "mov %1, sp"
			 : "=&r"(sp0), "=&r"(sp1)
			 : "r"(UART_CR), "r"(UART_FR)
			 : "memory");
	expect_eq("sp after loads into xzr", sp1, sp0);
}

/* A store-exclusive to the UART with no reservation: it fails (status 1) without an
 * access, so nothing traps. */
static void stxr_uart_no_reservation(void)
{
	uint32_t status;

	__asm__ volatile("clrex\n stxr %w0, wzr, [%1]" : "=&r"(status) : "r"(UART_IPA) : "memory");
	expect_eq("stxr status", status, 1);
}

static void misaligned(void)
{
	uint32_t v;
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(UART_FR + 1) : "memory");
	(void)v;
}

/* A misaligned load from the UART. The architecture says device memory (the guest's MMU
 * is off) takes an alignment fault in the guest, before stage 2; QEMU 7.2 lets it through
 * to stage 2 instead, and the hypervisor emulates it. Either way the zone carries on. */
static void misaligned_uart(void)
{
	unsigned long traps = catch_traps(misaligned);

	expect_true("at most the guest's own alignment fault", traps == 0 || caught_cause == 0x25);
}

/* ---- the guest's own MMU in front of the UART ---- */

#define BLOCK(ipa, attr) ((ipa) | (attr) << 2 | 1UL << 10 | 1) /* 1 GiB, AF, valid */
static u64 l1_table[512] __attribute__((aligned(4096)));

/* Stage 1 on: VA 0x80000000 + x -> IPA x (device), the rest identity. A load and stores
 * through the alias reach the emulated UART: the hypervisor takes the IPA from HPFAR_EL2,
 * not the guest's virtual address. */
static void mmio_via_guest_mmu(void)
{
	static const char text[] = "mmu alias: this line went through VA 0x89000000\n";
	u64 sctlr = read_sysreg(sctlr_el1);
	uint32_t fr;

	l1_table[0] = BLOCK(0UL, 0);       /* devices: Device-nGnRnE (attr 0) */
	l1_table[1] = BLOCK(RAM_IPA, 1UL); /* RAM: normal (attr 1) */
	l1_table[2] = BLOCK(0UL, 0);       /* the alias */
	write_sysreg(mair_el1, 0xff00);    /* attr 0 device, attr 1 normal write-back */
	write_sysreg(tcr_el1, 25 | 1UL << 8 | 1UL << 10 | 3UL << 12 | 1UL << 23 | 2UL << 32);
	write_sysreg(ttbr0_el1, l1_table);
	__asm__ volatile("dsb sy; tlbi vmalle1; dsb sy; isb" ::: "memory");
	write_sysreg(sctlr_el1, sctlr | 1);
	__asm__ volatile("isb" ::: "memory");
	fr = rd32(0x80000000UL + UART_FR);
	expect_line("mmu alias: this line went through VA 0x89000000");
	for (unsigned i = 0; i < sizeof(text) - 1; i++)
		wr32(0x80000000UL + UART_IPA, text[i]);
	write_sysreg(sctlr_el1, sctlr);
	__asm__ volatile("isb; tlbi vmalle1; dsb sy; isb" ::: "memory");
	expect_eq("FR through the alias", fr, FR_IDLE);
}

/* ---- MMIO the syndrome does not describe: each must stop the zone ---- */

/* A pair load from the UART. */
static void ldp_uart(void)
{
	__asm__ volatile("ldp x1, x2, [%0]" : : "r"(UART_IPA) : "x1", "x2", "memory");
}

/* A pair store to the UART. */
static void stp_uart(void)
{
	__asm__ volatile("stp xzr, xzr, [%0]" : : "r"(UART_IPA) : "memory");
}

/* A store with pre-index writeback. */
static void str_preindex_uart(void)
{
	__asm__ volatile("mov x1, %0\n str wzr, [x1, #4]!" : : "r"(UART_IPA) : "x1", "memory");
}

/* A load with post-index writeback. */
static void ldr_postindex_uart(void)
{
	__asm__ volatile("mov x1, %0\n ldr w2, [x1], #4" : : "r"(UART_IPA) : "x1", "x2", "memory");
}

/* A load-exclusive. */
static void ldxr_uart(void)
{
	__asm__ volatile("ldxr w1, [%0]" : : "r"(UART_FR) : "x1", "memory");
}

/* A 128-bit SIMD load. */
static void ldr_q_uart(void)
{
	__asm__ volatile("ldr q0, [%0]" : : "r"(UART_IPA) : "v0", "memory");
}

/* A vector store of four registers. */
static void st1_uart(void)
{
	__asm__ volatile("st1 {v0.16b-v3.16b}, [%0]" : : "r"(UART_IPA) : "memory");
}

/* Jump to the UART. */
static void exec_uart(void)
{
	((void (*)(void))UART_IPA)();
}

/* The physical GIC's ITS, which no zone has. */
static void read_gits(void)
{
	(void)rd32(GITS_IPA);
}

/* The redistributor of a vCPU the zone does not have (its 4th). */
static void read_gicr_absent_vcpu(void)
{
	(void)rd64(GICR(3) + GICR_TYPER);
}

/* An IPA past stage 2's 39-bit input range. */
static void read_huge_ipa(void)
{
	(void)rd64(1UL << 40);
}

/* ICC_SGI0R_EL1 (Group 0 SGIs): it traps to EL2 (HCR_EL2.FMO), and only the Group 1 SGI
 * register is emulated. */
static void msr_icc_sgi0r(void)
{
	write_sysreg(S3_0_C12_C11_7, 1UL << 24 | 1);
}

/* ICC_ASGI1R_EL1 (the other security state's SGIs): trapped the same way. */
static void msr_icc_asgi1r(void)
{
	write_sysreg(S3_0_C12_C11_6, 1UL << 24 | 1);
}

const struct attack arch_attacks[] = {
	ATTACK(hc_through_smc),
	ATTACK(hvc_nonzero_immediate),
	ATTACK(gicd_foreign_spi_writes),
	ATTACK(gicd_own_spi_routes_outside),
	ATTACK(gicd_odd_offsets_and_sizes),
	ATTACK(gicr_odd_accesses),
	ATTACK(sgi_foreign_targets),
	ATTACK(sgi_broadcast),
	ATTACK(icc_eoi_dir_foreign),
	ATTACK(el2_registers_from_el1),
	ATTACK(uart_registers),
	ATTACK(ldar_stlr_uart),
	ATTACK(zero_register_uart),
	ATTACK(stxr_uart_no_reservation),
	ATTACK(misaligned_uart),
	ATTACK(mmio_via_guest_mmu),
	FATAL(ldp_uart, STOPS_NO_SYNDROME_READ, UART_IPA),
	FATAL(stp_uart, STOPS_NO_SYNDROME_WRITE, UART_IPA),
	FATAL(str_preindex_uart, STOPS_NO_SYNDROME_WRITE, UART_IPA + 4),
	FATAL(ldr_postindex_uart, STOPS_NO_SYNDROME_READ, UART_IPA),
	FATAL(ldxr_uart, STOPS_NO_SYNDROME_READ, UART_FR),
	FATAL(ldr_q_uart, STOPS_NO_SYNDROME_READ, UART_IPA),
	FATAL(st1_uart, STOPS_NO_SYNDROME_WRITE, UART_IPA),
	FATAL(exec_uart, STOPS_EXEC, UART_IPA),
	FATAL(read_gits, STOPS_READ, GITS_IPA),
	FATAL(read_gicr_absent_vcpu, STOPS_READ, GICR(3) + GICR_TYPER),
	FATAL(read_huge_ipa, STOPS_READ, 1UL << 40),
	FATAL(msr_icc_sgi0r, STOPS_SYSREG, 0),
	FATAL(msr_icc_asgi1r, STOPS_SYSREG, 0),
};
const unsigned nr_arch_attacks = sizeof(arch_attacks) / sizeof(arch_attacks[0]);
