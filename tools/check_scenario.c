/*
 * The boot-time scenario checks, run at build time on the host: `make build` compiles the
 * scenario file with this program, zone_config.c and loader.c (all pure C), and refuses to
 * produce an image that the hypervisor would refuse at boot. Each zone's RAM is stood in
 * for by a host buffer, so every guest image is also loaded (raw ones placed, as QEMU
 * will) and validated.
 *
 * The platform is the QEMU machine of $(ARCH)/arch.mk: its RAM, -smp CPUs, and the
 * hypervisor's end (HYP_END, read from the linked image).
 */
#include <stdio.h>
#include <stdlib.h>

#include "loader.h"
#include "platform.h"
#include "zone_config.h"

extern const struct zone_config zone_configs[];
extern const u32 nr_zone_configs;
extern const char scenario_name[];

static const struct platform plat = {
	.ram_base = PLAT_RAM_BASE,
	.ram_size = PLAT_RAM_SIZE,
	.hyp_base = PLAT_RAM_BASE,
	.hyp_end = HYP_END,
	.cpus = (1UL << NR_CPUS) - 1,
	.uart_base = UART_BASE,
	.uart_size = UART_SIZE,
	.irq_first = IRQ_FIRST,
	.irq_last = IRQ_LAST,
};

/* What QEMU's loader device does before the hypervisor runs: the raw image's file into
 * the zone's RAM at its load address (if it fits: the loader says so when it does not). */
static int place(const struct zone_config *host, const struct image *img, char *err, size_t len)
{
	u64 size = image_size(img);
	u64 pa = zone_ipa_to_pa(host, img->load_ipa, size);
	FILE *f;

	if (pa == ~0UL)
		return 0;
	if (!(f = fopen(img->placed->path, "rb")) ||
	    fread((void *)(uintptr_t)pa, 1, size, f) != size)
		return snprintf(err, len, "%s: cannot read %s", img->name, img->placed->path), -1;
	fclose(f);
	return 0;
}

static int load_images(const struct zone_config *z, char *err, size_t len)
{
	struct zone_config host = *z;
	const struct image *imgs[] = { &host.kernel, &host.dtb, &host.initrd };
	const enum image_role roles[] = { IMAGE_KERNEL, IMAGE_DTB, IMAGE_INITRD };
	u64 entry;

	/* RAM regions point at host buffers: the loader copies into them as into the zone. */
	for (int i = 0; i < MAX_REGIONS; i++)
		if (host.ram[i].size &&
		    !(host.ram[i].pa = (u64)(uintptr_t)calloc(1, host.ram[i].size)))
			return snprintf(err, len, "out of host memory"), -1;
	for (unsigned i = 0; i < 3; i++)
		if (imgs[i]->format == IMAGE_RAW && imgs[i]->placed &&
		    place(&host, imgs[i], err, len))
			return -1;
	for (unsigned i = 0; i < 3; i++)
		if (imgs[i]->format != IMAGE_NONE &&
		    image_load(imgs[i], roles[i], &host, ELF_MACHINE, &entry, err, len))
			return -1;
	for (int i = 0; i < MAX_REGIONS; i++)
		free((void *)(uintptr_t)host.ram[i].pa);
	return 0;
}

int main(void)
{
	char err[256];

	if (zone_config_check(zone_configs, nr_zone_configs, &plat, err, sizeof(err))) {
		fprintf(stderr, "scenario '%s' refused: %s\n", scenario_name, err);
		return 1;
	}
	for (u32 i = 0; i < nr_zone_configs; i++) {
		const struct zone_config *z = &zone_configs[i];
		if (load_images(z, err, sizeof(err))) {
			fprintf(stderr, "scenario '%s' refused: zone %u (%s): %s\n", scenario_name,
				z->id, z->name, err);
			return 1;
		}
	}
	return 0;
}
