/*
 * ArchCpu on aarch64: the register file of the vCPU a physical CPU runs. vectors.S saves
 * into it and restores from it, so its layout is fixed: the offsets below are used by the
 * assembly and checked against the struct in cpu.c.
 */
#pragma once

#define ARCH_CPU_X     0   /* x0..x30 */
#define ARCH_CPU_ELR   248 /* ELR_EL2: where the guest resumes */
#define ARCH_CPU_SPSR  256 /* SPSR_EL2: the guest's PSTATE */
#define ARCH_CPU_SIZE  272

#ifndef __ASSEMBLER__
#include "types.h"

struct arch_cpu {
	u64 x[31];
	u64 elr;
	u64 spsr;
	u64 cpuid; /* physical CPU, MPIDR_EL1.Aff0 */
};

/* TPIDR_EL2 holds this CPU's ArchCpu (set in arch_cpu_init), like sscratch on riscv64. */
static inline struct arch_cpu *arch_this_cpu(void)
{
	struct arch_cpu *cpu;
	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(cpu));
	return cpu;
}

static inline void cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

/* Stop this CPU for good, in low power. */
static inline void arch_halt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* vectors.S: load the guest registers from @cpu and eret into it. */
__attribute__((noreturn)) void vmreturn(struct arch_cpu *cpu);
#endif
