/*
 * aarch64 entry. QEMU starts CPU 0 here at EL2 with the MMU off (docs/platform.md); the other
 * CPUs arrive at secondary_entry when primary_main asks PSCI CPU_ON for them.
 */
#include "percpu.h"
#include "platform.h"
#include "pl011.h"
#include "psci.h"
#include "sysreg.h"

.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

/* sp = TPIDR_EL2 = &per_cpus[cpuid].arch: the top of this CPU's stack is its ArchCpu
 * (percpu.h), and TPIDR_EL2 holds it for arch_this_cpu(). Clobbers x9, x10. */
.macro set_stack cpuid
	adr_l	x9, per_cpus
	mov	x10, #PER_CPU_SIZE
	madd	x9, \cpuid, x10, x9
	add	x9, x9, #STACK_SIZE
	mov	sp, x9
	msr	tpidr_el2, x9
.endm

/* Known EL2 state before any C: MMU/caches off, our vector table. */
.macro el2_setup
	ldr	x9, =SCTLR_EL2_RES1	/* MMU off, little endian */
	msr	sctlr_el2, x9
	adr_l	x9, hyp_vectors
	msr	vbar_el2, x9
	isb
.endm

	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x9, CurrentEL
	cmp	x9, #CURRENTEL_EL2
	b.ne	not_el2
	el2_setup
	mrs	x9, mpidr_el1		/* x19 = mpidr_to_cpuid(MPIDR_EL1) (sysreg.h) */
	ubfx	x19, x9, #MPIDR_AFF0_SHIFT, #MPIDR_AFF_BITS
	ubfx	x9, x9, #MPIDR_AFF1_SHIFT, #MPIDR_AFF_BITS
	add	x19, x19, x9, lsl #CLUSTER_SHIFT
	adr_l	x1, too_many_msg
	cmp	x19, #MAX_CPUS
	b.hs	say_and_halt		/* per_cpus[] has no room for this CPU */

	/* Clear .bss (per_cpus and the stacks are in it, so before any call). */
	adr_l	x9, __bss_start
	adr_l	x10, __bss_end
1:	cmp	x9, x10
	b.hs	2f
	stp	xzr, xzr, [x9], #16
	b	1b
2:
	set_stack x19
	mov	x29, #0			/* terminate gdb's backtrace here */
	mov	x30, #0
	mov	x0, x19
	ldr	x1, =PLAT_RAM_BASE	/* QEMU's DTB: x0..x3 are 0 for an ELF kernel */
	b	primary_main

/* PSCI CPU_ON lands here at EL2, MMU off, x0 = the context we passed: the CPU id. */
	.global secondary_entry
secondary_entry:
	el2_setup
	mov	x19, x0
	set_stack x19
	mov	x29, #0
	mov	x30, #0
	mov	x0, x19
	b	secondary_main

/* Not at EL2: nothing to virtualize with. */
not_el2:
	adr_l	x1, not_el2_msg
/* Print the string at x1 on the UART (MMU off, polled, nothing else needed), then power the
 * machine off (PSCI SYSTEM_OFF), so the run ends by itself; halt if even that fails. */
say_and_halt:
	ldr	x2, =UART_BASE
1:	ldrb	w3, [x1], #1
	cbz	w3, 3f
2:	ldr	w4, [x2, #UART_FR]	/* wait while the transmit FIFO is full */
	tst	w4, #FR_TXFF
	b.ne	2b
	str	w3, [x2, #UART_DR]
	b	1b
	/* PSCI through smc at EL2 (docs/platform.md); below EL2, QEMU answers it through hvc. */
3:	ldr	x0, =PSCI_SYSTEM_OFF
	mrs	x9, CurrentEL
	cmp	x9, #CURRENTEL_EL2
	b.ne	4f
	smc	#0
	b	halt
4:	hvc	#0
halt:
	wfi
	b	halt

	.section .rodata
not_el2_msg:
	.asciz "minivisor: entered below EL2, so there is no hypervisor mode to run in.\r\nminivisor: run QEMU with -M virt,virtualization=on. Halting.\r\n"
too_many_msg:
	.asciz "minivisor: boot CPU id (from MPIDR_EL1) is beyond MAX_CPUS (percpu.h). Powering off.\r\n"
