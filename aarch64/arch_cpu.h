/*
 * ArchCpu on aarch64: the arch's part of the vCPU a physical CPU runs (struct per_cpu holds
 * it, percpu.h). Its register file comes first: vectors.S saves into it and restores from
 * it, so that layout is fixed: the offsets below are used by the assembly and checked
 * against the struct in cpu.c. riscv64/arch_cpu.h has the same fields where the concept
 * exists there.
 */
#pragma once

#define ARCH_CPU_X    0        /* x0..x30 */
#define ARCH_CPU_ELR  (31 * 8) /* ELR_EL2: where the guest resumes; right after x30 */
#define ARCH_CPU_SPSR (32 * 8) /* SPSR_EL2: the guest's PSTATE */

/* Which entry of a group of four in the EL2 vector table an exception came through
 * (vectors.S hands it to handle_vmexit and hyp_panic); any from AArch32 is one kind. */
#define VECTOR_SYNC    0
#define VECTOR_IRQ     1
#define VECTOR_FIQ     2
#define VECTOR_SERROR  3
#define VECTOR_AARCH32 4
#define VECTOR_NR      5

#ifndef __ASSEMBLER__
#include "types.h"

#include "spinlock.h"
#include "vgic_regs.h"

/* The vCPU's interrupt state (virq.c): what waits for a list register, and its emulated
 * redistributor's SGI/PPI registers (vgic.c), which decide what may be delivered. */
struct virq_cpu {
	spinlock_t lock;                 /* pending[]: other CPUs inject into it */
	u64 pending[VIRQ_PENDING_WORDS]; /* waiting for a list register, one bit per INTID */
	/* Of those, the ones only the guest made pending (GICR_ISPENDR0, GICD_ISPENDR) with no
	 * physical interrupt acknowledged behind them: listed with HW = 0, so the guest's EOI
	 * deactivates nothing physical. */
	u64 soft[VIRQ_PENDING_WORDS];
	volatile u32 enabled;     /* SGIs/PPIs enabled in its redistributor (ISENABLER0) */
	u8 prio[VGIC_NR_PRIVATE]; /* their priorities (IPRIORITYR0-7) */
	u32 ppi_config;           /* ICFGR1 as the guest wrote it */
	bool asleep;              /* GICR_WAKER.ProcessorSleep */
};

struct arch_cpu {
	u64 x[31];
	u64 elr;
	u64 spsr;
	u64 cpuid; /* the physical CPU, mpidr_to_cpuid(MPIDR_EL1): its per_cpus[] index */
	/* On, as its guest's firmware sees it (PSCI AFFINITY_INFO, SBI HSM status): set when
	 * the vCPU is started, cleared when it stops or its zone does, under the zone lock
	 * (zone.c). While it is 0 the CPU is parked, or on its way there: nothing is injected. */
	volatile bool power_on;
	/* Reset (arch_cpu_reset) and entered nowhere since: arch_cpu_run refuses a vCPU without
	 * it. Entering the guest (arch_cpu_run) or the parking page (arch_cpu_idle) clears it. */
	bool init;
	/* No stack_top, as riscv64 has: SP_EL2 is banked (the guest runs on its own SP_EL1), so
	 * it stays pointing at this ArchCpu while the guest runs; an exit saves the guest's
	 * registers through it, and as ArchCpu sits right above the stack (percpu.h), sp is
	 * then already the empty hypervisor stack. riscv64 has one sp for every mode, so it
	 * keeps the stack top here. No sstc: an aarch64 guest always owns its virtual timer. */
	struct virq_cpu virq;
};

/* TPIDR_EL2 holds this CPU's ArchCpu from boot on (boot.S, set_stack), as sscratch does on
 * riscv64. */
static inline struct arch_cpu *arch_this_cpu(void)
{
	struct arch_cpu *cpu;
	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(cpu));
	return cpu;
}

/* Stop this CPU for good, in low power. */
static inline void arch_halt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* The guest's registers as common code reads and writes them (arch.h), and by exits.c:
 * x0..x30 by number, and 31, which in a load or store's Rt is the zero register (xzr:
 * reads 0, writes are dropped). Inline, as riscv64's are: no call on an exit path. */
#define REG_XZR 31

static inline u64 arch_cpu_reg(const struct arch_cpu *cpu, u32 n)
{
	return n == REG_XZR ? 0 : cpu->x[n];
}

static inline void arch_cpu_set_reg(struct arch_cpu *cpu, u32 n, u64 value)
{
	if (n != REG_XZR)
		cpu->x[n] = value;
}

/* Step over a trapped instruction: an exit leaves ELR_EL2 on it (but for hvc, past it). */
static inline void arch_cpu_advance_pc(struct arch_cpu *cpu, u32 insn_len)
{
	cpu->elr += insn_len;
}

/* vectors.S: load the guest registers from @cpu and eret into it. */
__noreturn void vmreturn(struct arch_cpu *cpu);

/* exits.c, entered from vectors.S: every exit, told the vector it came through; and an
 * exception taken at EL2 itself. */
void handle_vmexit(struct arch_cpu *cpu, u64 vector);
__noreturn void hyp_panic(u64 vector);
#endif
