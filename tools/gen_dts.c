/*
 * gen_dts: the device tree of every zone that boots with one, written from the scenario.
 *
 *     gen_dts SCENARIO.c OUTDIR IMAGEDIR...
 *
 * The Makefile builds this program from the scenario file with the hypervisor's own
 * headers (as it builds check_scenario.c), so the zone_config is the one source of truth:
 * a zone's memory, CPUs, devices and images are described exactly as the hypervisor will
 * set them up. For each zone whose dtb is a raw IMAGE(sym, "<name>.dtb"), it writes
 * OUTDIR/<name>.dts and prints that path; dtc turns it into the <name>.dtb the scenario
 * then links in. Image files (the initrd, for its size) are looked up in the IMAGEDIRs.
 *
 * No checks here: a scenario the hypervisor would refuse fails the build later, in
 * check_scenario.c (or at boot, for the deliberately broken ones in tests/scenarios/).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen_dts.h"
#include "platform.h"
#include "scenario_images.h"
#include "zone_config.h"

extern const struct zone_config zone_configs[];
extern const u32 nr_zone_configs;
extern const char scenario_name[];

static const char *scenario_src; /* argv: the scenario file, named in each tree */
static char *const *image_dirs;  /* argv's IMAGEDIRs, NULL-terminated */

static __attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gen_dts: scenario '%s': ", scenario_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* The file an image was made from (its IMAGE() line), or NULL. */
static const char *image_file(const struct image *img)
{
	for (const struct image_file *r = __start_image_files; r < __stop_image_files; r++)
		if (r->start == img->start)
			return r->file;
	return NULL;
}

/* The size of image file @file, found in the first IMAGEDIR that has it. */
static u64 image_size(const struct zone_config *z, const char *file)
{
	char path[4096];
	struct stat st;

	for (char *const *dir = image_dirs; *dir; dir++) {
		snprintf(path, sizeof(path), "%s/%s", *dir, file);
		if (stat(path, &st) == 0)
			return (u64)st.st_size;
	}
	die("zone %u (%s): image file %s is in none of the image directories", z->id, z->name,
	    file);
}

void dts_reg(FILE *f, u64 addr, u64 size)
{
	fprintf(f, "<0x%lx 0x%lx 0x%lx 0x%lx>", addr >> 32, addr & 0xffffffff, size >> 32,
		size & 0xffffffff);
}

static bool owns_irq(const struct zone_config *z, u32 irq)
{
	for (int k = 0; k < MAX_IRQS && z->irqs[k]; k++)
		if (z->irqs[k] == irq)
			return true;
	return false;
}

/* ---- one step per part of the tree ---- */

static void write_header(const struct dts_zone *d, const char *dtb_file)
{
	const struct zone_config *z = d->cfg;

	fprintf(d->f,
		"/*\n * %s: the machine zone %u (%s) of scenario '%s' sees on %s,\n"
		" * %u vCPU(s) on CPUs 0x%lx. Written by tools/gen_dts.c from the zone's config:\n"
		" * do not edit it; edit %s, and make writes it again.\n */\n",
		dtb_file, z->id, z->name, scenario_name, ARCH_NAME, d->nr_vcpus, z->cpus,
		scenario_src);
	fprintf(d->f, "/dts-v1/;\n\n/ {\n\tcompatible = \"%s\";\n", dts_compatible);
	fprintf(d->f, "\tmodel = \"minivisor zone %u (%s)\";\n", z->id, z->name);
	fprintf(d->f, "\t#address-cells = <2>;\n\t#size-cells = <2>;\n");
	dts_arch_root(d);
}

