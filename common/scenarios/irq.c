/*
 * SCENARIO=irq: interrupts in zones. "ticker" (2 vCPUs, owns the UART and its interrupt)
 * counts timer ticks on both vCPUs, ping-pongs IPIs and echoes a typed line; beside it
 * "flood" (2 vCPUs, emulated console) bounces IPIs as fast as it can. Ticker's ticks must
 * keep coming regardless.
 */
#include "platform.h"
#include "zone_config.h"

IMAGE(irq_elf, "irq.elf");
IMAGE(flood_elf, "flood.elf");

const char scenario_name[] = "irq";

const struct zone_config zone_configs[] = {
	{
		.id = 0,
		.name = "ticker",
		.cpus = BIT(0) | BIT(1),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(0), 64 * MiB, MEM_RWX } },
		.mmio = { { UART_BASE, UART_BASE, UART_SIZE, MEM_RW | MEM_IO } },
		.irqs = { UART_IRQ },
		.kernel = ELF_IMAGE(irq_elf, "irq.elf"),
		.console = CONSOLE_PASSTHROUGH,
	},
	{
		.id = 1,
		.name = "flood",
		.cpus = BIT(2) | BIT(3),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(1), 64 * MiB, MEM_RWX } },
		.kernel = ELF_IMAGE(flood_elf, "flood.elf"),
		.console = CONSOLE_EMULATED,
	},
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
