/*
 * The attacks both architectures share: memory that is not the zone's, by host-physical
 * address; hypercalls with bad numbers and arguments; firmware calls (PSCI / SBI HSM)
 * naming vCPUs, entry points and contexts the zone has no business with; start/stop races;
 * IPI and timer storms; the console; and the known defects that are not an arch's own.
 * What the firmware answers is the arch's (fw, attacks_<arch>.c).
 */
#include <setjmp.h>
#include <stdio.h>
#include "hostile.h"

/* Firmware arguments that name nothing in a zone of 3 vCPUs, by index or affinity. */
static const u64 foreign_vcpus[] = { 3,       4,        7,         8,         15,       16,  0x100,
				     0x10000, 0x800001, 1UL << 32, 1UL << 63, ~0UL - 1, ~0UL };

/* ---- memory that is not the zone's: each of these must stop the zone ---- */

/* Read the sentinel's pattern by its host-physical address, which is no IPA of ours. */
static void read_victim_ram(void)
{
	(void)*(volatile u64 *)VICTIM_PA;
}

/* Write it. */
static void write_victim_ram(void)
{
	*(volatile u64 *)VICTIM_PA = 0xbad;
}

/* Jump into it. */
static void exec_victim_ram(void)
{
	((void (*)(void))VICTIM_CODE_PA)();
}

/* Read the hypervisor's image by its host-physical address. */
static void read_hypervisor(void)
{
	(void)*(volatile u64 *)HYP_PA;
}

/* Write into it. */
static void write_hypervisor(void)
{
	*(volatile u64 *)(HYP_PA + 0x1000) = 0xbad;
}

/* Jump into it. */
static void exec_hypervisor(void)
{
	((void (*)(void))HYP_PA)();
}

/* Read the first byte past the zone's RAM. */
static void read_past_ram_end(void)
{
	(void)*(volatile uint8_t *)RAM_END;
}

/* Write the first page of the IPA space (the parking page's IPA in its own table). */
static void write_low_ipa(void)
{
	static volatile u64 low = 0x100; /* not a constant: the compiler would call it NULL */
	*(volatile u64 *)low = 0xbad;
}

/* ---- hypercalls ---- */

/* Hypercall numbers no handler has, some that would alias a real one if the hypervisor
 * dropped high bits: HC_ERR_UNKNOWN every time. */
static void hc_unknown_numbers(void)
{
	static const u64 nrs[] = {
		7, 8, 100, 0x7fff, 0xffff, 1UL << 16, 1UL << 32, 1UL << 63, ~0UL
	};

	for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		expect_eq("unknown hypercall", hypercall(nrs[i], ~0UL, 1UL << 63), HC_ERR_UNKNOWN);
}

/* HC_ZONE_INFO of zones that do not exist, of indices that become 0 or 1 if 32 bits are
 * dropped, of negative ones: HC_ERR_INVALID, never another zone's (or memory's) word. */
static void hc_zone_info_bad_index(void)
{
	static const u64 idx[] = { 2, 3, 4, 1UL << 32, (1UL << 32) | 1, 1UL << 63, ~0UL, ~0UL - 1 };

	for (unsigned i = 0; i < sizeof(idx) / sizeof(idx[0]); i++)
		expect_eq("HC_ZONE_INFO", hypercall(HC_ZONE_INFO, idx[i], ~0UL), HC_ERR_INVALID);
}

/* Valid hypercalls with junk in the argument registers they do not use: the answers the
 * scenario gives, nothing else. */
static void hc_valid_calls_with_junk(void)
{
	expect_eq("HC_NULL", hypercall(HC_NULL, ~0UL, ~0UL), 0);
	expect_eq("HC_ZONE_ID", hypercall(HC_ZONE_ID, ~0UL, 1UL << 63), 1);
	expect_eq("HC_VCPU_ID", hypercall(HC_VCPU_ID, ~0UL, ~0UL), 0);
	expect_eq("HC_ZONE_COUNT", hypercall(HC_ZONE_COUNT, ~0UL, ~0UL), 2);
	expect_eq("HC_ZONE_INFO(0)", hypercall(HC_ZONE_INFO, 0, ~0UL),
		  0L << 32 | HC_ZONE_RUNNING << 16 | 1);
	expect_eq("HC_ZONE_INFO(1)", hypercall(HC_ZONE_INFO, 1, ~0UL),
		  1L << 32 | HC_ZONE_RUNNING << 16 | 3);
}

