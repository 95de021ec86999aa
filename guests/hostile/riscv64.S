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

/* The trap vector of sibling_unmaps_during_mmio (attacks_riscv64.c): an instruction page
 * fault (vCPU 1 has just unmapped the page we run from) waits until the page is mapped
 * again (*retry_pte nonzero), flushes this hart's stale translations and retries; any
 * other trap goes to catch_trap. */
	.balign 4
	.global fetch_retry
fetch_retry:
	addi	sp, sp, -16
	sd	t0, 0(sp)
	sd	t1, 8(sp)
	csrr	t0, scause
	li	t1, 12			/* instruction page fault */
	bne	t0, t1, 2f
	la	t1, retry_pte
	ld	t1, 0(t1)
1:	ld	t0, 0(t1)
	beqz	t0, 1b
	sfence.vma
	ld	t0, 0(sp)
	ld	t1, 8(sp)
	addi	sp, sp, 16
	sret
2:	ld	t0, 0(sp)
	ld	t1, 8(sp)
	addi	sp, sp, 16
	j	catch_trap

/* void mmio_loop(u64 addr, u64 n): @n byte loads from device address @addr, on a page of
 * their own (the one vCPU 1 unmaps and maps again). */
	.balign 4096
	.global mmio_loop
mmio_loop:
1:	lbu	t0, 0(a0)
	addi	a1, a1, -1
	bnez	a1, 1b
	ret
	.balign 4096

	.bss
	.balign	16
hostile_stacks:
	.space	3 * 16384
