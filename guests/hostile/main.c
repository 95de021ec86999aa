/*
 * attacker: the hostile zone of SCENARIO=hostile, 3 vCPUs beside the sentinel. What one
 * boot does is chosen before it by the selector (layout.h) that tests/hostile.py writes:
 *   0         every attack that must leave the zone running, in order, then power off
 *   n         attack n alone (1-based: common_attacks[], then arch_attacks[])
 *   SEL_LIST  print the attack table for tests/hostile.py, and power off
 *   SEL_FUZZ  random calls and device accesses (fuzz.c), seeded by selector word 1
 * Each attack says "begin" and, if the zone is still running after it, "ok", "FAILED" or,
 * for one that should have stopped the zone, "NOT STOPPED".
 */
#include <stdio.h>
#include "hostile.h"

#define SEL_LIST  0xffff
#define SEL_FUZZ  0x10000
#define MAX_VCPUS 3

void fuzz(uint64_t seed); /* fuzz.c */

static const char *current = "attacker"; /* the attack running, for its messages */
static int failed;

void expect_eq(const char *what, long got, long want)
{
	if (got == want)
		return;
	say("attacker: %s: %s: got %ld (0x%lx), want %ld\n", current, what, got, got, want);
	failed = 1;
}

void expect_true(const char *what, int ok)
{
	if (ok)
		return;
	say("attacker: %s: %s: NOT SO\n", current, what);
	failed = 1;
}

void expect_line(const char *text)
{
	say("attacker: expect-line %s\n", text);
}

/* ---- other vCPUs ---- */

static job_fn volatile jobs[MAX_VCPUS];

long start_job(unsigned long vcpu, job_fn job, unsigned long context)
{
	jobs[vcpu % MAX_VCPUS] = job;
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* the job before the vCPU that runs it */
	return fw_cpu_on(vcpu, (u64)hostile_entry, context);
}

/* <arch>.S hostile_entry, on a stack of the vCPU's own. */
void hostile_secondary(unsigned long vcpu, unsigned long context)
{
	job_fn job = jobs[vcpu % MAX_VCPUS];

	if (job)
		job(vcpu, context);
	fw_cpu_off();
}

static int waited_too_long(uint64_t start, unsigned ms)
{
	return counter_now() - start > counter_hz() / 1000 * ms;
}

void wait_off(unsigned long vcpu)
{
	uint64_t start = counter_now();

	while (fw_cpu_status(vcpu) != 0)
		if (waited_too_long(start, WAIT_MS)) {
			expect_true("the vCPU went off", 0);
			return;
		}
}

long wait_flag(volatile long *flag, unsigned ms)
{
	uint64_t start = counter_now();

	while (!*flag && !waited_too_long(start, ms))
		;
	return *flag;
}

uint64_t random64(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9e3779b97f4a7c15UL;

	x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dUL;
}

void fill_text(char *buf, unsigned long n, unsigned width)
{
	for (unsigned long i = 0; i < n; i++)
		buf[i] = i % (width + 1) == width ? '\n' : 'a' + i % 26;
}

/* ---- the table ---- */

static unsigned nr_attacks(void)
{
	return nr_common_attacks + nr_arch_attacks;
}

static const struct attack *attack_at(unsigned n)
{
	return n <= nr_common_attacks ? &common_attacks[n - 1]
				      : &arch_attacks[n - 1 - nr_common_attacks];
}

/* One line per attack: number, name, defect, the stop line's text or "-". */
static void list(void)
{
	char stops[160];

	for (unsigned n = 1; n <= nr_attacks(); n++) {
		const struct attack *a = attack_at(n);
		snprintf(stops, sizeof(stops), a->stops ? a->stops : "-", a->addr);
		say("attacker: list %u %s %d %s\n", n, a->name, a->defect, stops);
	}
}

static void run_attack(unsigned n)
{
	const struct attack *a = attack_at(n);

	current = a->name;
	failed = 0;
	say("attacker: attack %u %s: begin\n", n, a->name);
	a->run();
	if (a->stops)
		say("attacker: attack %u %s: NOT STOPPED\n", n, a->name);
	else
		say("attacker: attack %u %s: %s\n", n, a->name, failed ? "FAILED" : "ok");
	current = "attacker";
}

int main(void)
{
	u64 sel = SELECTOR(0);

	say("attacker: up in zone %ld, selector 0x%lx 0x%lx\n", hypercall(HC_ZONE_ID, 0, 0), sel,
	    SELECTOR(1));
	if (sel == SEL_LIST)
		list();
	else if (sel == SEL_FUZZ)
		fuzz(SELECTOR(1));
	else if (sel >= 1 && sel <= nr_attacks())
		run_attack(sel);
	else if (sel == 0)
		for (unsigned n = 1; n <= nr_attacks(); n++)
			if (!attack_at(n)->stops && !attack_at(n)->defect)
				run_attack(n);
	say("attacker: done\n");
	power_off();
}
