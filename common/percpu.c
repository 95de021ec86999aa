/* Per-CPU data, and the layout checks boot.S and the exit vectors rely on. */
#include "percpu.h"
#include "console.h"

struct per_cpu per_cpus[MAX_CPUS];

void per_cpus_init(void)
{
	for (u64 c = 0; c < MAX_CPUS; c++) {
		per_cpus[c].arch.cpuid = c;
		*(u64 *)per_cpus[c].stack = (u64)per_cpus[c].stack; /* stack_check's canary */
	}
}

void stack_overflow(struct per_cpu *cpu)
{
	panic("CPU %lu: hypervisor stack overflow: the canary at the bottom of its stack (0x%lx) "
	      "was overwritten, and what lies below it may be too",
	      cpu->arch.cpuid, (u64)cpu->stack);
}

const char *const exit_reason_names[EXIT_NR] = {
	[EXIT_HYPERCALL] = "hypercall", [EXIT_FIRMWARE] = "firmware",
	[EXIT_MMIO] = "mmio",           [EXIT_IRQ] = "irq",
	[EXIT_SYSREG] = "sysreg",       [EXIT_FAULT] = "fault",
	[EXIT_OTHER] = "other",
};

const char *const inject_source_names[INJECT_NR] = {
	[INJECT_TIMER] = "timer",
	[INJECT_IPI] = "ipi",
	[INJECT_DEVICE] = "device",
};

/* boot.S computes a CPU's stack top as per_cpus + id * PER_CPU_SIZE + STACK_SIZE. */
_Static_assert(sizeof(struct per_cpu) == PER_CPU_SIZE, "PER_CPU_SIZE out of date");
_Static_assert(offsetof(struct per_cpu, arch) == STACK_SIZE, "ArchCpu must sit on the stack top");
