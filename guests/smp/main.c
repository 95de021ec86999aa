/*
 * smp: a zone with two vCPUs. vCPU 0 brings vCPU 1 up through the firmware (PSCI CPU_ON /
 * SBI HSM hart_start), they exchange a message through the zone's own memory, vCPU 1 stops
 * itself, and vCPU 0 prints a heartbeat. Along the way it checks the hypervisor refuses what
 * it must: starting a vCPU twice, or one outside the zone.
 *
 * Built a second time with -DINTRUDER: after the SMP test it writes into another zone's
 * memory, which must stop this zone and no other. Built a third time with -DVICTIM: the
 * intruder's target, which beats only once the intruder (zone 1) has been stopped, so every
 * heartbeat shows the victim running on after the attack, however the host schedules them.
 */
#include <stdio.h>
#include "guest.h"

#define HEARTBEATS    6
#define PATTERN_WORDS 4096

static volatile unsigned long mailbox, reply;
static volatile int keep_running;            /* vCPU 1 spins instead of stopping (intruder) */
static unsigned long pattern[PATTERN_WORDS]; /* checked at the end: nobody else wrote it */
static long zone;

void secondary_main(unsigned long vcpu)
{
	say("smp: vcpu %lu up (the hypervisor says vcpu %ld)\n", vcpu, hypercall(HC_VCPU_ID, 0, 0));
	while (!mailbox)
		;
	reply = mailbox + 1;
	while (keep_running)
		; /* the hypervisor must take this vCPU down with its zone */
	cpu_stop();
}

static void fill_pattern(void)
{
	for (unsigned i = 0; i < PATTERN_WORDS; i++)
		pattern[i] = (unsigned long)zone << 32 | i;
}

static int pattern_intact(void)
{
	for (unsigned i = 0; i < PATTERN_WORDS; i++)
		if (pattern[i] != ((unsigned long)zone << 32 | i))
			return 0;
	return 1;
}

static void smp_test(void)
{
	long r = cpu_start(1);
	say("smp: start vcpu 1 -> %s (%ld)\n", firmware_error(r), r);
	r = cpu_start(1);
	say("smp: start vcpu 1 again -> %s (%ld)\n", firmware_error(r), r);
	r = cpu_start(2);
	say("smp: start vcpu 2, not in this zone -> %s (%ld)\n", firmware_error(r), r);

	unsigned long msg = 0x5a00 + zone;
	mailbox = msg;
	while (!reply)
		;
	say("smp: message exchanged: sent 0x%lx, got 0x%lx: %s\n", msg, reply,
	    reply == msg + 1 ? "ok" : "WRONG");
	while (cpu_status(1) != 0)
		;
	say("smp: vcpu 1 is off again\n");
}

int main(void)
{
	zone = hypercall(HC_ZONE_ID, 0, 0);
	say("hello from zone %ld: smp test on vcpu %ld\n", zone, hypercall(HC_VCPU_ID, 0, 0));
	fill_pattern();
	smp_test();
#ifdef INTRUDER
	keep_running = 1;
	long r = cpu_start(1);
	say("intruder: vcpu 1 started again (%s), spinning\n", firmware_error(r));
	say("intruder: writing into another zone's memory\n");
	write_outside_zone();
	say("intruder: the write went through - isolation is broken\n");
#endif
#ifdef VICTIM
	for (unsigned ms = 0; zone_state(1) == HC_ZONE_RUNNING && ms < 30000; ms += 10)
		delay_ms(10); /* bounded: if the attack is never caught, say so below */
	say("victim: zone 1 %s\n",
	    zone_state(1) == HC_ZONE_STOPPED ? "has been stopped" : "is STILL RUNNING");
#endif
	for (int i = 1; i <= HEARTBEATS; i++) {
		delay_ms(20);
		say("smp: zone %ld heartbeat %d\n", zone, i);
	}
	say("smp: memory intact: %s\n", pattern_intact() ? "yes" : "NO");
	say("smp: done, powering off\n");
	power_off();
}
