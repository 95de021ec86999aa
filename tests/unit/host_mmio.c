/* A zone with one fake device behind DEVICE, for the MMIO completion tests: what
 * common/mmio.c finds through arch_mmio_emulate() on the host. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "host_mmio.h"

static struct zone_config cfg = { .console = CONSOLE_PASSTHROUGH };
static struct zone zone = { .cfg = &cfg, .state = ZONE_RUNNING };
struct per_cpu cpu = { .zone = &zone };
u64 device_reads;
u64 device_written;

bool arch_mmio_emulate(struct per_cpu *c, struct mmio_access *a)
{
	(void)c;
	if (a->addr != DEVICE)
		return false;
	if (a->write)
		device_written = a->value;
	else
		a->value = device_reads;
	return true;
}

bool uart_emulate(struct zone *z, struct mmio_access *a)
{
	(void)z, (void)a;
	fail_msg("the UART is the zone's own: never emulated here");
	return false;
}
