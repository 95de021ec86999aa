/*
 * gen_placed: where QEMU puts the scenario's raw images, and what the hypervisor checks
 * of them there.
 *
 *     gen_placed SCENARIO.c OUTDIR IMAGEDIR...
 *
 * Raw images (Linux, its initrd, DTBs) are not linked into the hypervisor: QEMU's generic
 * loader device writes each file into the zone's RAM before any CPU runs, so a 40 MB
 * kernel costs the hypervisor no copy and no size. Built like gen_dts.c from the scenario
 * file, this writes
 *   OUTDIR/placed.c       one `struct placed_file` per PLACED_IMAGE(): the file's path,
 *                         size, first and last bytes; linked into the hypervisor, whose
 *                         loader checks the image in place against it (common/loader.c);
 *   OUTDIR/qemu-loaders   the QEMU options that place them: -device loader,file=F,
 *                         addr=PA,force-raw=on, PA being where the zone's RAM maps the
 *                         image's load_ipa (make print-qemu shows the whole command).
 * Image files are looked up in the IMAGEDIRs, first match wins (as the assembler's -I).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_images.h"
#include "zone_config.h"

extern const struct zone_config zone_configs[];
extern const u32 nr_zone_configs;
extern const char scenario_name[];

static char *const *image_dirs; /* argv's IMAGEDIRs, NULL-terminated */

const char tool_name[] = "gen_placed"; /* for die() */

static FILE *open_out(const char *dir, const char *name)
{
	static char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "w")))
		die("cannot write %s", path);
	return f;
}

static void write_bytes(FILE *f, const u8 *b, size_t n)
{
	fputs("{ ", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "0x%02x%s", b[i], i + 1 < n ? ", " : " }");
}

/* Image file @file as the build finds it: its real path (to free), and into @pf its size
 * and first and last bytes (up to sizeof(pf->head) each). */
static char *measure(const char *file, struct placed_file *pf)
{
	const char *found = image_path(image_dirs, file);
	char *path = found ? realpath(found, NULL) : NULL;
	FILE *f;
	long size;

	if (!path || !(f = fopen(path, "rb")))
		die("image file %s is in none of the image directories", file);
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0)
		die("cannot read %s", path);
	pf->size = (u64)size;
	size_t n = pf->size < sizeof(pf->head) ? pf->size : sizeof(pf->head);
	if (fseek(f, 0, SEEK_SET) || fread(pf->head, 1, n, f) != n ||
	    fseek(f, (long)(pf->size - n), SEEK_SET) || fread(pf->tail, 1, n, f) != n)
		die("cannot read %s", path);
	fclose(f);
	return path;
}

/* The placed_file of one PLACED_IMAGE(), for the hypervisor to check the image against. */
static void write_placed_file(FILE *out, const struct image_file *r)
{
	struct placed_file pf = { 0 };
	char *path = measure(r->file, &pf);
	size_t n = pf.size < sizeof(pf.head) ? pf.size : sizeof(pf.head);

	fprintf(out, "\n/* %s: %lu bytes */\nconst struct placed_file %s = {\n\t\"", r->file,
		pf.size, r->sym);
	for (const char *c = path; *c; c++) /* a C string: quote and backslash escaped */
		fprintf(out, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
	fprintf(out, "\", %lu,\n\t", pf.size);
	write_bytes(out, pf.head, n);
	fputs(",\n\t", out);
	write_bytes(out, pf.tail, n);
	fputs(",\n};\n", out);
	free(path);
}

/* The loader device that places @img (zone @z) where the zone's RAM has its load_ipa. A
 * file too big for its place gets none: check_scenario refuses the scenario. */
static void write_loader(FILE *out, const struct zone_config *z, const struct image *img)
{
	const struct image_file *r = image_file(img);
	struct placed_file pf = { 0 };

	if (!r)
		die("zone %u (%s): image %s is not a PLACED_IMAGE() of the scenario", z->id,
		    z->name, img->name);
	char *path = measure(r->file, &pf);
	u64 pa = zone_ipa_to_pa(z, img->load_ipa, pf.size);
	if (pa != ~0UL) {
		fputs(" -device loader,file=", out);
		for (const char *c = path; *c; c++) /* QEMU's option syntax: ',' is written ",," */
			fputs(*c == ',' ? ",," : (char[]){ *c, 0 }, out);
		fprintf(out, ",addr=0x%lx,force-raw=on", pa);
	}
	free(path);
}

int main(int argc, char **argv)
{
	FILE *placed, *loaders;

	if (argc < 4) {
		fprintf(stderr, "usage: gen_placed SCENARIO.c OUTDIR IMAGEDIR...\n");
		return 2;
	}
	image_dirs = argv + 3;
	placed = open_out(argv[2], "placed.c");
	fprintf(placed,
		"/*\n * The raw images of scenario '%s' that QEMU places in the zones' RAM\n"
		" * (the -device loader options in qemu-loaders), as the build measured\n"
		" * them: the hypervisor checks each in place against this.\n"
		" * Written by tools/gen_placed.c from %s.\n */\n#include \"zone_config.h\"\n",
		scenario_name, argv[1]);
	/* One definition per PLACED_IMAGE() a zone uses (two zones may share one). */
	for (const struct image_file *r = __start_image_files; r < __stop_image_files; r++) {
		bool is_placed = false;
		for (u32 i = 0; i < nr_zone_configs && !is_placed; i++) {
			const struct zone_config *z = &zone_configs[i];
			const struct image *imgs[] = { &z->kernel, &z->dtb, &z->initrd };
			for (int k = 0; k < 3; k++)
				is_placed |=
					imgs[k]->format == IMAGE_RAW && imgs[k]->placed == r->key;
		}
		if (is_placed)
			write_placed_file(placed, r);
	}
	if (fclose(placed))
		die("cannot write placed.c");

	loaders = open_out(argv[2], "qemu-loaders");
	for (u32 i = 0; i < nr_zone_configs; i++) {
		const struct zone_config *z = &zone_configs[i];
		const struct image *imgs[] = { &z->kernel, &z->dtb, &z->initrd };
		for (int k = 0; k < 3; k++)
			if (imgs[k]->format == IMAGE_RAW)
				write_loader(loaders, z, imgs[k]);
	}
	fputc('\n', loaders);
	if (fclose(loaders))
		die("cannot write qemu-loaders");
	return 0;
}
