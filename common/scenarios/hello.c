/*
 * SCENARIO=hello: one zone, one vCPU on CPU 0, running the hello guest. It owns the UART
 * (passed through), so its lines appear as it writes them.
 */
#include "platform.h"
#include "zone_config.h"

IMAGE(hello_elf, "hello.elf");
PLACED_IMAGE(hello_dtb, "hello-" ARCH_NAME ".dtb");

const char scenario_name[] = "hello";

const struct zone_config zone_configs[] = {
	{
		.id = 0,
		.name = "hello",
		.cpus = BIT(0),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(0), 64 * MiB, MEM_RWX } },
		.mmio = { { UART_BASE, UART_BASE, UART_SIZE, MEM_RW | MEM_IO } },
		.irqs = { UART_IRQ },
		.kernel = ELF_IMAGE(hello_elf, "hello.elf"),
		.dtb = RAW_IMAGE(hello_dtb, "hello.dtb", GUEST_RAM_BASE),
		.console = CONSOLE_PASSTHROUGH,
	},
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
