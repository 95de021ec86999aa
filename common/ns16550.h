/* The 16550 UART's registers (TI PC16550D data sheet) as ns16550.c and riscv64/boot.S use
 * them: byte registers at offsets 0..7 (QEMU virt: reg-shift 0). Assembler-safe. */
#pragma once

#include "types.h"

#define UART_THR   0 /* transmit holding (write); receive buffer (read) */
#define UART_IIR   2 /* interrupt identification (read); FIFO control (write) */
#define UART_LCR   3 /* line control */
#define UART_LSR   5 /* line status */
#define UART_REGS  8
#define IIR_NO_INT BIT(0) /* no interrupt pending */
#define LCR_DLAB   BIT(7) /* offsets 0 and 1 are the divisor latch, not THR/IER */
#define LSR_THRE   BIT(5) /* transmit holding register empty: write the next character */
#define LSR_TEMT   BIT(6) /* transmitter empty */
