/* The attacker's riscv64 assembly: where the harts it starts begin, and its trap catcher. */

	.text
/* hostile_entry: SBI hart_start lands here with a0 = the vCPU's index (its hartid in the
 * zone) and a1 = the opaque value, whatever an attack sent; the stack from hostile_stacks. */
	.global hostile_entry
hostile_entry:
	csrw	sscratch, a0		/* the vCPU index, where guests/lib/riscv64/irq.c wants it */
	la	t0, hostile_stacks
	addi	t1, a0, 1
	slli	t1, t1, 14
	add	sp, t0, t1		/* the top of hostile_stacks[vcpu], 16 KiB each */
	li	t0, 1 << 13		/* sstatus.FS = Initial: compiled C may use FP */
	csrs	sstatus, t0
	mv	s1, a0
	mv	s2, a1
	la	a0, __tls_base
	call	_set_tls
	mv	a0, s1
	mv	a1, s2
	call	hostile_secondary	/* does not return: it stops the hart */
1:	wfi
	j	1b

/* The trap catcher (catch_traps() in attacks_riscv64.c, as stvec): counts the trap, keeps
 * its scause and resumes after the instruction that took it (2 or 4 bytes). */
	.balign 4
	.global catch_trap
catch_trap:
	addi	sp, sp, -16
	sd	t0, 0(sp)
	sd	t1, 8(sp)
	csrr	t0, scause
	la	t1, caught_cause
	sd	t0, 0(t1)
	la	t1, caught_count
	ld	t0, 0(t1)
	addi	t0, t0, 1
	sd	t0, 0(t1)
	csrr	t0, sepc
	lhu	t1, 0(t0)
	andi	t1, t1, 3
	addi	t0, t0, 2
	xori	t1, t1, 3
	bnez	t1, 1f			/* a compressed instruction: 2 bytes */
	addi	t0, t0, 2
1:	csrw	sepc, t0
	ld	t0, 0(sp)
	ld	t1, 8(sp)
	addi	sp, sp, 16
	sret

	.bss
	.balign	16
hostile_stacks:
	.space	3 * 16384
