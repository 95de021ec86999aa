/* build: common/zone_config.c */
/*
 * Scenario checks: a valid two-zone scenario passes, and each mistake a scenario file can
 * make is refused with a message naming the zone and the field.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "zone_config.h"

/* A QEMU virt-like machine: 1 GiB of RAM at 1 GiB, the hypervisor in its first 256 MiB. */
static const struct platform plat = {
	.ram_base = 0x40000000,
	.ram_size = 0x40000000,
	.hyp_base = 0x40000000,
	.hyp_end = 0x50000000,
	.cpus = 0xf,
	.uart_base = 0x09000000,
	.uart_size = 0x1000,
	.irq_first = 32,
	.irq_last = 1019,
};

/* Image contents do not matter here (the loader reads them); sizes do. */
static const u8 kernel[4096], dtb[1000], initrd[64 * 1024];
static const u8 big_dtb[2 * 1024 * 1024];

#define KERNEL                                                             \
	{                                                                  \
		"hello.elf", IMAGE_ELF, kernel, kernel + sizeof(kernel), 0 \
	}

/* Zone 0 owns the UART; zone 1 has two vCPUs and an emulated console. */
static const struct zone_config good[2] = {
	{
		.id = 0,
		.name = "hello",
		.cpus = BIT(0),
		.ram = { { 0x40000000, 0x50000000, 64 * MiB, MEM_RWX } },
		.mmio = { { 0x09000000, 0x09000000, 0x1000, MEM_RW | MEM_IO } },
		.irqs = { 33 },
		.kernel = KERNEL,
		.dtb = { "hello.dtb", IMAGE_RAW, dtb, dtb + sizeof(dtb), 0x40000000 },
		.console = CONSOLE_PASSTHROUGH,
	},
	{
		.id = 1,
		.name = "rtos",
		.cpus = BIT(1) | BIT(2),
		.ram = { { 0x40000000, 0x58000000, 64 * MiB, MEM_RWX },
			 { 0x80000000, 0x60000000, 16 * MiB, MEM_RW } },
		.kernel = KERNEL,
		.initrd = { "initrd", IMAGE_RAW, initrd, initrd + sizeof(initrd), 0x80000000 },
		.entry = 0x40080000,
		.irqs = { 40, 41 },
		.console = CONSOLE_EMULATED,
	},
};

static struct zone_config cfg[MAX_ZONES];
static char err[256];

static int reset(void **state)
{
	(void)state;
	memset(cfg, 0, sizeof(cfg));
	memcpy(cfg, good, sizeof(good));
	memset(err, 0, sizeof(err));
	return 0;
}

/* The scenario in cfg[0..n) is refused, and the message contains every string given. */
static void refused(u32 n, ...)
{
	va_list ap;
	const char *s;

	if (zone_config_check(cfg, n, &plat, err, sizeof(err)) != -1)
		fail_msg("accepted, expected a refusal");
	print_message("refused: %s\n", err);
	va_start(ap, n);
	while ((s = va_arg(ap, const char *)))
		if (!strstr(err, s))
			fail_msg("message \"%s\" does not mention \"%s\"", err, s);
	va_end(ap);
}
#define REFUSED(...) refused(2, __VA_ARGS__, (const char *)NULL)

/* ---- accepted ---- */

static void test_valid_two_zones(void **state)
{
	(void)state;
	int r = zone_config_check(cfg, 2, &plat, err, sizeof(err));
	if (r)
		fail_msg("refused: %s", err);
	assert_int_equal(zone_config_nr_vcpus(&cfg[0]), 1);
	assert_int_equal(zone_config_nr_vcpus(&cfg[1]), 2);
}

static void test_ipa_to_pa(void **state)
{
	(void)state;
	assert_int_equal(zone_ipa_to_pa(&cfg[1], 0x40000000, 4), 0x58000000);
	assert_int_equal(zone_ipa_to_pa(&cfg[1], 0x80001000, 0x1000), 0x60001000);
	/* the last byte fits, one more does not */
	assert_int_equal(zone_ipa_to_pa(&cfg[1], 0x43fffff0, 16), 0x5bfffff0);
	assert_int_equal(zone_ipa_to_pa(&cfg[1], 0x43fffff0, 17), ~0UL);
	assert_int_equal(zone_ipa_to_pa(&cfg[1], 0x44000000, 1), ~0UL);
	assert_int_equal(zone_ipa_to_pa(&cfg[1], 0x3ffff000, 0x2000), ~0UL);
	assert_int_equal(zone_ipa_to_pa(&cfg[1], ~0UL - 1, 4), ~0UL); /* wraps */
	assert_int_equal(zone_ipa_to_pa(&cfg[1], 0x40000000, ~0UL), ~0UL);
}

/* ---- zone identity ---- */

static void test_id_too_large(void **state)
{
	(void)state;
	cfg[1].id = MAX_ZONES;
	REFUSED("zone 4 (rtos)", "id 4");
}

static void test_id_duplicate(void **state)
{
	(void)state;
	cfg[1].id = 0;
	REFUSED("zone 0 (rtos)", "id 0", "zone 0 (hello)");
}

