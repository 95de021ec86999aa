/*
 * beat: a bare-metal zone that keeps another zone company. It prints "heartbeat N" about
 * once a second for as long as any other zone of the scenario runs, so its lines show it
 * running beside that zone (a Linux zone in SCENARIO=linux). When every other zone is off
 * it powers its own zone off: the last zone off powers the machine off, so a `poweroff`
 * in the other zone ends the whole run.
 */
#include <stdio.h>
#include "guest.h"

#define BEAT_MS 1000
#define POLL_MS 10 /* how soon after the others are off this zone follows */

/* Does a zone other than ours (zone id @self) still run? */
static int others_running(long self)
{
	long n = hypercall(HC_ZONE_COUNT, 0, 0);

	for (long i = 0; i < n; i++) {
		long info = hypercall(HC_ZONE_INFO, i, 0); /* (id << 32) | (state << 16) | ... */
		if (info >= 0 && info >> 32 != self && (info >> 16 & 0xffff) == HC_ZONE_RUNNING)
			return 1;
	}
	return 0;
}

int main(void)
{
	long self = hypercall(HC_ZONE_ID, 0, 0);

	printf("beat: zone %ld, a heartbeat every second while another zone runs\n", self);
	for (int n = 1; others_running(self); n++) {
		printf("heartbeat %d\n", n);
		for (int ms = 0; ms < BEAT_MS && others_running(self); ms += POLL_MS)
			delay_ms(POLL_MS);
	}
	printf("beat: every other zone is off, powering off\n");
	power_off();
}
