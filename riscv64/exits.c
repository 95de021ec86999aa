/*
 * Guest exits on riscv64. Every exit enters handle_vmexit() (at the end of this file): an
 * exception is dispatched on scause through a table, an interrupt to handle_interrupt().
 * Each handler decodes its exit and hands policy to common/ (hypercalls, MMIO devices,
 * zone faults). What the table does not know stops the zone with a diagnostic, never a
 * hang. aarch64/exits.c has the same functions, in the same order.
 */
#include "arch.h"
#include "console.h"
#include "csr.h"
#include "mmio_decode.h"
#include "percpu.h"
#include "plic.h"
#include "trace.h"
#include "firmware.h"
#include "hypercall.h"
#include "virq.h"
#include "zone.h"

static const char *const exc_names[EXC_NR] = {
	[EXC_INST_MISALIGNED] = "instruction address misaligned",
	[EXC_INST_ACCESS] = "instruction access fault",
	[EXC_ILLEGAL_INSN] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "load address misaligned",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "store/AMO address misaligned",
	[EXC_STORE_ACCESS] = "store/AMO access fault",
	[EXC_U_ECALL] = "ecall from U-mode",
	[EXC_HS_ECALL] = "ecall from HS-mode",
	[EXC_VS_ECALL] = "ecall from VS-mode",
	[EXC_M_ECALL] = "ecall from M-mode",
	[EXC_INST_PAGE_FAULT] = "instruction page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[EXC_STORE_PAGE_FAULT] = "store/AMO page fault",
	[EXC_INST_GUEST_PF] = "instruction guest-page fault",
	[EXC_LOAD_GUEST_PF] = "load guest-page fault",
	[EXC_VIRTUAL_INSN] = "virtual instruction",
	[EXC_STORE_GUEST_PF] = "store/AMO guest-page fault",
};

static const char *const irq_names[IRQ_NR] = {
	[IRQ_S_SOFT] = "supervisor software interrupt", [IRQ_VS_SOFT] = "VS software interrupt",
	[IRQ_S_TIMER] = "supervisor timer interrupt",   [IRQ_VS_TIMER] = "VS timer interrupt",
	[IRQ_S_EXT] = "supervisor external interrupt",  [IRQ_VS_EXT] = "VS external interrupt",
};

static __noinline const char *cause_name(u64 scause)
{
	const char *name = NULL;

	if (scause & SCAUSE_INTR) {
		if ((scause & ~SCAUSE_INTR) < ARRAY_SIZE(irq_names))
			name = irq_names[scause & ~SCAUSE_INTR];
	} else if (scause < EXC_NR) {
		name = exc_names[scause];
	}
	return name ? name : "unexpected cause";
}

/* The registers every diagnostic ends with. */
#define DIAG_FMT               "scause 0x%lx sepc 0x%lx stval 0x%lx htval 0x%lx"
#define DIAG_ARGS(cpu, scause) (scause), (cpu)->sepc, csr_read(stval), csr_read(htval)

/* A trap from HS-mode itself is a hypervisor bug: boot.S's boot_trap before arch_cpu_init
 * installed hyp_vectors, or handle_vmexit when the saved hstatus.SPV says the trap did not
 * come from the guest. scause, sepc, stval and htval still hold it. */
__noreturn void hyp_panic(void)
{
	u64 scause = csr_read(scause);

	panic("%s in HS-mode: " DIAG_FMT, cause_name(scause), scause, csr_read(sepc),
	      csr_read(stval), csr_read(htval));
}

static __noreturn void unknown_exit(struct arch_cpu *cpu, u64 scause)
{
	cpu_of(cpu)->exits[EXIT_OTHER]++;
	zone_fault(cpu_of(cpu), "%s: " DIAG_FMT, cause_name(scause), DIAG_ARGS(cpu, scause));
}

/* A minivisor hypercall: a6 = number, a0/a1 = arguments; error in a0, value in a1.
 * Inlined into handle_guest_call: it is the hot path, where a call would cost the bench
 * instructions (gdb's `break handle_hypercall` stops in the inlined code all the same).
 * The plain declaration makes this an external definition as well: the image also holds
 * an out-of-line copy that nothing calls, only so that nm finds the name in both images
 * (tests/mirrored_names.txt). */
