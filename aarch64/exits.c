/*
 * Guest exits on aarch64. Every exit enters handle_vmexit() (at the end of this file) with
 * the vector it came through: a synchronous exit is dispatched on ESR_EL2.EC through a
 * table, an interrupt to handle_interrupt(). Each handler decodes its exit and hands policy
 * to common/ (hypercalls, MMIO devices, zone faults). What the table does not know stops
 * the zone with a diagnostic, never a hang. riscv64/exits.c has the same functions, in the
 * same order.
 */
#include "arch.h"
#include "console.h"
#include "firmware.h"
#include "gic.h"
#include "hypercall.h"
#include "mmio_decode.h"
#include "percpu.h"
#include "sysreg.h"
#include "trace.h"
#include "virq.h"
#include "zone.h"

/* Exceptions by class (ESR_ELx.EC): EL2's exits, and the guest's own ESR_EL1 in reports. */
static const char *const exc_names[ESR_EC_NR] = {
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

/* The exits that are not exceptions, by the vector they come through (vectors.S). */
static const char *const vector_names[VECTOR_NR] = {
	[VECTOR_SYNC] = "synchronous exception",
	[VECTOR_IRQ] = "IRQ",
	[VECTOR_FIQ] = "FIQ",
	[VECTOR_SERROR] = "SError",
	[VECTOR_AARCH32] = "exit from AArch32",
};

static __noinline const char *cause_name(u64 esr)
{
	const char *name = exc_names[ESR_EC(esr)];
	return name ? name : "unexpected exception class";
}

/* The registers every diagnostic ends with. */
#define DIAG_FMT            "ESR 0x%lx ELR 0x%lx FAR 0x%lx"
#define DIAG_ARGS(cpu, esr) (esr), (cpu)->elr, read_sysreg(far_el2)

/* vectors.S: an exception taken at EL2 itself (through vector @vector) is a hypervisor
 * bug. Interrupts stay masked at EL2, so in practice it is a synchronous one. */
__noreturn void hyp_panic(u64 vector)
{
	u64 esr = read_sysreg(esr_el2);

	panic("%s at EL2: ESR 0x%lx (%s) ELR 0x%lx FAR 0x%lx", vector_names[vector % VECTOR_NR],
	      esr, cause_name(esr), read_sysreg(elr_el2), read_sysreg(far_el2));
}

static __noreturn void unknown_exit(struct arch_cpu *cpu, u64 esr)
{
	cpu_of(cpu)->exits[EXIT_OTHER]++;
	zone_fault(cpu_of(cpu), "unexpected exit, EC 0x%lx (%s): " DIAG_FMT, ESR_EC(esr),
		   cause_name(esr), DIAG_ARGS(cpu, esr));
}

/* A minivisor hypercall: x0 = HC_FN(n), x1/x2 = arguments; result in x0. Inlined into
 * handle_guest_call: it is the hot path, where a call would cost the bench instructions
 * (gdb's `break handle_hypercall` stops in the inlined code all the same). The plain
 * declaration makes this an external definition as well: the image also holds an
 * out-of-line copy that nothing calls, only so that nm finds the name in both images
 * (tests/mirrored_names.txt). */
void handle_hypercall(struct arch_cpu *cpu);
inline __attribute__((always_inline)) void handle_hypercall(struct arch_cpu *cpu)
{
	cpu_of(cpu)->exits[EXIT_HYPERCALL]++;
	cpu->x[0] = hypercall(cpu_of(cpu), cpu->x[0] & HC_FN_NR, cpu->x[1], cpu->x[2]);
}

/* hvc #0 (EC 0x16): a minivisor hypercall (HC_FN, SMCCC owner 6) or a firmware call
 * (vfirmware.c: PSCI, owner 4; any other function it answers NOT_SUPPORTED). Hypercalls
 * first: they are the hot path. ELR_EL2 already points past the hvc. */
static void handle_guest_call(struct arch_cpu *cpu, u64 esr)
{
	(void)esr;
	if ((cpu->x[0] & ~HC_FN_NR) == HC_FN(0))
		handle_hypercall(cpu);
	else
		vfirmware_call(cpu);
}

/* smc #0 trapped by HCR_EL2.TSC (EC 0x17): a firmware call only, answered here as PSCI;
 * nothing reaches the real firmware. riscv64 has one call instruction, so no twin. */
static void handle_smc(struct arch_cpu *cpu, u64 esr)
{
	(void)esr;
	arch_cpu_advance_pc(cpu, 4); /* a trapped smc returns to itself: step over it */
	vfirmware_call(cpu);
}

/* Why stage 2 refused the access: the fault status code says. */
static __noinline const char *fault_reason(struct arch_cpu *cpu, u64 esr, u64 ipa)
{
	(void)cpu, (void)ipa; /* riscv64 walks the G-stage to know */
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
			   esr1, cause_name(esr1), read_sysreg(elr_el1), ipa, DIAG_ARGS(cpu, esr));
	zone_fault(cpu_of(cpu), "instruction abort at IPA 0x%lx (%s): " DIAG_FMT, ipa,
		   fault_reason(cpu, esr, ipa), DIAG_ARGS(cpu, esr));
}

