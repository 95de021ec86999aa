/* The riscv64 part of the guest library: ns16550 UART, ecall, SBI (HSM for SMP). */
#include "guest.h"

#define UART_BASE               0x10000000UL /* ns16550, passed through or emulated: the same registers */
#define UART_LSR                5
#define UART_LSR_THRE           (1 << 5)
#define SBI_HSM_HART_START      0
#define SBI_HSM_HART_STOP       1
#define SBI_HSM_HART_GET_STATUS 2
#define SBI_HSM_STOPPED         1
#define TIMEBASE_HZ             10000000UL /* QEMU virt: the time CSR ticks at 10 MHz */
#define MAX_VCPUS               8
#define OTHER_ZONE_RAM          0x90000000UL /* host-physical RAM of zone 0: not a GPA of ours */

void uart_putc(char c)
{
	volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;

	while (!(uart[UART_LSR] & UART_LSR_THRE))
		;
	uart[0] = (unsigned char)c;
}

/* SBI: extension in a7, function in a6, arguments in a0..a2; error in a0, value in a1. */
struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long arg0, unsigned long arg1,
		       unsigned long arg2)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a2 __asm__("a2") = arg2;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
	return (struct sbiret){ (long)a0, (long)a1 };
}

long hypercall(unsigned long nr, unsigned long a0, unsigned long a1)
{
	struct sbiret r = sbi_call(HC_SBI_EXT, nr, a0, a1, 0);
	return r.error ? r.error : r.value;
}

long firmware_version(void)
{
	long v = sbi_call(SBI_EXT_BASE, 0 /* get_spec_version */, 0, 0, 0).value;
	return ((v >> 24) & 0x7f) << 16 | (v & 0xffffff); /* major [30:24], minor [23:0] */
}

const char *firmware_name(void)
{
	return "SBI";
}

void power_off(void)
{
	sbi_call(SBI_EXT_SRST, 0, 0 /* shutdown */, 0 /* no reason */, 0);
	for (;;)
		__asm__ volatile("wfi");
}

/* ---- SMP: SBI HSM ---- */

static uint8_t vcpu_stacks[MAX_VCPUS][8192] __attribute__((aligned(16)));
extern char secondary_entry[]; /* start.S: sets up the vCPU, then secondary_main(vcpu) */

long cpu_start(unsigned long vcpu)
{
	/* a vCPU we have no stack for is still asked for: the hypervisor's answer counts */
	unsigned long stack =
		vcpu < MAX_VCPUS ? (unsigned long)vcpu_stacks[vcpu] + sizeof(vcpu_stacks[0]) : 0;
	return sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, vcpu, (unsigned long)secondary_entry,
			stack)
		.error;
}

void cpu_stop(void)
{
	sbi_call(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
	for (;;) /* not reached: hart_stop does not return */
		__asm__ volatile("wfi");
}

long cpu_status(unsigned long vcpu)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, vcpu, 0, 0);

	if (r.error)
		return r.error;
	return r.value != SBI_HSM_STOPPED; /* started, or on its way up or down */
}

const char *firmware_error(long err)
{
	static const char *const names[] = {
		"SBI_SUCCESS",
		"SBI_ERR_FAILED",
		"SBI_ERR_NOT_SUPPORTED",
		"SBI_ERR_INVALID_PARAM",
		"SBI_ERR_DENIED",
		"SBI_ERR_INVALID_ADDRESS",
		"SBI_ERR_ALREADY_AVAILABLE",
		"SBI_ERR_ALREADY_STARTED",
		"SBI_ERR_ALREADY_STOPPED",
	};
	if (err > 0 || -err >= (long)(sizeof(names) / sizeof(names[0])))
		return "unknown SBI error";
	return names[-err];
}

void delay_ms(unsigned ms)
{
	unsigned long start, now;

	__asm__ volatile("rdtime %0" : "=r"(start));
	do
		__asm__ volatile("rdtime %0" : "=r"(now));
	while (now - start < ms * (TIMEBASE_HZ / 1000));
}

/* instret counts at every privilege level; the hypervisor lets us read it (hcounteren). */
void counter_init(void)
{
}

unsigned long instructions(void)
{
	unsigned long n;

	__asm__ volatile("rdinstret %0" : "=r"(n));
	return n;
}

void write_outside_zone(void)
{
	*(volatile uint64_t *)OTHER_ZONE_RAM = 0xbad;
}

void undefined_instruction(void)
{
	__asm__ volatile("unimp");
}

/* ---- faults taken by the guest (faults_catch) ---- */

volatile struct fault_record last_fault;

unsigned long unbacked_address(void)
{
	return OTHER_ZONE_RAM; /* a GPA outside the zone's RAM: nothing behind it */
}

/* The trap vector: scause and stval recorded; an instruction access fault (1) resumes at
 * ra (call_unbacked's jalr), a load or store one past its 4-byte instruction. */
__asm__(".section .text\n"
	".balign 4\n"
	"fault_vector:\n"
	"	addi	sp, sp, -16\n"
	"	sd	t0, 0(sp)\n"
	"	sd	t1, 8(sp)\n"
	"	la	t0, last_fault\n"
	"	csrr	t1, scause\n"
	"	sd	t1, 0(t0)\n"
	"	csrr	t1, stval\n"
	"	sd	t1, 8(t0)\n"
	"	ld	t1, 16(t0)\n"
	"	addi	t1, t1, 1\n"
	"	sd	t1, 16(t0)\n"
	"	csrr	t1, scause\n"
	"	addi	t1, t1, -1\n"
	"	bnez	t1, 1f\n"
	"	csrw	sepc, ra\n"
	"	j	2f\n"
	"1:	csrr	t1, sepc\n"
	"	addi	t1, t1, 4\n"
	"	csrw	sepc, t1\n"
	"2:	ld	t0, 0(sp)\n"
	"	ld	t1, 8(sp)\n"
	"	addi	sp, sp, 16\n"
	"	sret\n");

void faults_catch(void)
{
	extern char fault_vector[];

	__asm__ volatile("csrw stvec, %0" : : "r"(fault_vector));
}

unsigned long load_unbacked(void)
{
	unsigned long v;

	__asm__ volatile(".option push\n .option norvc\n ld %0, 0(%1)\n .option pop"
			 : "=r"(v)
			 : "r"(OTHER_ZONE_RAM)
			 : "memory");
	return v;
}

void store_unbacked(void)
{
	__asm__ volatile(".option push\n .option norvc\n sd %0, 0(%1)\n .option pop"
			 :
			 : "r"(0xbadUL), "r"(OTHER_ZONE_RAM)
			 : "memory");
}

void call_unbacked(void)
{
	__asm__ volatile("jalr %0" : : "r"(OTHER_ZONE_RAM) : "ra", "memory");
}
