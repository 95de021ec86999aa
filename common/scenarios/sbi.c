/*
 * SCENARIO=sbi (riscv64 only): what a guest reads from its SBI. "suspend" suspends its
 * hart (HSM hart_suspend, retentive and non-retentive) and checks how it comes back;
 * "probe" checks that the spec version and the probe answers agree with what answers;
 * "sip" shows what sip says of a pending timer interrupt (QEMU 7.2 with Sstc: nothing).
 * Each prints its checks on its emulated console and powers off (guests/sbi/main.c).
 */
#include "bare_zone.h"

IMAGE(suspend_elf, "suspend.elf");
IMAGE(probe_elf, "probe.elf");
IMAGE(sip_elf, "sip.elf");

const char scenario_name[] = "sbi";

const struct zone_config zone_configs[] = {
	{
		.id = 0,
		.name = "suspend",
		.cpus = BIT(0) | BIT(3), /* vCPU 1 suspends until vCPU 0 wakes it */
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(0), 64 * MiB, MEM_RWX } },
		.kernel = ELF_IMAGE(suspend_elf, "suspend.elf"),
		.console = CONSOLE_EMULATED,
	},
	BARE_ZONE(1, "probe", probe_elf, "probe.elf"),
	BARE_ZONE(2, "sip", sip_elf, "sip.elf"),
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
