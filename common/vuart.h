/*
 * The emulated UART a zone sees when it does not own the physical one. Guest writes are
 * line-buffered and printed whole, prefixed with the zone's name, so zones never
 * interleave mid-line. The register model is the arch's UART (PL011 / ns16550).
 */
#pragma once

#include "types.h"

#define VUART_LINE 120

struct vuart {
	char line[VUART_LINE];
	u32 len;
	u8 lcr; /* ns16550: the line control register the guest wrote (pl011 needs none) */
};

struct zone;
struct mmio_access;

/* Add one character to @z's line; print the line at '\n' or when full. */
void vuart_putc(struct zone *z, char c);

/* HC_PUTCHAR: to the physical UART if @z owns it, else to its line. */
void zone_console_putc(struct zone *z, char c);

/* The register model (<uart>.c): returns true if @a was a register of the UART. */
bool uart_emulate(struct zone *z, struct mmio_access *a);
