/* QEMU virt (aarch64) as minivisor uses it. Addresses from QEMU's hw/arm/virt.c memory map. */
#pragma once

#define ARCH_NAME   "aarch64"
#define ELF_MACHINE 183 /* e_machine of guest ELF images */

#define PLAT_RAM_BASE 0x40000000UL /* -m 1G: RAM is [1 GiB, 2 GiB) */
#define PLAT_RAM_SIZE 0x40000000UL
#define UART_BASE     0x09000000UL /* PL011 */
#define UART_SIZE     0x1000UL
#define GICD_BASE     0x08000000UL
#define GICR_BASE     0x080a0000UL
#define UART_IRQ      33 /* SPI 1 */
#define IRQ_FIRST     32 /* zones own SPIs; SGIs and PPIs are per CPU */
#define IRQ_LAST      1019

/* Zones see RAM where the virt machine has it; each zone's RAM comes from its own 128 MiB
 * slice of host RAM above the hypervisor (which owns [1 GiB, 1 GiB + 256 MiB)). */
#define GUEST_RAM_BASE   0x40000000UL
#define ZONE_RAM_BASE(n) (0x50000000UL + (n)*0x08000000UL)
