/*
 * What a bare-metal guest can do, on either architecture. guests/lib/<arch>/ implements the
 * arch part (startup, UART, hypercall and firmware instructions); guest.c the rest.
 */
#pragma once

#include <stdint.h>
#include "hypercall_abi.h"

/* <arch>/arch.c */
void uart_putc(char c);                                  /* physical or emulated UART */
long hypercall(unsigned long nr, unsigned long a0, unsigned long a1);
void power_off(void) __attribute__((noreturn));          /* PSCI SYSTEM_OFF / SBI SRST */
/* firmware_version: (major << 16) | minor */
long firmware_version(void);                             /* PSCI_VERSION / SBI spec version */
const char *firmware_name(void);                         /* "PSCI" / "SBI" */
/* Fill every FP register from @seed, make @n HC_NULL hypercalls, and return 1 if every FP
 * register still holds its value. In assembly, so no compiled code touches FP in between. */
int fp_survives_hypercalls(uint64_t seed, int n);
void write_outside_zone(void);                           /* store to an IPA no zone maps */
void undefined_instruction(void);                        /* execute an undefined instruction */

/* guest.c */
int main(void);
