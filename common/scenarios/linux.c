/*
 * SCENARIO=linux: Linux in a zone, beside a bare-metal one. Zone "linux" (2 vCPUs on
 * CPUs 0-1, 256 MiB, owns the UART and its interrupt) boots a tiny Linux 6.1 with a
 * busybox initramfs to a shell on the console; both are built from Debian packages by
 * `make linux` (tools/linux.sh, guests/linux/), and its device tree is written from the
 * config below (tools/gen_dts.c). Zone "beat" (CPUs 2-3, emulated console) prints a
 * heartbeat a second while Linux runs and powers off after it: `poweroff -f` in the
 * Linux shell ends the whole run.
 */
#include "platform.h"
#include "zone_config.h"

IMAGE(linux_image, "linux-Image");
IMAGE(linux_initrd, "linux-initramfs.cpio.gz");
IMAGE(linux_dtb, "linux.dtb");
IMAGE(beat_elf, "beat.elf");

const char scenario_name[] = "linux";

/* Linux's RAM (two of the 128 MiB host slices: zone 1 takes the third), and where the
 * boot images go in it. The kernel 2 MiB into RAM: the riscv64 Image header asks for that
 * offset, and arm64's (text_offset 0) for any 2 MiB boundary. The DTB and the initrd well
 * past the kernel and its bss (~4 MiB), the DTB in a 2 MiB block of its own (the arm64
 * protocol: it must not cross one). */
#define LINUX_RAM_SIZE (256 * MiB)
#define LINUX_KERNEL   (GUEST_RAM_BASE + 2 * MiB)
#define LINUX_DTB      (GUEST_RAM_BASE + 64 * MiB)
#define LINUX_INITRD   (GUEST_RAM_BASE + 66 * MiB)

const struct zone_config zone_configs[] = {
	{
		.id = 0,
		.name = "linux",
		.cpus = BIT(0) | BIT(1),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(0), LINUX_RAM_SIZE, MEM_RWX } },
		.kernel = RAW_IMAGE(linux_image, "linux-Image", LINUX_KERNEL),
		.dtb = RAW_IMAGE(linux_dtb, "linux.dtb", LINUX_DTB),
		.initrd = RAW_IMAGE(linux_initrd, "linux-initramfs.cpio.gz", LINUX_INITRD),
		.console = CONSOLE_EMULATED,
		.console_focus = true,
	},
	{
		.id = 1,
		.name = "beat",
		.cpus = BIT(2) | BIT(3),
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(2), 64 * MiB, MEM_RWX } },
		.kernel = ELF_IMAGE(beat_elf, "beat.elf"),
		.console = CONSOLE_EMULATED,
	},
};
const u32 nr_zone_configs = ARRAY_SIZE(zone_configs);
