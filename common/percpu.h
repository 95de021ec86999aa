/*
 * Per-CPU data: one struct per physical CPU, holding its hypervisor stack and, right
 * above the stack, its ArchCpu (the guest register file of the vCPU it runs).
 */
#pragma once

#define MAX_CPUS     8
#define STACK_SIZE   0x4000 /* hypervisor stack of one CPU */
#define PER_CPU_SIZE 0x5000 /* stack + ArchCpu + the rest, page aligned; checked in percpu.c */

#ifndef __ASSEMBLER__
#include "arch.h"
#include "types.h"

struct zone;

/* Why a guest left for the hypervisor: counted per CPU, summed per zone at shutdown. */
enum exit_reason {
	EXIT_HYPERCALL, /* minivisor hypercall */
	EXIT_FIRMWARE,  /* PSCI (aarch64) or SBI (riscv64) call emulated for the guest */
	EXIT_MMIO,      /* access to an emulated device */
	EXIT_IRQ,       /* physical interrupt */
	EXIT_SYSREG,    /* trapped system register access (aarch64: a guest's SGI) */
	EXIT_FAULT,     /* anything that stopped the zone */
	EXIT_OTHER,
	EXIT_NR
};

/* Interrupts injected into a guest, by source: counted per CPU, summed per zone. */
enum inject_source {
	INJECT_TIMER,  /* the vCPU's own timer */
	INJECT_IPI,    /* from another vCPU of the zone (SGI / SBI IPI) */
	INJECT_DEVICE, /* a device interrupt the zone owns (SPI / PLIC source) */
	INJECT_NR
};

/* What another CPU asked this one to do, looked at when it traps in (see arch_send_ipi). */
enum cpu_request {
	REQ_NONE,
	REQ_START, /* start the vCPU at start_entry (PSCI CPU_ON / SBI hart_start) */
	REQ_PARK,  /* leave the guest for the parking page (its zone stopped) */
};

struct per_cpu {
	u8 stack[STACK_SIZE]; /* grows down, towards stack[0] */
	struct arch_cpu arch; /* directly above the stack: its address is the stack top */
	struct zone *zone;    /* the zone this CPU is assigned to, or NULL */
	u32 vcpu_id;          /* index of this CPU within its zone */
	volatile u32 request; /* enum cpu_request, set by another CPU under the zone lock */
	u64 start_entry, start_arg;
	u64 exits[EXIT_NR];
	u64 injected[INJECT_NR];
	u64 irq_writes_ignored; /* guest writes to interrupts its zone does not own */
} __aligned(PAGE_SIZE);

extern struct per_cpu per_cpus[MAX_CPUS];
extern const char *const exit_reason_names[EXIT_NR];
extern const char *const inject_source_names[INJECT_NR];

/* Number every CPU's struct per_cpu (arch.cpuid = its index), before anything looks at one:
 * the boot CPU, first thing in primary_main(), for the CPUs not up yet too (zones_init()
 * routes interrupts to them). */
void per_cpus_init(void);

static inline struct per_cpu *cpu_of(struct arch_cpu *arch)
{
	return container_of(arch, struct per_cpu, arch);
}

/*
 * The stack guard: the first word of each CPU's stack holds that word's own address
 * (per_cpus_init). A hypervisor stack that grows past its STACK_SIZE overwrites it on its
 * way into the struct per_cpu below (the neighbouring CPU's), so handle_vmexit checks it
 * on every exit and stack_overflow() panics saying so. A canary rather than a guard page:
 * riscv64's HS-mode runs without a page table of its own.
 */
__noreturn void stack_overflow(struct per_cpu *cpu);

static inline void stack_check(struct per_cpu *cpu)
{
	if (__builtin_expect(*(u64 *)cpu->stack != (u64)cpu->stack, 0))
		stack_overflow(cpu);
}

/* The CPU we run on: arch_this_cpu() reads it from TPIDR_EL2 / sscratch. */
static inline struct per_cpu *this_cpu(void)
{
	return cpu_of(arch_this_cpu());
}
#endif
