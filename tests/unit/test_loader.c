/* build: common/loader.c common/zone_config.c */
/*
 * The guest image loader, fed ELF files crafted byte by byte here. The zone's "RAM" is two
 * host buffers: the configuration's pa fields hold their addresses, as the hypervisor's
 * identity map makes a PA a pointer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "loader.h"

/* ---- the zone: 64 KiB at IPA 0x40000000 and 16 KiB at 0x80000000 ---- */

static u8 ram0[64 * 1024] __aligned(4096), ram1[16 * 1024] __aligned(4096);
static struct zone_config zone;

#define RAM0 0x40000000UL
#define RAM1 0x80000000UL

/* ---- an ELF file laid out as: header, program headers at 64, segment bytes at 0x200 ---- */

struct ehdr {
	u8 ident[16];
	u16 type, machine;
	u32 version;
	u64 entry, phoff, shoff;
	u32 flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct phdr {
	u32 type, flags;
	u64 offset, vaddr, paddr, filesz, memsz, align;
};

#define PHOFF    64
#define DATA_OFF 0x200
#define PT_LOAD  1
#define PT_NOTE  4

static u8 file[0x400] __aligned(8);
static struct ehdr *eh = (struct ehdr *)file;
static struct phdr *ph = (struct phdr *)(file + PHOFF);
static struct image img;
static enum image_role role;
static char err[256];
static u64 entry;

/* hello.elf: segment 0 = 0x100 code bytes + bss up to 4 KiB at 0x40001000, segment 1 =
 * a note (not loaded), segment 2 = 0x80 data bytes at 0x80000000. */
static int reset(void **state)
{
	(void)state;
	memset(ram0, 0xff, sizeof(ram0)); /* "old contents", to see what was written */
	memset(ram1, 0xff, sizeof(ram1));
	memset(&zone, 0, sizeof(zone));
	zone.id = 0;
	zone.name = "hello";
	zone.ram[0] = (struct mem_region){ RAM0, (u64)(uintptr_t)ram0, sizeof(ram0), MEM_RWX };
	zone.ram[1] = (struct mem_region){ RAM1, (u64)(uintptr_t)ram1, sizeof(ram1), MEM_RW };

	memset(file, 0, sizeof(file));
	memcpy(eh->ident,
	       "\x7f"
	       "ELF\x02\x01\x01",
	       7);    /* 64-bit, little-endian, version 1 */
	eh->type = 2; /* ET_EXEC */
	eh->machine = EM_AARCH64;
	eh->version = 1;
	eh->entry = 0x40001000;
	eh->phoff = PHOFF;
	eh->ehsize = sizeof(struct ehdr);
	eh->phentsize = sizeof(struct phdr);
	eh->phnum = 3;
	ph[0] = (struct phdr){ PT_LOAD, 5, DATA_OFF, 0x40001000, 0x40001000, 0x100, 0x1000, 4096 };
	ph[1] = (struct phdr){ PT_NOTE, 4, DATA_OFF + 0x100, 0, 0, 0x20, 0x20, 4 };
	ph[2] = (struct phdr){ PT_LOAD, 6, DATA_OFF + 0x180, RAM1, RAM1, 0x80, 0x80, 4096 };
	for (int i = 0; i < 0x200; i++)
		file[DATA_OFF + i] = (u8)(0xa0 + i);

	img = (struct image){ "hello.elf", IMAGE_ELF, file, file + sizeof(file), 0, NULL };
	role = IMAGE_KERNEL;
	memset(err, 0, sizeof(err));
	entry = 0;
	return 0;
}

static int load(void)
{
	return image_load(&img, role, &zone, EM_AARCH64, &entry, err, sizeof(err));
}

/* Refused, with a message that starts with the image name and contains @what. */
static void refused(const char *what)
{
	if (load() != -1)
		fail_msg("accepted, expected a refusal mentioning \"%s\"", what);
	print_message("refused: %s\n", err);
	if (strncmp(err, "hello.elf: ", 11) || !strstr(err, what))
		fail_msg("message \"%s\" does not name the image and \"%s\"", err, what);
	/* nothing is copied from an image that is refused */
	assert_int_equal(ram0[0x1000], 0xff);
	assert_int_equal(ram1[0], 0xff);
}

/* ---- a good ELF ---- */

static void test_valid_elf(void **state)
{
	(void)state;
	if (load())
		fail_msg("refused: %s", err);
	assert_int_equal(entry, 0x40001000);
	assert_memory_equal(ram0 + 0x1000, file + DATA_OFF, 0x100);
	assert_memory_equal(ram1, file + DATA_OFF + 0x180, 0x80);
	/* around the segments, RAM is left alone */
	assert_int_equal(ram0[0x0fff], 0xff);
	assert_int_equal(ram0[0x2000], 0xff);
	assert_int_equal(ram1[0x80], 0xff);
}

static void test_bss_zeroed(void **state)
{
	(void)state;
	assert_int_equal(load(), 0);
	for (int i = 0x1100; i < 0x2000; i++)
		if (ram0[i])
			fail_msg("bss byte at IPA 0x%lx is 0x%x, not 0", RAM0 + i, ram0[i]);
}

/* e_entry is virtual: it is translated through its segment to the IPA. */
static void test_entry_translated_through_segment(void **state)
{
	(void)state;
	ph[0].vaddr = 0xffff000000001000UL;
	eh->entry = 0xffff000000001040UL;
	assert_int_equal(load(), 0);
	assert_int_equal(entry, 0x40001040);
}

static void test_null_entry_pointer(void **state)
{
	(void)state;
	assert_int_equal(image_load(&img, role, &zone, EM_AARCH64, NULL, err, sizeof(err)), 0);
}

/* ---- bad headers ---- */

static void test_too_small(void **state)
{
	(void)state;
	img.end = file + 10;
	refused("too small");
}

static void test_bad_magic(void **state)
{
	(void)state;
	file[1] = 'X';
	refused("not an ELF file (bad magic)");
}

static void test_wrong_class(void **state)
{
	(void)state;
	file[4] = 1; /* ELFCLASS32 */
	refused("not a 64-bit ELF");
}

static void test_big_endian(void **state)
{
	(void)state;
	file[5] = 2; /* ELFDATA2MSB */
	refused("little-endian");
}

static void test_bad_version(void **state)
{
	(void)state;
	eh->version = 2;
	refused("version");
}

static void test_not_executable(void **state)
{
	(void)state;
	eh->type = 3; /* ET_DYN: a PIE */
	refused("not an executable");
}

static void test_wrong_machine(void **state)
{
	(void)state;
	eh->machine = EM_RISCV;
	refused("built for riscv64 (e_machine 243), this hypervisor runs aarch64");
}

static void test_bad_phentsize(void **state)
{
	(void)state;
	eh->phentsize = 32;
	refused("program header size 32");
}

static void test_truncated_phdrs(void **state)
{
	(void)state;
	img.end = file + PHOFF + 2 * sizeof(struct phdr); /* the third header is cut off */
	refused("program header table");
}

static void test_phoff_huge(void **state)
{
	(void)state;
	eh->phoff = ~0UL - 8; /* offset + size would wrap */
	refused("past the end");
}

/* ---- bad segments ---- */

static void test_segment_outside_ram(void **state)
{
	(void)state;
	ph[2].paddr = 0x50000000;
	refused("segment 2 [0x50000000, 0x50000080) is outside the zone's RAM");
}

static void test_segment_crosses_region_end(void **state)
{
	(void)state;
	ph[2].paddr = RAM1 + sizeof(ram1) - 0x40; /* half in, half out */
	refused("segment 2");
}

static void test_filesz_larger_than_memsz(void **state)
{
	(void)state;
	ph[0].filesz = 0x2000;
	refused("segment 0: file size 0x2000 is larger than its memory size 0x1000");
}

static void test_segment_past_end_of_image(void **state)
{
	(void)state;
	ph[2].filesz = ph[2].memsz = 0x800; /* offset 0x380 + 0x800 > 0x400 bytes */
	refused("segment 2: file bytes");
}

static void test_no_load_segment(void **state)
{
	(void)state;
	ph[0].type = PT_NOTE;
	ph[2].type = PT_NOTE;
	refused("no loadable segment");
}

static void test_entry_outside_segments(void **state)
{
	(void)state;
	eh->entry = 0x40003000; /* in the zone's RAM, but nothing is loaded there */
	refused("entry point 0x40003000 is not inside any loaded segment");
}

/* ---- raw images: placed by QEMU, checked in place ---- */

static struct placed_file placed;

/* A raw image of @size bytes of file[] (0xa0... from DATA_OFF on: see reset()) placed at
 * @ipa in ram1: what the build measured of it, and QEMU's placing of it. */
static void place(const char *name, enum image_role r, u64 size, u64 ipa)
{
	const u8 *bytes = file + DATA_OFF;

	placed = (struct placed_file){ .path = "/build/hello.raw", .size = size };
	memcpy(placed.head, bytes, 16);
	memcpy(placed.tail, bytes + size - 16, 16);
	img = (struct image){ name, IMAGE_RAW, NULL, NULL, ipa, &placed };
	role = r;
	if (ipa >= RAM1 && ipa - RAM1 + size <= sizeof(ram1))
		memcpy(ram1 + (ipa - RAM1), bytes, size);
}

/* Refused, with a message that starts with @name and contains @what. */
static void raw_refused(const char *name, const char *what)
{
	char start[64];

	if (load() != -1)
		fail_msg("accepted, expected a refusal mentioning \"%s\"", what);
	print_message("refused: %s\n", err);
	snprintf(start, sizeof(start), "%s: ", name);
	if (strncmp(err, start, strlen(start)) || !strstr(err, what))
		fail_msg("message \"%s\" lacks \"%s\"", err, what);
}

static void test_raw_initrd_in_place(void **state)
{
	(void)state;
	place("initrd", IMAGE_INITRD, 0x180, RAM1 + 0x1000);
	assert_int_equal(load(), 0);
	assert_memory_equal(ram1 + 0x1000, file + DATA_OFF, 0x180); /* as QEMU left it */
	assert_int_equal(ram1[0x1180], 0xff);
	assert_int_equal(entry, RAM1 + 0x1000);
}

static void test_raw_not_in_place(void **state)
{
	(void)state;
	place("initrd", IMAGE_INITRD, 0x180, RAM1 + 0x1000);
	ram1[0x1000 + 0x17f] ^= 1; /* another file, or an older one, is there */
	raw_refused("initrd", "not in place at IPA 0x80001000: QEMU puts it there with "
			      "-device loader,file=/build/hello.raw,addr=0x");
	place("initrd", IMAGE_INITRD, 0x180, RAM1 + 0x1000);
	ram1[0x1000] = 0; /* nothing was placed (RAM is zero) */
	raw_refused("initrd", "not in place");
}

static void test_raw_too_big(void **state)
{
	(void)state;
	place("hello.dtb", IMAGE_INITRD, 0x180, RAM1 + sizeof(ram1) - 0x100);
	raw_refused("hello.dtb", "does not fit the zone's RAM");
}

static void test_raw_empty(void **state)
{
	(void)state;
	place("initrd", IMAGE_INITRD, 16, RAM1);
	placed.size = 0;
	raw_refused("initrd", "an empty file");
}

/* A Linux Image header in file[] at DATA_OFF: @magic at 56, @mem (image_size) at 16. */
static void linux_header(const char *magic, u64 mem)
{
	memset(file + DATA_OFF, 0, 64);
	memcpy(file + DATA_OFF + 16, &mem, 8);
	memcpy(file + DATA_OFF + 56, magic, 4);
}

static void test_raw_kernel_arm64(void **state)
{
	(void)state;
	linux_header("ARM\x64", 0x1000);
	place("Image", IMAGE_KERNEL, 0x180, RAM1);
	assert_int_equal(load(), 0);
	assert_int_equal(entry, RAM1);
}

static void test_raw_kernel_other_arch(void **state)
{
	(void)state;
	linux_header("RSC\x05", 0x1000);
	place("Image", IMAGE_KERNEL, 0x180, RAM1);
	raw_refused("Image", "a riscv Linux Image, this hypervisor runs aarch64 guests");
}

static void test_raw_kernel_no_magic(void **state)
{
	(void)state;
	linux_header("ELF\x7f", 0x1000);
	place("Image", IMAGE_KERNEL, 0x180, RAM1);
	raw_refused("Image", "not a Linux Image (no arm64 or riscv magic");
	place("Image", IMAGE_KERNEL, 0x30, RAM1);
	raw_refused("Image", "shorter than its header");
	memcpy(file + DATA_OFF, "\x1f\x8b\x08", 3); /* Image.gz */
	place("Image", IMAGE_KERNEL, 0x180, RAM1);
	raw_refused("Image", "a gzip file, not a Linux Image: give the uncompressed one");
}

static void test_raw_kernel_memory_past_ram(void **state)
{
	(void)state;
	linux_header("ARM\x64", sizeof(ram1) + 0x1000); /* its .bss would run off the RAM */
	place("Image", IMAGE_KERNEL, 0x180, RAM1);
	raw_refused("Image", "the kernel's memory [0x80000000, 0x80005000) (image_size) is past "
			     "the zone's RAM");
}

static void test_raw_dtb(void **state)
{
	(void)state;
	memcpy(file + DATA_OFF, "\xd0\x0d\xfe\xed\x00\x00\x01\x80", 8); /* totalsize 0x180 */
	place("zone.dtb", IMAGE_DTB, 0x180, RAM1);
	assert_int_equal(load(), 0);
	file[DATA_OFF + 6] = 2; /* totalsize 0x280: more than the file */
	place("zone.dtb", IMAGE_DTB, 0x180, RAM1);
	raw_refused("zone.dtb", "device tree totalsize 640 is past the end of the file");
	file[DATA_OFF] = 0;
	place("zone.dtb", IMAGE_DTB, 0x180, RAM1);
	raw_refused("zone.dtb", "not a device tree blob (bad magic)");
}

#define T(f) cmocka_unit_test_setup(f, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_valid_elf),
		T(test_bss_zeroed),
		T(test_entry_translated_through_segment),
		T(test_null_entry_pointer),
		T(test_too_small),
		T(test_bad_magic),
		T(test_wrong_class),
		T(test_big_endian),
		T(test_bad_version),
		T(test_not_executable),
		T(test_wrong_machine),
		T(test_bad_phentsize),
		T(test_truncated_phdrs),
		T(test_phoff_huge),
		T(test_segment_outside_ram),
		T(test_segment_crosses_region_end),
		T(test_filesz_larger_than_memsz),
		T(test_segment_past_end_of_image),
		T(test_no_load_segment),
		T(test_entry_outside_segments),
		T(test_raw_initrd_in_place),
		T(test_raw_not_in_place),
		T(test_raw_too_big),
		T(test_raw_empty),
		T(test_raw_kernel_arm64),
		T(test_raw_kernel_other_arch),
		T(test_raw_kernel_no_magic),
		T(test_raw_kernel_memory_past_ram),
		T(test_raw_dtb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
