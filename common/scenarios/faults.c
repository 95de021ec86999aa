/*
 * SCENARIO=faults: three zones side by side. "hello" runs to completion while "oob" writes
 * outside its memory and "undef" executes an undefined instruction: each faulty zone is
 * reported and stopped, and hello never notices. All consoles are emulated, so the
 * hypervisor prints each zone's lines whole, prefixed with its name.
 */
#include "bare_zone.h"

IMAGE(hello_elf, "hello.elf");
IMAGE(oob_elf, "oob.elf");
IMAGE(undef_elf, "undef.elf");

const char scenario_name[] = "faults";

const struct zone_config zone_configs[] = {
	BARE_ZONE(0, "hello", hello_elf, "hello.elf"),
	BARE_ZONE(1, "oob", oob_elf, "oob.elf"),
	BARE_ZONE(2, "undef", undef_elf, "undef.elf"),
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
