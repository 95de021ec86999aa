/*
 * Compiling a scenario for a host tool that must not need its image files: gen_dts writes
 * the scenario's DTBs, so they do not exist yet when it is built. Force-included (gcc
 * -include) before the scenario file, this redefines IMAGE() to link no file in; each
 * image gets a one-byte stand-in and a record of the file it names, in a table the
 * linker gathers (section image_files), so the tool can still find and size the file.
 */
#pragma once

#include "zone_config.h" /* #pragma once: the scenario's own #include adds nothing */

struct image_file {
	const u8 *start;  /* the stand-in: what struct image.start points at */
	const char *file; /* the file IMAGE() names, looked up like the assembler's -I does */
};

#undef IMAGE
#define IMAGE(sym, file)                          \
	const u8 sym[1], sym##_end[1];            \
	static const struct image_file sym##_file \
		__attribute__((used, section("image_files"))) = { sym, file }

/* The records of every IMAGE() in the program, from the linker. */
extern const struct image_file __start_image_files[], __stop_image_files[];
