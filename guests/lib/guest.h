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
/* Firmware CPU control for SMP guests (PSCI CPU_ON/CPU_OFF/AFFINITY_INFO, SBI HSM).
 * cpu_start runs secondary_main(vcpu) on @vcpu; results are the firmware's own codes. */
long cpu_start(unsigned long vcpu);
void cpu_stop(void) __attribute__((noreturn));
long cpu_status(unsigned long vcpu);          /* 1 on, 0 off, or a negative firmware error */
const char *firmware_error(long err);         /* the spec's name for a return code */
void delay_ms(unsigned ms);                   /* busy wait on the architected counter */
void counter_init(void);                      /* start the instruction counter */
unsigned long instructions(void);             /* instructions retired, at every level */
/* @n HC_NULL hypercalls in a tight loop (with_call = 1), or the same loop without them. */
void null_hypercall_loop(unsigned long n, int with_call);
void write_outside_zone(void);                           /* store to an IPA no zone maps */
void undefined_instruction(void);                        /* execute an undefined instruction */

/* guest.c */
int main(void);
void secondary_main(unsigned long vcpu); /* where cpu_start()ed vCPUs begin (a weak default parks) */
void guest_lock(void);                   /* one vCPU prints at a time */
void guest_unlock(void);
