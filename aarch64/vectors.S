/*
 * The EL2 vector table and the world switch.
 *
 * While a guest runs, SP_EL2 points at the CPU's ArchCpu (vmreturn leaves it there). An
 * exit saves the guest's registers straight into ArchCpu through sp; the hypervisor stack
 * grows down from just below ArchCpu (percpu.h), so after saving, sp already is the
 * hypervisor's stack and C can be called at once. riscv64 gets the same effect through
 * sscratch (riscv64/vectors.S). Every exit enters C at handle_vmexit, told which vector
 * it came through, as every riscv64 exit does.
 *
 * gdb: the CFI below marks the return address undefined in the vectors, so a backtrace
 * from handle_vmexit ends here (riscv64/vectors.S does the same), with no instruction on
 * the exit path spent on it.
 */
#include "arch_cpu.h"

/* VM_EXIT: save the guest context into ArchCpu, call handle_vmexit(ArchCpu, vector), enter
 * the guest again. */
.macro VM_EXIT vector
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x30, x0, [sp, #ARCH_CPU_X + 8 * 30]	/* x30, then elr: ARCH_CPU_ELR (cpu.c) */
	str	x1, [sp, #ARCH_CPU_SPSR]
	mov	x0, sp					/* the ArchCpu */
	mov	x1, #\vector
	bl	handle_vmexit
	b	vm_entry			/* sp still points at ArchCpu */
.endm

/* An exception taken at EL2 itself: a hypervisor bug. Report and stop this CPU. */
.macro HYP_PANIC vector
	mov	x0, #\vector
	b	hyp_panic
.endm

.macro ENTRY body:vararg
	.balign 0x80
	\body
.endm

	.cfi_sections .debug_frame
	.section .text.vectors, "ax"
	.balign 0x800
	.global hyp_vectors
hyp_vectors:
	.cfi_startproc
	.cfi_undefined x30
	/* Current EL with SP_EL0: minivisor never runs on SP_EL0 */
	ENTRY HYP_PANIC VECTOR_SYNC
	ENTRY HYP_PANIC VECTOR_IRQ
	ENTRY HYP_PANIC VECTOR_FIQ
	ENTRY HYP_PANIC VECTOR_SERROR
	/* Current EL with SP_EL2: the hypervisor faulted (interrupts stay masked at EL2) */
	ENTRY HYP_PANIC VECTOR_SYNC
	ENTRY HYP_PANIC VECTOR_IRQ
	ENTRY HYP_PANIC VECTOR_FIQ
	ENTRY HYP_PANIC VECTOR_SERROR
	/* Lower EL, AArch64: the guest exits */
	ENTRY VM_EXIT VECTOR_SYNC
	ENTRY VM_EXIT VECTOR_IRQ
	ENTRY VM_EXIT VECTOR_FIQ
	ENTRY VM_EXIT VECTOR_SERROR
	/* Lower EL, AArch32: minivisor runs AArch64 guests only (HCR_EL2.RW) */
	ENTRY VM_EXIT VECTOR_AARCH32
	ENTRY VM_EXIT VECTOR_AARCH32
	ENTRY VM_EXIT VECTOR_AARCH32
	ENTRY VM_EXIT VECTOR_AARCH32
	.cfi_endproc

/* vmreturn(ArchCpu): restore the guest's registers and eret into it (VM_ENTRY). */
	.text
	.global vmreturn
vmreturn:
	mov	sp, x0
vm_entry:
	ldp	x30, x0, [sp, #ARCH_CPU_X + 8 * 30]	/* x30, then elr: ARCH_CPU_ELR (cpu.c) */
	ldr	x1, [sp, #ARCH_CPU_SPSR]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	eret
