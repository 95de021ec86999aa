/* Emulated MMIO: find the device model behind a trapped guest access. */
#include "mmio.h"
#include "platform.h"
#include "zone.h"

bool mmio_emulate(struct per_cpu *cpu, struct mmio_access *a)
{
	struct zone *z = cpu->zone;

	/* A zone that does not own the UART gets an emulated one at the same address. */
	if (z->cfg->console == CONSOLE_EMULATED && a->addr >= UART_BASE &&
	    a->addr < UART_BASE + UART_SIZE)
		return uart_emulate(z, a);
	return false;
}
