/*
 * The guest's firmware: its PSCI calls (Arm DEN 0022), trapped as hvc or as smc
 * (HCR_EL2.TSC), answered for its own zone only, one function per call. Nothing reaches
 * the real firmware: calls down are firmware.c's. The riscv64 twin answers the SBI.
 */
#include "arch.h"
#include "firmware.h"
#include "percpu.h"
#include "psci.h"
#include "sysreg.h"
#include "zone.h"

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
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return true;
	}
	return false;
}

/* A firmware call, hvc or smc: PSCI answered; any other SMCCC function (another owner's,
 * not ours to answer) gets NOT_SUPPORTED, counted as a firmware call all the same, as an
 * unknown SBI extension is on riscv64. */
void vfirmware_call(struct arch_cpu *cpu)
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
	case PSCI_SYSTEM_RESET:       /* a zone is not rebooted (yet): it powers off */
		zone_power_off(pcpu); /* noreturn */
	default:
		ret = PSCI_NOT_SUPPORTED; /* SMCCC's NOT_SUPPORTED too: -1 */
		break;
	}
	cpu->x[0] = (u64)ret;
}
