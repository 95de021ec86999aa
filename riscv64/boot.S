/*
 * riscv64 entry. OpenSBI enters the boot hart here in S-mode (HS-mode, if the hart has the
 * H extension) with a0 = hartid and a1 = DTB. The boot hart is picked by lottery, so
 * nothing assumes hart 0. The other harts arrive at secondary_entry when primary_main asks
 * SBI HSM hart_start for them (firmware.c).
 */
#include "csr.h"
#include "ns16550.h"
#include "percpu.h"
#include "platform.h"
#include "sbi.h"

/* sp = sscratch = &per_cpus[hartid].arch: the top of this hart's stack is its ArchCpu
 * (percpu.h), and sscratch holds it for arch_this_cpu() (and for the exit vector, which
 * borrows it for an instant: vectors.S). Clobbers t0. */
.macro set_stack hartid
	la	sp, per_cpus
	li	t0, PER_CPU_SIZE
	mul	t0, \hartid, t0
	add	sp, sp, t0
	li	t0, STACK_SIZE
	add	sp, sp, t0
	csrw	sscratch, sp
.endm

	.section .text.boot, "ax"
	.global _start
_start:
	csrci	sstatus, SSTATUS_SIE	/* HS is never interrupted in HS itself */
	csrw	sie, zero		/* and nothing is enabled until arch_cpu_init wants IPIs */
	mv	s1, a0			/* hartid */
	mv	s2, a1			/* DTB */

	/* Only the first hart here boots. OpenSBI 1.1's hart_start marks the hart STARTING
	 * before it stores the hart's start address, so a hart that wakes in between leaves
	 * for the address it was first given, this one, instead of secondary_entry
	 * (docs/platform.md). Such a hart is a secondary: clearing .bss under the boot hart's
	 * feet would wreck the hypervisor. */
	la	t0, boot_claimed
	li	t1, 1
	amoswap.w.aq t1, t1, (t0)
	bnez	t1, secondary_entry
	li	t0, MAX_CPUS
	bgeu	s1, t0, hand_over	/* per_cpus[] has no room for this hart */

	/* Clear .bss (per_cpus and so the stacks are in it: before the first call). */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	set_stack s1

	/* Is there an H extension? misa is M-mode only, so read hstatus: without H it traps
	 * (illegal instruction) to no_h_ext. */
	la	t0, no_h_ext
	csrw	stvec, t0
	csrr	t0, hstatus
	la	t0, boot_trap
	csrw	stvec, t0

	mv	a0, s1
	mv	a1, s2
	li	ra, 0			/* gdb: the backtrace ends here */
	li	s0, 0
	j	primary_main

/* The lottery chose a hart beyond MAX_CPUS (QEMU -smp 9 and up): it hands the boot to
 * hart 0, which OpenSBI holds stopped, with the DTB, and stops itself (SBI HSM). */
hand_over:
	la	t0, boot_claimed
	amoswap.w.rl zero, zero, (t0)	/* hart 0 claims it again at _start */
	li	a7, SBI_EXT_HSM
	li	a6, SBI_HSM_HART_START
	li	a0, 0
	la	a1, _start
	mv	a2, s2			/* arrives in a1: the DTB */
	ecall
	la	t0, too_many_msg
	bnez	a0, 1f			/* hart 0 could not be started: say so */
	li	a7, SBI_EXT_HSM
	li	a6, SBI_HSM_HART_STOP
	ecall				/* returns only if it failed */
1:	mv	a0, t0
	j	say_and_halt

/* SBI HSM hart_start lands here in HS-mode: a0 = hartid, a1 = the opaque value (unused). */
	.global secondary_entry
secondary_entry:
	csrci	sstatus, SSTATUS_SIE
	csrw	sie, zero
	mv	s1, a0
	set_stack s1
	la	t0, boot_trap
	csrw	stvec, t0
	mv	a0, s1
	li	ra, 0
	li	s0, 0
	j	secondary_main

/* A trap before arch_cpu_init installs the real vector: a hypervisor bug. We are on this
 * hart's stack (or OpenSBI's, if it came even earlier); hyp_panic() says what it was. */
	.balign 4
boot_trap:
	li	ra, 0
	li	s0, 0
	j	hyp_panic

/* Reading hstatus trapped: this hart has no H extension, so no HS-mode to run in. */
	.balign 4
no_h_ext:
	la	a0, no_h_msg
/* Print the string at a0 on the UART (polled, nothing else needed), then power the
 * machine off (SBI SRST shutdown), so the run ends by itself; halt if even that fails. */
say_and_halt:
	li	t1, UART_BASE
1:	lbu	t2, 0(a0)
	beqz	t2, 3f
2:	lbu	t3, UART_LSR(t1)
	andi	t3, t3, LSR_THRE
	beqz	t3, 2b
	sb	t2, 0(t1)
	addi	a0, a0, 1
	j	1b
3:	li	a7, SBI_EXT_SRST
	li	a6, SBI_SRST_RESET
	li	a0, SBI_SRST_SHUTDOWN
	li	a1, SBI_SRST_NO_REASON
	ecall
halt:
	wfi
	j	halt

/*
 * u64 has_sstc(void): 1 if this hart has Sstc, i.e. reading vstimecmp does not trap.
 * stvec points at the instruction after the read while we try: a trap just lands there
 * with a0 still 0 (sstatus.SIE is 0, so the trap changes nothing else we need).
 */
	.text
	.global has_sstc
has_sstc:
	csrr	t1, stvec
	la	t0, 1f
	csrw	stvec, t0
	li	a0, 0
	csrr	t0, vstimecmp
	li	a0, 1
	.balign 4
1:	csrw	stvec, t1
	ret

	.data
	.balign 4
boot_claimed:			/* set by the first hart through _start; not in .bss */
	.word	0

	.section .rodata
no_h_msg:
	.asciz "minivisor: this hart has no H extension (reading hstatus trapped), so there is no HS-mode to run a hypervisor in.\r\nminivisor: run QEMU with a CPU that has it (the default rv64 has; -cpu rv64,h=true). Powering off.\r\n"
too_many_msg:
	.asciz "minivisor: boot hart id is beyond MAX_CPUS (percpu.h), and hart 0 would not start. Powering off.\r\n"
