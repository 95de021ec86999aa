/*
 * The emulated UART a zone sees when it does not own the physical one. Guest writes are
 * line-buffered and printed whole, prefixed with the zone's name, so zones never
 * interleave mid-line. The register model is the arch's UART (PL011 / ns16550).
 */
#pragma once

#include "types.h"

#define VUART_LINE 120
/* Typed characters waiting for the guest to read them: a whole line pasted or typed ahead
 * (as much as a Linux tty holds, 4096) waits here while the guest reads it one trapped
 * register read at a time. Beyond that, characters are lost and counted (rx_lost); the
 * models do not report an overrun (16550 LSR.OE, PL011 OERIS) to the guest. */
#define VUART_RX 4096

struct vuart {
	char line[VUART_LINE];
	u32 len;
	u32 shown; /* the focus zone: how much of line[] is on the screen already */
	u8 esc;    /* where in an escape sequence the output is (vuart.c) */
	u8 rx[VUART_RX];
	u32 rx_head, rx_tail; /* rx[] from head to tail (free-running) is unread */
	u32 rx_lost;          /* characters typed while rx[] was full (the summary shows it) */
	u8 lcr;               /* ns16550: the line control register the guest wrote */
	u8 ier;               /* ns16550: interrupt enables (ETBEI, ERBFI) */
	u8 fcr;               /* ns16550: FIFO control (IIR bits 7:6 show FIFOs enabled) */
	bool thre; /* ns16550: a THRE interrupt is pending (an IIR read that shows it clears it) */
	u16 imsc;  /* pl011: interrupt mask set/clear (TXIM, RXIM, RTIM) */
	u16 ris;   /* pl011: raw interrupt status */
	bool irq_out; /* the model's interrupt line, as last computed */
};

struct zone;
struct mmio_access;
struct per_cpu;

/* Add one character to @z's line; print the line at '\n' or when full. */
void vuart_putc(struct zone *z, char c);

/* HC_PUTCHAR: to the physical UART if @z owns it, else to its line. */
void zone_console_putc(struct zone *z, char c);

/* The model's interrupt line is now @line: raise UART_IRQ in the zone (arch_vuart_irq)
 * when it rises, or when it stays high after @kick (new work for the guest's handler: the
 * line of a level-triggered device the guest may have just completed). */
void vuart_set_irq(struct zone *z, bool line, bool kick);

/* zones_init: the scenario's focus zone (zone_config.console_focus). */
void vuart_init(void);

/* Input (vuart.c): the next character typed for @z, or -1; is there one? */
int vuart_rx_pop(struct zone *z);
bool vuart_rx_ready(const struct zone *z);

/* The physical UART's interrupt on @cpu: returns false if a zone owns the UART (pass the
 * interrupt on), else reads what was typed into the focus zone's UART. */
bool console_irq(struct per_cpu *cpu);

/* At boot, on the CPU of the focus zone's vCPU 0: the physical UART's receive interrupt
 * on, to this CPU (arch_console_irq_here()). */
void console_input_init(struct per_cpu *cpu);

/* The register model (<uart>.c): returns true if @a was a register of the UART. */
bool uart_emulate(struct zone *z, struct mmio_access *a);
/* Input arrived for @z: its interrupt line again (<uart>.c). */
void uart_rx_update(struct zone *z);
