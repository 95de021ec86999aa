/*
 * SCENARIO=bench (make bench-aarch64 / bench-riscv): one zone on CPU 0 running the bench
 * guest under -icount, which counts what one exit costs in instructions.
 */
#include "platform.h"
#include "zone_config.h"

IMAGE(bench_elf, "bench.elf");

const char scenario_name[] = "bench";

const struct zone_config zone_configs[] = {
	{
		.id = 0,
		.name = "bench",
		.cpus = BIT(0),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(0), 64 * MiB, MEM_RWX } },
		.mmio = { { UART_BASE, UART_BASE, UART_SIZE, MEM_RW | MEM_IO } },
		.kernel = ELF_IMAGE(bench_elf, "bench.elf"),
		.console = CONSOLE_PASSTHROUGH,
	},
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
