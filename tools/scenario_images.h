/*
 * Compiling a scenario for a host tool that must not need its image files: gen_dts writes
 * the scenario's DTBs and gen_placed measures its raw images, so neither can link them in.
 * Force-included (gcc -include) before the scenario file, this redefines IMAGE() and
 * PLACED_IMAGE() to link no file in: each image gets a stand-in and a record of the file it
 * names, in a table the linker gathers (section image_files), so the tool can still find
 * the file (tools/scenario_images.c).
 */
#pragma once

#include "zone_config.h" /* #pragma once: the scenario's own #include adds nothing */

struct image_file {
	const void *key;  /* what struct image points at: .start (ELF) or .placed (raw) */
	const char *file; /* the file the IMAGE() names, looked up in the image directories */
	const char *sym;  /* the symbol it declares (gen_placed defines it for the hypervisor) */
};

#undef IMAGE
#define IMAGE(sym, file)                          \
	const u8 sym[1], sym##_end[1];            \
	static const struct image_file sym##_file \
		__attribute__((used, aligned(8), section("image_files"))) = { sym, file, #sym }

#undef PLACED_IMAGE
#define PLACED_IMAGE(sym, file)                   \
	const struct placed_file sym;             \
	static const struct image_file sym##_file \
		__attribute__((used, aligned(8), section("image_files"))) = { &sym, file, #sym }

/* The records of every IMAGE() and PLACED_IMAGE() in the program, from the linker: an
 * array, so each is aligned to its type exactly (gcc would give larger objects more). */
extern const struct image_file __start_image_files[], __stop_image_files[];

/* Say "<tool_name>: scenario '<name>': <message>" on stderr and exit 1. */
extern const char tool_name[];
__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);

/* The record of the file @img was made from, or NULL. */
const struct image_file *image_file(const struct image *img);

/* Where @file is: the first of the NULL-terminated @dirs that has it (a static buffer),
 * or NULL. */
const char *image_path(char *const *dirs, const char *file);
