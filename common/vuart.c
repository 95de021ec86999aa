/*
 * The emulated UART's two sides, for the register models (pl011.c / ns16550.c).
 *
 * Output: whole lines, prefixed with the zone's name, so zones never interleave mid-line.
 * The zone with the console's focus (zone_config.console_focus) is shown as it writes, a
 * prompt without its newline too; when another line must be printed meanwhile, the
 * focus zone's unfinished one is ended there and shown again whole, prefix and all, when
 * it goes on. Control characters are shown escaped (^X), so no zone can move the cursor
 * or forge another's prefix: only TAB passes, BS erases a character of the zone's own
 * line, CR is dropped (LF ends the line), and CSI sequences (ESC [ ... final byte, such as
 * busybox's cursor position query ESC[6n) are dropped whole.
 *
 * Input: when no zone owns the physical UART, the hypervisor takes its receive
 * interrupt, on the CPU of the focus zone's vCPU 0, and hands what is typed to the focus
 * zone's UART. Ctrl-] then a zone's id moves the focus to that zone (one with an emulated
 * console); Ctrl-] twice sends one Ctrl-].
 */
#include "arch.h"
#include "console.h"
#include "zone.h"

#define CTRL_RBRACKET 0x1d
#define ESC           0x1b

static struct zone *focus;     /* where input goes and output shows at once; NULL: none */
static struct zone *open_zone; /* whose unfinished line is on the screen (console lock) */

/* The console lock held: another line is about to be printed; end the open one. Its zone
 * prints it again whole when it goes on. */
static void close_open_line(void)
{
	uart_putc('\n');
	open_zone->vuart.shown = 0;
	open_zone = NULL;
}

/* The focus zone's line as far as it goes (@end: and its end), under the zone's lock. */
static void show(struct zone *z, bool end)
{
	struct vuart *u = &z->vuart;

	console_lock();
	if (open_zone != z) {
		printk_locked("[%s] ", z->cfg->name); /* ends any other open line first */
		u->shown = 0;
	}
	for (; u->shown < u->len; u->shown++)
		uart_putc(u->line[u->shown]);
	if (end) {
		uart_putc('\n');
		u->shown = 0;
		open_zone = NULL;
		console_set_open_line(NULL);
	} else {
		open_zone = z;
		console_set_open_line(close_open_line);
	}
	console_unlock();
}

static void vuart_flush(struct zone *z)
{
	if (z == focus) {
		show(z, true);
	} else {
		z->vuart.line[z->vuart.len] = '\0';
		printk("[%s] %s\n", z->cfg->name, z->vuart.line);
	}
	z->vuart.len = 0;
}

/* Backspace: the zone's own last character, never its prefix. */
static void erase(struct zone *z)
{
	struct vuart *u = &z->vuart;

	if (!u->len)
		return;
	u->len--;
	if (u->shown > u->len) {
		console_lock();
		if (open_zone == z)
			uart_putc('\b');
		console_unlock();
		u->shown = u->len;
	}
}

/* One character into the line, as it is to be shown; false if nothing is to be shown. */
static bool add(struct zone *z, char c)
{
	struct vuart *u = &z->vuart;
	u8 b = (u8)c;

	if (u->esc == 2) { /* in a CSI sequence: parameters, then the final byte ends it */
		if (b >= 0x40 && b <= 0x7e)
			u->esc = 0;
		return false;
	}
	if (u->esc == 1) {
		u->esc = 0;
		if (c == '[') {
			u->esc = 2;
			return false;
		}
		u->line[u->len++] = '^';
		u->line[u->len++] = '[';
	}
	if (b == ESC) {
		u->esc = 1;
		return false;
	}
	if (c == '\r')
		return false;
	if (c == '\b') {
		erase(z);
		return false;
	}
	if ((b < 0x20 && c != '\t') || b == 0x7f) {
		u->line[u->len++] = '^';
		u->line[u->len++] = (char)(b ^ 0x40);
	} else {
		u->line[u->len++] = c;
	}
	return true;
}

void vuart_putc(struct zone *z, char c)
{
	spin_lock(&z->lock);            /* the zone's vCPUs share one line buffer */
	if (z->state != ZONE_RUNNING) { /* its stop line was its last (zone_mark_stopped) */
		spin_unlock(&z->lock);
		return;
	}
	if (c == '\n')
		vuart_flush(z);
	else if (add(z, c) && z->vuart.len >= VUART_LINE - 4) /* too long: print in pieces */
		vuart_flush(z);
	else if (z == focus && z->vuart.shown < z->vuart.len)
		show(z, false);
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
	if (z->state == ZONE_RUNNING) /* its stop line, printed under this lock, was its last */
		uart_putc(c);
	console_unlock();
}

void vuart_set_irq(struct zone *z, bool line, bool kick)
{
	bool rose = line && !z->vuart.irq_out;

	z->vuart.irq_out = line;
	if (line && (rose || kick))
		arch_vuart_irq(this_cpu(), z);
}

/* ---- input ---- */

bool vuart_rx_ready(const struct zone *z)
{
	return z->vuart.rx_head != z->vuart.rx_tail;
}

int vuart_rx_pop(struct zone *z)
{
	struct vuart *u = &z->vuart;
	int c = -1;

	spin_lock(&z->lock);
	if (u->rx_head != u->rx_tail)
		c = u->rx[u->rx_head++ % VUART_RX];
	spin_unlock(&z->lock);
	return c;
}

static void deliver(struct zone *z, u8 c)
{
	struct vuart *u;

	if (!z || z->state != ZONE_RUNNING)
		return;
	u = &z->vuart;
	spin_lock(&z->lock);
	if (u->rx_tail - u->rx_head < VUART_RX)
		u->rx[u->rx_tail++ % VUART_RX] = c;
	else
		u->rx_lost++; /* full: lost, counted for the summary */
	spin_unlock(&z->lock);
	uart_rx_update(z);
}

void console_input_init(struct per_cpu *cpu)
{
	if (cpu->zone != focus || cpu->vcpu_id != 0 || irq_owner(UART_IRQ))
		return;
	uart_rx_irq_on();
	arch_console_irq_to(cpu->arch.cpuid);
}

static void switch_focus(u8 digit)
{
	for (u32 i = 0; i < nr_zone_configs; i++) {
		struct zone *z = &zones[i];
		if (z->cfg->id != (u32)(digit - '0') || z->cfg->console != CONSOLE_EMULATED)
			continue;
		printk("minivisor: console focus: zone %u (%s)\n", z->cfg->id, z->cfg->name);
		focus = z;
		arch_console_irq_to(z->vcpus[0]->arch.cpuid);
		return;
	}
}

bool console_irq(struct per_cpu *cpu)
{
	static bool ctrl; /* Ctrl-] came: the next character chooses the focus */
	int c;

	(void)cpu;
	if (irq_owner(UART_IRQ))
		return false;
	while ((c = uart_getc()) >= 0) {
		if (ctrl) {
			ctrl = false;
			if (c >= '0' && c <= '9') {
				switch_focus((u8)c);
				continue;
			}
		} else if (c == CTRL_RBRACKET) {
			ctrl = true;
			continue;
		}
		deliver(focus, (u8)c);
	}
	return true;
}

/* zones_init: the focus zone of the scenario, if any. */
void vuart_init(void)
{
	for (u32 i = 0; i < nr_zone_configs; i++)
		if (zones[i].cfg && zones[i].cfg->console_focus)
			focus = &zones[i];
}
