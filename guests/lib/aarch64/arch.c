/* The aarch64 part of the guest library: PL011, hvc/smc, PSCI. */
#include "guest.h"

#define UART_BASE          0x09000000UL /* PL011, passed through or emulated: the same registers */
#define UART_FR_TXFF       (1 << 5)
#define PSCI_VERSION       0x84000000UL
#define PSCI_SYSTEM_OFF    0x84000008UL
#define PSCI_CPU_OFF       0x84000002UL
#define PSCI_CPU_ON        0xC4000003UL
#define PSCI_AFFINITY_INFO 0xC4000004UL
#define OTHER_ZONE_RAM     0x50000000UL /* host-physical RAM of zone 0: not an IPA of ours */

void uart_putc(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)UART_BASE;

	while (uart[0x18 / 4] & UART_FR_TXFF)
		;
	uart[0] = (unsigned char)c;
}

/* SMCCC: function id in x0, arguments in x1.., result in x0. */
#define SMCCC_CALL(insn, fn, a1, a2)                                                      \
	({                                                                                \
		register unsigned long x0 __asm__("x0") = (fn);                           \
		register unsigned long x1 __asm__("x1") = (a1);                           \
		register unsigned long x2 __asm__("x2") = (a2);                           \
		__asm__ volatile(insn " #0" : "+r"(x0), "+r"(x1), "+r"(x2) : : "memory"); \
		(long)x0;                                                                 \
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

extern char secondary_entry[]; /* start.S: sets up the vCPU, then secondary_main(vcpu) */

long cpu_start(unsigned long vcpu)
{
	/* The target is named by MPIDR: a zone's vCPUs are Aff0 = 0, 1, ... */
	register unsigned long x3 __asm__("x3") = vcpu; /* context id: arrives in x0 */
	register unsigned long x0 __asm__("x0") = PSCI_CPU_ON;
	register unsigned long x1 __asm__("x1") = vcpu;
	register unsigned long x2 __asm__("x2") = (unsigned long)secondary_entry;
	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (long)x0;
}

void cpu_stop(void)
{
	SMCCC_CALL("smc", PSCI_CPU_OFF, 0, 0);
	for (;;) /* CPU_OFF does not return when it works */
		__asm__ volatile("wfi");
}

long cpu_status(unsigned long vcpu)
{
	long r = SMCCC_CALL("smc", PSCI_AFFINITY_INFO, vcpu, 0);
	return r < 0 ? r : r == 0; /* AFFINITY_INFO: 0 = ON, 1 = OFF, 2 = ON_PENDING */
}

const char *firmware_error(long err)
{
	switch (err) {
	case 0:
		return "SUCCESS";
	case -1:
		return "NOT_SUPPORTED";
	case -2:
		return "INVALID_PARAMETERS";
	case -3:
		return "DENIED";
	case -4:
		return "ALREADY_ON";
	case -9:
		return "INVALID_ADDRESS";
	}
	return "unknown PSCI error";
}

void delay_ms(unsigned ms)
{
	unsigned long freq, start, now;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(start));
	do
		__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(now));
	while (now - start < freq / 1000 * ms);
}

void write_outside_zone(void)
{
	*(volatile uint64_t *)OTHER_ZONE_RAM = 0xbad;
}

void undefined_instruction(void)
{
	__asm__ volatile("udf #0");
}

/* PMCCNTR_EL0 counts one per instruction under -icount shift=0 (docs/platform.md), EL2 included
 * once PMCCFILTR_EL0.NSH is set: an exit's hypervisor instructions count too. */
void counter_init(void)
{
	__asm__ volatile("msr pmccfiltr_el0, %0" : : "r"(1UL << 27)); /* NSH: count EL2 */
	__asm__ volatile("msr pmcntenset_el0, %0" : : "r"(1UL << 31));
	__asm__ volatile("msr pmcr_el0, %0; isb" : : "r"(5UL)); /* E: on, C: cycle counter reset */
}

unsigned long instructions(void)
{
	unsigned long v;
	__asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(v));
	return v;
}

/* MPIDR_EL1 as the guest reads it is VMPIDR_EL2: Aff0 = the vCPU's index in its zone. */
unsigned long vcpu_id(void)
{
	unsigned long mpidr;
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return mpidr & 0xff;
}

/* ---- faults taken by the guest (faults_catch) ---- */

volatile struct fault_record last_fault;

unsigned long unbacked_address(void)
{
	return OTHER_ZONE_RAM; /* an IPA outside the zone's RAM: nothing behind it */
}

/* The vector: a synchronous exception from EL1 (on SP_EL0 or SP_EL1) records ESR_EL1 and
 * FAR_EL1 and resumes after the access: at x30 for an instruction abort (call_unbacked's
 * blr), past the 4-byte load or store for a data abort. Anything else powers off. */
__asm__(".section .text.fault_vectors, \"ax\"\n"
	".balign 2048\n"
	"fault_vectors:\n"
	"	b	fault_entry\n" /* 0x000: synchronous, EL1t */
	".rept 3\n .balign 128\n b irq_unexpected\n .endr\n"
	".balign 128\n b fault_entry\n" /* 0x200: synchronous, EL1h */
	".rept 11\n .balign 128\n b irq_unexpected\n .endr\n"
	"fault_entry:\n"
	"	stp	x0, x1, [sp, #-16]!\n"
	"	adr	x0, last_fault\n"
	"	mrs	x1, esr_el1\n"
	"	str	x1, [x0]\n"
	"	mrs	x1, far_el1\n"
	"	str	x1, [x0, #8]\n"
	"	ldr	x1, [x0, #16]\n"
	"	add	x1, x1, #1\n"
	"	str	x1, [x0, #16]\n"
	"	mrs	x1, esr_el1\n"
	"	lsr	x1, x1, #26\n"
	"	cmp	x1, #0x21\n" /* instruction abort, same EL */
	"	b.ne	1f\n"
	"	msr	elr_el1, x30\n"
	"	b	2f\n"
	"1:	mrs	x1, elr_el1\n"
	"	add	x1, x1, #4\n"
	"	msr	elr_el1, x1\n"
	"2:	ldp	x0, x1, [sp], #16\n"
	"	eret\n"
	".previous\n");

void faults_catch(void)
{
	extern char fault_vectors[];

	__asm__ volatile("msr vbar_el1, %0\n isb" : : "r"(fault_vectors));
}

unsigned long load_unbacked(void)
{
	return *(volatile uint64_t *)OTHER_ZONE_RAM;
}

void store_unbacked(void)
{
	*(volatile uint64_t *)OTHER_ZONE_RAM = 0xbad;
}

void call_unbacked(void)
{
	__asm__ volatile("blr %0" : : "r"(OTHER_ZONE_RAM) : "x30", "memory");
}
