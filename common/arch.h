/*
 * The architecture interface: the whole contract between common/ and aarch64/, riscv64/.
 *
 * Each arch tree implements every function here under the same name, in the file named
 * with it, so a reader who knows one tree finds the matching line in the other
 * (docs/architecture.md has the two side by side). Policy (zones, hypercalls, emulated
 * devices, what to do on a fault) stays in common/; the arch code decodes exits and touches
 * registers. Common code uses nothing of an arch tree that this file does not name.
 *
 * Besides the functions declared below, an arch provides:
 *
 * <arch>/arch_cpu.h   struct arch_cpu, the arch's part of a vCPU (struct per_cpu holds it
 *                     right above the CPU's stack). Common code uses two of its fields:
 *                       cpuid     the physical CPU, the index of its struct per_cpu
 *                                 (set once, by per_cpus_init() in percpu.c)
 *                       power_on  the vCPU is on (zone.c writes it, under the zone lock)
 *                     and the static inline functions declared below, which are no
 *                     symbols of the image (tests/test_symmetry.py finds them in the
 *                     headers of both trees).
 * <arch>/cpu_relax.h  cpu_relax(), static inline: the spin-loop hint (yield / nop) of
 *                     spinlock.h, alone in its header, so that spinlock.h includes nothing
 *                     else of the arch (aarch64's ArchCpu holds a lock: its arch_cpu.h
 *                     includes spinlock.h).
 * <arch>/arch_zone.h  struct arch_zone, the arch's part of a zone (its emulated interrupt
 *                     controller's state); common code only holds it in struct zone.
 * <arch>/platform.h   the machine, as the macros checked at the end of this file.
 * <arch>/arch.mk      the build: CROSS, ARCH_CFLAGS, ARCH_LDFLAGS, the QEMU command line,
 *                     the guests' flags, and COMMON_UART, the UART model of common/ it
 *                     builds (pl011.c / ns16550.c: uart_putc(), uart_emulate()).
 * <arch>/boot.S       _start and secondary_entry: a stack, and arch_this_cpu() (set_stack:
 *                     both the CPU's ArchCpu), then primary_main() / secondary_main() below;
 *                     a boot CPU whose id is not below MAX_CPUS says so and powers off.
 */
#pragma once

#include "types.h"
#include "arch_cpu.h"  /* <arch>/arch_cpu.h */
#include "arch_zone.h" /* <arch>/arch_zone.h */
#include "platform.h"  /* <arch>/platform.h */

struct gpm;
struct mmio_access;
struct per_cpu;
struct zone;

/* ---- the firmware, called down to (<arch>/firmware.c: PSCI / SBI) ---- */

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

/* Microseconds since power-on, from the arch's counter (CNTPCT_EL0 / the time CSR). Under
 * QEMU's -icount shift=0 a nanosecond is an instruction: the boot time it prints is a
 * count (docs/platform.md). */
u64 arch_uptime_us(void);

/* ---- the vCPU on a physical CPU (<arch>/cpu.c) ---- */

/* Once per physical CPU, before any guest: trap controls and the CPU's interrupt
 * controller interface (activate_vmm on both arches). @cpu is the CPU's own, its cpuid
 * set (per_cpus_init()). */
void arch_cpu_init(struct arch_cpu *cpu);

/* Fresh guest register state: start at @entry with the DTB address in the boot register
 * (reset_guest_sysregs on both arches); no interrupt of the last guest survives. */
void arch_cpu_reset(struct arch_cpu *cpu, u64 entry, u64 dtb);

/* Enter the guest of this CPU's zone, reset just before: its stage-2 table active,
 * registers from @cpu. */
__noreturn void arch_cpu_run(struct arch_cpu *cpu);

/* Park this CPU on the parking page (a guest page of `wfi; b .` under its own stage-2
 * table that maps nothing else), in low power until arch_send_ipi() wakes it. */
__noreturn void arch_cpu_idle(struct arch_cpu *cpu);

/* Interrupt physical CPU @cpuid so that it leaves its guest or the parking page and looks
 * at its requests (GIC SGI 0 / SBI IPI). */
void arch_send_ipi(u64 cpuid);

/* ---- static inline, in <arch>/arch_cpu.h and <arch>/cpu_relax.h ---- */

/* This CPU's struct arch_cpu: TPIDR_EL2 / sscratch, which boot.S sets before any C runs. */
static inline struct arch_cpu *arch_this_cpu(void);

/* Wait for an interrupt, for good (wfi): a CPU that has nothing left to do. */
static inline void arch_halt(void);

/* The spin-loop hint (yield / nop). */
static inline void cpu_relax(void);

/* General register @n of the vCPU, as a load/store names it: the zero register (aarch64
 * 31, riscv64 x0) reads 0 and drops writes. */