/* bootargs and the console for Linux; the initrd exactly where the hypervisor loads it. */
static void write_chosen(const struct dts_zone *d)
{
	const struct zone_config *z = d->cfg;

	fprintf(d->f, "\n\tchosen {\n");
	/* earlycon finds the UART through stdout-path: boot messages before the driver. */
	fprintf(d->f, "\t\tbootargs = \"console=%s earlycon\";\n", dts_console);
	fprintf(d->f, "\t\tstdout-path = &uart;\n");
	if (z->initrd.format == IMAGE_RAW) {
		const char *file = image_file(&z->initrd);
		if (!file)
			die("zone %u (%s): the initrd is not an IMAGE() of the scenario", z->id,
			    z->name);
		u64 start = z->initrd.load_ipa, end = start + image_size(z, file);
		/* [start, end): end is the first byte after the image */
		fprintf(d->f, "\t\tlinux,initrd-start = <0x%lx 0x%lx>;\n", start >> 32,
			start & 0xffffffff);
		fprintf(d->f, "\t\tlinux,initrd-end = <0x%lx 0x%lx>; /* + %lu bytes: %s */\n",
			end >> 32, end & 0xffffffff, end - start, file);
	}
	fprintf(d->f, "\t};\n");
}

/* One node per RAM region, at the guest-physical address the zone sees it. */
static void write_memory(const struct dts_zone *d)
{
	for (int i = 0; i < MAX_REGIONS; i++) {
		const struct mem_region *r = &d->cfg->ram[i];
		if (!r->size)
			continue;
		fprintf(d->f,
			"\n\tmemory@%lx {\n\t\tdevice_type = \"memory\";\n\t\treg = ", r->ipa);
		dts_reg(d->f, r->ipa, r->size);
		fprintf(d->f, "; /* ram[%d]: %lu MiB at host PA 0x%lx */\n\t};\n", i, r->size / MiB,
			r->pa);
	}
}

/* What the zone owns that a generic tree cannot describe: a reader should know. */
static void write_undescribed(const struct dts_zone *d)
{
	const struct zone_config *z = d->cfg;

	for (int i = 0; i < MAX_REGIONS; i++) {
		const struct mem_region *r = &z->mmio[i];
		if (r->size && !(r->ipa == UART_BASE && r->size == UART_SIZE))
			fprintf(d->f,
				"\n\t/* mmio[%d] [0x%lx, 0x%lx) is the zone's too: "
				"not described */\n",
				i, r->ipa, r->ipa + r->size);
	}
	for (int k = 0; k < MAX_IRQS && z->irqs[k]; k++)
		if (z->irqs[k] != UART_IRQ)
			fprintf(d->f, "\n\t/* interrupt %u is the zone's too: not described */\n",
				z->irqs[k]);
}

static void write_zone(const struct zone_config *z, const char *dtb_file, const char *path)
{
	/* An emulated UART interrupts too (arch_vuart_irq), on the same line. */
	bool uart_irq = owns_irq(z, UART_IRQ) || z->console == CONSOLE_EMULATED;
	struct dts_zone d = { fopen(path, "w"), z, zone_config_nr_vcpus(z), uart_irq };

	if (!d.f)
		die("cannot write %s", path);
	write_header(&d, dtb_file);
	write_chosen(&d);
	write_memory(&d);
	dts_arch_cpus(&d);
	dts_arch_devices(&d);
	write_undescribed(&d);
	fprintf(d.f, "};\n");
	if (fclose(d.f))
		die("cannot write %s", path);
}

int main(int argc, char **argv)
{
	char path[4096];

	if (argc < 4) {
		fprintf(stderr, "usage: gen_dts SCENARIO.c OUTDIR IMAGEDIR...\n");
		return 2;
	}
	scenario_src = argv[1];
	image_dirs = argv + 3;
	for (u32 i = 0; i < nr_zone_configs; i++) {
		const struct zone_config *z = &zone_configs[i];
		if (z->dtb.format != IMAGE_RAW)
			continue;
		const char *file = image_file(&z->dtb);
		size_t len = file ? strlen(file) : 0;
		if (len < 5 || strcmp(file + len - 4, ".dtb") || strchr(file, '/'))
			die("zone %u (%s): its dtb must be IMAGE(sym, \"<name>.dtb\"), written "
			    "here as <name>.dts (it names %s)",
			    z->id, z->name, file ? file : "no file");
		snprintf(path, sizeof(path), "%s/%.*s.dts", argv[2], (int)len - 4, file);
		write_zone(z, file, path);
		printf("%s\n", path);
	}
	return 0;
}
