/* The attacker's aarch64 assembly: where the vCPUs it starts begin, and its trap catcher. */

	.text
/* hostile_entry: PSCI CPU_ON lands here with x0 = the context, whatever an attack sent;
 * the vCPU's index comes from MPIDR_EL1 (Aff0), its stack from hostile_stacks. */
	.global hostile_entry
hostile_entry:
	mov	x19, x0
	mrs	x20, mpidr_el1
	and	x20, x20, #0xff
	adrp	x9, hostile_stacks
	add	x9, x9, :lo12:hostile_stacks
	add	x10, x20, #1
	lsl	x10, x10, #14
	add	sp, x9, x10		/* the top of hostile_stacks[vcpu], 16 KiB each */
	mov	x9, #(3 << 20)		/* FP/SIMD on (CPACR_EL1.FPEN): compiled C uses it */
	msr	cpacr_el1, x9
	isb
	adrp	x0, __tls_base
	add	x0, x0, :lo12:__tls_base
	bl	_set_tls
	mov	x0, x20
	mov	x1, x19
	bl	hostile_secondary	/* does not return: it stops the vCPU */
1:	wfi
	b	1b

/* The trap catcher (catch_traps() in attacks_aarch64.c): every vector counts the exception,
 * keeps its class (ESR_EL1.EC) and resumes after the instruction that took it. */
	.balign 2048
	.global catch_vectors
catch_vectors:
	.rept	16
	.balign	128
	b	catch_one
	.endr
catch_one:
	stp	x0, x1, [sp, #-16]!
	mrs	x0, esr_el1
	lsr	x0, x0, #26
	adrp	x1, caught_cause
	str	x0, [x1, :lo12:caught_cause]
	adrp	x1, caught_count
	ldr	x0, [x1, :lo12:caught_count]
	add	x0, x0, #1
	str	x0, [x1, :lo12:caught_count]
	mrs	x0, elr_el1
	add	x0, x0, #4
	msr	elr_el1, x0
	ldp	x0, x1, [sp], #16
	eret

	.bss
	.balign	16
hostile_stacks:
	.space	3 * 16384