static void test_no_name(void **state)
{
	(void)state;
	cfg[1].name = NULL;
	REFUSED("zone 1 (?)", "name");
}

static void test_zone_count(void **state)
{
	(void)state;
	assert_int_equal(zone_config_check(cfg, 0, &plat, err, sizeof(err)), -1);
	assert_int_equal(zone_config_check(cfg, MAX_ZONES + 1, &plat, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "zones"));
}

/* ---- CPUs ---- */

static void test_no_cpus(void **state)
{
	(void)state;
	cfg[1].cpus = 0;
	REFUSED("zone 1 (rtos)", "cpus", "no CPUs");
}

static void test_cpu_not_present(void **state)
{
	(void)state;
	cfg[1].cpus = BIT(1) | BIT(5);
	REFUSED("zone 1 (rtos)", "cpus", "CPU 5", "not on this platform");
}

static void test_cpu_in_two_zones(void **state)
{
	(void)state;
	cfg[1].cpus = BIT(0) | BIT(1);
	REFUSED("zone 1 (rtos)", "cpus", "CPU 0", "zone 0 (hello)");
}

/* ---- RAM ---- */

static void test_ram_misaligned_ipa(void **state)
{
	(void)state;
	cfg[1].ram[1].ipa += 0x800;
	REFUSED("zone 1 (rtos)", "ram[1]: ipa", "not 4 KiB aligned");
}

static void test_ram_misaligned_pa(void **state)
{
	(void)state;
	cfg[1].ram[1].pa += 0x10;
	REFUSED("zone 1 (rtos)", "ram[1]: pa", "not 4 KiB aligned");
}

static void test_ram_misaligned_size(void **state)
{
	(void)state;
	cfg[0].ram[0].size += 1;
	REFUSED("zone 0 (hello)", "ram[0]: size", "not 4 KiB aligned");
}

static void test_ram_wraps(void **state)
{
	(void)state;
	cfg[1].ram[1].ipa = 0xfffffffffffff000UL;
	cfg[1].ram[1].size = 0x2000;
	REFUSED("zone 1 (rtos)", "ram[1]", "wraps");
}

static void test_ram_outside_platform(void **state)
{
	(void)state;
	cfg[1].ram[1].pa = 0x7f800000; /* 16 MiB from 8 MiB below the end of RAM */
	REFUSED("zone 1 (rtos)", "ram[1]", "outside the platform's RAM");
}

static void test_ram_over_hypervisor(void **state)
{
	(void)state;
	cfg[0].ram[0].pa = 0x4e000000;
	REFUSED("zone 0 (hello)", "ram[0]", "hypervisor");
}

static void test_ram_overlaps_other_zone(void **state)
{
	(void)state;
	cfg[1].ram[0].pa = 0x50000000;
	cfg[1].ram[0].size = 128 * MiB;
	assert_int_equal(zone_config_check(cfg, 2, &plat, err, sizeof(err)), -1);
	assert_string_equal(err, "zone 1 (rtos): ram[0] [0x50000000, 0x58000000) overlaps "
				 "zone 0 (hello) ram[0]");
}

static void test_ram_regions_overlap_ipa(void **state)
{
	(void)state;
	cfg[1].ram[1].ipa = 0x43000000;
	REFUSED("zone 1 (rtos)", "ram[1]: ipa", "overlaps ram[0]");
}

static void test_ram_regions_overlap_pa(void **state)
{
	(void)state;
	cfg[1].ram[1].pa = 0x5b000000;
	REFUSED("zone 1 (rtos)", "ram[1]: pa", "overlaps ram[0]");
}

static void test_no_ram(void **state)
{
	(void)state;
	memset(cfg[1].ram, 0, sizeof(cfg[1].ram));
	REFUSED("zone 1 (rtos)", "no RAM");
}

static void test_unused_ram_entries_ignored(void **state)
{
	(void)state;
	cfg[0].ram[3].ipa = 0x1234; /* size 0: unused, whatever else it says */
	cfg[0].ram[3].pa = 0x5678;
	assert_int_equal(zone_config_check(cfg, 2, &plat, err, sizeof(err)), 0);
}

/* ---- devices ---- */

static void test_mmio_misaligned(void **state)
{
	(void)state;
	cfg[0].mmio[0].pa = 0x09000100;
	REFUSED("zone 0 (hello)", "mmio[0]: pa", "not 4 KiB aligned");
}

static void test_mmio_over_zone_ram(void **state)
{
	(void)state;
	cfg[0].mmio[0].ipa = 0x40001000;
	REFUSED("zone 0 (hello)", "mmio[0]: ipa", "overlaps ram[0]");
}

static void test_mmio_regions_overlap_ipa(void **state)
{
	(void)state;
	cfg[0].mmio[1] = cfg[0].mmio[0];
	cfg[0].mmio[1].pa = 0x0a000000;
	REFUSED("zone 0 (hello)", "mmio[1]: ipa", "overlaps mmio[0]");
}

