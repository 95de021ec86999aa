/* The part of the guest library both architectures share: stdio on the UART. */
#include <stdio.h>
#include "guest.h"

/* picolibc's stdio: every printf character goes to the UART. */
static int stdout_put(char c, FILE *f)
{
	(void)f;
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
	return (unsigned char)c;
}

static FILE guest_stdout = FDEV_SETUP_STREAM(stdout_put, NULL, NULL, _FDEV_SETUP_WRITE);
FILE *const stdout = &guest_stdout;
FILE *const stderr = &guest_stdout;

static volatile int print_lock;

void guest_lock(void)
{
	while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
		;
}

void guest_unlock(void)
{
	__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
}

/* A program that starts no other vCPU needs no secondary_main of its own. */
__attribute__((weak)) void secondary_main(unsigned long vcpu)
{
	(void)vcpu;
	cpu_stop();
}

/* The state of the scenario's @index-th zone (HC_ZONE_OFF, _RUNNING, _STOPPED). */
int zone_state(unsigned long index)
{
	long info = hypercall(HC_ZONE_INFO, index, 0);
	return info < 0 ? (int)info : (int)(info >> 16 & 0xffff);
}
