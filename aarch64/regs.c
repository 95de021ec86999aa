/*
 * The guest's registers as common code reads and writes them (arch.h): x0..x30 by number,
 * and 31, which in a load or store's Rt is the zero register (xzr: reads 0, writes are
 * dropped). Pure: unit-tested on the host. riscv64/regs.c has the same functions.
 */
#include "arch.h"

#define XZR 31

u64 arch_cpu_reg(const struct arch_cpu *cpu, u32 n)
{
	return n == XZR ? 0 : cpu->x[n];
}

void arch_cpu_set_reg(struct arch_cpu *cpu, u32 n, u64 value)
{
	if (n != XZR)
		cpu->x[n] = value;
}

/* Step over a trapped instruction: an exit leaves ELR_EL2 on it (but for hvc). */
void arch_cpu_advance_pc(struct arch_cpu *cpu, u32 insn_len)
{
	cpu->elr += insn_len;
}
