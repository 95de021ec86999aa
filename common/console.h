/* The hypervisor console: printk serialised across CPUs, panic. */
#pragma once

#include <stdarg.h>
#include "types.h"

__printf(1, 2) void printk(const char *fmt, ...);
__noreturn __printf(1, 2) void panic(const char *fmt, ...);

/* Print while already holding the console lock (one line built of several parts). */
void console_lock(void);
void console_unlock(void);
__printf(1, 2) void printk_locked(const char *fmt, ...);

/* Integer-only formatting (%d %u %x %s %c %p, l/ll/z, width, 0 and - flags). No FP. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);

/* The physical UART (<uart>.c): the hypervisor writes one character. */
void uart_putc(char c);
