/*
 * sentinel: the victim zone of SCENARIO=hostile. It owns one vCPU and one interrupt, and
 * while the attacker zone runs beside it, it keeps
 *   - a 100 Hz timer, whose ticks it counts against its own counter's elapsed periods;
 *   - a heartbeat every 10 ticks, numbered, one line each;
 *   - its memory: the pattern loaded with its image (in place before anything ran) and
 *     the rest of its RAM, filled at start, checked on every beat and at the end;
 *   - its interrupt state: found at reset values, then set, then checked on every beat;
 *   - an eye on the attacker zone (HC_ZONE_INFO): once stopped or off it must stay so.
 * It goes on until the attacker zone is no longer running (and 3 beats more), or until
 * the bound in its selector word 0 (beats; 0: 3000), then prints what it saw and powers
 * off. tests/hostile.py reads these lines and judges them: the bounds live there.
 */
#include <stdio.h>
#include "guest.h"
#include "../hostile/layout.h"

#define TICK_HZ           100
#define BEAT_TICKS        10
#define BEATS_AFTER       3 /* beats after the attacker is seen stopped or off */
#define DEFAULT_MAX_BEATS 3000
#define ATTACKER_ZONE     1
#define RUNTIME_TAG       0xa5a5000000000000UL /* word at address a: RUNTIME_TAG ^ a */
#define SLICE_WORDS       (1UL << 17)          /* 1 MiB of the filled RAM per beat */

extern uint64_t sentinel_pattern[];          /* pattern.S */
extern char __stack_top[];                   /* guest.ld: the end of everything we use */
static volatile unsigned long ticks, ipis;   /* counted by the interrupt handlers */
static volatile uint64_t last_tick, max_gap; /* counter values */
static uint64_t fill_lo, fill_hi;            /* the runtime-filled RAM above the image */
static int memory_ok = 1, irq_ok = 1;

static void on_tick(void)
{
	uint64_t now = counter_now();

	if (last_tick && now - last_tick > max_gap)
		max_gap = now - last_tick;
	last_tick = now;
	ticks++;
}

static void on_ipi(void)
{
	ipis++; /* nobody in this zone sends one: any IPI came from outside */
}

static const struct irq_handlers handlers = { .timer = on_tick, .ipi = on_ipi };

/* ---- memory ---- */

static int pattern_intact(void)
{
	for (unsigned long i = 0; i < PATTERN_WORDS; i++)
		if (sentinel_pattern[i] != PATTERN_WORD(i)) {
			say("sentinel: pattern word %lu at IPA 0x%lx CHANGED: 0x%lx\n", i,
			    (unsigned long)&sentinel_pattern[i], sentinel_pattern[i]);
			return 0;
		}
	return 1;
}

/* The RAM the image does not use: below the pattern, and above the stacks up to the
 * selector. */
static void fill_ram(void)
{
	fill_lo = ((uint64_t)__stack_top + 0xffff) & ~0xffffUL;
	fill_hi = RAM_IPA + SELECTOR_OFF;
	for (uint64_t a = RAM_IPA; a < PATTERN_IPA; a += 8)
		*(volatile uint64_t *)a = RUNTIME_TAG ^ a;
	for (uint64_t a = fill_lo; a < fill_hi; a += 8)
		*(volatile uint64_t *)a = RUNTIME_TAG ^ a;
}

static int ram_intact(uint64_t lo, uint64_t hi)
{
	for (uint64_t a = lo; a < hi; a += 8)
		if (*(volatile uint64_t *)a != (RUNTIME_TAG ^ a)) {
			say("sentinel: RAM at IPA 0x%lx CHANGED: 0x%lx\n", a,
			    *(volatile uint64_t *)a);
			return 0;
		}
	return 1;
}

/* A different 1 MiB of the filled RAM on every beat. */
static int ram_slice_intact(unsigned beat)
{
	uint64_t slices = (fill_hi - fill_lo) / (SLICE_WORDS * 8);
	uint64_t lo = fill_lo + beat % slices * SLICE_WORDS * 8;

	return ram_intact(lo, lo + SLICE_WORDS * 8);
}

