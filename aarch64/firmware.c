/*
 * Calls down to the firmware: the hypervisor starts CPUs, asks whether one exists and
 * powers the machine off through QEMU's PSCI (Arm DEN 0022), with smc from EL2. The
 * guests' own PSCI calls are answered in vfirmware.c. The riscv64 twin (SBI) has the same
 * functions under the same names.
 */
#include "arch.h"
#include "firmware.h"
#include "psci.h"
#include "sysreg.h"

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