/* HC_PUTCHAR with junk above the character: the low byte is printed, nothing more. */
static void hc_putchar_high_bits(void)
{
	static const char text[] = "hc_putchar: only the low byte counts";

	expect_line(text);
	for (unsigned i = 0; i <= sizeof(text) - 1; i++) {
		u64 c = i < sizeof(text) - 1 ? (unsigned char)text[i] : '\n';
		u64 junk = i % 2 ? ~0UL << 8 : 1UL << (8 + i);
		expect_eq("HC_PUTCHAR", hypercall(HC_PUTCHAR, c | junk, ~0UL), 0);
	}
}

/* ---- the firmware: CPU_ON / hart_start and friends ---- */

/* Starts of vCPUs the zone does not have: refused as invalid. Our own vCPU 0: already on. */
static void fw_start_foreign_vcpus(void)
{
	for (unsigned i = 0; i < sizeof(foreign_vcpus) / sizeof(foreign_vcpus[0]); i++)
		expect_eq("start of a vCPU outside the zone",
			  fw_cpu_on(foreign_vcpus[i], (u64)hostile_entry, 0), fw.invalid);
	expect_eq("start of vCPU 0, running", fw_cpu_on(0, (u64)hostile_entry, 0), fw.already_on);
}

/* Starts of our own vCPU 1 at entry points outside the zone's RAM: the sentinel's RAM and
 * the hypervisor by host-physical address, low IPAs, just past the end, one straddling
 * it, a device, all ones: refused as an invalid address, and vCPU 1 stays off. */
