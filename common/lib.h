/* libc routines the hypervisor provides itself (common/lib.c); the host tests use libc's. */
#pragma once

#include "types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