void handle_hypercall(struct arch_cpu *cpu);
inline __attribute__((always_inline)) void handle_hypercall(struct arch_cpu *cpu)
{
	long r;

	cpu_of(cpu)->exits[EXIT_HYPERCALL]++;
	r = hypercall(cpu_of(cpu), cpu->x[REG_A6], cpu->x[REG_A0], cpu->x[REG_A1]);
	cpu->x[REG_A0] = r < 0 ? r : 0;
	cpu->x[REG_A1] = r; /* the SBI leaves the value undefined on error */
}

/* ecall from VS-mode (scause 10): a minivisor hypercall (a7 = HC_SBI_EXT) or an SBI call
 * (vfirmware.c). Hypercalls first: they are the hot path. */
static void handle_guest_call(struct arch_cpu *cpu, u64 scause)
{
	(void)scause;
	arch_cpu_advance_pc(cpu, 4); /* a trap returns to the ecall itself: step over it */
	if (cpu->x[REG_A7] == HC_SBI_EXT)
		handle_hypercall(cpu);
	else
		vfirmware_call(cpu);
}

/*
 * Read the guest's instruction at sepc as the guest sees it (through its own page tables
 * and the G-stage): hlvx.hu, the hypervisor's "load as if executing". That access can
 * fault: the guest may have unmapped the page since it trapped (itself without
 * sfence.vma, or a sibling vCPU), so its translation is gone (privileged spec 8.6.3:
 * HLVX raises the fault a fetch would, as a load). A fault there must not become a trap
 * into hyp_vectors, which would save the hypervisor's registers over the guest's and
 * end in a panic: for that one instruction stvec points at the local label 1, which
 * makes the result ~0 (hlvx.hu zero-extends a halfword, so no instruction reads as
 * that). The nested trap leaves its cause in scause/sepc/stval and sstatus.SPP/SPIE
 * only, all of which the exit saved already (vectors.S), and we stay in HS: no sret.
 */
#define FETCH_FAILED ~0UL

static u64 guest_fetch16(u64 va)
{
	u64 v = va, stvec = csr_read(stvec);

	__asm__ volatile(".option push\n.option arch, +h\n"
			 "la t0, 1f\n"
			 "csrw stvec, t0\n"
			 "hlvx.hu %0, (%0)\n"
			 "j 2f\n"
			 ".balign 4\n" /* stvec's base: 4-byte aligned (priv. spec 4.1.2) */
			 "1: li %0, -1\n"
			 "2: csrw stvec, %1\n"
			 ".option pop"
			 : "+r"(v)
			 : "r"(stvec)
			 : "t0", "memory");
	return v;
}

/* The instruction that faulted. htinst, when the hart fills it in, holds it already
 * (transformed: bit 1 clear for a compressed original); QEMU 7.2 leaves it 0. False if
 * there is none (a fault in the guest's page-table walk) or it cannot be read. */
static bool fault_insn(struct arch_cpu *cpu, u32 *insn, unsigned *len)
{
	u64 tinst = csr_read(htinst);
	u64 lo, hi = 0;

	if (tinst & 1) {
		*insn = tinst | 2;
		*len = tinst & 2 ? 4 : 2;
		return true;
	}
	if (tinst) /* a pseudo-instruction: the fault came from the guest's page-table walk */
		return false;
	lo = guest_fetch16(cpu->sepc);
	if (lo != FETCH_FAILED && insn_length(lo) == 4)
		hi = guest_fetch16(cpu->sepc + 2);
	if (lo == FETCH_FAILED || hi == FETCH_FAILED)
		zone_fault(cpu_of(cpu),
			   "MMIO from an instruction at 0x%lx the guest has unmapped (reading it "
			   "faulted: scause 0x%lx)",
			   cpu->sepc, csr_read(scause));
	*insn = (u32)(lo | hi << 16);
	*len = insn_length(*insn);
	return true;
}

/* Why the G-stage refused @gpa: no leaf at all, or one without the permission. */
static __noinline const char *fault_reason(struct arch_cpu *cpu, u64 scause, u64 gpa)
{
	bool mapped = pt_translate(&cpu_of(cpu)->zone->gpm.pt, gpa, NULL) != ~0UL;

	(void)scause; /* aarch64's syndrome names the reason; here the G-stage walk does */
	return mapped ? "not permitted" : "not mapped";
}

/* Emulate the load/store that faulted at @gpa, if a device model claims it: the trapped
 * instruction describes the access (mmio_decode), common code does the rest (mmio_handle). */
static __noinline bool try_mmio(struct arch_cpu *cpu, u64 scause, u64 gpa)
{
	struct mmio_access a;
	u32 insn;
	unsigned len;

	if (!fault_insn(cpu, &insn, &len) || !mmio_decode(insn, &a))
		return false;
	if (a.write != (scause == EXC_STORE_GUEST_PF))
		return false;
	a.addr = gpa;
	a.insn_len = len; /* htinst's form of a compressed instruction decodes as 4 bytes */
	return mmio_handle(cpu_of(cpu), &a);
}

