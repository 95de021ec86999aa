/* Finding a scenario's image files from a host tool (scenario_images.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "scenario_images.h"

extern const char scenario_name[];

void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: scenario '%s': ", tool_name, scenario_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

const struct image_file *image_file(const struct image *img)
{
	const void *key = img->format == IMAGE_RAW ? (const void *)img->placed : img->start;

	for (const struct image_file *r = __start_image_files; r < __stop_image_files; r++)
		if (key && r->key == key)
			return r;
	return NULL;
}

const char *image_path(char *const *dirs, const char *file)
{
	static char path[4096];

	for (; *dirs; dirs++) {
		snprintf(path, sizeof(path), "%s/%s", *dirs, file);
		if (access(path, R_OK) == 0)
			return path;
	}
	return NULL;
}
