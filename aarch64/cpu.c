/*
 * The vCPU on aarch64: EL2 trap controls, the guest's reset state, entering the guest and
 * parking it. riscv64/cpu.c has the same functions under the same names.
 */
#include "arch.h"
#include "console.h"
#include "gic.h"
#include "lib.h"
#include "percpu.h"
#include "sysreg.h"
#include "virq.h"
#include "zone.h"

_Static_assert(offsetof(struct arch_cpu, x) == ARCH_CPU_X, "ArchCpu x[] offset");
_Static_assert(offsetof(struct arch_cpu, elr) == ARCH_CPU_ELR, "ArchCpu elr offset");
_Static_assert(offsetof(struct arch_cpu, spsr) == ARCH_CPU_SPSR, "ArchCpu spsr offset");
/* vectors.S saves and restores x30 and ELR_EL2 as one pair (stp/ldp x30, x0). */
_Static_assert(ARCH_CPU_ELR == ARCH_CPU_X + 31 * 8, "ArchCpu elr must follow x30");

/* Program the EL2 controls that confine a guest at EL1 on this CPU. */
static __noinline void activate_vmm(struct arch_cpu *cpu)
{
	write_sysreg(vtcr_el2, VTCR_RES1 | VTCR_T0SZ(GPM_IPA_BITS) | VTCR_SL0_L1 | VTCR_IRGN0_WBWA |
				       VTCR_ORGN0_WBWA | VTCR_SH0_INNER |
				       pa_range() << VTCR_PS_SHIFT);
	bool sve = ID_AA64PFR0_SVE(read_sysreg(id_aa64pfr0_el1)),
	     pauth = ID_AA64ISAR1_PAUTH(read_sysreg(id_aa64isar1_el1)) ||
		     ID_AA64ISAR2_PAUTH(read_sysreg(S3_0_C0_C6_2));

	/* Pointer authentication (-cpu max), where the CPU has it, is the guest's. */
	write_sysreg(hcr_el2, HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TSC | HCR_RW |
				      (pauth ? HCR_APK | HCR_API : 0));
	/* FP/SIMD and SVE are the guest's; the hypervisor never touches their registers (1:1
	 * vCPU:CPU). ZCR_EL2 is a system register, reachable once TZ is clear: every vector
	 * length the CPU has, for the guest to choose from. */
	write_sysreg(cptr_el2, CPTR_EL2_RES1 & ~(sve ? CPTR_EL2_TZ : 0));
	isb();
	if (sve)
		write_sysreg(S3_4_C1_C2_0, ZCR_LEN_MAX); /* ZCR_EL2 */
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	write_sysreg(cntvoff_el2, 0);
	/* Give the guest every PMU counter (HPMN = PMCR_EL0.N): benchmarks read them. */
	write_sysreg(mdcr_el2, PMCR_N(read_sysreg(pmcr_el0)));
	isb();
	/* Interrupts: this CPU's redistributor and CPU interface, and its virtual half. */
	gic_init_cpu(cpu->cpuid);
	virq_init_cpu();
}

void arch_cpu_init(struct arch_cpu *cpu)
{
	activate_vmm(cpu);
}

/* The EL1 system registers as a CPU has them out of reset: MMU off, no vectors, no
 * interrupts. */
static __noinline void reset_guest_sysregs(struct arch_cpu *cpu)
{
	u32 vcpu_id = cpu_of(cpu)->vcpu_id;

	write_sysreg(sctlr_el1, SCTLR_EL1_RESET);
	write_sysreg(vbar_el1, 0);
	write_sysreg(tcr_el1, 0);
	write_sysreg(ttbr0_el1, 0);
	write_sysreg(ttbr1_el1, 0);
	write_sysreg(mair_el1, 0);
	write_sysreg(cpacr_el1, 0);
	write_sysreg(contextidr_el1, 0);
	write_sysreg(sp_el1, 0);
	write_sysreg(elr_el1, 0);
	write_sysreg(spsr_el1, 0);
	write_sysreg(esr_el1, 0);
	write_sysreg(far_el1, 0);
	write_sysreg(tpidr_el1, 0);
	write_sysreg(cntkctl_el1, 0);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	/* The guest sees its own CPU numbering: its MPIDR_EL1 is its vCPU index's. */
	write_sysreg(vmpidr_el2, MPIDR_RES1 | cpuid_to_mpidr(vcpu_id));
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	virq_reset(cpu_of(cpu)); /* no interrupt of the last guest on this CPU survives */
}

void arch_cpu_reset(struct arch_cpu *cpu, u64 entry, u64 dtb)
{
	memset(cpu->x, 0, sizeof(cpu->x));
	cpu->x[0] = dtb; /* Linux's arm64 boot protocol: x0 = DTB; PSCI CPU_ON: context id */
	cpu->elr = entry;
	cpu->spsr = SPSR_EL1H | SPSR_DAIF;
	reset_guest_sysregs(cpu);
	cpu->init = true;
}

void arch_cpu_run(struct arch_cpu *cpu)
{
	if (!cpu->init) /* a register file no reset prepared: a bug in the caller */
		panic("arch_cpu_run: CPU %lu: vCPU entered without arch_cpu_reset", cpu->cpuid);
	cpu->init = false;
	gpm_activate(&cpu_of(cpu)->zone->gpm);
	vmreturn(cpu);
}

/*
 * The parking page: `wfi; b .` at IPA 0 of a stage-2 table that maps nothing else
 * (mmu.c). A parked CPU sleeps at EL1 in wfi; an SGI (arch_send_ipi) wakes it into EL2
 * because HCR_EL2.IMO routes physical IRQs there, whatever the guest's PSTATE.I says.
 */
void arch_cpu_idle(struct arch_cpu *cpu)
{
	arch_cpu_reset(cpu, 0, 0);
	cpu->init = false; /* entered, if into no zone: arch_cpu_run wants a reset first */
	gpm_activate(&parking_gpm);
	vmreturn(cpu);
}

u64 arch_uptime_us(void)
{
	isb(); /* no earlier read of the counter (ARM DDI 0487, D11.2.2: it is not ordered) */
	/* 62.5 MHz on QEMU: not a whole number of ticks per microsecond */
	return read_sysreg(cntpct_el0) * 1000 / (read_sysreg(cntfrq_el0) / 1000);
}

/* Interrupt physical CPU @cpuid so that it leaves its guest or the parking page: SGI 0,
 * which HCR_EL2.IMO brings to EL2 whatever the guest's PSTATE.I says. */
void arch_send_ipi(u64 cpuid)
{
	gic_send_sgi(cpuid, SGI_WAKEUP);
}