/* ---- the interrupt we own: the same registers an attacker would aim at ---- */

#if defined(__aarch64__)
#define GICD_ISENABLER(n) (GICD_IPA + 0x100 + 4 * ((n) / 32))
#define GICD_IPRIORITY(n) (GICD_IPA + 0x400 + 4 * ((n) / 4)) /* word access */
#define GICD_ICFGR(n)     (GICD_IPA + 0xc00 + 4 * ((n) / 16))
#define GICD_IROUTER(n)   (GICD_IPA + 0x6000 + 8 * (n))
#define GICR_ISENABLER0   (GICR_IPA + 0x10100) /* vCPU 0's SGI frame */
#define OUR_PRIORITY      0x40
#define OUR_GICR_ENABLES  ((1U << 27) | 0xffff) /* what irq_setup() enables */

static uint32_t rd32(uint64_t a)
{
	return *(volatile uint32_t *)a;
}

struct irq_state {
	uint32_t enabled, priority, config, gicr_enables;
	uint64_t route;
};

static struct irq_state irq_state(void)
{
	unsigned n = SENTINEL_IRQ;
	return (struct irq_state){
		rd32(GICD_ISENABLER(n)) >> (n % 32) & 1,
		rd32(GICD_IPRIORITY(n)) >> (8 * (n % 4)) & 0xff,
		rd32(GICD_ICFGR(n)) >> (2 * (n % 16)) & 3,
		rd32(GICR_ISENABLER0),
		*(volatile uint64_t *)GICD_IROUTER(n),
	};
}

/* Ours from now on: enabled, a priority, edge-triggered, routed to vCPU 0. */
static void irq_claim(void)
{
	unsigned n = SENTINEL_IRQ;
	*(volatile uint8_t *)(GICD_IPA + 0x400 + n) = OUR_PRIORITY;
	*(volatile uint32_t *)GICD_ICFGR(n) |= 2U << (2 * (n % 16));
	*(volatile uint64_t *)GICD_IROUTER(n) = 0;
	*(volatile uint32_t *)GICD_ISENABLER(n) = 1U << (n % 32);
}

static const struct irq_state reset_state = { 0, 0, 0, 0, 0 }; /* before irq_setup() */
static const struct irq_state our_state = { 1, OUR_PRIORITY, 2, OUR_GICR_ENABLES, 0 };

static int irq_state_is(const struct irq_state *want, const char *what)
{
	struct irq_state s = irq_state();

	if (s.enabled == want->enabled && s.priority == want->priority &&
	    s.config == want->config && s.gicr_enables == want->gicr_enables &&
	    s.route == want->route)
		return 1;
	say("sentinel: irq %d not %s: enabled %u priority 0x%x config %u route 0x%lx, "
	    "GICR enables 0x%x\n",
	    SENTINEL_IRQ, what, s.enabled, s.priority, s.config, s.route, s.gicr_enables);
	return 0;
}
#else
#define PLIC_PRIORITY(src) (PLIC_IPA + 4 * (src))
#define PLIC_ENABLE_CTX1   (PLIC_IPA + 0x2000 + 0x80 * 1) /* vCPU 0's S-mode context */
#define PLIC_THRESH_CTX1   (PLIC_IPA + 0x200000 + 0x1000 * 1)
#define OUR_PRIORITY       5
#define OUR_THRESHOLD      2

static uint32_t rd32(uint64_t a)
{
	return *(volatile uint32_t *)a;
}

struct irq_state {
	uint32_t enabled, priority, threshold;
};

static struct irq_state irq_state(void)
{
	return (struct irq_state){
		rd32(PLIC_ENABLE_CTX1) >> SENTINEL_IRQ & 1,
		rd32(PLIC_PRIORITY(SENTINEL_IRQ)),
		rd32(PLIC_THRESH_CTX1),
	};
}