static void fw_start_outside_entries(void)
{
	static const u64 entries[] = {
		0,           0x1000,         RAM_IPA - 4,    RAM_END,
		RAM_END - 2, ZONE_RAM_PA(0), ZONE_RAM_PA(1), ZONE_RAM_PA(3),
		HYP_PA,      UART_IPA,       1UL << 63,      ~0UL,
		~0UL - 3,
	};

	for (unsigned i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		expect_eq("start at an entry outside the zone", fw_cpu_on(1, entries[i], 0),
			  fw.bad_address);
	expect_eq("vCPU 1 still off", fw_cpu_status(1), 0);
}

static volatile long got_context, context_arrived;

static void record_context(unsigned long vcpu, unsigned long context)
{
	(void)vcpu;
	got_context = context;
	context_arrived = 1;
}

/* Contexts (PSCI) / opaque values (SBI) of every size and sign: the vCPU starts where it
 * was told, with the value as it was given (it is the zone's own). */
static void fw_start_huge_contexts(void)
{
	static const u64 contexts[] = { ~0UL, 1UL << 63, 0x8000000000000001UL,
					0xdeadbeefcafef00dUL };

	for (unsigned i = 0; i < sizeof(contexts) / sizeof(contexts[0]); i++) {
		context_arrived = 0;
		expect_eq("start of vCPU 1", start_job(1, record_context, contexts[i]), fw.ok);
		expect_true("vCPU 1 ran", wait_flag(&context_arrived, WAIT_MS));
		expect_eq("the context it got", got_context, contexts[i]);
		wait_off(1);
	}
}

/* The state of vCPUs the zone does not have (AFFINITY_INFO / hart_get_status): invalid;
 * of its own: what they are. */
static void fw_status_foreign_vcpus(void)
{
	for (unsigned i = 0; i < sizeof(foreign_vcpus) / sizeof(foreign_vcpus[0]); i++)
		expect_eq("state of a vCPU outside the zone", fw_cpu_status(foreign_vcpus[i]),
			  fw.invalid);
	expect_eq("state of vCPU 0", fw_cpu_status(0), 1);
	expect_eq("state of vCPU 2", fw_cpu_status(2), 0);
}

/* 3000 firmware calls with ids no handler has, random arguments: NOT_SUPPORTED every time. */
static void fw_unknown_calls(void)
{
	uint64_t rng = 1;
	long bad = 0;

	for (int i = 0; i < 3000; i++) {
		u64 id;
		long r = fw_unknown_call(&rng, &id);
		if (r != fw.not_supported && bad++ < 5)
			say("attacker: fw_unknown_calls: id 0x%lx answered %ld\n", id, r);
	}
	expect_eq("unknown firmware calls answered otherwise than NOT_SUPPORTED", bad, 0);
}

/* ---- start/stop races ---- */

#define RACE_STARTS 200
static volatile long starts, racer_ok, racer_bad, racer_done;

static void count_start(unsigned long vcpu, unsigned long context)
{
	(void)vcpu, (void)context;
	__atomic_add_fetch(&starts, 1, __ATOMIC_RELAXED); /* then it stops itself */
}

/* Start vCPU 1 RACE_STARTS times, each time as soon as it is seen off: the other starter
 * sees it off at the same moment. Adds up the answers. */
static void start_vcpu1_repeatedly(volatile long *ok, volatile long *bad)
{
	for (int i = 0; i < RACE_STARTS; i++) {
		uint64_t t0 = counter_now();
		while (fw_cpu_status(1) != 0 && counter_now() - t0 < counter_hz() / 1000 * WAIT_MS)
			;
		long r = start_job(1, count_start, 0);
		*ok += r == fw.ok;
		*bad += r != fw.ok && r != fw.already_on;
	}
}

static void start_racer(unsigned long vcpu, unsigned long context)
{
	(void)vcpu, (void)context;
	start_vcpu1_repeatedly(&racer_ok, &racer_bad);
	racer_done = 1;
}

/* vCPUs 0 and 2 both start vCPU 1 whenever they see it off, 200 times each, while vCPU 1
 * stops itself (CPU_OFF / hart_stop) as soon as it runs: every answer is SUCCESS or
 * ALREADY_ON, and vCPU 1 runs exactly once per SUCCESS (no start lost, none doubled, none
 * left hanging). */
static void fw_start_stop_race(void)
{
	volatile long ok = 0, bad = 0;
	uint64_t t0;

	starts = racer_ok = racer_bad = racer_done = 0;
	expect_eq("start of the racer, vCPU 2", start_job(2, start_racer, 0), fw.ok);
	start_vcpu1_repeatedly(&ok, &bad);
	expect_true("the racer finished", wait_flag(&racer_done, WAIT_MS));
	wait_off(2);
	t0 = counter_now(); /* the last start may still be on its way to vCPU 1 */
	while ((starts != ok + racer_ok || fw_cpu_status(1) != 0) &&
	       counter_now() - t0 < counter_hz() / 1000 * WAIT_MS)
		;
	say("attacker: fw_start_stop_race: %ld + %ld starts succeeded, vCPU 1 ran %ld times\n", ok,
	    racer_ok, starts);
	expect_eq("answers other than SUCCESS or ALREADY_ON", bad + racer_bad, 0);
	expect_eq("vCPU 1's runs", starts, ok + racer_ok);
	expect_eq("vCPU 1 off at the end", fw_cpu_status(1), 0);
}

/* ---- interrupt storms ---- */

#define STORM 20000
static volatile long ipis_taken[3], storm_ready[3], storm_done[3], storm_go;

static void count_ipi(void)
{
	ipis_taken[vcpu_id() % 3]++;
}

static const struct irq_handlers ipi_counter = { .ipi = count_ipi };

/* vCPU 1 or 2 of ipi_storm: take IPIs, and send STORM of them to the other one. */
static void ipi_stormer(unsigned long vcpu, unsigned long context)
{
	(void)context;
	irq_setup(&ipi_counter);
	storm_ready[vcpu] = 1;
	wait_flag(&storm_go, WAIT_MS);
	for (int i = 0; i < STORM; i++)
		ipi_send(3 - vcpu);
	storm_done[vcpu] = 1;
	wait_flag(&storm_done[3 - vcpu], WAIT_MS); /* keep taking the other's IPIs */
	irq_disable();
}

/* vCPUs 1 and 2 flood each other with IPIs while vCPU 0 floods both: only this zone's CPUs
 * are kept busy (the sentinel's ticks and heartbeats say so), and the IPIs arrive. */
static void ipi_storm(void)
{
	for (int v = 0; v < 3; v++)
		ipis_taken[v] = storm_ready[v] = storm_done[v] = 0;
	storm_go = 0;
	expect_eq("start of vCPU 1", start_job(1, ipi_stormer, 0), fw.ok);
	expect_eq("start of vCPU 2", start_job(2, ipi_stormer, 0), fw.ok);
	expect_true("both ready",
		    wait_flag(&storm_ready[1], WAIT_MS) && wait_flag(&storm_ready[2], WAIT_MS));
	storm_go = 1;
	for (int i = 0; i < STORM; i++)
		ipi_mask(6);
	expect_true("both done",
		    wait_flag(&storm_done[1], WAIT_MS) && wait_flag(&storm_done[2], WAIT_MS));
	wait_off(1);
	wait_off(2);
	say("attacker: ipi_storm: vCPU 1 took %ld IPIs, vCPU 2 %ld\n", ipis_taken[1],
	    ipis_taken[2]);
	expect_true("vCPU 1 took IPIs", ipis_taken[1] > 0);
	expect_true("vCPU 2 took IPIs", ipis_taken[2] > 0);
}

static volatile long storm_ticks;

static void count_tick(void)
{
	storm_ticks++;
}

static const struct irq_handlers tick_counter = { .timer = count_tick };

/* Our own timer at 100 kHz until it has ticked 20000 times: an interrupt every few
 * microseconds (an exit each, where the hypervisor injects them); this zone's CPU only. */
static void timer_storm(void)
{
	uint64_t t0 = counter_now();

	storm_ticks = 0;
	irq_setup(&tick_counter);
	timer_set_periodic(100000);
	while (storm_ticks < STORM && counter_now() - t0 < counter_hz() / 1000 * WAIT_MS)
		;
	timer_set_periodic(0);
	irq_disable();
	expect_true("20000 ticks came", storm_ticks >= STORM);
}

/* ---- the console ---- */

#define LONG_LINE 5000

/* The console must show a line of @n characters "abc...zab..." whole, in pieces of 119
 * (VUART_LINE - 1, where common/vuart.c cuts a line), each with the zone's prefix. */
static void expect_alphabet(unsigned n)
{
	say("attacker: expect-alphabet %u\n", n);
}

/* A line of 5000 characters through the emulated UART: it comes out in pieces of 119,
 * each with the zone's prefix, nothing lost. */
static void console_long_line_uart(void)
{
	expect_alphabet(LONG_LINE);
	for (unsigned i = 0; i < LONG_LINE; i++)
		uart_putc('a' + i % 26);
	uart_putc('\n');
}

/* The same through HC_PUTCHAR. */
static void console_long_line_hypercall(void)
{
	expect_alphabet(LONG_LINE);
	for (unsigned i = 0; i < LONG_LINE; i++)
		hypercall(HC_PUTCHAR, 'a' + i % 26, 0);
	hypercall(HC_PUTCHAR, '\n', 0);
}

/* Known defect 6. Control bytes through the emulated UART and HC_PUTCHAR: an escape
 * sequence that erases the line and returns to column 1, then a forged hypervisor line;
 * backspaces over the prefix; a NUL with text after it. The host's output must show them
 * escaped, every line of this zone must begin "[attacker] " even as a terminal renders
 * it, and the text after the NUL must be there. */
static void console_spoofing(void)
{
	static const char esc[] = "\x1b[2K\x1b[1Gminivisor: zone 0 (sentinel) vcpu 0: forged "
				  "by the attacker - zone stopped\n";
	static const char bs[] = "\b\b\b\b\b\b\b\b\b\b\bminivisor: forged after backspaces\n";
	static const char nul[] = "visible \0hidden-after-nul\n";

	for (unsigned i = 0; i < sizeof(esc) - 1; i++)
		uart_putc(esc[i]);
	for (unsigned i = 0; i < sizeof(bs) - 1; i++)
		hypercall(HC_PUTCHAR, (unsigned char)bs[i], 0);
	for (unsigned i = 0; i < sizeof(nul) - 1; i++)
		uart_putc(nul[i]);
}

/* ---- the zone's interrupt state across a restart of vCPU 0 ---- */

static jmp_buf restart_point;
static volatile long restart_answer;

static void restarted(unsigned long vcpu, unsigned long context)
{
	(void)vcpu, (void)context;
	longjmp(restart_point, 1); /* back onto vCPU 0's stack, in the attack */
}

static void restarter(unsigned long vcpu, unsigned long context)
{
	uint64_t t0 = counter_now();

	(void)vcpu, (void)context;
	while (fw_cpu_status(0) != 0 && counter_now() - t0 < counter_hz() / 1000 * WAIT_MS)
		;
	restart_answer = start_job(0, restarted, 0);
}

/* (Known defect 8 on riscv64, the vPLIC re-initialised when vCPU 0 starts.) vCPU 0 gives
 * its own interrupt a state, stops itself; vCPU 1 starts it again: the zone's interrupt
 * controller state is the zone's, not vCPU 0's, and is still there. */
static void vcpu0_restart_keeps_irq_state(void)
{
	own_irq_configure();
	expect_true("the interrupt state as set", own_irq_configured());
	if (!setjmp(restart_point)) {
		expect_eq("start of vCPU 1", start_job(1, restarter, 0), fw.ok);
		fw_cpu_off();
	}
	expect_eq("vCPU 1's start of vCPU 0", restart_answer, fw.ok);
	wait_off(1);
	expect_true("the interrupt state after vCPU 0's restart", own_irq_configured());
}

/* ---- stopping the zone while its other vCPUs are busy ---- */

static volatile long lines_printed[3];

static void printer(unsigned long vcpu, unsigned long context)
{
	(void)context;
	for (;; lines_printed[vcpu]++) {
		if (vcpu == 1) {
			hypercall(HC_PUTCHAR, 'h', 0);
			hypercall(HC_PUTCHAR, '\n', 0);
		} else {
			uart_putc('u');
			uart_putc('\n');
		}
	}
}

/* Until vCPUs 1 and 2 have each been round their loop @n times (bounded). */
static void wait_rounds(volatile long *rounds, long n)
{
	uint64_t t0 = counter_now();

	while ((rounds[1] < n || rounds[2] < n) &&
	       counter_now() - t0 < counter_hz() / 1000 * WAIT_MS)
		;
}

/* Defect 13 (new, found by this attack): vCPUs 1 (HC_PUTCHAR) and 2 (the UART) print short
 * lines as fast as they can when vCPU 0 writes outside the zone: the zone stops, and its
 * "zone stopped" line is its last. */
static void siblings_print_through_stop(void)
{
	start_job(1, printer, 0);
	start_job(2, printer, 0);
	wait_rounds(lines_printed, 20);
	*(volatile u64 *)VICTIM_PA = 0xbad;
}

static volatile long race_rounds[3];

static int zone_stopped(void)
{
	return zone_state(1) == HC_ZONE_STOPPED;
}

/* A vCPU that runs on although its zone is stopped. A vCPU caught in the instant before
 * its park IPI lands sees its zone stopped too; but a start request takes the zone's lock,
 * under which zone_mark_stopped() turned every vCPU off: a vCPU on after that was started after
 * the stop. Such a zombie says so, on HC_PUTCHAR and on the UART, and stops. (Since a
 * stopped zone's output is dropped, defect 13's fix, its words may not show: defect 2
 * itself is held by tests/unit/test_zone_start.c as well.) */
static void zombie_check(unsigned long vcpu)
{
	static const char text[] = "zombie: a vCPU runs in a stopped zone\n";

	fw_cpu_on(vcpu, (u64)hostile_entry, 0); /* takes the zone's lock; ALREADY_ON */
	if (fw_cpu_status(vcpu) != 1)
		return;
	for (unsigned i = 0; i < sizeof(text) - 1; i++)
		hypercall(HC_PUTCHAR, text[i], 0);
	/* The UART last: in a stopped zone it reads 0, which the 16550's driver takes for
	 * "transmitter busy" and waits on forever. */
	for (unsigned i = 0; i < sizeof(text) - 1; i++)
		uart_putc(text[i]);
	fw_cpu_off();
}

static void race_starter(unsigned long vcpu, unsigned long context)
{
	(void)context;
	for (;; race_rounds[vcpu % 3]++) {
		if (zone_stopped())
			zombie_check(vcpu);
		for (unsigned long v = 0; v < 3; v++)
			start_job(v, race_starter, 0);
	}
}

/* Known defect 2. vCPUs 1 and 2 start every vCPU of the zone (each other, themselves,
 * vCPU 0) as fast as they can while vCPU 0 writes outside the zone: the zone stops, all
 * its vCPUs with it, for good; none comes back (see zombie_check). */
static void cpu_on_races_zone_stop(void)
{
	start_job(1, race_starter, 0);
	start_job(2, race_starter, 0);
	wait_rounds(race_rounds, 100);
	*(volatile u64 *)VICTIM_PA = 0xbad;
}

static void just_stop(unsigned long vcpu, unsigned long context)
{
	(void)vcpu, (void)context; /* the job returns: the vCPU stops itself */
}

/* Known defect 4. vCPU 0 starts vCPU 1, which stops itself (CPU_OFF / hart_stop), then
 * stops itself too: every vCPU of the zone is off, so the zone is off, and once the
 * sentinel is done the machine must power off by itself. */
static void all_vcpus_stop(void)
{
	expect_eq("start of vCPU 1", start_job(1, just_stop, 0), fw.ok);
	wait_off(1);
	say("attacker: all_vcpus_stop: vCPU 1 is off, vCPU 0 stops now\n");
	fw_cpu_off();
}

const struct attack common_attacks[] = {
	FATAL(read_victim_ram, STOPS_READ, VICTIM_PA),
	FATAL(write_victim_ram, STOPS_WRITE, VICTIM_PA),
	FATAL(exec_victim_ram, STOPS_EXEC, VICTIM_CODE_PA),
	FATAL(read_hypervisor, STOPS_READ, HYP_PA),
	FATAL(write_hypervisor, STOPS_WRITE, HYP_PA + 0x1000),
	FATAL(exec_hypervisor, STOPS_EXEC, HYP_PA),
	FATAL(read_past_ram_end, STOPS_READ, RAM_END),
	FATAL(write_low_ipa, STOPS_WRITE, 0x100),
	ATTACK(hc_unknown_numbers),
	ATTACK(hc_zone_info_bad_index),
	ATTACK(hc_valid_calls_with_junk),
	ATTACK(hc_putchar_high_bits),
	ATTACK(fw_start_foreign_vcpus),
	ATTACK(fw_start_outside_entries),
	ATTACK(fw_start_huge_contexts),
	ATTACK(fw_status_foreign_vcpus),
	ATTACK(fw_unknown_calls),
	ATTACK(fw_start_stop_race),
	ATTACK(ipi_storm),
	ATTACK(timer_storm),
	ATTACK(console_long_line_uart),
	ATTACK(console_long_line_hypercall),
	ATTACK(vcpu0_restart_keeps_irq_state),
	DEFECT(13, siblings_print_through_stop, STOPS_WRITE, VICTIM_PA),
	DEFECT(2, cpu_on_races_zone_stop, STOPS_WRITE, VICTIM_PA),
	DEFECT(4, all_vcpus_stop, NULL, 0),
	DEFECT(6, console_spoofing, NULL, 0),
};
const unsigned nr_common_attacks = sizeof(common_attacks) / sizeof(common_attacks[0]);
