/*
 * bench: the cost of one exit, counted in guest-visible instructions under QEMU -icount
 * (deterministic: the same count every run). Runs N HC_NULL hypercalls and the firmware's
 * version call, and reports instructions per round trip, loop overhead subtracted.
 */
#include <stdio.h>
#include "guest.h"

#define N 1000

/* Instructions the counter says @n turns of the empty loop take. */
static unsigned long empty_loop(unsigned long n)
{
	unsigned long t0 = instructions();
	null_hypercall_loop(n, 0);
	return instructions() - t0;
}

/* Does the counter count instructions? Then n more turns of a loop of fixed length cost
 * exactly n times that length, the same the first time and the second, whatever the host. */
static int counting_instructions(void)
{
	unsigned long a = empty_loop(N), b = empty_loop(2 * N), c = empty_loop(3 * N);
	return b - a == c - b && (b - a) % N == 0 && b > a;
}

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
	if (!counting_instructions()) {
		printf("bench: this counter is not counting instructions: QEMU runs without "
		       "-icount shift=0, so no count is printed (run make bench-aarch64 or "
		       "make bench-riscv)\n");
		power_off();
	}
	printf("bench: null hypercall round trip: %lu instructions\n", null_round_trip());
	unsigned long t0 = instructions();
	for (int i = 0; i < N; i++)
		firmware_version();
	unsigned long t1 = instructions();
	printf("bench: %s version call (C wrapper included): %lu instructions\n", firmware_name(),
	       (t1 - t0) / N);
	power_off();
}
