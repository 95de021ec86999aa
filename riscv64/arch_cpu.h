/*
 * ArchCpu on riscv64: the arch's part of the vCPU a hart runs (struct per_cpu holds it,
 * percpu.h). Its register file comes first: vectors.S saves into it and restores from it,
 * so that layout is fixed: the offsets below are used by the assembly and checked against
 * the struct in cpu.c. aarch64/arch_cpu.h has the same fields where the concept exists
 * there.
 */
#pragma once

#define ARCH_CPU_X         0 /* x0..x31 (x0 stays 0) */
#define ARCH_CPU_HSTATUS   (32 * 8)
#define ARCH_CPU_SSTATUS   (33 * 8)
#define ARCH_CPU_SEPC      (34 * 8) /* where the guest resumes */
#define ARCH_CPU_STACK_TOP (35 * 8) /* the hypervisor stack an exit runs on */

#ifndef __ASSEMBLER__
#include "types.h"

/* x[] indices of the registers the SBI calling convention uses (a0, a1, a6, a7). */
#define REG_A0 10
#define REG_A1 11
#define REG_A6 16
#define REG_A7 17

/* The vCPU's interrupt state (virq.c): what other harts left for it (hvip is per hart). */
struct virq_cpu {
	u64 pending; /* PENDING_VSSIP/VSEIP, taken by virq_flush() */
};

struct arch_cpu {
	u64 x[32];
	u64 hstatus; /* SPV, SPVP: sret goes to VS-mode */
	u64 sstatus; /* SPP, SPIE, FS */
	u64 sepc;
	/* The top of the hypervisor stack an exit runs C on (vectors.S loads sp from it). It
	 * equals this ArchCpu's own address: struct per_cpu puts ArchCpu right above the CPU's
	 * stack, which grows down (percpu.h), so the empty stack's top is where ArchCpu begins.
	 * Set once, by arch_cpu_init. aarch64 needs no such field: SP_EL2 is banked, so it
	 * stays on the ArchCpu while the guest runs on its own SP_EL1 (aarch64/arch_cpu.h). */
	u64 stack_top;
	u64 cpuid; /* the physical CPU, its hartid: its per_cpus[] index */
	/* On, as its guest's firmware sees it (PSCI AFFINITY_INFO, SBI HSM status): set when
	 * the vCPU is started, cleared when it stops or its zone does, under the zone lock
	 * (zone.c). While it is 0 the CPU is parked, or on its way there: nothing is injected. */
	volatile bool power_on;
	/* Reset (arch_cpu_reset) and entered nowhere since: arch_cpu_run refuses a vCPU without
	 * it. Entering the guest (arch_cpu_run) or the parking page (arch_cpu_idle) clears it. */
	bool init;
	/* The hart has Sstc: the guest owns its timer (vstimecmp), as an aarch64 guest always
	 * owns its virtual timer, which is why aarch64 has no such field. */
	bool sstc;
	struct virq_cpu virq;
};

/* sscratch holds this hart's ArchCpu from boot on (boot.S, set_stack), as TPIDR_EL2 does on
 * aarch64; the exit vector borrows it for an instant and puts it back before any C runs. */
static inline struct arch_cpu *arch_this_cpu(void)
{
	struct arch_cpu *cpu;
	__asm__ volatile("csrr %0, sscratch" : "=r"(cpu));
	return cpu;
}

/* Stop this hart for good, in low power (HS keeps sstatus.SIE = 0, so wfi just waits). */
static inline void arch_halt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* The guest's registers as common code reads and writes them (arch.h), and by exits.c:
 * x0..x31 by number, x0 being the zero register (reads 0, writes are dropped). Inline, as
 * aarch64's are: no call on an exit path. */
#define REG_ZERO 0

static inline u64 arch_cpu_reg(const struct arch_cpu *cpu, u32 n)
{
	return n == REG_ZERO ? 0 : cpu->x[n];
}

static inline void arch_cpu_set_reg(struct arch_cpu *cpu, u32 n, u64 value)
{
	if (n != REG_ZERO)
		cpu->x[n] = value;
}

/* Step over a trapped instruction: a trap leaves sepc on it (ecall too). */
static inline void arch_cpu_advance_pc(struct arch_cpu *cpu, u32 insn_len)
{
	cpu->sepc += insn_len;
}

/* vectors.S: load the guest registers from @cpu and sret into VS-mode. */
__noreturn void vmreturn(struct arch_cpu *cpu);

/* exits.c, entered from vectors.S: every exit (scause says which); and from boot.S, or for
 * a trap that did not come from the guest, a trap in HS-mode itself. */
void handle_vmexit(struct arch_cpu *cpu);
__noreturn void hyp_panic(void);
#endif
