/*
 * The scenario checks (common/zone_config.c) on scenarios built from any bytes: zones with
 * ids, names, CPUs, RAM and device regions (often at the addresses that matter: the
 * platform's RAM and the hypervisor's edges, 0, the top of the address space), interrupts,
 * images, entry points, consoles. What zone_config_check() accepts is then checked by
 * brute force against what it promises: no two RAM regions share a byte, nothing wraps,
 * the hypervisor's memory is nobody's, devices alias no RAM, CPUs and interrupts have one
 * owner... And zone_ipa_to_pa() against a plain 128-bit reference, on every zone.
 */
#include <string.h>
#include "input.h"
#include "zone_config.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE 0x40000000UL
#define HYP_END  0x50000000UL

static const struct platform plat = {
	.ram_base = RAM_BASE,
	.ram_size = RAM_SIZE,
	.hyp_base = RAM_BASE,
	.hyp_end = HYP_END,
	.cpus = 0xf,
	.uart_base = 0x09000000,
	.uart_size = 0x1000,
	.irq_first = 32,
	.irq_last = 1019,
};

static const uint8_t image_bytes[3 * 4096];

/* An address or size, mostly one near an edge that matters. */
static u64 value(struct input *in)
{
	static const u64 edges[] = { 0,          0x1000,     RAM_BASE,
				     HYP_END,    0x58000000, RAM_BASE + RAM_SIZE,
				     0x09000000, 1UL << 63,  -0x1000UL,
				     0x4000000,  0x200000,   0x08000000 };
	u64 kind = take(in, 1);

	if (kind < 0xc0) /* an edge, give or take a few pages */
		return edges[kind % 12] + (u64)(int64_t)(int8_t)take(in, 1) * 0x1000;
	return take(in, 8); /* anything at all */
}

static void region(struct input *in, struct mem_region *r)
{
	if (take(in, 1) & 1)
		return; /* unused: size 0 */
	r->ipa = value(in);
	r->pa = value(in);
	r->size = value(in);
	r->flags = MEM_RWX;
}

static void image(struct input *in, struct image *img)
{
	u64 how = take(in, 1);

	img->name = "img";
	img->format = how % 3;
	img->start = how & 0x40 ? NULL : image_bytes;
	img->end = image_bytes + (how & 0x80 ? take(in, 2) % sizeof(image_bytes) : 0);
	img->load_ipa = value(in);
}

static void zone(struct input *in, struct zone_config *z)
{
	static const char *const names[] = { "a", "b", "c", "", NULL };
	u64 cpus = take(in, 1);

	z->id = take(in, 1) % 6;
	z->name = names[take(in, 1) % 5];
	z->cpus = cpus & 0x80 ? take(in, 8) : cpus & 0x1f;
	for (int k = 0; k < MAX_REGIONS; k++)
		region(in, &z->ram[k]);
	for (int k = 0; k < MAX_REGIONS; k++)
		region(in, &z->mmio[k]);
	for (int k = 0, more = 1; k < MAX_IRQS && more; k++) {
		u64 irq = take(in, 2);
		z->irqs[k] = irq & 0x8000 ? irq & 0x7fff : 30 + irq % 8;
		more = z->irqs[k] && (irq & 0x4000);
	}
	image(in, &z->kernel);
	image(in, &z->dtb);
	image(in, &z->initrd);
	z->entry = take(in, 1) & 1 ? value(in) : 0;
	z->console = take(in, 1) & 1 ? CONSOLE_PASSTHROUGH : CONSOLE_EMULATED;
}

/* [a, a + as) and [b, b + bs) share a byte (in 128 bits: nothing wraps here). */
static int overlap(u64 a, u64 as, u64 b, u64 bs)
{
	return (unsigned __int128)a < (unsigned __int128)b + bs &&
	       (unsigned __int128)b < (unsigned __int128)a + as;
}

static int aligned(const struct mem_region *r)
{
	return !(r->ipa & 0xfff) && !(r->pa & 0xfff) && !(r->size & 0xfff);
}

static int fits(u64 base, u64 size)
{
	return (unsigned __int128)base + size <= (unsigned __int128)1 << 64;
}

/* zone_ipa_to_pa() as its comment says it: the first RAM region holding all of
 * [ipa, ipa + size) (and ipa itself, for size 0), or ~0. */
static u64 reference_ipa_to_pa(const struct zone_config *z, u64 ipa, u64 size)
{
	for (int k = 0; k < MAX_REGIONS; k++) {
		const struct mem_region *r = &z->ram[k];
		unsigned __int128 end = (unsigned __int128)r->ipa + r->size;
		if (r->size && ipa >= r->ipa && ipa < end && (unsigned __int128)ipa + size <= end)
			return r->pa + (ipa - r->ipa);
	}
	return ~0UL;
}