/*
 * A G-stage fetch fault. The common cause in a young guest: it took a trap of its own
 * (delegated by hedeleg) with vstvec still 0, so the hart fetched its handler at 0. Say
 * what that trap was rather than only where the fetch went.
 */
static __noinline __noreturn void fetch_fault(struct arch_cpu *cpu, u64 scause, u64 gpa)
{
	u64 vscause = csr_read(vscause);

	if (gpa < PAGE_SIZE && csr_read(vstvec) == 0) /* zone_fault: noreturn */
		zone_fault(cpu_of(cpu),
			   "guest trap with no trap vector (vstvec = 0): vscause 0x%lx (%s) at "
			   "vsepc 0x%lx; %s at GPA 0x%lx: " DIAG_FMT,
			   vscause, cause_name(vscause), csr_read(vsepc), cause_name(scause), gpa,
			   DIAG_ARGS(cpu, scause));
	zone_fault(cpu_of(cpu), "%s at GPA 0x%lx (fetch, %s): " DIAG_FMT, cause_name(scause), gpa,
		   fault_reason(cpu, scause, gpa), DIAG_ARGS(cpu, scause));
}

/*
 * An access to a GPA with nothing behind it, in a zone whose config asks for what hardware
 * does (UNBACKED_ABORT): an access fault (scause 1 fetch, 5 load, 7 store/AMO) taken by
 * the guest through its own vstvec, as from the instruction that made the access
 * (privileged spec 4.1.1, 4.1.9: vsepc, vscause, vstval; vsstatus.SPP and SPIE keep where
 * it came from and its SIE, and SIE is cleared). Returns false, for the zone to be stopped
 * instead, if the zone does not ask, if the G-stage refused a mapped page, or if the guest
 * has no trap vector (vstvec = 0, or the fetch that faulted was of the vector itself).
 */
static __noinline bool fault_to_guest(struct arch_cpu *cpu, u64 scause, u64 gpa)
{
	u64 vstvec = csr_read(vstvec) & ~3UL; /* MODE [1:0]: exceptions go to BASE either way */
	u64 code = scause == EXC_INST_GUEST_PF   ? EXC_INST_ACCESS
		   : scause == EXC_LOAD_GUEST_PF ? EXC_LOAD_ACCESS
						 : EXC_STORE_ACCESS;
	u64 vsstatus = csr_read(vsstatus);

	if (cpu_of(cpu)->zone->cfg->unbacked != UNBACKED_ABORT ||
	    pt_translate(&cpu_of(cpu)->zone->gpm.pt, gpa, NULL) != ~0UL || !vstvec ||
	    cpu->sepc == vstvec)
		return false;
	csr_write(vsepc, cpu->sepc);
	csr_write(vscause, code);
	csr_write(vstval, csr_read(stval)); /* the virtual address it used */
	vsstatus = (vsstatus & ~(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE)) |
		   (cpu->sstatus & SSTATUS_SPP) | (vsstatus & SSTATUS_SIE ? SSTATUS_SPIE : 0);
	csr_write(vsstatus, vsstatus);
	cpu->sstatus |= SSTATUS_SPP; /* into VS-mode, at its vector */
	cpu->sepc = vstvec;
	return true;
}

/* A G-stage fault (scause 20 fetch, 21 load, 23 store/AMO): an emulated device, or the
 * guest touched what is not its own. */
static void handle_guest_abort(struct arch_cpu *cpu, u64 scause)
{
	u64 gpa = guest_fault_addr(csr_read(htval), csr_read(stval));

	if (!(cpu->hstatus & HSTATUS_SPV)) /* from HS itself: a bug */
		hyp_panic();               /* noreturn */
	if (scause == EXC_INST_GUEST_PF && !fault_to_guest(cpu, scause, gpa))
		fetch_fault(cpu, scause, gpa); /* noreturn */
	if (scause == EXC_INST_GUEST_PF || try_mmio(cpu, scause, gpa) ||
	    fault_to_guest(cpu, scause, gpa))
		return;
	zone_fault(cpu_of(cpu), "%s at GPA 0x%lx (%s, %s): " DIAG_FMT, cause_name(scause), gpa,
		   scause == EXC_STORE_GUEST_PF ? "write" : "read", fault_reason(cpu, scause, gpa),
		   DIAG_ARGS(cpu, scause));
}

