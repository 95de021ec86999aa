/* The emulated UART's output side: whole lines, prefixed with the zone's name. */
#include "arch.h"
#include "console.h"
#include "zone.h"

static void vuart_flush(struct zone *z)
{
	z->vuart.line[z->vuart.len] = '\0';
	printk("[%s] %s\n", z->cfg->name, z->vuart.line);
	z->vuart.len = 0;
}

void vuart_putc(struct zone *z, char c)
{
	spin_lock(&z->lock); /* the zone's vCPUs share one line buffer */
	if (c == '\n')
		vuart_flush(z);
	else if (c != '\r')
		z->vuart.line[z->vuart.len++] = c;
	if (z->vuart.len == VUART_LINE - 1) /* a line too long: print it in pieces */
		vuart_flush(z);
	spin_unlock(&z->lock);
}

/* A character from the zone's console hypercall: to the UART it owns, or to its line. */
void zone_console_putc(struct zone *z, char c)
{
	if (z->cfg->console == CONSOLE_EMULATED) {
		vuart_putc(z, c);
		return;
	}
	console_lock();
	uart_putc(c);
	console_unlock();
}

void vuart_set_irq(struct zone *z, bool line, bool kick)
{
	bool rose = line && !z->vuart.irq_out;

	z->vuart.irq_out = line;
	if (line && (rose || kick))
		arch_vuart_irq(this_cpu());
}