static inline u64 arch_cpu_reg(const struct arch_cpu *cpu, u32 n);
static inline void arch_cpu_set_reg(struct arch_cpu *cpu, u32 n, u64 value);

/* Resume the guest @insn_len bytes past the instruction it trapped on. */
static inline void arch_cpu_advance_pc(struct arch_cpu *cpu, u32 insn_len);

/* ---- zones and their emulated interrupt controller (<arch>/vgic.c / vplic.c) ---- */

/* The arch's part of zone @z, from reset (zones_init, once per zone, on the boot CPU, after
 * its vCPUs are assigned): its emulated interrupt controller, its interrupts routed to
 * vCPU 0. */
void arch_zone_init(struct zone *z);

/* Emulate a trapped access to an arch-owned device of the running zone (aarch64: the GIC
 * distributor and redistributors; riscv64: the PLIC). Returns false if none is there. */
bool arch_mmio_emulate(struct per_cpu *cpu, struct mmio_access *a);

/* Raise the emulated UART's interrupt (UART_IRQ, the one the zone's device tree gives its
 * UART) in zone @z, from this CPU @cpu: on @cpu's vCPU if it is one of @z's (it touched
 * the UART), else on vCPU 0 (input arrived). A virtual interrupt with no physical one
 * behind it (aarch64: virq.c, a list register without the HW bit; riscv64: vplic.c, a
 * source of the zone's PLIC that no physical source feeds). */
void arch_vuart_irq(struct per_cpu *cpu, struct zone *z);

/* The physical UART's interrupt, which the hypervisor takes when no zone owns the UART
 * (common/vuart.c: console_irq), to physical CPU @cpuid only (virq.c on both arches). */
void arch_console_irq_to(u64 cpuid);

/* ---- memory (<arch>/mmu.c, <arch>/pte.c) ---- */

/* Build the hypervisor's own address space (primary CPU, once), and the parking page's map
 * with parking_init() below. */
void arch_mmu_init(void);

/* Turn this CPU's hypervisor MMU/caches on (every CPU; a no-op where the design is bare). */
void enable_mmu(void);

/* The hypervisor wrote [pa, pa + size) of a zone's RAM (an ELF segment the loader copied):
 * make it what the guest's first reads and fetches see. aarch64 cleans the range to the
 * point of coherency (its vCPUs start with MMU and caches off) and invalidates the
 * instruction caches; riscv64's fence.i is per hart, so arch_cpu_run does it instead.
 * Raw images need nothing: QEMU placed them in memory, the hypervisor only read them. */
void arch_guest_written(u64 pa, u64 size);

/* Make @gpm the guest-physical map of this CPU (VTTBR_EL2 / hgatp) and drop stale TLB entries. */
void gpm_activate(const struct gpm *gpm);

/* pte.c: page-table entry formats for common/pt.c, the hypervisor's stage-1 and the
 * guests' stage-2. */
extern const struct pt_format arch_stage1_format;
extern const struct pt_format arch_stage2_format;

/* ---- what arch code calls in common/ ---- */

/* boot.S enters here on the boot CPU (bss cleared, on its stack) and on every other CPU
 * (main.c). */
__noreturn void primary_main(u64 cpuid, u64 dtb);
__noreturn void secondary_main(u64 cpuid);

/* The parking page's map (parking.c): `wfi` at IPA 0 and nothing else, VMID 0
 * (arch_cpu_idle). arch_mmu_init() builds it from the arch's page of `wfi` code. */
extern struct gpm parking_gpm;
void parking_init(const void *code_page);

/* ---- <arch>/platform.h: the macros common code uses ---- */

#ifndef ARCH_NAME
#error "<arch>/platform.h must define ARCH_NAME, the architecture's name in the boot banner"
#endif
#ifndef ELF_MACHINE
#error "<arch>/platform.h must define ELF_MACHINE, e_machine of the guests' ELF images"
#endif
#if !defined(PLAT_RAM_BASE) || !defined(PLAT_RAM_SIZE)
#error "<arch>/platform.h must define PLAT_RAM_BASE and PLAT_RAM_SIZE, the machine's RAM"
#endif
#if !defined(UART_BASE) || !defined(UART_SIZE) || !defined(UART_IRQ)
#error "<arch>/platform.h must define UART_BASE, UART_SIZE and UART_IRQ, the console UART"
#endif
#if !defined(IRQ_FIRST) || !defined(IRQ_LAST)
#error "<arch>/platform.h must define IRQ_FIRST and IRQ_LAST, the interrupts zones may own"
#endif
#if !defined(GUEST_RAM_BASE) || !defined(ZONE_RAM_BASE)
#error "<arch>/platform.h must define GUEST_RAM_BASE and ZONE_RAM_BASE(n) for the scenarios"
#endif
