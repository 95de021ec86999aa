/* Bare-metal guest entry in VS-mode (a0 = hartid, a1 = DTB), the entry of the vCPUs it
 * starts, and the FP-survival check in assembly. */
#include "hypercall_abi.h"

#define SSTATUS_FS_INITIAL (1 << 13)

	.section .text.start, "ax"
	.global _start
_start:
	csrw	sscratch, a0		/* our vCPU id, for irq.c (the trap code leaves it alone) */
	la	sp, __stack_top
	/* FP on (sstatus.FS, which is vsstatus here): picolibc is built for lp64d */
	li	t0, SSTATUS_FS_INITIAL
	csrs	sstatus, t0
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	la	a0, __tls_base
	call	_set_tls
	call	main
	call	power_off

/* A vCPU started by cpu_start() (SBI HSM hart_start): a0 = hartid (the vCPU index),
 * a1 = the opaque value, here the top of its own stack (arch.c). */
	.global secondary_entry
secondary_entry:
	csrw	sscratch, a0		/* our vCPU id, as at _start */
	mv	sp, a1
	li	t0, SSTATUS_FS_INITIAL
	csrs	sstatus, t0
	mv	s1, a0
	la	a0, __tls_base		/* one TLS block, shared: errno is all picolibc keeps */
	call	_set_tls
	mv	a0, s1
	call	secondary_main
	call	cpu_stop

/*
 * int fp_survives_hypercalls(u64 seed, int n): f0..f31 get seed, seed+1, ...; n HC_NULL
 * hypercalls; then every register is compared. fs0-fs11 belong to our caller (lp64d),
 * so they are saved and restored around the test.
 */
.macro callee_saved_fp op
	\op	fs0, 0(sp)
	\op	fs1, 8(sp)
	\op	fs2, 16(sp)
	\op	fs3, 24(sp)
	\op	fs4, 32(sp)
	\op	fs5, 40(sp)
	\op	fs6, 48(sp)
	\op	fs7, 56(sp)
	\op	fs8, 64(sp)
	\op	fs9, 72(sp)
	\op	fs10, 80(sp)
	\op	fs11, 88(sp)
.endm

	.text
	.global fp_survives_hypercalls
fp_survives_hypercalls:
	addi	sp, sp, -96
	callee_saved_fp fsd
	mv	t0, a0
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.d.x	f\i, t0
	addi	t0, t0, 1
	.endr
	mv	t2, a0			/* the seed: the ecalls clobber a0 and a1 */
	mv	t3, a1
	li	a7, HC_SBI_EXT
	li	a6, HC_NULL
1:	beqz	t3, 2f
	ecall
	addi	t3, t3, -1
	j	1b
2:	mv	t0, t2
	li	a0, 0			/* assume broken until every register matched */
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.x.d	t1, f\i
	bne	t1, t0, 3f
	addi	t0, t0, 1
	.endr
	li	a0, 1
3:	callee_saved_fp fld
	addi	sp, sp, 96
	ret

/* void null_hypercall_loop(u64 n, int with_call): the bench's measured loop. Both variants
 * run the same instructions but for the ecall, so their difference is the round trip. */
	.global null_hypercall_loop
null_hypercall_loop:
	mv	t0, a0
	mv	t1, a1
	li	a7, HC_SBI_EXT
	li	a6, HC_NULL
1:	beqz	t0, 3f
	beqz	t1, 2f
	ecall
2:	addi	t0, t0, -1
	j	1b
3:	ret

/*
 * The guest's trap vector (stvec, set by irq_setup): every register C may clobber is saved
 * on the interrupted code's stack (lp64d: ra, t0-t6, a0-a7, ft0-ft11, fa0-fa7 and fcsr),
 * irq_trap() handles the trap, sret resumes. No tp/gp/s-registers: C preserves them.
 */
#define GPR(n) (8 * (n))
#define FPR(n) (8 * (16 + (n)))
#define TRAP_FRAME (8 * 38)		/* 16 GPRs, 20 FPRs, fcsr, padding: 16-byte aligned */

	.balign 4
	.global irq_vector
irq_vector:
	addi	sp, sp, -TRAP_FRAME
	sd	ra, GPR(0)(sp)
	sd	t0, GPR(1)(sp)
	sd	t1, GPR(2)(sp)
	sd	t2, GPR(3)(sp)
	sd	t3, GPR(4)(sp)
	sd	t4, GPR(5)(sp)
	sd	t5, GPR(6)(sp)
	sd	t6, GPR(7)(sp)
	sd	a0, GPR(8)(sp)
	sd	a1, GPR(9)(sp)
	sd	a2, GPR(10)(sp)
	sd	a3, GPR(11)(sp)
	sd	a4, GPR(12)(sp)
	sd	a5, GPR(13)(sp)
	sd	a6, GPR(14)(sp)
	sd	a7, GPR(15)(sp)
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11
	fsd	ft\i, FPR(\i)(sp)
	.endr
	.irp i, 0,1,2,3,4,5,6,7
	fsd	fa\i, FPR(12 + \i)(sp)
	.endr
	frcsr	t0
	sd	t0, FPR(20)(sp)
	call	irq_trap
	ld	t0, FPR(20)(sp)
	fscsr	t0
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11
	fld	ft\i, FPR(\i)(sp)
	.endr
	.irp i, 0,1,2,3,4,5,6,7
	fld	fa\i, FPR(12 + \i)(sp)
	.endr
	ld	ra, GPR(0)(sp)
	ld	t0, GPR(1)(sp)
	ld	t1, GPR(2)(sp)
	ld	t2, GPR(3)(sp)
	ld	t3, GPR(4)(sp)
	ld	t4, GPR(5)(sp)
	ld	t5, GPR(6)(sp)
	ld	t6, GPR(7)(sp)
	ld	a0, GPR(8)(sp)
	ld	a1, GPR(9)(sp)
	ld	a2, GPR(10)(sp)
	ld	a3, GPR(11)(sp)
	ld	a4, GPR(12)(sp)
	ld	a5, GPR(13)(sp)
	ld	a6, GPR(14)(sp)
	ld	a7, GPR(15)(sp)
	addi	sp, sp, TRAP_FRAME
	sret