/* What an accepted zone @z (the @i-th of @n) promises, against the zones before it. */
static void check_accepted(const struct zone_config *zs, u32 i)
{
	const struct zone_config *z = &zs[i];
	int any_ram = 0;

	CHECK(z->id < MAX_ZONES && z->name && z->name[0]);
	CHECK(z->cpus && !(z->cpus & ~plat.cpus));
	CHECK(z->kernel.format != IMAGE_NONE);
	CHECK(z->dtb.format != IMAGE_ELF && z->initrd.format != IMAGE_ELF);
	CHECK(!z->entry || zone_ipa_to_pa(z, z->entry, 4) != ~0UL);
	for (int k = 0; k < MAX_REGIONS; k++) {
		const struct mem_region *r = &z->ram[k];
		if (!r->size)
			continue;
		any_ram = 1;
		CHECK(aligned(r) && fits(r->ipa, r->size) && fits(r->pa, r->size));
		CHECK(r->pa >= plat.ram_base && r->pa + r->size <= plat.ram_base + plat.ram_size);
		CHECK(!overlap(r->pa, r->size, plat.hyp_base, plat.hyp_end - plat.hyp_base));
		for (int l = 0; l < k; l++)
			CHECK(!z->ram[l].size ||
			      (!overlap(r->ipa, r->size, z->ram[l].ipa, z->ram[l].size) &&
			       !overlap(r->pa, r->size, z->ram[l].pa, z->ram[l].size)));
		for (u32 j = 0; j < i; j++)
			for (int l = 0; l < MAX_REGIONS; l++)
				CHECK(!zs[j].ram[l].size ||
				      !overlap(r->pa, r->size, zs[j].ram[l].pa, zs[j].ram[l].size));
	}
	CHECK(any_ram);
	for (int k = 0; k < MAX_REGIONS; k++) {
		const struct mem_region *r = &z->mmio[k];
		if (!r->size)
			continue;
		CHECK(aligned(r) && fits(r->ipa, r->size) && fits(r->pa, r->size));
		CHECK(!overlap(r->pa, r->size, plat.ram_base, plat.ram_size));
		for (int l = 0; l < MAX_REGIONS; l++)
			CHECK(!z->ram[l].size ||
			      !overlap(r->ipa, r->size, z->ram[l].ipa, z->ram[l].size));
		for (int l = 0; l < k; l++)
			CHECK(!z->mmio[l].size ||
			      !overlap(r->ipa, r->size, z->mmio[l].ipa, z->mmio[l].size));
		for (u32 j = 0; j < i; j++)
			for (int l = 0; l < MAX_REGIONS; l++)
				CHECK(!zs[j].mmio[l].size ||
				      !overlap(r->pa, r->size, zs[j].mmio[l].pa,
					       zs[j].mmio[l].size));
	}
	for (const struct image *img = &z->kernel; img <= &z->initrd; img++)
		CHECK(img->format != IMAGE_RAW ||
		      zone_ipa_to_pa(z, img->load_ipa, img->end - img->start) != ~0UL);
	for (int k = 0; k < MAX_IRQS && z->irqs[k]; k++) {
		CHECK(z->irqs[k] >= plat.irq_first && z->irqs[k] <= plat.irq_last);
		for (int l = 0; l < k; l++)
			CHECK(z->irqs[l] != z->irqs[k]);
		for (u32 j = 0; j < i; j++)
			for (int l = 0; l < MAX_IRQS && zs[j].irqs[l]; l++)
				CHECK(zs[j].irqs[l] != z->irqs[k]);
	}
	for (u32 j = 0; j < i; j++) {
		CHECK(zs[j].id != z->id && !(zs[j].cpus & z->cpus));
		CHECK(zs[j].console != CONSOLE_PASSTHROUGH || z->console != CONSOLE_PASSTHROUGH);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct zone_config zs[MAX_ZONES + 1];
	u32 n = take(&in, 1) % (MAX_ZONES + 2);
	size_t errlen = take(&in, 1);
	char err[256];

	memset(zs, 0, sizeof(zs));
	for (u32 i = 0; i < n; i++)
		zone(&in, &zs[i]);
	memset(err, 'x', sizeof(err));
	if (zone_config_check(zs, n, &plat, err, errlen) == 0) {
		CHECK(n >= 1 && n <= MAX_ZONES);
		for (u32 i = 0; i < n; i++)
			check_accepted(zs, i);
	} else {
		CHECK(!errlen || memchr(err, '\0', errlen));
		CHECK(errlen >= sizeof(err) || err[errlen] == 'x'); /* nothing written past it */
	}
	for (u32 i = 0; i < n; i++)
		for (int t = 0; t < 4; t++) {
			u64 ipa = value(&in), len = t < 2 ? t * 4 : value(&in);
			CHECK(zone_ipa_to_pa(&zs[i], ipa, len) ==
			      reference_ipa_to_pa(&zs[i], ipa, len));
		}
	return 0;
}