/*
 * An access to an IPA with nothing behind it, in a zone whose config asks for what hardware
 * does (UNBACKED_ABORT): a synchronous external abort, taken by the guest at EL1 through
 * its own vector table, as from the instruction that made the access (Arm ARM D1.10:
 * ESR_EL1, FAR_EL1, ELR_EL1 and SPSR_EL1 say what it was; PSTATE becomes EL1h with DAIF
 * masked). Returns false, for the zone to be stopped instead, if the zone does not ask,
 * if stage 2 refused a mapped page, or if the guest has no vector to take it (VBAR_EL1 =
 * 0, or the fetch that faulted was of that vector itself).
 */
/* PSTATE on taking an exception to EL1 (Arm ARM DDI 0487, "PSTATE on exception entry"):
 * EL1h with DAIF set; PAN set if SCTLR_EL1.SPAN is 0, else kept; SSBS from
 * SCTLR_EL1.DSSBS; BTYPE, SS, IL and UAO cleared. */
static u64 el1_exception_pstate(u64 spsr)
{
	u64 sctlr = read_sysreg(sctlr_el1), pstate = SPSR_EL1H | SPSR_DAIF;

	if (!(sctlr & SCTLR_EL1_SPAN) || (spsr & SPSR_PAN))
		pstate |= SPSR_PAN;
	if (sctlr & SCTLR_EL1_DSSBS)
		pstate |= SPSR_SSBS;
	return pstate;
}

static __noinline bool fault_to_guest(struct arch_cpu *cpu, u64 esr)
{
	u64 mode = cpu->spsr & SPSR_M, vbar = read_sysreg(vbar_el1);
	bool fetch = ESR_EC(esr) == ESR_EC_IABT_LOW, from_el0 = mode == SPSR_EL0T;
	u64 entry = vbar + (from_el0            ? VECTOR_SYNC_LOW_A64
			    : mode == SPSR_EL1H ? VECTOR_SYNC_CUR_SPX
						: VECTOR_SYNC_CUR_SP0);
	u64 ec = fetch ? (from_el0 ? ESR_EC_IABT_LOW : ESR_EC_IABT_CUR)
		       : (from_el0 ? ESR_EC_DABT_LOW : ESR_EC_DABT_CUR);

	if (cpu_of(cpu)->zone->cfg->unbacked != UNBACKED_ABORT ||
	    FSC_TYPE(ISS_FSC(ESR_ISS(esr))) != FSC_TRANSLATION || !vbar || cpu->elr == entry)
		return false;
	u64 iss = ESR_ISS(esr),
	    fsc = iss & ISS_S1PTW ? FSC_SYNC_EXT_WALK | (ISS_FSC(iss) & 3) : FSC_SYNC_EXTERNAL;
	write_sysreg(esr_el1, ec << ESR_EC_SHIFT | ESR_IL | fsc | (fetch ? 0 : iss & ISS_WNR));
	write_sysreg(far_el1, read_sysreg(far_el2)); /* the virtual address it used */
	write_sysreg(elr_el1, cpu->elr);
	write_sysreg(spsr_el1, cpu->spsr);
	cpu->spsr = el1_exception_pstate(cpu->spsr);
	cpu->elr = entry;
	return true;
}

/* A stage-2 abort (EC 0x20 instruction, 0x24 data): an emulated device, or the guest
 * touched what is not its own. */
static void handle_guest_abort(struct arch_cpu *cpu, u64 esr)
{
	u64 ipa = guest_fault_addr(read_sysreg(hpfar_el2), read_sysreg(far_el2));

	if (ESR_EC(esr) == ESR_EC_IABT_LOW && !fault_to_guest(cpu, esr))
		fetch_fault(cpu, esr, ipa); /* noreturn */
	if (ESR_EC(esr) == ESR_EC_IABT_LOW || try_mmio(cpu, esr, ipa) || fault_to_guest(cpu, esr))
		return;
	zone_fault(cpu_of(cpu), "data abort at IPA 0x%lx (%s, %s%s): " DIAG_FMT, ipa,
		   ESR_ISS(esr) & ISS_WNR ? "write" : "read", fault_reason(cpu, esr, ipa),
		   ESR_ISS(esr) & ISS_ISV ? "" : ", no syndrome to emulate", DIAG_ARGS(cpu, esr));
}

