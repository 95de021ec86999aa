/*
 * The guest image loader (common/loader.c) on any bytes. The first byte says ELF or raw,
 * which machine the loader expects, the image's role, and whether a raw image was placed;
 * a raw image's load IPA follows; the rest is the image. A raw image is placed in the
 * zone's RAM as QEMU's loader device would (if it fits), then checked there. The zone's RAM is two host buffers of exactly its size (the hypervisor's identity
 * map makes a PA a pointer; here the pa fields hold their addresses), so AddressSanitizer
 * catches any access outside the image or the zone's RAM. Accepted, the entry point must be
 * in the zone's RAM; refused, the message must be a string.
 */
#include <string.h>
#include "input.h"
#include "loader.h"

#define RAM0 0x40000000UL
#define RAM1 0x80000000UL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *ram0, *ram1;
	struct input in = { data, size };
	uint64_t mode = take(&in, 1);
	struct image img = { "fuzz.img", mode & 1 ? IMAGE_RAW : IMAGE_ELF, NULL, NULL, 0, NULL };
	struct placed_file placed = { .path = "fuzz.img" };
	enum image_role role = (enum image_role)((mode >> 3) % 3);
	char err[160];
	u64 entry = ~0UL;

	if (!ram0) {
		ram0 = malloc(64 * 1024);
		ram1 = malloc(16 * 1024);
	}
	struct zone_config cfg = {
		.name = "fuzz",
		.cpus = 1,
		.ram = { { RAM0, (u64)(uintptr_t)ram0, 64 * 1024, MEM_RWX },
			 { RAM1, (u64)(uintptr_t)ram1, 16 * 1024, MEM_RWX } },
	};
	if (img.format == IMAGE_RAW) {
		img.load_ipa = mode & 4 ? RAM0 + take(&in, 2) : take(&in, 8);
		size_t n = in.n < sizeof(placed.head) ? in.n : sizeof(placed.head);
		placed.size = in.n;
		memcpy(placed.head, in.p, n);
		memcpy(placed.tail, in.p + in.n - n, n);
		u64 pa = zone_ipa_to_pa(&cfg, img.load_ipa, in.n);
		if (pa != ~0UL && !(mode & 32)) /* QEMU placed it (bit 5: it did not) */
			memcpy((void *)(uintptr_t)pa, in.p, in.n);
		img.placed = &placed;
	} else {
		img.start = in.p;
		img.end = in.p + in.n;
	}
	memset(err, 'x', sizeof(err));
	if (image_load(&img, role, &cfg, mode & 2 ? EM_RISCV : EM_AARCH64, &entry, err,
		       sizeof(err)))
		CHECK(memchr(err, '\0', sizeof(err)) != NULL);
	else
		CHECK(zone_ipa_to_pa(&cfg, entry, 1) != ~0UL);
	return 0;
}
