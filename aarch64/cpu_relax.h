/*
 * The spin-loop hint spinlock.h spins with, in a header of its own so that spinlock.h needs
 * nothing else of the arch: struct arch_cpu holds a lock, so arch_cpu.h includes spinlock.h,
 * never the other way round. riscv64/cpu_relax.h is the same.
 */
#pragma once

/* This CPU is spinning: yield, the architecture's spin-loop hint. */
static inline void cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}
