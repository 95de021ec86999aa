/*
 * gen_dts: the device tree of a zone, written from its zone_config (gen_dts.c). The arch
 * half, gen_dts_<arch>.c, writes what only its architecture has: the CPUs, the interrupt
 * controller, the timer, the firmware interface and the UART.
 */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "zone_config.h"

/* The zone being written. */
struct dts_zone {
	FILE *f;
	const struct zone_config *cfg;
	u32 nr_vcpus;  /* vCPU i runs on the i-th CPU of cfg->cpus */
	bool uart_irq; /* the UART's interrupt (UART_IRQ): owned, or emulated */
};

/* A <address size> pair in two cells each (#address-cells = #size-cells = 2). */
void dts_reg(FILE *f, u64 addr, u64 size);

/* gen_dts_<arch>.c */
extern const char dts_compatible[];           /* the machine, in the root's compatible */
extern const char dts_console[];              /* Linux's name for the UART (console=) */
void dts_arch_root(const struct dts_zone *z); /* extra root properties */
void dts_arch_cpus(const struct dts_zone *z); /* the /cpus node */
/* Interrupt controller, timer, firmware, and the UART, labelled `uart` (stdout-path). */
void dts_arch_devices(const struct dts_zone *z);
