/*
 * Where every CPU enters C. The boot CPU builds the machine (MMU, zones) and starts the
 * others; then each CPU, the boot CPU included, takes its place in its zone.
 */
#include "console.h"
#include "platform.h"
#include "zone.h"

extern const char scenario_name[];      /* common/scenarios/$(SCENARIO).c */
extern char __hyp_start[], __hyp_end[]; /* <arch>/linker.ld */

struct platform platform = {
	.ram_base = PLAT_RAM_BASE,
	.ram_size = PLAT_RAM_SIZE,
	.uart_base = UART_BASE,
	.uart_size = UART_SIZE,
	.irq_first = IRQ_FIRST,
	.irq_last = IRQ_LAST,
};

/* What the zones may be given: RAM minus the hypervisor (and the firmware and DTB below
 * it), and the CPUs the firmware knows. */
static void platform_probe(void)
{
	platform.hyp_base = PLAT_RAM_BASE;
	platform.hyp_end = ALIGN_UP((u64)__hyp_end, PAGE_SIZE);
	for (u64 c = 0; c < MAX_CPUS; c++)
		if (arch_cpu_exists(c))
			platform.cpus |= BIT(c);
}

/* How long the boot CPU waits for the others, in cpu_relax() turns: seconds on QEMU. */
#define CPUS_UP_SPINS 100000000

static u32 cpus_up; /* secondary CPUs that reached secondary_main */
static bool all_up; /* the boot CPU saw them all: guests may start printing */

/* Wake every other CPU once; a CPU the firmware says is already on is not woken again.
 * Then wait for them, so the boot log is whole before any guest prints. */
static void start_secondary_cpus(u64 self)
{
	u32 started = 0;

	for (u64 c = 0; c < MAX_CPUS; c++) {
		if (c == self || !(platform.cpus & BIT(c)))
			continue;
		switch (arch_cpu_start(c)) {
		case CPU_START_OK:
			started++;
			break;
		case CPU_START_ALREADY:
			printk("minivisor: CPU %lu is already on; not starting it twice\n", c);
			break;
		case CPU_START_ABSENT:
			printk("minivisor: CPU %lu does not exist\n", c);
			break;
		case CPU_START_FAILED:
			printk("minivisor: CPU %lu failed to start\n", c);
			break;
		}
	}
	for (u64 spins = 0; __atomic_load_n(&cpus_up, __ATOMIC_ACQUIRE) < started; spins++) {
		if (spins == CPUS_UP_SPINS) { /* the firmware said yes, but nobody came */
			printk("minivisor: only %u of %u CPUs came up; going on\n", cpus_up,
			       started);
			break;
		}
		cpu_relax();
	}
	__atomic_store_n(&all_up, true, __ATOMIC_RELEASE);
}

/* This CPU's traps and MMU; the boot CPU builds the hypervisor's page tables in between. */
static void cpu_init(u64 cpuid, bool boot_cpu)
{
	arch_cpu_init(&per_cpus[cpuid].arch);
	if (boot_cpu)
		arch_mmu_init();
	enable_mmu();
}

void primary_main(u64 cpuid, u64 dtb)
{
	per_cpus_init();
	cpu_init(cpuid, true);
	printk("\nminivisor: %s hypervisor, scenario '%s', boot CPU %lu, DTB at 0x%lx\n", ARCH_NAME,
	       scenario_name, cpuid, dtb);
	platform_probe();
	printk("minivisor: RAM 0x%lx-0x%lx, hypervisor 0x%lx-0x%lx, CPUs 0x%lx\n",
	       platform.ram_base, platform.ram_base + platform.ram_size - 1, (u64)__hyp_start,
	       platform.hyp_end - 1, platform.cpus);
	zones_init();
	start_secondary_cpus(cpuid);
	zone_cpu_start(&per_cpus[cpuid]);
}

void secondary_main(u64 cpuid)
{
	cpu_init(cpuid, false);
	printk("minivisor: CPU %lu up\n", cpuid);
	__atomic_add_fetch(&cpus_up, 1, __ATOMIC_RELEASE);
	/* On riscv64 the boot hart is chosen by lottery, so vCPU 0 may be a secondary: it
	 * waits for the whole boot log, as the boot CPU does. */
	while (!__atomic_load_n(&all_up, __ATOMIC_ACQUIRE))
		cpu_relax();
	zone_cpu_start(&per_cpus[cpuid]);
}
