/*
 * SCENARIO=containment: twozones, but zone 1 ("intruder") writes into zone 0's memory after
 * its SMP test. The hypervisor stops the intruder; zone 0 ("victim") waits for that stop,
 * then keeps its heartbeat and finds its memory intact.
 */
#include "platform.h"
#include "zone_config.h"

IMAGE(victim_elf, "victim.elf");
IMAGE(intruder_elf, "intruder.elf");

const char scenario_name[] = "containment";

const struct zone_config zone_configs[] = {
	{
		.id = 0,
		.name = "victim",
		.cpus = BIT(0) | BIT(1),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(0), 64 * MiB, MEM_RWX } },
		.kernel = ELF_IMAGE(victim_elf, "victim.elf"),
		.console = CONSOLE_EMULATED,
	},
	{
		.id = 1,
		.name = "intruder",
		.cpus = BIT(2) | BIT(3),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(1), 64 * MiB, MEM_RWX } },
		.kernel = ELF_IMAGE(intruder_elf, "intruder.elf"),
		.console = CONSOLE_EMULATED,
	},
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
