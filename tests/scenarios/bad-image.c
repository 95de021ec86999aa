/* A broken scenario for tests: the kernel "ELF" is a device tree. Must be refused. */
#include "platform.h"
#include "zone_config.h"

IMAGE(not_an_elf, "hello-" ARCH_NAME ".dtb");

const char scenario_name[] = "bad-image";

const struct zone_config zone_configs[] = {
	{
		.id = 0,
		.name = "broken",
		.cpus = BIT(0),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(0), 64 * MiB, MEM_RWX } },
		.kernel = ELF_IMAGE(not_an_elf, "hello.dtb"),
	},
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