/* Anything else from the guest: report it (or, from HS, panic). */
static void handle_other(struct arch_cpu *cpu, u64 scause)
{
	if (!(cpu->hstatus & HSTATUS_SPV))
		hyp_panic(); /* noreturn */
	unknown_exit(cpu, scause);
}

/* The IPI (arch_send_ipi): another hart left a request, or an interrupt, for this one. */
static void handle_ipi(struct arch_cpu *cpu)
{
	csr_clear(sip, SIP_SSIP);        /* before reading the request: a new IPI is not lost */
	cpu_handle_request(cpu_of(cpu)); /* returns only if the vCPU stays as it is */
	virq_flush(cpu_of(cpu));
}

/* Our own timer, which without Sstc is the guest's (virq.c). */
static void handle_timer(struct arch_cpu *cpu)
{
	vtimer_expired(cpu_of(cpu));
}

/* The PLIC: a device interrupt for a zone. Claimed here, completed when the guest
 * completes it (vplic.c); 0 is nothing left to claim (spurious, or claimed already). */
static void handle_external(struct arch_cpu *cpu)
{
	u32 irq = plic_claim(cpu->cpuid);

	if (irq)
		virq_physical_irq(cpu_of(cpu), irq);
}

typedef void (*irq_handler)(struct arch_cpu *cpu);

/* HS interrupts by code; the VS-level ones (2, 6, 10) are delegated (hideleg). */
static const irq_handler irq_handlers[IRQ_NR] = {
	[IRQ_S_SOFT] = handle_ipi,
	[IRQ_S_TIMER] = handle_timer,
	[IRQ_S_EXT] = handle_external,
};

void handle_pending_irqs(struct arch_cpu *cpu)
{
	u64 pending = csr_read(sip) & csr_read(sie);

	for (u64 code = 0; code < IRQ_NR; code++)
		if ((pending & BIT(code)) && irq_handlers[code])
			irq_handlers[code](cpu);
}

/* An interrupt to HS-mode: one of ours, by code. Kept out of line, as on aarch64. */
static __noinline void handle_interrupt(struct arch_cpu *cpu, u64 scause)
{
	u64 code = scause & ~SCAUSE_INTR;

	if (!(cpu->hstatus & HSTATUS_SPV))
		hyp_panic(); /* noreturn */
	if (code >= IRQ_NR || !irq_handlers[code])
		unknown_exit(cpu, scause); /* noreturn */
	cpu_of(cpu)->exits[EXIT_IRQ]++;
	irq_handlers[code](cpu);
}

typedef void (*exit_handler)(struct arch_cpu *cpu, u64 scause);

/* Exceptions by code. Every code has a handler, so the hot path needs no NULL check: the
 * ones not named here (delegated to the guest by hedeleg, not expected, reserved, or from
 * HS itself: a bug) go to handle_other. Only VS-mode raises 10 and 20-23, so those
 * handlers need not check for a trap from HS itself; handle_other does. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const exit_handler exit_handlers[EXC_NR] = {
	[0 ... EXC_NR - 1] = handle_other,
	[EXC_VS_ECALL] = handle_guest_call, /* hypercalls and the SBI */
	[EXC_INST_GUEST_PF] = handle_guest_abort,
	[EXC_LOAD_GUEST_PF] = handle_guest_abort,
	[EXC_STORE_GUEST_PF] = handle_guest_abort,
};
#pragma GCC diagnostic pop

/* vectors.S, for every exit, with the guest's registers saved in @cpu; the guest resumes
 * from @cpu when this returns. The hardware tells the kind of exit by scause (aarch64 by
 * the vector it took): interrupts have bit 63 set, so they fail the bounds check. */
void handle_vmexit(struct arch_cpu *cpu)
{
	static const char *const result_regs[2] = { "a0", "a1" };
	struct exit_trace t;
	u64 scause = csr_read(scause);

	stack_check(cpu_of(cpu)); /* the last exit's stack stayed in bounds */
	/* make TRACE=1 (common/trace.h); else compiled out */
	if (TRACE)
		trace_begin(&t, cpu_of(cpu), cpu->sepc);
	if (scause < EXC_NR)
		exit_handlers[scause](cpu, scause);
	else
		handle_interrupt(cpu, scause);
	if (TRACE)
		trace_end(&t, cpu_of(cpu), cause_name(scause), result_regs, cpu->x[REG_A0],
			  cpu->x[REG_A1], cpu->sepc);
}
