/*
 * What the two guests of SCENARIO=hostile (common/scenarios/hostile.c) know of the machine:
 * where their RAM is, host-physical and guest-physical (<arch>/platform.h), where the
 * devices are, which interrupt each zone owns, where the selector and the sentinel's
 * pattern lie, how to read the architected counter; and how they print a line whole.
 * Shared by guests/sentinel (the victim) and guests/hostile (the attacker);
 * tests/hostile.py has the selector's address.
 */
#pragma once

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#define RAM_SIZE (64UL << 20) /* each zone's, from 0 to the selector */

#if defined(__aarch64__)
#define RAM_IPA        0x40000000UL
#define ZONE_RAM_PA(n) (0x50000000UL + (n)*0x08000000UL) /* ZONE_RAM_BASE(n) */
#define HYP_PA         0x48000000UL                      /* aarch64/linker.ld */
#define UART_IPA       0x09000000UL                      /* PL011, emulated */
#define GICD_IPA       0x08000000UL
#define GICR_IPA       0x080a0000UL /* vCPU v's redistributor at + v * 0x20000 */
#define GITS_IPA       0x08080000UL /* the physical ITS: no zone's */
#define SENTINEL_IRQ   34           /* UART_IRQ + 1: the PL031 RTC, SPI 2 */
#define ATTACKER_IRQ   35           /* UART_IRQ + 2: PCIe INTA, SPI 3 (no PCI device: -nic none) */
#else
#define RAM_IPA        0x80000000UL
#define ZONE_RAM_PA(n) (0x90000000UL + (n)*0x08000000UL)
#define HYP_PA         0x88000000UL /* riscv64/linker.ld */
#define UART_IPA       0x10000000UL /* ns16550, emulated */
#define PLIC_IPA       0x0c000000UL
#define CLINT_IPA      0x02000000UL /* every hart's timer and software interrupt: M-mode's */
#define SENTINEL_IRQ   11           /* UART_IRQ + 1: the goldfish RTC */
#define ATTACKER_IRQ   12           /* UART_IRQ + 2: no device */
#endif

/*
 * The selector: words the test writes into a zone's RAM before boot with QEMU's loader
 * device (-device loader,addr=ZONE_RAM_PA(n) + SELECTOR_OFF,data=...), above everything
 * the image and its stacks use. Nothing clears it: the hypervisor's loader copies the
 * image's segments and zeroes their .bss only (common/loader.c). All 0 without a loader:
 * the default run. Word 0 says what to do, word 1 is an argument (a seed, a bound).
 */
#define SELECTOR_OFF 0x3ff0000UL
#define SELECTOR(i)  (((volatile uint64_t *)(RAM_IPA + SELECTOR_OFF))[i])

/* The sentinel's pattern: loaded with its image (guests/sentinel/pattern.S, placed here by
 * the Makefile's --section-start), so it is in place before either zone runs a single
 * instruction; the attacker aims at it by host-physical address. */
#define PATTERN_IPA     (RAM_IPA + 0x100000UL)
#define PATTERN_WORDS   32768 /* 256 KiB */
#define PATTERN_TAG     0x5e4e5e4e00000000UL
#define PATTERN_WORD(i) (PATTERN_TAG + (i))

#ifndef __ASSEMBLER__
#include <stdio.h>
#include "guest.h"

/* The architected counter: what the sentinel measures its ticks against. */
static inline uint64_t counter_now(void)
{
	uint64_t t;
#if defined(__aarch64__)
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(t));
#else
	__asm__ volatile("rdtime %0" : "=r"(t));
#endif
	return t;
}

static inline uint64_t counter_hz(void)
{
#if defined(__aarch64__)
	uint64_t f;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
#else
	return 10000000; /* QEMU virt's timebase */
#endif
}
#endif
