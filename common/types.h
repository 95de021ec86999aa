/*
 * Basic types and helpers shared by every file of the hypervisor. Freestanding: no libc.
 * The macros are assembler-safe (GNU as takes 1UL as 1), so a header built on them can
 * give its constants to a .S file too.
 */
#pragma once

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t i32;
typedef int64_t i64;
#endif

#define PAGE_SHIFT                    12
#define PAGE_SIZE                     (1UL << PAGE_SHIFT)
#define ARRAY_SIZE(a)                 (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)                (((x) + (a)-1) & ~((u64)(a)-1))
#define IS_ALIGNED(x, a)              (((x) & ((u64)(a)-1)) == 0)
#define BIT(n)                        (1UL << (n))
#define container_of(p, type, member) ((type *)((char *)(p)-offsetof(type, member)))

#define __noreturn __attribute__((noreturn))
/* Out of line and under its own name, not a .constprop/.isra clone: a function gdb and nm
 * find in both arches' images (tests/mirrored_names.txt). Cold paths only. */
#define __noinline     __attribute__((noinline, noclone))
#define __aligned(n)   __attribute__((aligned(n)))
#define __unused       __attribute__((unused))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#define KiB (1UL << 10)
#define MiB (1UL << 20)
#define GiB (1UL << 30)
