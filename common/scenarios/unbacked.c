/*
 * SCENARIO=unbacked: the same guest (guests/unbacked/main.c) twice, loading from, storing
 * to and calling a guest-physical address with nothing behind it. In "stopped" (the
 * default) the hypervisor reports the first access and stops the zone; "aborted" asks for
 * what hardware does (UNBACKED_ABORT): each access is a fault the guest takes through its
 * own vector and reports.
 */
#include "bare_zone.h"

IMAGE(unbacked_elf, "unbacked.elf");

const char scenario_name[] = "unbacked";

const struct zone_config zone_configs[] = {
	BARE_ZONE(0, "stopped", unbacked_elf, "unbacked.elf"),
	BARE_ZONE(1, "aborted", unbacked_elf, "unbacked.elf", .unbacked = UNBACKED_ABORT),
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
