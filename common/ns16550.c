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
 * IIR (if source of interrupt)" resets it) or the next THR write. Nothing is ever
 * received: RDA and LSR.DR stay clear. The line follows IIR, and goes to the zone
 * through vuart_set_irq() (arch_vuart_irq()).
 */
static u8 iir(const struct vuart *u)
{
	u8 fifos = (u->fcr & FCR_ENABLE) ? IIR_FIFOS : 0;

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
		vuart_set_irq(z, !(iir(u) & IIR_NO_INT), kick);
		return true;
	}
	a->value = 0;
	if (off == UART_LSR) {
		a->value = LSR_THRE | LSR_TEMT; /* always ready to send, nothing received */
	} else if (off == UART_IIR) {
		a->value = iir(u);
		if ((a->value & 0x0f) == IIR_THRE)
			u->thre = false; /* reading it as the source clears it */
	} else if (off == UART_IER && !dlab) {
		a->value = u->ier;
	} else if (off == UART_LCR) {
		a->value = u->lcr;
	}
	vuart_set_irq(z, !(iir(u) & IIR_NO_INT), false);
	return true;
}
