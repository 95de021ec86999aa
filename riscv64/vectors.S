/*
 * The HS-mode trap vector and the world switch.
 *
 * While a guest runs, sscratch holds this hart's ArchCpu. An exit has no free register to
 * find it with, so it swaps x31 with sscratch, saves the guest's registers into ArchCpu
 * through x31, moves the pointer to a0 (handle_vmexit's argument), puts guest x31 (now in
 * sscratch) in its place and sscratch back to the ArchCpu. Then it takes the hypervisor
 * stack from ArchCpu.stack_top (the ArchCpu's own address: the stack grows down from
 * right below it), calls handle_vmexit(ArchCpu) and, when that returns,
 * falls into vmreturn. (C may also leave through vmreturn() directly: to enter a freshly
 * reset guest or the parking page.) aarch64 gets the same effect with SP_EL2, which
 * points at the ArchCpu while the guest runs (aarch64/vectors.S).
 *
 * Traps from HS itself come here too (there is one stvec): they are told apart in C by
 * the saved hstatus.SPV (0: the trap came from HS) and end in panic(). A trap from VS
 * sets SPV, but one from HS does not always clear it: OpenSBI, redirecting a trap it
 * does not delegate (illegal instruction, access fault) from HS, leaves hstatus alone.
 * So the exit clears SPV itself, and vmreturn sets it again from ArchCpu.
 */
#include "arch_cpu.h"
#include "csr.h"

/* stvec in direct mode: one entry for every trap (aarch64's hyp_vectors is a table). */
	.section .text.vectors, "ax"
	.balign 4
	.global hyp_vectors
hyp_vectors:
	/* gdb: no caller beyond this point, so a backtrace stops at the vector */
	.cfi_startproc
	.cfi_undefined ra
	/* VM_EXIT */
	csrrw	x31, sscratch, x31		/* x31 = ArchCpu, sscratch = guest x31 */
	sd	x1, ARCH_CPU_X + 1 * 8(x31)
	sd	x2, ARCH_CPU_X + 2 * 8(x31)
	sd	x3, ARCH_CPU_X + 3 * 8(x31)
	sd	x4, ARCH_CPU_X + 4 * 8(x31)
	sd	x5, ARCH_CPU_X + 5 * 8(x31)
	sd	x6, ARCH_CPU_X + 6 * 8(x31)
	sd	x7, ARCH_CPU_X + 7 * 8(x31)
	sd	x8, ARCH_CPU_X + 8 * 8(x31)
	sd	x9, ARCH_CPU_X + 9 * 8(x31)
	sd	x10, ARCH_CPU_X + 10 * 8(x31)
	sd	x11, ARCH_CPU_X + 11 * 8(x31)
	sd	x12, ARCH_CPU_X + 12 * 8(x31)
	sd	x13, ARCH_CPU_X + 13 * 8(x31)
	sd	x14, ARCH_CPU_X + 14 * 8(x31)
	sd	x15, ARCH_CPU_X + 15 * 8(x31)
	sd	x16, ARCH_CPU_X + 16 * 8(x31)
	sd	x17, ARCH_CPU_X + 17 * 8(x31)
	sd	x18, ARCH_CPU_X + 18 * 8(x31)
	sd	x19, ARCH_CPU_X + 19 * 8(x31)
	sd	x20, ARCH_CPU_X + 20 * 8(x31)
	sd	x21, ARCH_CPU_X + 21 * 8(x31)
	sd	x22, ARCH_CPU_X + 22 * 8(x31)
	sd	x23, ARCH_CPU_X + 23 * 8(x31)
	sd	x24, ARCH_CPU_X + 24 * 8(x31)
	sd	x25, ARCH_CPU_X + 25 * 8(x31)
	sd	x26, ARCH_CPU_X + 26 * 8(x31)
	sd	x27, ARCH_CPU_X + 27 * 8(x31)
	sd	x28, ARCH_CPU_X + 28 * 8(x31)
	sd	x29, ARCH_CPU_X + 29 * 8(x31)
	sd	x30, ARCH_CPU_X + 30 * 8(x31)
	mv	a0, x31				/* guest a0 is saved: a0 = ArchCpu from here on */
	csrr	x31, sscratch			/* guest x31 */
	sd	x31, ARCH_CPU_X + 31 * 8(a0)
	csrw	sscratch, a0			/* sscratch = ArchCpu again, for the next exit */
	csrr	t0, hstatus
	sd	t0, ARCH_CPU_HSTATUS(a0)
	andi	t0, t0, ~HSTATUS_SPV
	csrw	hstatus, t0			/* SPV = 0 while in HS: see below */
	csrr	t0, sstatus
	sd	t0, ARCH_CPU_SSTATUS(a0)
	csrr	t0, sepc
	sd	t0, ARCH_CPU_SEPC(a0)
	/* The hypervisor stack, empty: its top is the ArchCpu's own address (a0), as the
	 * stack grows down from right below it (percpu.h); arch_cpu_init set the field. */
	ld	sp, ARCH_CPU_STACK_TOP(a0)
	jal	handle_vmexit			/* handle_vmexit(ArchCpu) */
	csrr	a0, sscratch
	/* fall through: back into the guest */

