/* A broken scenario for tests: zone 1 shares a CPU and RAM with zone 0. Must be refused. */
#include "platform.h"
#include "zone_config.h"

IMAGE(hello_elf, "hello.elf");

const char scenario_name[] = "bad-overlap";

const struct zone_config zone_configs[] = {
	{
		.id = 0,
		.name = "first",
		.cpus = BIT(0),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(0), 64 * MiB, MEM_RWX } },
		.kernel = ELF_IMAGE(hello_elf, "hello.elf"),
	},
	{
		.id = 1,
		.name = "second",
		.cpus = BIT(1),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(0) + 32 * MiB, 64 * MiB, MEM_RWX } },
		.kernel = ELF_IMAGE(hello_elf, "hello.elf"),
	},
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