/* MSR/MRS trapped (EC 0x18): only the guest's writes to its SGI register (ICC_SGI1R_EL1,
 * trapped by HCR_EL2.IMO) are expected; any other is an unknown exit. */
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

/*
 * Every exit that is not a synchronous one from AArch64: an IRQ (HCR_EL2.IMO), the only one
 * expected. The hypervisor's own interrupts are deactivated here; a guest's stays active
 * until the guest's EOI deactivates it through the list register (EOImode 1, gic.c).
 * Kept out of line: handle_vmexit's hypercall path must not pay for its frame.
 */
static __noinline void handle_interrupt(struct arch_cpu *cpu, u64 vector)
{
	struct per_cpu *pcpu = cpu_of(cpu);
	u32 intid;

	switch (vector) { /* zone_fault: noreturn */
	case VECTOR_SERROR:
		zone_fault(pcpu, "SError from the guest: " DIAG_FMT,
			   DIAG_ARGS(cpu, read_sysreg(esr_el2)));
	case VECTOR_AARCH32:
		zone_fault(pcpu, "exit from AArch32, which minivisor does not run: " DIAG_FMT,
			   DIAG_ARGS(cpu, read_sysreg(esr_el2)));
	case VECTOR_FIQ: /* HCR_EL2.FMO takes one to EL2; ESR_EL2 says nothing of it */
		pcpu->exits[EXIT_OTHER]++;
		zone_fault(pcpu,
			   "unexpected FIQ (every interrupt minivisor enables is an IRQ, "
			   "Group 1): ELR 0x%lx",
			   cpu->elr);
	}
	pcpu->exits[EXIT_IRQ]++; /* every IRQ exit, a spurious one too, as on riscv64 */
	intid = gic_ack();
	if (intid >= GIC_SPURIOUS) /* spurious: nothing pending any more */
		return;
	switch (intid) {
	case SGI_WAKEUP: /* the IPI (arch_send_ipi): another CPU left a request */
		gic_deactivate(intid);
		cpu_handle_request(pcpu); /* returns only if the vCPU stays as it is */
		break;
	case SGI_KICK:        /* another CPU queued an interrupt for us */
	case PPI_MAINTENANCE: /* the list registers drained: refill them */
		gic_deactivate(intid);
		break;
	default:
		if (is_timer_ppi(intid) || intid >= VGIC_NR_PRIVATE) { /* a timer or an SPI */
			virq_physical_irq(pcpu, intid);
		} else {
			gic_deactivate(intid);
			printk("minivisor: CPU %lu: unexpected interrupt %u; ignored\n", cpu->cpuid,
			       intid);
		}
	}
	virq_flush(pcpu);
}

typedef void (*exit_handler)(struct arch_cpu *cpu, u64 esr);

/* Exceptions by class. Every class has a handler, so the hot path needs no NULL check. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const exit_handler exit_handlers[ESR_EC_NR] = {
	[0 ... ESR_EC_NR - 1] = unknown_exit,
	[ESR_EC_HVC64] = handle_guest_call,
	[ESR_EC_SMC64] = handle_smc,
	[ESR_EC_DABT_LOW] = handle_guest_abort,
	[ESR_EC_IABT_LOW] = handle_guest_abort,
	[ESR_EC_SYSREG] = handle_sysreg,
};
#pragma GCC diagnostic pop

/* vectors.S, for every exit, with the guest's registers saved in @cpu; the guest resumes
 * from @cpu when this returns. The hardware tells the kind of exit by the vector it took
 * (riscv64 by scause): @vector, VECTOR_SYNC for the exceptions ESR_EL2 describes. */
void handle_vmexit(struct arch_cpu *cpu, u64 vector)
{
	static const char *const result_regs[2] = { "x0", "x1" };
	struct exit_trace t;
	const char *what = NULL;

	stack_check(cpu_of(cpu)); /* the last exit's stack stayed in bounds */
	if (TRACE) {              /* make TRACE=1 (common/trace.h); else compiled out */
		what = vector != VECTOR_SYNC ? vector_names[vector]
					     : exc_names[ESR_EC(read_sysreg(esr_el2))];
		trace_begin(&t, cpu_of(cpu), cpu->elr);
	}
	if (vector != VECTOR_SYNC) {
		handle_interrupt(cpu, vector);
	} else {
		u64 esr = read_sysreg(esr_el2);
		exit_handlers[ESR_EC(esr)](cpu, esr);
	}
	if (TRACE)
		trace_end(&t, cpu_of(cpu), what ? what : "unknown", result_regs, cpu->x[0],
			  cpu->x[1], cpu->elr);
}
