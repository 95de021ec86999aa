/*
 * The Arm PL011 UART (ARM DDI 0183): polled output for the hypervisor, and the register
 * model a zone sees when its UART is emulated. The riscv64 twin is ns16550.c.
 */
#include "console.h"
#include "io.h"
#include "mmio.h"
#include "pl011.h"
#include "platform.h"
#include "vuart.h"

void uart_putc(char c)
{
	if (c == '\n')
		uart_putc('\r');
	while (read32(UART_BASE + UART_FR) & FR_TXFF)
		;
	write32(UART_BASE + UART_DR, (u8)c);
}

/* PL011 r1p5 ids at 0xfe0..0xffc, as the real device reports them. */
static const u8 pl011_ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

bool uart_emulate(struct zone *z, struct mmio_access *a)
{
	u64 off = a->addr - UART_BASE;

	if (a->write) {
		if (off == UART_DR)
			vuart_putc(z, (char)a->value);
		return true; /* control registers: accepted and ignored */
	}
	if (off == UART_FR)
		a->value = FR_TXFE | FR_RXFE; /* always ready to send, nothing to receive */
	else if (off >= UART_PERIPHID0 && off < UART_PERIPHID0 + 32 && (off & 3) == 0)
		a->value = pl011_ids[(off - UART_PERIPHID0) / 4];
	else
		a->value = 0;
	return true;
}
