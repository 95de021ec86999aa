/*
 * The spin-loop hint spinlock.h spins with, in a header of its own so that spinlock.h needs
 * nothing else of the arch (aarch64's struct arch_cpu holds a lock: its arch_cpu.h includes
 * spinlock.h, never the other way round). aarch64/cpu_relax.h is the same.
 */
#pragma once

/* This hart is spinning: a nop (rv64imac has no pause hint, Zihintpause). */
static inline void cpu_relax(void)
{
	__asm__ volatile("nop" ::: "memory");
}
