/*
 * The 16550 UART (as in QEMU's virt machine, TI PC16550D data sheet): polled output for
 * the hypervisor, and the register model a zone sees when its UART is emulated. The
 * aarch64 twin is pl011.c.
 */
#include "console.h"
#include "io.h"
#include "mmio.h"
#include "ns16550.h"
#include "platform.h"
#include "vuart.h"
#include "zone.h"

void uart_putc(char c)
{
	if (c == '\n')
		uart_putc('\r');
	while (!(read8(UART_BASE + UART_LSR) & LSR_THRE))
		;
	write8(UART_BASE + UART_THR, (u8)c);
}

/* The one register a driver writes and expects back is LCR (and its DLAB bit): the zone's
 * vuart keeps it. */
bool uart_emulate(struct zone *z, struct mmio_access *a)
{
	u64 off = a->addr - UART_BASE;
	u8 *lcr = &z->vuart.lcr;

	if (off >= UART_REGS)
		return false;
	if (a->write) {
		if (off == UART_THR && !(*lcr & LCR_DLAB))
			vuart_putc(z, (char)a->value);
		else if (off == UART_LCR)
			*lcr = (u8)a->value;
		return true; /* IER, FCR, MCR, SCR, the divisor: accepted and ignored */
	}
	if (off == UART_LSR)
		a->value = LSR_THRE | LSR_TEMT; /* always ready to send, nothing received */
	else if (off == UART_IIR)
		a->value = IIR_NO_INT;
	else if (off == UART_LCR)
		a->value = *lcr;
	else
		a->value = 0;
	return true;
}
