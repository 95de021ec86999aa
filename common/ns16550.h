/* The 16550 UART's registers (TI PC16550D data sheet) as ns16550.c and riscv64/boot.S use
 * them: byte registers at offsets 0..7 (QEMU virt: reg-shift 0). Assembler-safe. */
#pragma once

#include "types.h"

#define UART_THR   0 /* transmit holding (write); receive buffer (read) */
#define UART_IER   1 /* interrupt enable */
#define UART_IIR   2 /* interrupt identification (read); FIFO control (write) */
#define UART_LCR   3 /* line control */
#define UART_LSR   5 /* line status */
#define UART_REGS  8
#define IER_ERBFI  BIT(0) /* interrupt when received data is available */
#define IER_ETBEI  BIT(1) /* interrupt when the transmit holding register is empty */
#define IIR_NO_INT BIT(0) /* no interrupt pending */
#define IIR_THRE   0x02   /* transmit holding register empty (priority 3) */
#define IIR_RDA    0x04   /* received data available (priority 2) */
#define IIR_FIFOS  0xc0   /* FIFOs enabled (FCR bit 0) */
#define FCR_ENABLE BIT(0)
#define LCR_DLAB   BIT(7) /* offsets 0 and 1 are the divisor latch, not THR/IER */
#define LSR_DR     BIT(0) /* a received character is waiting in RBR */
#define LSR_THRE   BIT(5) /* transmit holding register empty: write the next character */
#define LSR_TEMT   BIT(6) /* transmitter empty */
