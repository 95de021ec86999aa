/*
 * SCENARIO=hostile (make test-hostile): a victim and an attacker side by side. "sentinel"
 * (1 vCPU) keeps a timer ticking and a heartbeat, and checks its memory and its
 * interrupt state on every beat; "attacker" (3 vCPUs) tries to break out of its zone, one
 * attack or all the harmless ones per boot, as the selector the test writes into its RAM
 * says (guests/hostile/layout.h). Each owns one interrupt, so the attacker has a
 * foreign one to aim at: the RTC's line (PL031 SPI 2 / goldfish RTC source 11) and the one
 * after it (PCIe INTA, SPI 3, with no PCI device / source 12, no device), neither of which
 * ever fires here. Not the UART's: each emulated console's UART_IRQ is a virtual source of
 * its own zone (arch_vuart_irq).
 */
#include "platform.h"
#include "zone_config.h"

IMAGE(sentinel_elf, "sentinel.elf");
IMAGE(attacker_elf, "attacker.elf");

const char scenario_name[] = "hostile";

const struct zone_config zone_configs[] = {
	{
		.id = 0,
		.name = "sentinel",
		.cpus = BIT(0),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(0), 64 * MiB, MEM_RWX } },
		.irqs = { UART_IRQ + 1 },
		.kernel = ELF_IMAGE(sentinel_elf, "sentinel.elf"),
		.console = CONSOLE_EMULATED,
	},
	{
		.id = 1,
		.name = "attacker",
		.cpus = BIT(1) | BIT(2) | BIT(3),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(1), 64 * MiB, MEM_RWX } },
		.irqs = { UART_IRQ + 2 },
		.kernel = ELF_IMAGE(attacker_elf, "attacker.elf"),
		.console = CONSOLE_EMULATED,
	},
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
