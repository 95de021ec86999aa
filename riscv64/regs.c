/*
 * The guest's registers as common code reads and writes them (arch.h): x0..x31 by number,
 * x0 being the zero register (reads 0, writes are dropped). Pure: unit-tested on the host.
 * aarch64/regs.c has the same functions.
 */
#include "arch.h"

#define ZERO 0

u64 arch_cpu_reg(const struct arch_cpu *cpu, u32 n)
{
	return n == ZERO ? 0 : cpu->x[n];
}

void arch_cpu_set_reg(struct arch_cpu *cpu, u32 n, u64 value)
{
	if (n != ZERO)
		cpu->x[n] = value;
}

/* Step over a trapped instruction: a trap leaves sepc on it (ecall too). */
void arch_cpu_advance_pc(struct arch_cpu *cpu, u32 insn_len)
{
	cpu->sepc += insn_len;
}
