/*
 * SCENARIO=gic (aarch64 only): what a guest reads from its GICv3 and its timers.
 * "timerlevel" checks that a timer interrupt whose line dropped is not delivered,
 * "gicstate" reads and changes pending and active state in its redistributor, "ptimer"
 * takes an interrupt from the EL1 physical timer. Each prints its checks on its emulated
 * console and powers off (guests/gicv3/main.c).
 */
#include "bare_zone.h"

IMAGE(timerlevel_elf, "timerlevel.elf");
IMAGE(gicstate_elf, "gicstate.elf");
IMAGE(ptimer_elf, "ptimer.elf");

const char scenario_name[] = "gic";

const struct zone_config zone_configs[] = {
	BARE_ZONE(0, "timerlevel", timerlevel_elf, "timerlevel.elf"),
	BARE_ZONE(1, "gicstate", gicstate_elf, "gicstate.elf"),
	BARE_ZONE(2, "ptimer", ptimer_elf, "ptimer.elf"),
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
