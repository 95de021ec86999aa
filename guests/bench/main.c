/*
 * bench: the cost of one exit, counted in guest-visible instructions under QEMU -icount
 * (deterministic: the same count every run). Runs N HC_NULL hypercalls and the firmware's
 * version call, and reports instructions per round trip, loop overhead subtracted.
 */
#include <stdio.h>
#include "guest.h"

#define N 1000

/* Instructions per HC_NULL round trip: guest hvc/ecall to the instruction after it. */
static unsigned long null_round_trip(void)
{
	unsigned long t0 = instructions();
	null_hypercall_loop(N, 1);
	unsigned long t1 = instructions();
	null_hypercall_loop(N, 0);
	unsigned long t2 = instructions();
	return ((t1 - t0) - (t2 - t1)) / N;
}

int main(void)
{
	counter_init();
	printf("bench: null hypercall round trip: %lu instructions\n", null_round_trip());
	unsigned long t0 = instructions();
	for (int i = 0; i < N; i++)
		firmware_version();
	unsigned long t1 = instructions();
	printf("bench: %s version call (C wrapper included): %lu instructions\n",
	       firmware_name(), (t1 - t0) / N);
	power_off();
}
