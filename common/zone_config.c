/*
 * Checking a scenario before anything is built from it. Every refusal names the zone (id
 * and name), the field and the problem in words, because a student editing a scenario file
 * sees nothing else. Pure C: unit-tested on the host (snprintf is libc's there).
 *
 * Ranges are [base, base + size). A region whose end wraps past 2^64 is refused first, so
 * the overlap arithmetic after that cannot overflow.
 */
#include "console.h"
#include "types.h"
#include "zone_config.h"

/* What every check step needs: the scenario, the machine, where to write the refusal. */
struct check {
	const struct zone_config *cfgs;
	u32 n;
	const struct platform *plat;
	char *err;
	size_t errlen;
};

static const char *name_of(const struct zone_config *z)
{
	return z->name ? z->name : "?";
}

/* Write "zone <id> (<name>): <message>" and return -1, so a check can `return refuse(...)`. */
static __printf(3, 4) int refuse(struct check *c, const struct zone_config *z, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->err, c->errlen, "zone %u (%s): ", z->id, name_of(z));

	if (n >= 0 && (size_t)n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ---- range arithmetic ---- */

static bool wraps(u64 base, u64 size)
{
	return size > ~0UL - base;
}

static bool overlaps(u64 a, u64 asize, u64 b, u64 bsize)
{
	return a < b + bsize && b < a + asize;
}

static bool inside(u64 a, u64 asize, u64 b, u64 bsize)
{
	return a >= b && a + asize <= b + bsize;
}

/* "2 MiB", "12 KiB" or "1234 bytes": whichever is exact. */
static const char *size_str(u64 size, char *buf, size_t len)
{
	if (size && IS_ALIGNED(size, MiB))
		snprintf(buf, len, "%lu MiB", size / MiB);
	else if (size && IS_ALIGNED(size, KiB))
		snprintf(buf, len, "%lu KiB", size / KiB);
	else
		snprintf(buf, len, "%lu bytes", size);
	return buf;
}

/* ---- one step per concern, in the order zone_config_check() runs them ---- */

/* id: unique and below MAX_ZONES (it indexes zones[]); a name to print. */
static int check_identity(struct check *c, u32 i)
{
	const struct zone_config *z = &c->cfgs[i];

	if (!z->name || !z->name[0])
		return refuse(c, z, "name: the zone has no name");
	if (z->id >= MAX_ZONES)
		return refuse(c, z, "id %u is too large (ids are 0..%u)", z->id, MAX_ZONES - 1);
	for (u32 j = 0; j < i; j++)
		if (c->cfgs[j].id == z->id)
			return refuse(c, z, "id %u is also used by zone %u (%s)", z->id,
				      c->cfgs[j].id, name_of(&c->cfgs[j]));
	return 0;
}

/* cpus: at least one, all present, none shared with another zone (1:1 vCPU:pCPU). */
static int check_cpus(struct check *c, u32 i)
{
	const struct zone_config *z = &c->cfgs[i];

	if (!z->cpus)
		return refuse(c, z, "cpus: no CPUs");
	for (u32 cpu = 0; cpu < 64; cpu++) {
		if (!(z->cpus & BIT(cpu)))
			continue;
		if (!(c->plat->cpus & BIT(cpu)))
			return refuse(c, z, "cpus: CPU %u is not on this platform (CPUs 0x%lx)",
				      cpu, c->plat->cpus);
		for (u32 j = 0; j < i; j++)
			if (c->cfgs[j].cpus & BIT(cpu))
				return refuse(c, z, "cpus: CPU %u is also in zone %u (%s)", cpu,
					      c->cfgs[j].id, name_of(&c->cfgs[j]));
	}
	return 0;
}

/* Alignment and wrap-around, for ram[] and mmio[] alike. @kind is "ram" or "mmio". */
static int check_region_shape(struct check *c, const struct zone_config *z, const char *kind,
			      int idx, const struct mem_region *r)
{
	if (!IS_ALIGNED(r->ipa, PAGE_SIZE))
		return refuse(c, z, "%s[%d]: ipa 0x%lx is not 4 KiB aligned", kind, idx, r->ipa);
	if (!IS_ALIGNED(r->pa, PAGE_SIZE))
		return refuse(c, z, "%s[%d]: pa 0x%lx is not 4 KiB aligned", kind, idx, r->pa);
	if (!IS_ALIGNED(r->size, PAGE_SIZE))
		return refuse(c, z, "%s[%d]: size 0x%lx is not 4 KiB aligned", kind, idx, r->size);
	if (wraps(r->ipa, r->size))
		return refuse(c, z, "%s[%d]: ipa 0x%lx + size 0x%lx wraps around", kind, idx,
			      r->ipa, r->size);
	if (wraps(r->pa, r->size))
		return refuse(c, z, "%s[%d]: pa 0x%lx + size 0x%lx wraps around", kind, idx, r->pa,
			      r->size);
	return 0;
}

/* A RAM region: real RAM, not the hypervisor's, not shared within or across zones. */
static int check_ram_region(struct check *c, u32 i, int idx)
{
	const struct zone_config *z = &c->cfgs[i];
	const struct mem_region *r = &z->ram[idx];
	const struct platform *p = c->plat;
	u64 end = r->pa + r->size;

	if (check_region_shape(c, z, "ram", idx, r))
		return -1;
	if (!inside(r->pa, r->size, p->ram_base, p->ram_size))
		return refuse(c, z,
			      "ram[%d]: pa [0x%lx, 0x%lx) is outside the platform's RAM "
			      "[0x%lx, 0x%lx)",
			      idx, r->pa, end, p->ram_base, p->ram_base + p->ram_size);
	if (overlaps(r->pa, r->size, p->hyp_base, p->hyp_end - p->hyp_base))
		return refuse(c, z,
			      "ram[%d]: pa [0x%lx, 0x%lx) overlaps the hypervisor's memory "
			      "[0x%lx, 0x%lx)",
			      idx, r->pa, end, p->hyp_base, p->hyp_end);
	for (int k = 0; k < idx; k++) {
		const struct mem_region *o = &z->ram[k];
		if (!o->size)
			continue;
		if (overlaps(r->ipa, r->size, o->ipa, o->size))
			return refuse(c, z, "ram[%d]: ipa [0x%lx, 0x%lx) overlaps ram[%d]", idx,
				      r->ipa, r->ipa + r->size, k);
		if (overlaps(r->pa, r->size, o->pa, o->size))
			return refuse(c, z, "ram[%d]: pa [0x%lx, 0x%lx) overlaps ram[%d]", idx,
				      r->pa, end, k);
	}
	/* Zones before this one have been checked whole, so their regions are sane. */
	for (u32 j = 0; j < i; j++)
		for (int k = 0; k < MAX_REGIONS; k++) {
			const struct mem_region *o = &c->cfgs[j].ram[k];
			if (o->size && overlaps(r->pa, r->size, o->pa, o->size))
				return refuse(c, z,
					      "ram[%d] [0x%lx, 0x%lx) overlaps zone %u (%s) "
					      "ram[%d]",
					      idx, r->pa, end, c->cfgs[j].id, name_of(&c->cfgs[j]),
					      k);
		}
	return 0;
}

static int check_ram(struct check *c, u32 i)
{
	const struct zone_config *z = &c->cfgs[i];
	bool any = false;

	for (int idx = 0; idx < MAX_REGIONS; idx++) {
		if (!z->ram[idx].size)
			continue; /* unused entry */
		if (check_ram_region(c, i, idx))
			return -1;
		any = true;
	}
	if (!any)
		return refuse(c, z, "ram: no RAM (every ram[] entry has size 0)");
	return 0;
}

/* A device region: not over the zone's RAM, not RAM itself, owned by this zone alone. */
static int check_mmio_region(struct check *c, u32 i, int idx)
{
	const struct zone_config *z = &c->cfgs[i];
	const struct mem_region *r = &z->mmio[idx];
	const struct platform *p = c->plat;
	u64 end = r->pa + r->size;

	if (check_region_shape(c, z, "mmio", idx, r))
		return -1;
	for (int k = 0; k < MAX_REGIONS; k++) {
		const struct mem_region *o = &z->ram[k];
		if (o->size && overlaps(r->ipa, r->size, o->ipa, o->size))
			return refuse(c, z, "mmio[%d]: ipa [0x%lx, 0x%lx) overlaps ram[%d]", idx,
				      r->ipa, r->ipa + r->size, k);
	}
	for (int k = 0; k < idx; k++) {
		const struct mem_region *o = &z->mmio[k];
		if (o->size && overlaps(r->ipa, r->size, o->ipa, o->size))
			return refuse(c, z, "mmio[%d]: ipa [0x%lx, 0x%lx) overlaps mmio[%d]", idx,
				      r->ipa, r->ipa + r->size, k);
	}
	if (overlaps(r->pa, r->size, p->ram_base, p->ram_size))
		return refuse(c, z,
			      "mmio[%d]: pa [0x%lx, 0x%lx) overlaps the platform's RAM "
			      "(devices must not alias RAM)",
			      idx, r->pa, end);
	for (u32 j = 0; j < i; j++)
		for (int k = 0; k < MAX_REGIONS; k++) {
			const struct mem_region *o = &c->cfgs[j].mmio[k];
			if (o->size && overlaps(r->pa, r->size, o->pa, o->size))
				return refuse(c, z,
					      "mmio[%d] [0x%lx, 0x%lx) is also passed through "
					      "to zone %u (%s) mmio[%d] (only one zone may own a "
					      "device)",
					      idx, r->pa, end, c->cfgs[j].id, name_of(&c->cfgs[j]),
					      k);
		}
	return 0;
}

static int check_mmio(struct check *c, u32 i)
{
	for (int idx = 0; idx < MAX_REGIONS; idx++)
		if (c->cfgs[i].mmio[idx].size && check_mmio_region(c, i, idx))
			return -1;
	return 0;
}

/* The RAM region holding @ipa, or -1. */
static int ram_index_of(const struct zone_config *z, u64 ipa)
{
	for (int k = 0; k < MAX_REGIONS; k++) {
		const struct mem_region *r = &z->ram[k];
		if (r->size && ipa >= r->ipa && ipa - r->ipa < r->size)
			return k;
	}
	return -1;
}

/* A raw image is copied to [load_ipa, +size): that range must lie in one RAM region.
 * (ELF images say where they go; the loader checks each segment.) */
static int check_image(struct check *c, const struct zone_config *z, const char *field,
		       const struct image *img)
{
	char sz[32];

	if (img->format == IMAGE_NONE)
		return 0;
	if (!img->start || img->end < img->start)
		return refuse(c, z, "image %s (%s): no data", field, img->name);
	if (img->format != IMAGE_RAW)
		return 0;
	u64 size = img->end - img->start;
	size_str(size, sz, sizeof(sz));
	int k = ram_index_of(z, img->load_ipa);
	if (k < 0)
		return refuse(c, z,
			      "image %s (%s, %s): load address 0x%lx is outside the zone's "
			      "RAM",
			      field, img->name, sz, img->load_ipa);
	if (zone_ipa_to_pa(z, img->load_ipa, size) == ~0UL)
		return refuse(c, z,
			      "image %s (%s, %s) does not fit ram[%d] at 0x%lx (ram[%d] "
			      "ends at 0x%lx)",
			      field, img->name, sz, k, img->load_ipa, k,
			      z->ram[k].ipa + z->ram[k].size);
	return 0;
}

static int check_images(struct check *c, u32 i)
{
	const struct zone_config *z = &c->cfgs[i];

	if (z->kernel.format == IMAGE_NONE)
		return refuse(c, z, "kernel: no kernel image");
	/* The DTB's load_ipa goes to the boot register, so it must be where it is loaded. */
	if (z->dtb.format == IMAGE_ELF)
		return refuse(c, z, "dtb (%s): must be a raw image", z->dtb.name);
	if (z->initrd.format == IMAGE_ELF)
		return refuse(c, z, "initrd (%s): must be a raw image", z->initrd.name);
	if (check_image(c, z, "kernel", &z->kernel) || check_image(c, z, "dtb", &z->dtb) ||
	    check_image(c, z, "initrd", &z->initrd))
		return -1;
	return 0;
}

/* An explicit entry point must be in the zone's RAM (0 means: the kernel ELF's entry). */
static int check_entry(struct check *c, u32 i)
{
	const struct zone_config *z = &c->cfgs[i];

	if (z->entry && zone_ipa_to_pa(z, z->entry, 4) == ~0UL)
		return refuse(c, z, "entry 0x%lx is outside the zone's RAM", z->entry);
	return 0;
}

/* Only one zone can own the physical UART. */
static int check_console(struct check *c, u32 i)
{
	const struct zone_config *z = &c->cfgs[i];

	if (z->console_focus && z->console != CONSOLE_EMULATED)
		return refuse(c, z,
			      "console_focus: only a zone with an emulated console takes input");
	for (u32 j = 0; z->console_focus && j < i; j++)
		if (c->cfgs[j].console_focus)
			return refuse(c, z, "console_focus: zone %u (%s) has it already",
				      c->cfgs[j].id, name_of(&c->cfgs[j]));
	if (z->console != CONSOLE_PASSTHROUGH)
		return 0;
	for (u32 j = 0; j < i; j++)
		if (c->cfgs[j].console == CONSOLE_PASSTHROUGH)
			return refuse(c, z,
				      "console: passthrough is also requested by zone %u (%s) "
				      "(only one zone may own the UART)",
				      c->cfgs[j].id, name_of(&c->cfgs[j]));
	return 0;
}

/* Owned interrupts: ones the machine has, each owned by one zone only. */
static int check_irqs(struct check *c, u32 i)
{
	const struct zone_config *z = &c->cfgs[i];

	for (int k = 0; k < MAX_IRQS && z->irqs[k]; k++) {
		u32 irq = z->irqs[k];
		if (irq < c->plat->irq_first || irq > c->plat->irq_last)
			return refuse(c, z,
				      "irqs[%d]: interrupt %u is not one a zone can own (%u..%u)",
				      k, irq, c->plat->irq_first, c->plat->irq_last);
		for (int l = 0; l < k; l++)
			if (z->irqs[l] == irq)
				return refuse(c, z, "irqs[%d]: interrupt %u is listed twice", k,
					      irq);
		for (u32 j = 0; j < i; j++)
			for (int l = 0; l < MAX_IRQS && c->cfgs[j].irqs[l]; l++)
				if (c->cfgs[j].irqs[l] == irq)
					return refuse(c, z,
						      "irqs[%d]: interrupt %u is already owned by "
						      "zone %u (%s)",
						      k, irq, c->cfgs[j].id, name_of(&c->cfgs[j]));
	}
	return 0;
}

int zone_config_check(const struct zone_config *cfgs, u32 n, const struct platform *plat, char *err,
		      size_t errlen)
{
	struct check c = { cfgs, n, plat, err, errlen };

	if (n == 0 || n > MAX_ZONES) {
		snprintf(err, errlen, "the scenario has %u zones (1..%u allowed)", n, MAX_ZONES);
		return -1;
	}
	for (u32 i = 0; i < n; i++)
		if (check_identity(&c, i) || check_cpus(&c, i) || check_ram(&c, i) ||
		    check_mmio(&c, i) || check_images(&c, i) || check_entry(&c, i) ||
		    check_console(&c, i) || check_irqs(&c, i))
			return -1;
	return 0;
}

u64 zone_ipa_to_pa(const struct zone_config *cfg, u64 ipa, u64 size)
{
	for (int k = 0; k < MAX_REGIONS; k++) {
		const struct mem_region *r = &cfg->ram[k];
		/* ipa - r->ipa cannot wrap once ipa >= r->ipa; no base + size is computed. */
		if (r->size && ipa >= r->ipa && ipa - r->ipa < r->size &&
		    size <= r->size - (ipa - r->ipa))
			return r->pa + (ipa - r->ipa);
	}
	return ~0UL;
}

u32 zone_config_nr_vcpus(const struct zone_config *cfg)
{
	u32 n = 0;

	/* Clear the lowest set bit until none is left (no __builtin_popcount: on aarch64
	 * it becomes a SIMD `cnt`, or a libgcc call with -mgeneral-regs-only). */
	for (u64 m = cfg->cpus; m; m &= m - 1)
		n++;
	return n;
}
