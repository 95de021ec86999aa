/* The aarch64 part of the guest library: PL011, hvc/smc, PSCI. */
#include "guest.h"

#define UART_BASE 0x09000000UL /* PL011, passed through or emulated: the same registers */
#define UART_FR_TXFF (1 << 5)
#define PSCI_VERSION 0x84000000UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define OTHER_ZONE_RAM 0x50000000UL /* host-physical RAM of zone 0: not an IPA of ours */

void uart_putc(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)UART_BASE;

	while (uart[0x18 / 4] & UART_FR_TXFF)
		;
	uart[0] = (unsigned char)c;
}

/* SMCCC: function id in x0, arguments in x1.., result in x0. */
#define SMCCC_CALL(insn, fn, a1, a2)                                                     \
	({                                                                               \
		register unsigned long x0 __asm__("x0") = (fn);                          \
		register unsigned long x1 __asm__("x1") = (a1);                          \
		register unsigned long x2 __asm__("x2") = (a2);                          \
		__asm__ volatile(insn " #0" : "+r"(x0), "+r"(x1), "+r"(x2) : : "memory"); \
		(long)x0;                                                                \
	})

long hypercall(unsigned long nr, unsigned long a0, unsigned long a1)
{
	return SMCCC_CALL("hvc", HC_FN(nr), a0, a1);
}

long firmware_version(void)
{
	return SMCCC_CALL("smc", PSCI_VERSION, 0, 0); /* already (major << 16) | minor */
}

const char *firmware_name(void)
{
	return "PSCI";
}

void power_off(void)
{
	SMCCC_CALL("smc", PSCI_SYSTEM_OFF, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void write_outside_zone(void)
{
	*(volatile uint64_t *)OTHER_ZONE_RAM = 0xbad;
}

void undefined_instruction(void)
{
	__asm__ volatile("udf #0");
}
