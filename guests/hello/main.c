/*
 * hello: the first bare-metal guest. It prints through the UART (passed through or
 * emulated: the same code either way), asks the hypervisor who it is, checks that its FP
 * registers survive hypercalls, and powers off through PSCI / SBI.
 */
#include <stdio.h>
#include "guest.h"

static void puts_hypercall(const char *s)
{
	while (*s)
		hypercall(HC_PUTCHAR, *s++, 0);
}

int main(void)
{
	long zone = hypercall(HC_ZONE_ID, 0, 0);
	long vcpu = hypercall(HC_VCPU_ID, 0, 0);

	printf("hello from zone %ld, vcpu %ld\n", zone, vcpu);
	long v = firmware_version();
	printf("hello: %s version %ld.%ld\n", firmware_name(), v >> 16, v & 0xffff);
	puts_hypercall("hello: this line went through HC_PUTCHAR\n");

	long n = hypercall(HC_ZONE_COUNT, 0, 0);
	for (long i = 0; i < n; i++) {
		long info = hypercall(HC_ZONE_INFO, i, 0);
		printf("hello: zone %ld: state %ld, %ld vCPU(s)\n", info >> 32,
		       (info >> 16) & 0xffff, info & 0xffff);
	}
	printf("hello: unknown hypercall -> %ld\n", hypercall(0xfff, 0, 0));

	/* The hypervisor must never touch the guest's FP/SIMD registers. */
	int intact = fp_survives_hypercalls(0x0123456789abcdefULL, 100);
	printf("hello: FP registers intact across 100 hypercalls: %s\n", intact ? "yes" : "NO");

	printf("hello: done, powering off\n");
	power_off();
}
