/*
 * PSCI both ways. Downwards: the hypervisor starts CPUs and powers off the machine through
 * QEMU's PSCI (smc from EL2). Upwards: guests' PSCI calls, trapped (HCR_EL2.TSC or hvc),
 * are answered for their zone only; the riscv64 twin is sbi.c.
 */
#include "arch.h"
#include "console.h"
#include "percpu.h"
#include "psci.h"
#include "sysreg.h"
#include "zone.h"

extern char secondary_entry[]; /* boot.S */

/* SMC Calling Convention: function id and arguments in x0..x3, result in x0. */
static i64 psci_call(u64 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 __asm__("x0") = fn;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return (i64)x0;
}

enum cpu_start_result arch_cpu_start(u64 cpuid)
{
	switch (psci_call(PSCI_CPU_ON, cpuid_to_mpidr(cpuid), (u64)secondary_entry, cpuid)) {
	case PSCI_SUCCESS:
		return CPU_START_OK;
	case PSCI_ALREADY_ON:
		return CPU_START_ALREADY;
	case PSCI_INVALID_PARAMETERS:
		return CPU_START_ABSENT;
	default:
		return CPU_START_FAILED;
	}
}

bool arch_cpu_exists(u64 cpuid)
{
	return psci_call(PSCI_AFFINITY_INFO, cpuid_to_mpidr(cpuid), 0, 0) >= 0;
}

void arch_system_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		arch_halt();
}

/* ---- the guest's PSCI: one function per call ---- */

/* The vCPU a guest names by its MPIDR (VMPIDR_EL2, cpu.c), or ~0 if none could have it. */
static u64 vcpu_of_mpidr(u64 mpidr)
{
	u64 vcpu = mpidr_to_cpuid(mpidr);

	return cpuid_to_mpidr(vcpu) == mpidr ? vcpu : ~0UL;
}

static i64 psci_cpu_on(struct per_cpu *cpu, u64 mpidr, u64 entry, u64 context)
{
	switch (vcpu_start(cpu, vcpu_of_mpidr(mpidr), entry, context)) {
	case VCPU_OK:
		return PSCI_SUCCESS;
	case VCPU_ALREADY_ON:
		return PSCI_ALREADY_ON;
	case VCPU_INVALID_ADDRESS:
		return PSCI_INVALID_ADDRESS;
	default:
		return PSCI_INVALID_PARAMETERS;
	}
}

static i64 psci_affinity_info(struct per_cpu *cpu, u64 mpidr, u64 level)
{
	if (level != 0)
		return PSCI_INVALID_PARAMETERS;
	switch (vcpu_status(cpu, vcpu_of_mpidr(mpidr))) {
	case 1:
		return PSCI_AFFINITY_ON;
	case 0:
		return PSCI_AFFINITY_OFF;
	default:
		return PSCI_INVALID_PARAMETERS;
	}
}

static bool psci_supported(u64 fid)
{
	switch (fid) {
	case PSCI_VERSION: case PSCI_CPU_OFF: case PSCI_CPU_ON: case PSCI_AFFINITY_INFO:
	case PSCI_MIGRATE_INFO_TYPE: case PSCI_SYSTEM_OFF: case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return true;
	}
	return false;
}

void psci_handle(struct arch_cpu *cpu)
{
	struct per_cpu *pcpu = cpu_of(cpu);
	u64 fid = cpu->x[0] & ~SMCCC_64BIT; /* answer SMC32 and SMC64 ids alike */
	i64 ret;

	pcpu->exits[EXIT_FIRMWARE]++;
	switch (fid) {
	case PSCI_VERSION & ~SMCCC_64BIT:
		ret = PSCI_VERSION_1_1;
		break;
	case PSCI_FEATURES & ~SMCCC_64BIT:
		ret = psci_supported(cpu->x[1]) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
		break;
	case PSCI_CPU_ON & ~SMCCC_64BIT:
		ret = psci_cpu_on(pcpu, cpu->x[1], cpu->x[2], cpu->x[3]);
		break;
	case PSCI_CPU_OFF:
		vcpu_stop(pcpu); /* noreturn: this CPU parks */
	case PSCI_AFFINITY_INFO & ~SMCCC_64BIT:
		ret = psci_affinity_info(pcpu, cpu->x[1], cpu->x[2]);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = PSCI_MIGRATE_NOT_REQUIRED;
		break;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET: /* a zone is not rebooted (yet): it powers off */
		zone_power_off(pcpu); /* noreturn */
	default:
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	cpu->x[0] = (u64)ret;
}