static void irq_claim(void)
{
	*(volatile uint32_t *)PLIC_PRIORITY(SENTINEL_IRQ) = OUR_PRIORITY;
	*(volatile uint32_t *)PLIC_THRESH_CTX1 = OUR_THRESHOLD;
	*(volatile uint32_t *)PLIC_ENABLE_CTX1 = 1U << SENTINEL_IRQ;
}

static const struct irq_state reset_state = { 0, 0, 0 };
static const struct irq_state our_state = { 1, OUR_PRIORITY, OUR_THRESHOLD };

static int irq_state_is(const struct irq_state *want, const char *what)
{
	struct irq_state s = irq_state();

	if (s.enabled == want->enabled && s.priority == want->priority &&
	    s.threshold == want->threshold)
		return 1;
	say("sentinel: source %d not %s: enabled %u priority %u threshold %u\n", SENTINEL_IRQ, what,
	    s.enabled, s.priority, s.threshold);
	return 0;
}
#endif

/* ---- the watch ---- */

static const char *state_name(int s)
{
	return s == HC_ZONE_RUNNING ? "running" : s == HC_ZONE_STOPPED ? "stopped" : "off";
}

int main(void)
{
	uint64_t period = counter_hz() / TICK_HZ, start;
	unsigned long max_beats = SELECTOR(0) ? SELECTOR(0) : DEFAULT_MAX_BEATS;
	unsigned beat = 0, quiet_beats = 0;
	int seen_down = 0, ran_again = 0, attacker = HC_ZONE_RUNNING;

	say("sentinel: up in zone %ld, pattern at IPA 0x%lx (expected 0x%lx)\n",
	    hypercall(HC_ZONE_ID, 0, 0), (unsigned long)sentinel_pattern, PATTERN_IPA);
	memory_ok = (uint64_t)sentinel_pattern == PATTERN_IPA && pattern_intact();
	irq_ok = irq_state_is(&reset_state, "at its reset values");
	say("sentinel: preloaded pattern intact: %s, irq state at reset: %s\n",
	    memory_ok ? "yes" : "NO", irq_ok ? "yes" : "NO");
	fill_ram();
	irq_setup(&handlers);
	irq_claim();
	irq_ok &= irq_state_is(&our_state, "as set");
	start = counter_now();
	timer_set_periodic(TICK_HZ);
	for (unsigned long next = BEAT_TICKS;; next += BEAT_TICKS) {
		while (ticks < next)
			wait_for_interrupt();
		beat++;
		memory_ok &= pattern_intact() && ram_slice_intact(beat);
		irq_ok &= irq_state_is(&our_state, "as set");
		attacker = zone_state(ATTACKER_ZONE);
		if (attacker == HC_ZONE_RUNNING && seen_down)
			ran_again = 1; /* a stopped zone must stay stopped */
		seen_down |= attacker != HC_ZONE_RUNNING;
		quiet_beats += seen_down;
		say("sentinel: beat %u ticks %lu periods %lu gap %lu ipis %lu attacker %s\n", beat,
		    ticks, (counter_now() - start) / period, max_gap / period, ipis,
		    state_name(attacker));
		if (quiet_beats > BEATS_AFTER)
			break;
		if (beat >= max_beats) {
			say("sentinel: gave up waiting for the attacker after %u beats\n", beat);
			break;
		}
	}
	timer_set_periodic(0);
	memory_ok &= pattern_intact() && ram_intact(RAM_IPA, PATTERN_IPA) &&
		     ram_intact(fill_lo, fill_hi);
	say("sentinel: memory intact: %s\n", memory_ok ? "yes" : "NO");
	say("sentinel: irq state intact: %s\n", irq_ok ? "yes" : "NO");
	say("sentinel: done: beats %u ticks %lu periods %lu longest gap %lu ipis %lu attacker "
	    "%s ran again: %s\n",
	    beat, ticks, (counter_now() - start) / period, max_gap / period, ipis,
	    state_name(attacker), ran_again ? "YES" : "no");
	power_off();
}
