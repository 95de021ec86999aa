/*
 * Guest exits on aarch64: handle_vmexit() dispatches on ESR_EL2.EC through a table; each
 * handler decodes its exit and hands policy to common/ (hypercalls, MMIO devices, zone
 * faults). What the table does not know stops the zone with a diagnostic, never a hang.
 */
#include "arch.h"
#include "console.h"
#include "gic.h"
#include "hypercall.h"
#include "mmio_decode.h"
#include "percpu.h"
#include "firmware.h"
#include "psci.h"
#include "sysreg.h"
#include "virq.h"
#include "zone.h"

static const char *const ec_names[64] = {
	[ESR_EC_UNKNOWN] = "unknown reason: undefined instruction",
	[ESR_EC_WFX] = "WFI/WFE",
	[ESR_EC_FP] = "FP/SIMD access",
	[ESR_EC_HVC64] = "HVC",
	[ESR_EC_SMC64] = "SMC",
	[ESR_EC_SYSREG] = "MSR/MRS",
	[ESR_EC_IABT_LOW] = "instruction abort",
	[ESR_EC_IABT_CUR] = "instruction abort at EL2",
	[ESR_EC_PC_ALIGN] = "PC alignment fault",
	[ESR_EC_DABT_LOW] = "data abort",
	[ESR_EC_DABT_CUR] = "data abort at EL2",
	[ESR_EC_SP_ALIGN] = "SP alignment fault",
	[ESR_EC_SERROR] = "SError",
	[ESR_EC_BRK] = "BRK",
};

static const char *ec_name(u64 esr)
{
	const char *name = ec_names[ESR_EC(esr)];
	return name ? name : "unexpected exception class";
}

/* The registers every diagnostic ends with. */
#define DIAG_FMT "ESR 0x%lx ELR 0x%lx FAR 0x%lx"
#define DIAG_ARGS(cpu, esr) (esr), (cpu)->elr, read_sysreg(far_el2)

static __noreturn void unknown_exit(struct arch_cpu *cpu, u64 esr)
{
	cpu_of(cpu)->exits[EXIT_OTHER]++;
	zone_fault(cpu_of(cpu), "unexpected exit, EC 0x%lx (%s): " DIAG_FMT, ESR_EC(esr),
		   ec_name(esr), DIAG_ARGS(cpu, esr));
}

/* hvc #0: PSCI (owner 4) or a minivisor hypercall (HC_FN, owner 6). */
static void handle_hvc(struct arch_cpu *cpu, u64 esr)
{
	u64 fid = cpu->x[0];
	(void)esr;

	if ((fid & ~HC_FN_NR) == HC_FN(0)) {
		cpu_of(cpu)->exits[EXIT_HYPERCALL]++;
		cpu->x[0] = hypercall(cpu_of(cpu), fid & HC_FN_NR, cpu->x[1], cpu->x[2]);
	} else if (SMCCC_OWNER(fid) == SMCCC_OWNER_STANDARD) {
		vfirmware_call(cpu);
	} else {
		cpu_of(cpu)->exits[EXIT_OTHER]++;
		cpu->x[0] = (u64)PSCI_NOT_SUPPORTED; /* SMCCC: unknown function */
	}
	/* ELR_EL2 already points past the hvc */
}

/* smc #0 trapped by HCR_EL2.TSC: answered as PSCI; nothing reaches the real firmware. */
static void handle_smc(struct arch_cpu *cpu, u64 esr)
{
	(void)esr;
	cpu->elr += 4; /* a trapped smc returns to itself: step over it */
	if (SMCCC_OWNER(cpu->x[0]) == SMCCC_OWNER_STANDARD) {
		vfirmware_call(cpu);
	} else {
		cpu_of(cpu)->exits[EXIT_OTHER]++;
		cpu->x[0] = (u64)PSCI_NOT_SUPPORTED;
	}
}

/* Why stage 2 refused the access: the fault status code says. */
static __noinline const char *fault_reason(struct arch_cpu *cpu, u64 esr, u64 ipa)
{
	(void)cpu, (void)ipa;
	switch (FSC_TYPE(ISS_FSC(ESR_ISS(esr)))) {
	case FSC_TRANSLATION:
		return "not mapped";
	case FSC_PERMISSION:
		return "not permitted";
	case FSC_ACCESS_FLAG:
		return "access flag";
	}
	return "other fault";
}

/* Emulate the load/store that faulted at @ipa, if a device model claims it: the syndrome
 * describes the access (mmio_decode), common code does the rest (mmio_handle). */
static __noinline bool try_mmio(struct arch_cpu *cpu, u64 esr, u64 ipa)
{
	struct mmio_access a;

	return mmio_decode(esr, ipa, &a) && mmio_handle(cpu_of(cpu), &a);
}

/*
 * A stage-2 instruction abort. The common cause in a young guest: it took an exception of
 * its own with VBAR_EL1 still 0, so the CPU fetched its vector from the table at IPA 0. Say
 * what that exception was (the guest's ESR_EL1) rather than only where the fetch went.
 */
static __noinline __noreturn void fetch_fault(struct arch_cpu *cpu, u64 esr, u64 ipa)
{
	u64 esr1 = read_sysreg(esr_el1);

	if (ipa < VECTOR_TABLE_SIZE && read_sysreg(vbar_el1) == 0) /* zone_fault: noreturn */
		zone_fault(cpu_of(cpu),
			   "guest exception with no vector table (VBAR_EL1 = 0): ESR_EL1 0x%lx "
			   "(%s) at ELR_EL1 0x%lx; instruction abort at IPA 0x%lx: " DIAG_FMT,
			   esr1, ec_name(esr1), read_sysreg(elr_el1), ipa, DIAG_ARGS(cpu, esr));
	zone_fault(cpu_of(cpu), "instruction abort at IPA 0x%lx (%s): " DIAG_FMT, ipa,
		   fault_reason(cpu, esr, ipa), DIAG_ARGS(cpu, esr));
}

