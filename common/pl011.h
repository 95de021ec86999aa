/* The Arm PL011 UART's registers (ARM DDI 0183) as pl011.c and aarch64/boot.S use them.
 * Assembler-safe. */
#pragma once

#include "types.h"

#define UART_DR        0x000  /* data */
#define UART_FR        0x018  /* flags */
#define FR_RXFE        BIT(4) /* receive FIFO empty */
#define FR_TXFF        BIT(5) /* transmit FIFO full: wait */
#define FR_TXFE        BIT(7) /* transmit FIFO empty */
#define UART_PERIPHID0 0xfe0  /* peripheral and PrimeCell ids: drivers probe them */
