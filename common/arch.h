/*
 * The architecture interface: what common/ asks of aarch64/ and riscv64/.
 *
 * Each arch tree implements every function here under the same name, so a reader
 * who knows one tree finds the matching line in the other. Policy (zones, hypercalls,
 * emulated devices, what to do on a fault) stays in common/; the arch code decodes
 * exits and touches registers.
 */
#pragma once

#include "types.h"
#include "arch_cpu.h"  /* <arch>/arch_cpu.h: struct arch_cpu, arch_this_cpu(), cpu_relax() */
#include "arch_zone.h" /* <arch>/arch_zone.h: struct arch_zone */

struct gpm;
struct per_cpu;
struct zone;

/* ---- boot and CPUs (<arch>/psci.c, <arch>/sbi.c) ---- */

/* Results of arch_cpu_start(): the firmware's answer, in words common/ can act on. */
enum cpu_start_result {
	CPU_START_OK,      /* the CPU is on its way to secondary_entry */
	CPU_START_ALREADY, /* it was already running: do not wake it twice */
	CPU_START_ABSENT,  /* no such CPU on this machine */
	CPU_START_FAILED,  /* any other firmware error */
};

/* Ask the firmware (PSCI CPU_ON / SBI HSM hart_start) to start physical CPU @cpuid
 * in the hypervisor's secondary entry; it arrives in secondary_main(cpuid). */
enum cpu_start_result arch_cpu_start(u64 cpuid);

/* Does physical CPU @cpuid exist? (PSCI AFFINITY_INFO / SBI HSM hart_get_status) */
bool arch_cpu_exists(u64 cpuid);

/* Power the whole machine off (PSCI SYSTEM_OFF / SBI SRST): QEMU exits with status 0. */
__noreturn void arch_system_off(void);

/* Interrupt physical CPU @cpuid so that it leaves the guest and looks at its requests. */
void arch_send_ipi(u64 cpuid);

/* ---- the vCPU on a physical CPU (<arch>/cpu.c) ---- */

/* Once per physical CPU, before any guest: trap controls (activate_vmm on both arches). */
void arch_cpu_init(struct arch_cpu *cpu, u64 cpuid);

/* Fresh guest register state: start at @entry with the DTB address in the boot register. */
void arch_cpu_reset(struct arch_cpu *cpu, u64 entry, u64 dtb);

/* Enter the guest of this CPU's zone: its stage-2 table active, registers from @cpu. */
__noreturn void arch_cpu_run(struct arch_cpu *cpu);

/* Park this CPU on the parking page (a guest page of `wfi; b .` under its own stage-2
 * table that maps nothing else), in low power until arch_send_ipi() wakes it. */
__noreturn void arch_cpu_idle(struct arch_cpu *cpu);

/* ---- zones ---- */

/* The arch's part of zone @z, from reset (zones_init, once per zone, on the boot CPU, after
 * its vCPUs are assigned): its emulated interrupt controller. */
void arch_zone_init(struct zone *z);

/* ---- devices ---- */

struct mmio_access;

/* Emulate a trapped access to an arch-owned device of the running zone (aarch64: the GIC
 * distributor and redistributors; riscv64: the PLIC). Returns false if none is there. */
bool arch_mmio_emulate(struct per_cpu *cpu, struct mmio_access *a);

/* ---- the guest's registers (<arch>/regs.c) ---- */

/* General register @n of the vCPU, as a load/store names it: the zero register (aarch64
 * 31, riscv64 x0) reads 0 and drops writes. */
u64 arch_cpu_reg(const struct arch_cpu *cpu, u32 n);
void arch_cpu_set_reg(struct arch_cpu *cpu, u32 n, u64 value);

/* Resume the guest @insn_len bytes past the instruction it trapped on. */
void arch_cpu_advance_pc(struct arch_cpu *cpu, u32 insn_len);

/* ---- memory (<arch>/mmu.c) ---- */

/* Build the hypervisor's own address space (primary CPU, once). */
void arch_mmu_init(void);

/* Turn this CPU's hypervisor MMU/caches on (every CPU; a no-op where the design is bare). */
void enable_mmu(void);

/* Make @gpm the guest-physical map of this CPU (VTTBR_EL2 / hgatp) and drop stale TLB entries. */
void gpm_activate(const struct gpm *gpm);

/* The parking page's map: `wfi` at IPA 0 and nothing else, VMID 0 (arch_cpu_idle).
 * arch_mmu_init() builds it with parking_init(), from the arch's page of `wfi` code. */
extern struct gpm parking_gpm;
void parking_init(const void *code_page);

/* Page-table entry formats for common/pt.c: the hypervisor's stage-1 and the guests' stage-2. */
extern const struct pt_format arch_stage1_format;
extern const struct pt_format arch_stage2_format;

/* ---- what arch code calls in common/ ---- */

/* boot.S enters here on the boot CPU (bss cleared, on its stack) and on every other CPU. */
__noreturn void primary_main(u64 cpuid, u64 dtb);
__noreturn void secondary_main(u64 cpuid);