/* A stage-2 abort (EC 0x20 instruction, 0x24 data): an emulated device, or the guest
 * touched what is not its own. */
static void handle_guest_abort(struct arch_cpu *cpu, u64 esr)
{
	u64 ipa = guest_fault_addr(read_sysreg(hpfar_el2), read_sysreg(far_el2));

	if (ESR_EC(esr) == ESR_EC_IABT_LOW)
		fetch_fault(cpu, esr, ipa); /* noreturn */
	if (try_mmio(cpu, esr, ipa))
		return;
	zone_fault(cpu_of(cpu), "data abort at IPA 0x%lx (%s, %s%s): " DIAG_FMT, ipa,
		   ESR_ISS(esr) & ISS_WNR ? "write" : "read", fault_reason(cpu, esr, ipa),
		   ESR_ISS(esr) & ISS_ISV ? "" : ", no syndrome to emulate", DIAG_ARGS(cpu, esr));
}

/* MSR/MRS trapped: only the guest's writes to its SGI register (ICC_SGI1R_EL1, trapped
 * by HCR_EL2.IMO) are expected; any other is an unknown exit. */
static void handle_sysreg(struct arch_cpu *cpu, u64 esr)
{
	u64 iss = ESR_ISS(esr);
	u32 rt = ISS_SYSREG_RT(iss);

	if ((iss & ISS_SYSREG_MASK) != ISS_ICC_SGI1R_EL1 || (iss & ISS_SYSREG_READ))
		unknown_exit(cpu, esr); /* noreturn */
	cpu_of(cpu)->exits[EXIT_SYSREG]++;
	arch_cpu_advance_pc(cpu, 4); /* a trapped MSR returns to itself: step over it */
	virq_sgi(cpu_of(cpu), arch_cpu_reg(cpu, rt));
}

typedef void (*exit_handler)(struct arch_cpu *cpu, u64 esr);

/* Every class has a handler, so the hot path needs no NULL check. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const exit_handler exit_handlers[64] = {
	[0 ... 63] = unknown_exit,
	[ESR_EC_HVC64] = handle_hvc,
	[ESR_EC_SMC64] = handle_smc,
	[ESR_EC_DABT_LOW] = handle_guest_abort,
	[ESR_EC_IABT_LOW] = handle_guest_abort,
	[ESR_EC_SYSREG] = handle_sysreg,
};
#pragma GCC diagnostic pop

/* vectors.S: a synchronous exit from the guest. */
void handle_vmexit(struct arch_cpu *cpu)
{
	u64 esr = read_sysreg(esr_el2);

	exit_handlers[ESR_EC(esr)](cpu, esr);
}

/* vectors.S: a physical IRQ while the guest ran (HCR_EL2.IMO). The hypervisor's own
 * interrupts are deactivated here; a guest's stays active until the guest's EOI
 * deactivates it through the list register (EOImode 1, gic.c). */
void handle_irq_exit(struct arch_cpu *cpu)
{
	struct per_cpu *pcpu = cpu_of(cpu);
	u32 intid = gic_ack();

	if (intid >= GIC_SPURIOUS) /* spurious: nothing pending any more */
		return;
	pcpu->exits[EXIT_IRQ]++;
	switch (intid) {
	case SGI_WAKEUP:
		gic_deactivate(intid);
		cpu_handle_request(pcpu); /* may not return: the vCPU starts or parks */
		break;
	case SGI_KICK:        /* another CPU queued an interrupt for us */
	case PPI_MAINTENANCE: /* the list registers drained: refill them */
		gic_deactivate(intid);
		break;
	default:
		if (intid == PPI_VTIMER || intid >= 32) {
			virq_physical_irq(pcpu, intid);
		} else {
			gic_deactivate(intid);
			printk("minivisor: CPU %lu: unexpected interrupt %u; ignored\n",
			       cpu->cpuid, intid);
		}
	}
	virq_flush(pcpu);
}

__noreturn void handle_fiq_exit(struct arch_cpu *cpu)
{
	unknown_exit(cpu, read_sysreg(esr_el2));
}

__noreturn void handle_serror_exit(struct arch_cpu *cpu)
{
	zone_fault(cpu_of(cpu), "SError from the guest: " DIAG_FMT,
		   DIAG_ARGS(cpu, read_sysreg(esr_el2)));
}

__noreturn void handle_aarch32_exit(struct arch_cpu *cpu)
{
	zone_fault(cpu_of(cpu), "exit from AArch32, which minivisor does not run: " DIAG_FMT,
		   DIAG_ARGS(cpu, read_sysreg(esr_el2)));
}

/* vectors.S: an exception at EL2 itself is a hypervisor bug. */
__noreturn void hyp_exception(u64 kind)
{
	static const char *const kinds[] = { "synchronous exception", "IRQ", "FIQ", "SError" };
	u64 esr = read_sysreg(esr_el2);

	panic("%s at EL2: ESR 0x%lx (%s) ELR 0x%lx FAR 0x%lx", kinds[kind & 3], esr,
	      ec_name(esr), read_sysreg(elr_el2), read_sysreg(far_el2));
}
