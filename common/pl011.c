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
#include "zone.h"

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

/*
 * The emulated PL011: a character written to DR is sent at once, so the transmit interrupt
 * is raised by each DR write (as QEMU's model does) and stays raised until UARTICR clears
 * it. What is typed for the zone (vuart.c) waits in DR: RX is raised while there is some
 * (FR.RXFE clear). The line is UARTMIS != 0 (UARTINTR), and goes to the zone through
 * vuart_set_irq().
 */
static void sync_rx(struct zone *z)
{
	struct vuart *u = &z->vuart;

	u->ris = (u16)((u->ris & ~INT_RX) | (vuart_rx_ready(z) ? INT_RX : 0));
}

bool uart_emulate(struct zone *z, struct mmio_access *a)
{
	u64 off = a->addr - UART_BASE;
	struct vuart *u = &z->vuart;
	bool kick = false;

	if (a->write) {
		if (off == UART_DR) {
			vuart_putc(z, (char)a->value);
			u->ris |= INT_TX;
			kick = true;
		} else if (off == UART_IMSC) {
			u->imsc = (u16)(a->value & INT_ALL);
		} else if (off == UART_ICR) {
			u->ris &= (u16)~a->value;
		} /* control registers: accepted and ignored */
		sync_rx(z);
		vuart_set_irq(z, u->ris & u->imsc, kick);
		return true;
	}
	if (off == UART_DR) {
		int c = vuart_rx_pop(z);
		a->value = c < 0 ? 0 : (u8)c;
		sync_rx(z);
		vuart_set_irq(z, u->ris & u->imsc, false);
	} else if (off == UART_FR)
		a->value = FR_TXFE | (vuart_rx_ready(z) ? 0 : FR_RXFE); /* always ready to send */
	else if (off == UART_IMSC)
		a->value = u->imsc;
	else if (off == UART_RIS)
		a->value = u->ris;
	else if (off == UART_MIS)
		a->value = u->ris & u->imsc;
	else if (off >= UART_PERIPHID0 && off < UART_PERIPHID0 + 32 && (off & 3) == 0)
		a->value = pl011_ids[(off - UART_PERIPHID0) / 4];
	else
		a->value = 0;
	return true;
}

void uart_rx_update(struct zone *z)
{
	sync_rx(z);
	vuart_set_irq(z, z->vuart.ris & z->vuart.imsc, true);
}

int uart_getc(void)
{
	if (read32(UART_BASE + UART_FR) & FR_RXFE)
		return -1;
	return read32(UART_BASE + UART_DR) & 0xff;
}

void uart_rx_irq_on(void)
{
	write32(UART_BASE + UART_IMSC, INT_RX | INT_RT);
}
