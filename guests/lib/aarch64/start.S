/* Bare-metal guest entry at EL1 (x0 = DTB), and the FP-survival check in assembly. */
#include "hypercall_abi.h"

	.section .text.start, "ax"
	.global _start
_start:
	adrp	x9, __stack_top
	add	sp, x9, :lo12:__stack_top
	/* FP/SIMD on at EL1 and EL0 (CPACR_EL1.FPEN): picolibc's printf uses q registers */
	mov	x9, #(3 << 20)
	msr	cpacr_el1, x9
	isb
	adrp	x9, __bss_start
	add	x9, x9, :lo12:__bss_start
	adrp	x10, __bss_end
	add	x10, x10, :lo12:__bss_end
1:	cmp	x9, x10
	b.hs	2f
	stp	xzr, xzr, [x9], #16
	b	1b
2:	adrp	x0, __tls_base
	add	x0, x0, :lo12:__tls_base
	bl	_set_tls
	bl	main
	bl	power_off

/* A vCPU started by cpu_start(): x0 = its index (the CPU_ON context id). */
	.global secondary_entry
secondary_entry:
	adrp	x9, __stack_top		/* vCPU n's stack: 16 KiB below vCPU n-1's */
	add	x9, x9, :lo12:__stack_top
	lsl	x10, x0, #14
	sub	sp, x9, x10
	mov	x19, x0
	mov	x9, #(3 << 20)		/* FP/SIMD on, as on vCPU 0 */
	msr	cpacr_el1, x9
	isb
	adrp	x0, __tls_base
	add	x0, x0, :lo12:__tls_base
	bl	_set_tls
	mov	x0, x19
	bl	secondary_main
	bl	cpu_stop

/*
 * int fp_survives_hypercalls(u64 seed, int n): v0..v31 get seed, seed+1, ... in both
 * halves; n HC_NULL hypercalls; then every register is compared. d8-d15 belong to our
 * caller (AAPCS64), so they are saved and restored around the test.
 */
	.text
	.global fp_survives_hypercalls
fp_survives_hypercalls:
	stp	d8, d9, [sp, #-64]!
	stp	d10, d11, [sp, #16]
	stp	d12, d13, [sp, #32]
	stp	d14, d15, [sp, #48]
	mov	x11, x0			/* the seed; x0 carries the hypercall id below */
	mov	x10, x11
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmov	d\i, x10
	mov	v\i\().d[1], x10
	add	x10, x10, #1
	.endr
1:	cbz	w1, 2f
	movz	x0, #(HC_FN(HC_NULL) >> 16), lsl #16
	hvc	#0
	sub	w1, w1, #1
	b	1b
2:	mov	x10, x11
	mov	w0, #0			/* assume broken until every register matched */
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmov	x12, d\i
	cmp	x12, x10
	b.ne	3f
	mov	x12, v\i\().d[1]
	cmp	x12, x10
	b.ne	3f
	add	x10, x10, #1
	.endr
	mov	w0, #1
3:	ldp	d10, d11, [sp, #16]
	ldp	d12, d13, [sp, #32]
	ldp	d14, d15, [sp, #48]
	ldp	d8, d9, [sp], #64
	ret

/* void null_hypercall_loop(u64 n, int with_call): the bench's measured loop. Both variants
 * run the same instructions but for the hvc, so their difference is the round trip. */
	.global null_hypercall_loop
null_hypercall_loop:
	mov	x9, x0
	mov	w10, w1
1:	cbz	x9, 3f
	movz	x0, #(HC_FN(HC_NULL) >> 16), lsl #16
	cbz	w10, 2f
	hvc	#0
2:	sub	x9, x9, #1
	b	1b
3:	ret
