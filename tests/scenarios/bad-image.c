/* A broken scenario for tests: the kernel "ELF" is a device tree (the zone's own, which
 * tools/gen_dts.c writes as broken.dts). Must be refused. */
#include "platform.h"
#include "zone_config.h"

IMAGE(not_an_elf, "broken.dtb");

const char scenario_name[] = "bad-image";

const struct zone_config zone_configs[] = {
	{
		.id = 0,
		.name = "broken",
		.cpus = BIT(0),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(0), 64 * MiB, MEM_RWX } },
		.kernel = ELF_IMAGE(not_an_elf, "broken.dtb"),
		.dtb = RAW_IMAGE(not_an_elf, "broken.dtb", GUEST_RAM_BASE),
	},
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
