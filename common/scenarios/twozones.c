/*
 * SCENARIO=twozones: two zones side by side, two CPUs each, both running the smp guest:
 * each brings up its second vCPU, exchanges a message through its own memory and prints a
 * heartbeat. Both consoles are emulated UARTs: lines come out whole, prefixed by zone.
 */
#include "platform.h"
#include "zone_config.h"

IMAGE(smp_elf, "smp.elf");

const char scenario_name[] = "twozones";

#define SMP_ZONE(i, nm, cpu_mask, img, file)                                        \
	{                                                                           \
		.id = i, .name = nm, .cpus = cpu_mask,                              \
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(i), 64 * MiB, MEM_RWX } }, \
		.kernel = ELF_IMAGE(img, file), .console = CONSOLE_EMULATED,        \
	}

const struct zone_config zone_configs[] = {
	SMP_ZONE(0, "alpha", BIT(0) | BIT(1), smp_elf, "smp.elf"),
	SMP_ZONE(1, "beta", BIT(2) | BIT(3), smp_elf, "smp.elf"),
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
