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

/* The physical UART (<uart>.c): the hypervisor writes one character; reads one (-1:
 * nothing typed); turns its receive interrupt on. */
void uart_putc(char c);
int uart_getc(void);
void uart_rx_irq_on(void);

/* The focus zone's unfinished line may be on the screen (vuart.c): @close, called with
 * the console lock held before anything else is printed, ends it with a newline. */
void console_set_open_line(void (*close)(void));
