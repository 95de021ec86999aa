/*
 * The vCPU on riscv64: HS-mode trap controls, the guest's reset state, entering the guest
 * and parking it. aarch64/cpu.c has the same functions under the same names.
 */
#include "arch.h"
#include "console.h"
#include "csr.h"
#include "firmware.h"
#include "lib.h"
#include "percpu.h"
#include "platform.h"
#include "plic.h"
#include "pte.h"
#include "virq.h"
#include "vplic.h"
#include "zone.h"

_Static_assert(offsetof(struct arch_cpu, x) == ARCH_CPU_X, "ArchCpu x[] offset");
_Static_assert(offsetof(struct arch_cpu, hstatus) == ARCH_CPU_HSTATUS, "ArchCpu hstatus offset");
_Static_assert(offsetof(struct arch_cpu, sstatus) == ARCH_CPU_SSTATUS, "ArchCpu sstatus offset");
_Static_assert(offsetof(struct arch_cpu, sepc) == ARCH_CPU_SEPC, "ArchCpu sepc offset");
_Static_assert(offsetof(struct arch_cpu, stack_top) == ARCH_CPU_STACK_TOP,
	       "ArchCpu stack_top offset");

extern char hyp_vectors[]; /* vectors.S */
u64 has_sstc(void);        /* boot.S: reading vstimecmp does not trap */

/* Sstc, for the guest: the hart has it (vstimecmp readable) and henvcfg.STCE sticks. */
static bool enable_guest_sstc(void)
{
	if (!has_sstc())
		return false;
	csr_set(henvcfg, HENVCFG_STCE);
	return csr_read(henvcfg) & HENVCFG_STCE;
}

/* Program the HS-mode controls that confine a guest in VS-mode on this hart. */
static __noinline void activate_vmm(struct arch_cpu *cpu)
{
	csr_write(hedeleg, HEDELEG_GUEST);
	csr_write(hcounteren, HCOUNTEREN_CY_TM_IR);
	cpu->sstc = enable_guest_sstc();
	/* Sv39x4 is the G-stage mode every zone uses: make sure this hart has it. */
	csr_write(hgatp, HGATP_MODE_SV39X4);
	if (HGATP_MODE(csr_read(hgatp)) != HGATP_MODE(HGATP_MODE_SV39X4))
		panic("activate_vmm: hart %lu has no Sv39x4 G-stage", cpu->cpuid);
	csr_write(hgatp, 0);
	/* The IPI from another hart (arch_send_ipi) must pull us out of the guest: HS
	 * interrupts are taken whenever V=1, whatever sstatus.SIE says. */
	csr_set(sie, SIE_SSIE);
	/* Interrupts: this hart's PLIC context, and its virtual half (hvip). */
	plic_init_cpu(cpu->cpuid);
	virq_init_cpu();
	/* The PLIC enables sources per hart (the GIC routes in its shared distributor): the
	 * sources the zone routes here, in the context plic_init_cpu() just reset. */
	vplic_init_cpu(cpu_of(cpu));
}

void arch_cpu_init(struct arch_cpu *cpu)
{
	cpu->stack_top = (u64)cpu; /* the stack grows down from right below ArchCpu (percpu.h) */
	csr_write(stvec, hyp_vectors);
	activate_vmm(cpu);
}

/* The VS-mode CSRs as a hart has them out of reset: no paging, no vector, no interrupts. */
static __noinline void reset_guest_sysregs(struct arch_cpu *cpu)
{
	csr_write(vsstatus, 0); /* FS = Off until the guest turns FP on */
	csr_write(vsie, 0);
	csr_write(vstvec, 0);
	csr_write(vsscratch, 0);
	csr_write(vsepc, 0);
	csr_write(vscause, 0);
	csr_write(vstval, 0);
	csr_write(vsatp, 0);
	virq_reset(cpu_of(cpu)); /* hvip, pending IPIs, our timer without Sstc */
	if (cpu->sstc)
		csr_write(vstimecmp, ~0UL); /* no timer interrupt until the guest sets one */
}

void arch_cpu_reset(struct arch_cpu *cpu, u64 entry, u64 dtb)
{
	memset(cpu->x, 0, sizeof(cpu->x));
	/* The SBI boot protocol: a0 = hartid as the guest numbers its harts (its vCPU
	 * index), a1 = DTB (for hart_start: the opaque argument). */
	cpu->x[REG_A0] = cpu_of(cpu)->vcpu_id;
	cpu->x[REG_A1] = dtb;
	cpu->sepc = entry;
	cpu->hstatus = HSTATUS_VSXL_64 | HSTATUS_SPV | HSTATUS_SPVP;
	cpu->sstatus = (csr_read(sstatus) & ~(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_FS_MASK)) |
		       SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_FS_INITIAL;
	reset_guest_sysregs(cpu);
	cpu->suspended = false;
	cpu->init = true;
}

void arch_cpu_run(struct arch_cpu *cpu)
{
	if (!cpu->init) /* a register file no reset prepared: a bug in the caller */
		panic("arch_cpu_run: hart %lu: vCPU entered without arch_cpu_reset", cpu->cpuid);
	cpu->init = false;
	gpm_activate(&cpu_of(cpu)->zone->gpm);
	/* The zone's images (arch_guest_written), or code its other vCPUs wrote, are what this
	 * hart fetches (Zifencei: fence.i orders this hart's own fetches only). */
	__asm__ volatile("fence.i" ::: "memory");
	vmreturn(cpu);
}

/*
 * The parking page: `wfi; j .-4` at guest-physical 0 of a G-stage table that maps nothing
 * else (mmu.c). A parked hart sleeps in VS-mode in wfi; an IPI (arch_send_ipi) is an HS
 * interrupt, taken from V=1 whatever the guest's state, so it traps to handle_vmexit.
 */
void arch_cpu_idle(struct arch_cpu *cpu)
{
	arch_cpu_reset(cpu, 0, 0);
	cpu->init = false; /* entered, if into no zone: arch_cpu_run wants a reset first */
	/* A request may have been left before this hart could take the IPI: OpenSBI drops
	 * IPIs to harts it has not started yet. The request is what counts; the IPI only
	 * wakes. So wake ourselves: the first instruction of the parking page traps. */
	if (__atomic_load_n(&cpu_of(cpu)->request, __ATOMIC_ACQUIRE) != REQ_NONE)
		csr_set(sip, SIP_SSIP);
	gpm_activate(&parking_gpm);
	vmreturn(cpu);
}

u64 arch_uptime_us(void)
{
	return csr_read(time) / (TIMEBASE_HZ / 1000000);
}

/* Interrupt hart @cpuid so that it leaves its guest or the parking page: an SBI IPI, which
 * OpenSBI delivers as sip.SSIP, an HS interrupt taken from V=1 whatever the guest's state. */
void arch_send_ipi(u64 cpuid)
{
	sbi_send_ipi(cpuid);
}
