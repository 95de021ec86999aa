/* The Arm PL011 UART's registers (ARM DDI 0183) as pl011.c and aarch64/boot.S use them.
 * Assembler-safe. */
#pragma once

#include "types.h"

#define UART_DR        0x000  /* data */
#define UART_FR        0x018  /* flags */
#define FR_RXFE        BIT(4) /* receive FIFO empty */
#define FR_TXFF        BIT(5) /* transmit FIFO full: wait */
#define FR_TXFE        BIT(7) /* transmit FIFO empty */
#define UART_IMSC      0x038  /* interrupt mask set/clear */
#define UART_RIS       0x03c  /* raw interrupt status */
#define UART_MIS       0x040  /* masked interrupt status */
#define UART_ICR       0x044  /* interrupt clear */
#define INT_RX         BIT(4) /* RXIM/RXRIS/RXMIS/RXIC: receive */
#define INT_TX         BIT(5) /* TXIM/...: transmit */
#define INT_RT         BIT(6) /* RTIM/...: receive timeout */
#define INT_ALL        0x7ff
#define UART_PERIPHID0 0xfe0 /* peripheral and PrimeCell ids: drivers probe them */
