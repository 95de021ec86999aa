/* Emulated MMIO: find the device model behind a trapped guest access. */
#include "mmio.h"
#include "platform.h"
#include "zone.h"

bool mmio_emulate(struct per_cpu *cpu, struct mmio_access *a)
{
	struct zone *z = cpu->zone;

	/* A zone being stopped: its other vCPUs run until the park IPI lands. What they write
	 * in that instant is dropped, so no line follows the zone's "zone stopped". */
	if (z->state != ZONE_RUNNING) {
		a->value = 0;
		return true;
	}
	/* A zone that does not own the UART gets an emulated one at the same address. */
	if (z->cfg->console == CONSOLE_EMULATED && a->addr >= UART_BASE &&
	    a->addr < UART_BASE + UART_SIZE)
		return uart_emulate(z, a);
	return arch_mmio_emulate(cpu, a);
}
