/*
 * irq: timer ticks, IPIs and device interrupts in a zone. Built twice:
 *
 * ticker (default): two vCPUs each run a 100 Hz timer and print a tick line as each of
 *   TICKS ticks arrives; then vCPU 0 and vCPU 1 ping-pong IPIs; then vCPU 0 waits up to
 *   3 s for a line typed on the UART (receive interrupts) and echoes it.
 * flood (-DFLOOD): two vCPUs bounce IPIs as fast as they can for as long as the ticker
 *   zone (zone 0) runs, to show that a zone flooding interrupts does not starve another
 *   zone's timer. It floods for the ticker's whole run, however fast the host is, and for
 *   at least FLOOD_MIN IPIs (a ticker fed its input at once may end before vCPU 1 is up).
 *
 * Handlers only count; the vCPUs print from their main loops (printing takes a lock an
 * interrupted vCPU may hold).
 */
#include <stdio.h>
#include "guest.h"

#define HZ        100
#define TICKS     20
#define PINGPONGS 10
#define FLOOD_MIN 1000

static volatile unsigned ticks[2], ipis[2];
static volatile int rx_done, rx_len;
static char rx_line[80];

static unsigned long vcpu(void)
{
	return vcpu_id(); /* no exit: a tick costs the hypervisor nothing it need not do */
}

/* Sleep until @cond holds. Interrupts are masked between the test and the wfi: otherwise
 * the awaited interrupt could be taken right after the test, and the wfi would then wait
 * for the next one, which may never come. wfi wakes on a pending interrupt even when
 * masked (RISC-V privileged spec 3.3.3, Arm ARM WFI); unmasking takes it. */
#define wait_until(cond)                      \
	do {                                  \
		irq_disable();                \
		while (!(cond)) {             \
			wait_for_interrupt(); \
			irq_enable();         \
			irq_disable();        \
		}                             \
		irq_enable();                 \
	} while (0)

static void on_timer(void)
{
	ticks[vcpu()]++;
}

static void on_ipi(void)
{
	unsigned long v = vcpu();
	ipis[v]++;
#ifdef FLOOD
	ipi_send(!v); /* bounce it straight back */
#endif
}

static void on_uart_rx(char c)
{
	if (rx_done)
		return;
	if (c == '\r' || c == '\n') {
		rx_done = 1;
	} else if (rx_len < (int)sizeof(rx_line) - 1) {
		rx_line[rx_len++] = c;
	}
}

static const struct irq_handlers handlers = { on_timer, on_ipi, on_uart_rx, 0 };

#ifndef FLOOD
/* Each vCPU: TICKS ticks of its own timer, one line per tick. Ticks that arrive while a
 * line is being printed are not lost, only printed late: the lines name every tick, in
 * order, however fast the host runs the vCPU. */
static void count_ticks(unsigned long v)
{
	unsigned printed = 0;

	timer_set_periodic(HZ);
	while (printed < TICKS) {
		wait_until(ticks[v] != printed);
		while (printed < ticks[v] && printed < TICKS)
			say("tick vcpu %lu: %u\n", v, ++printed);
	}
	timer_set_periodic(0);
}

void secondary_main(unsigned long v)
{
	irq_setup(&handlers);
	count_ticks(v);
	/* Answer each ping from vCPU 0 with a pong. */
	for (unsigned n = 1; n <= PINGPONGS; n++) {
		wait_until(ipis[1] >= n);
		ipi_send(0);
	}
	cpu_stop();
}

static void ping_pong(void)
{
	for (unsigned n = 1; n <= PINGPONGS; n++) {
		ipi_send(1);
		wait_until(ipis[0] >= n);
	}
	say("irq: ipi ping-pong: %d round trips, vcpu 1 got %u, vcpu 0 got %u\n", PINGPONGS,
	    ipis[1], ipis[0]);
}

/* Up to 3 s (of vCPU 0's ticks) for a typed line. */
static void echo_a_line(void)
{
	unsigned start = ticks[0];

	uart_rx_enable();
	say("irq: type a line (3 s):\n");
	timer_set_periodic(HZ);
	while (!rx_done && ticks[0] - start < 3 * HZ)
		wait_for_interrupt();
	timer_set_periodic(0);
	irq_disable();
	if (rx_done)
		say("irq: echo: %s\n", rx_line);
	else
		say("irq: no line typed\n");
	irq_enable();
}

int main(void)
{
	say("hello from zone %ld: irq test\n", hypercall(HC_ZONE_ID, 0, 0));
	irq_setup(&handlers);
	long r = cpu_start(1);
	if (r)
		say("irq: cannot start vcpu 1: %s\n", firmware_error(r));
	count_ticks(0);
	ping_pong();
	echo_a_line();
	while (cpu_status(1) != 0)
		;
	say("irq: done, powering off\n");
	power_off();
}
#else
void secondary_main(unsigned long v)
{
	irq_setup(&handlers);
	ipi_send(!v); /* start the bouncing */
	for (;;)
		wait_for_interrupt();
}

int main(void)
{
	/* No greeting at the start: this zone's lines go through the hypervisor, which cannot
	 * keep them from interleaving with the ticker zone's (its UART is passed through). */
	irq_setup(&handlers);
	cpu_start(1);
	while (zone_state(0) == HC_ZONE_RUNNING || ipis[0] < FLOOD_MIN)
		delay_ms(10);
	irq_disable();
	say("hello from zone %ld: flooded IPIs while the ticker zone ran\n",
	    hypercall(HC_ZONE_ID, 0, 0));
	say("flood: %u IPIs taken on vcpu 0 (and as many sent)\n", ipis[0]);
	power_off();
}
#endif
