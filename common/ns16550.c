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

/*
 * The emulated 16550: a character written to THR is sent at once (THR and the transmitter
 * are always empty again), so a THRE interrupt is pending after each write and after
 * ETBEI is turned on, until an IIR read that reports it (PC16550D table IV: "reading the
 * IIR (if source of interrupt)" resets it) or the next THR write. What is typed for the
 * zone (vuart.c) waits in RBR: LSR.DR, and RDA (above THRE) while ERBFI is on. The line
 * follows IIR, and goes to the zone through vuart_set_irq() (arch_vuart_irq()).
 */
static u8 iir(const struct zone *z)
{
	const struct vuart *u = &z->vuart;
	u8 fifos = (u->fcr & FCR_ENABLE) ? IIR_FIFOS : 0;

	if ((u->ier & IER_ERBFI) && vuart_rx_ready(z))
		return fifos | IIR_RDA;
	if ((u->ier & IER_ETBEI) && u->thre)
		return fifos | IIR_THRE;
	return fifos | IIR_NO_INT;
}

bool uart_emulate(struct zone *z, struct mmio_access *a)
{
	u64 off = a->addr - UART_BASE;
	struct vuart *u = &z->vuart;
	bool dlab = u->lcr & LCR_DLAB, kick = false;

	if (off >= UART_REGS)
		return false;
	if (a->write) {
		u8 v = (u8)a->value;
		if (off == UART_THR && !dlab) {
			vuart_putc(z, (char)v);
			u->thre = true; /* sent at once: empty again */
			kick = true;
		} else if (off == UART_IER && !dlab) {
			if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI))
				u->thre = true; /* turned on with THR empty: THRE at once */
			u->ier = v & (IER_ERBFI | IER_ETBEI | 0x0c);
		} else if (off == UART_IIR) {
			u->fcr = v;
		} else if (off == UART_LCR) {
			u->lcr = v;
		} /* MCR, SCR, the divisor: accepted and ignored */
		vuart_set_irq(z, !(iir(z) & IIR_NO_INT), kick);
		return true;
	}
	a->value = 0;
	if (off == UART_THR && !dlab) {
		int c = vuart_rx_pop(z);
		a->value = c < 0 ? 0 : (u8)c;
	} else if (off == UART_LSR) {
		a->value =
			LSR_THRE | LSR_TEMT | (vuart_rx_ready(z) ? LSR_DR : 0); /* ready to send */
	} else if (off == UART_IIR) {
		a->value = iir(z);
		if ((a->value & 0x0f) == IIR_THRE)
			u->thre = false; /* reading it as the source clears it */
	} else if (off == UART_IER && !dlab) {
		a->value = u->ier;
	} else if (off == UART_LCR) {
		a->value = u->lcr;
	}
	vuart_set_irq(z, !(iir(z) & IIR_NO_INT), false);
	return true;
}

void uart_rx_update(struct zone *z)
{
	vuart_set_irq(z, !(iir(z) & IIR_NO_INT), true);
}

int uart_getc(void)
{
	if (!(read8(UART_BASE + UART_LSR) & LSR_DR))
		return -1;
	return read8(UART_BASE + UART_THR);
}

void uart_rx_irq_on(void)
{
	write8(UART_BASE + UART_IER, IER_ERBFI);
}