static void test_mmio_aliases_ram(void **state)
{
	(void)state;
	cfg[0].mmio[0].pa = 0x70000000;
	REFUSED("zone 0 (hello)", "mmio[0]", "platform's RAM");
}

static void test_mmio_in_two_zones(void **state)
{
	(void)state;
	cfg[1].mmio[2] = cfg[0].mmio[0];
	REFUSED("zone 1 (rtos)", "mmio[2]", "zone 0 (hello) mmio[0]", "only one zone");
}

/* ---- images, entry, console ---- */

static void test_no_kernel(void **state)
{
	(void)state;
	cfg[1].kernel.format = IMAGE_NONE;
	REFUSED("zone 1 (rtos)", "no kernel image");
}

static void test_raw_image_too_big(void **state)
{
	(void)state;
	cfg[0].dtb.start = big_dtb;
	cfg[0].dtb.end = big_dtb + sizeof(big_dtb);
	cfg[0].dtb.load_ipa = 0x40000000 + 63 * MiB;
	REFUSED("zone 0 (hello)", "image dtb (hello.dtb, 2 MiB) does not fit ram[0] at 0x43f00000");
}

static void test_raw_image_outside_ram(void **state)
{
	(void)state;
	cfg[1].initrd.load_ipa = 0x90000000;
	REFUSED("zone 1 (rtos)", "image initrd (initrd, 64 KiB)", "0x90000000",
		"outside the zone's RAM");
}

static void test_dtb_must_be_raw(void **state)
{
	(void)state;
	cfg[0].dtb.format = IMAGE_ELF;
	REFUSED("zone 0 (hello)", "dtb (hello.dtb)", "raw");
}

static void test_entry_outside_ram(void **state)
{
	(void)state;
	cfg[1].entry = 0x50000000;
	REFUSED("zone 1 (rtos)", "entry 0x50000000", "outside the zone's RAM");
}

static void test_two_passthrough_consoles(void **state)
{
	(void)state;
	cfg[1].console = CONSOLE_PASSTHROUGH;
	REFUSED("zone 1 (rtos)", "console", "zone 0 (hello)");
}

static void test_focus_needs_emulated_console(void **state)
{
	(void)state;
	cfg[0].console_focus = true;
	REFUSED("zone 0 (hello)", "console_focus", "emulated");
}

static void test_focus_in_two_zones(void **state)
{
	(void)state;
	cfg[0].console = CONSOLE_EMULATED;
	cfg[0].console_focus = true;
	cfg[1].console_focus = true;
	REFUSED("zone 1 (rtos)", "console_focus", "zone 0 (hello)");
}

/* ---- owned interrupts ---- */

static void test_irq_out_of_range(void **state)
{
	(void)state;
	cfg[1].irqs[1] = 27; /* a PPI: per CPU, no zone owns it */
	REFUSED("zone 1 (rtos)", "irqs[1]", "interrupt 27", "32..1019");
}

static void test_irq_listed_twice(void **state)
{
	(void)state;
	cfg[1].irqs[1] = 40;
	REFUSED("zone 1 (rtos)", "irqs[1]", "interrupt 40", "twice");
}

static void test_irq_in_two_zones(void **state)
{
	(void)state;
	cfg[1].irqs[0] = 33;
	REFUSED("zone 1 (rtos)", "irqs[0]", "interrupt 33", "zone 0 (hello)");
}

static void test_irq_list_ends_at_zero(void **state)
{
	(void)state;
	cfg[1].irqs[0] = 0;
	cfg[1].irqs[1] = 33; /* after the end: not looked at */
	if (zone_config_check(cfg, 2, &plat, err, sizeof(err)))
		fail_msg("refused: %s", err);
}

#define T(f) cmocka_unit_test_setup(f, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_valid_two_zones),
		T(test_ipa_to_pa),
		T(test_id_too_large),
		T(test_id_duplicate),
		T(test_no_name),
		T(test_zone_count),
		T(test_no_cpus),
		T(test_cpu_not_present),
		T(test_cpu_in_two_zones),
		T(test_ram_misaligned_ipa),
		T(test_ram_misaligned_pa),
		T(test_ram_misaligned_size),
		T(test_ram_wraps),
		T(test_ram_outside_platform),
		T(test_ram_over_hypervisor),
		T(test_ram_overlaps_other_zone),
		T(test_ram_regions_overlap_ipa),
		T(test_ram_regions_overlap_pa),
		T(test_no_ram),
		T(test_unused_ram_entries_ignored),
		T(test_mmio_misaligned),
		T(test_mmio_over_zone_ram),
		T(test_mmio_regions_overlap_ipa),
		T(test_mmio_aliases_ram),
		T(test_mmio_in_two_zones),
		T(test_no_kernel),
		T(test_raw_image_too_big),
		T(test_raw_image_outside_ram),
		T(test_dtb_must_be_raw),
		T(test_entry_outside_ram),
		T(test_two_passthrough_consoles),
		T(test_focus_needs_emulated_console),
		T(test_focus_in_two_zones),
		T(test_irq_out_of_range),
		T(test_irq_listed_twice),
		T(test_irq_in_two_zones),
		T(test_irq_list_ends_at_zero),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
