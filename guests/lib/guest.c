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