/* vmreturn(ArchCpu) = VM_ENTRY: restore the guest's registers and sret into VS-mode. */
	.global vmreturn
vmreturn:
	ld	t0, ARCH_CPU_HSTATUS(a0)
	csrw	hstatus, t0			/* SPV = 1: sret goes to V=1 */
	ld	t0, ARCH_CPU_SSTATUS(a0)
	csrw	sstatus, t0			/* SPP = 1: ... at VS (not VU) */
	ld	t0, ARCH_CPU_SEPC(a0)
	csrw	sepc, t0
	ld	x1, ARCH_CPU_X + 1 * 8(a0)
	ld	x2, ARCH_CPU_X + 2 * 8(a0)
	ld	x3, ARCH_CPU_X + 3 * 8(a0)
	ld	x4, ARCH_CPU_X + 4 * 8(a0)
	ld	x5, ARCH_CPU_X + 5 * 8(a0)
	ld	x6, ARCH_CPU_X + 6 * 8(a0)
	ld	x7, ARCH_CPU_X + 7 * 8(a0)
	ld	x8, ARCH_CPU_X + 8 * 8(a0)
	ld	x9, ARCH_CPU_X + 9 * 8(a0)
	ld	x11, ARCH_CPU_X + 11 * 8(a0)
	ld	x12, ARCH_CPU_X + 12 * 8(a0)
	ld	x13, ARCH_CPU_X + 13 * 8(a0)
	ld	x14, ARCH_CPU_X + 14 * 8(a0)
	ld	x15, ARCH_CPU_X + 15 * 8(a0)
	ld	x16, ARCH_CPU_X + 16 * 8(a0)
	ld	x17, ARCH_CPU_X + 17 * 8(a0)
	ld	x18, ARCH_CPU_X + 18 * 8(a0)
	ld	x19, ARCH_CPU_X + 19 * 8(a0)
	ld	x20, ARCH_CPU_X + 20 * 8(a0)
	ld	x21, ARCH_CPU_X + 21 * 8(a0)
	ld	x22, ARCH_CPU_X + 22 * 8(a0)
	ld	x23, ARCH_CPU_X + 23 * 8(a0)
	ld	x24, ARCH_CPU_X + 24 * 8(a0)
	ld	x25, ARCH_CPU_X + 25 * 8(a0)
	ld	x26, ARCH_CPU_X + 26 * 8(a0)
	ld	x27, ARCH_CPU_X + 27 * 8(a0)
	ld	x28, ARCH_CPU_X + 28 * 8(a0)
	ld	x29, ARCH_CPU_X + 29 * 8(a0)
	ld	x30, ARCH_CPU_X + 30 * 8(a0)
	ld	x31, ARCH_CPU_X + 31 * 8(a0)
	ld	x10, ARCH_CPU_X + 10 * 8(a0)	/* a0 last: it was the base */
	sret
	.cfi_endproc
