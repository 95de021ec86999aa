/* libc routines the hypervisor provides itself (common/lib.c); the host tests use libc's. */
#pragma once

#include "types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* A big-endian 32-bit value at @p, any alignment: device tree blobs are big-endian (the
 * devicetree specification, 5.2), both arches little-endian. */
static inline u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}
