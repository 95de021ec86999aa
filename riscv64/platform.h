/* QEMU virt (riscv64) as minivisor uses it. Addresses from QEMU's hw/riscv/virt.c memory map. */
#pragma once

#define ARCH_NAME   "riscv64"
#define ELF_MACHINE 243 /* e_machine of guest ELF images */

#define PLAT_RAM_BASE 0x80000000UL /* -m 1G: RAM is [2 GiB, 3 GiB); OpenSBI owns its first 2 MiB */
#define PLAT_RAM_SIZE 0x40000000UL
#define UART_BASE     0x10000000UL /* ns16550 */
#define UART_SIZE     0x1000UL
#define PLIC_BASE     0x0c000000UL
#define UART_IRQ      10 /* PLIC source */
#define IRQ_FIRST     1
#define IRQ_LAST      1023
#define TIMEBASE_HZ   10000000 /* the time CSR's frequency (the DTB's timebase-frequency) */

/* Zones see RAM where the virt machine has it; each zone's RAM comes from its own 128 MiB
 * slice of host RAM above the hypervisor (which owns [2 GiB, 2 GiB + 256 MiB)). */
#define GUEST_RAM_BASE   0x80000000UL
#define ZONE_RAM_BASE(n) (0x90000000UL + (n)*0x08000000UL)
