/*
 * Interrupts into a guest on riscv64. The guest's interrupts are VS-level (hideleg bits
 * 2, 6, 10: privileged spec 8.2.2), so it takes them itself, in VS-mode, through its own
 * vstvec. The hypervisor only asserts them in hvip (8.2.3):
 *   VSSIP  an SBI IPI from another vCPU of the zone: set on the target hart by the target
 *          (hvip is per hart), after a physical IPI; the guest clears it via sip.SSIP;
 *   VSTIP  the timer, only without Sstc (with Sstc the hart raises it from vstimecmp and
 *          nothing is injected: `injected: timer 0`);
 *   VSEIP  the zone's emulated PLIC has a source for this vCPU (vplic.c).
 * Everything here touches only the calling hart's CSRs, or leaves a flag and an IPI for
 * another hart of the same zone: nothing couples two zones.
 */
#include "arch.h"
#include "csr.h"
#include "firmware.h"
#include "percpu.h"
#include "plic.h"
#include "virq.h"
#include "vplic.h"
#include "zone.h"

/* The VS-level interrupts are the guest's own, taken in VS-mode (hideleg); none is
 * asserted yet. */
void virq_init_cpu(void)
{
	csr_write(hideleg, HIDELEG_GUEST);
	csr_write(hvip, 0);
}

/* After handle_ipi took any request: a vCPU that is off (power_on = 0) gets nothing. */
void virq_flush(struct per_cpu *cpu)
{
	u64 p = __atomic_exchange_n(&cpu->arch.virq.pending, 0, __ATOMIC_ACQUIRE);

	if (!cpu->arch.power_on)
		return;
	if (p & PENDING_VSSIP) {
		csr_set(hvip, HVIP_VSSIP);
		cpu->injected[INJECT_IPI]++;
	}
	if (p & PENDING_VSEIP)
		vplic_sync_vseip(cpu);
}

bool virq_inject(struct per_cpu *to, u64 pending)
{
	if (!to->arch.power_on) /* parked: nothing to inject, and no reason to wake it */
		return false;
	__atomic_fetch_or(&to->arch.virq.pending, pending, __ATOMIC_RELEASE);
	arch_send_ipi(to->arch.cpuid);
	return true;
}

/* A vCPU reset or parked starts from nothing of its own: no interrupt asserted, none left
 * over, no timer of its previous life armed (without Sstc that timer is ours, in OpenSBI).
 * What its zone's PLIC holds for it is the zone's, and stays. */
void virq_reset(struct per_cpu *cpu)
{
	__atomic_store_n(&cpu->arch.virq.pending, 0, __ATOMIC_RELEASE);
	csr_write(hvip, 0);
	/* But a vCPU starting: its zone's PLIC may hold a source for it already (raised while
	 * it was off, or since its start was asked for), which it was told of and lost just
	 * now. Only a change is ever told again: sync VSEIP and its record with the PLIC. */
	if (cpu->zone && cpu->arch.power_on)
		vplic_sync_vseip(cpu);
	if (!cpu->arch.sstc) {
		csr_clear(sie, SIE_STIE);
		sbi_set_timer(~0UL);
	}
}

void virq_physical_irq(struct per_cpu *cpu, u32 irq)
{
	struct zone *z = irq_owner(irq);

	if (irq == UART_IRQ && console_irq(cpu)) { /* typed input, for the focus zone */
		plic_complete(cpu->arch.cpuid, irq);
		return;
	}
	if (z && z->state == ZONE_RUNNING) {
		vplic_device_irq(cpu, z, irq);
		return;
	}
	/* Nobody here for it: keep it off this hart and let it go. */
	plic_set_enable(cpu->arch.cpuid, irq, false);
	plic_complete(cpu->arch.cpuid, irq);
}

/* The physical UART's source, for the hypervisor's console input: to hart @cpuid only. */
void arch_console_irq_to(u64 cpuid)
{
	static u64 last = ~0UL;

	if (last != ~0UL)
		plic_set_enable(last, UART_IRQ, false);
	plic_set_priority(UART_IRQ, 1);
	plic_set_enable(cpuid, UART_IRQ, true);
	last = cpuid;
}

void virq_send_ipi(struct per_cpu *from, struct per_cpu *to)
{
	if (to != from) {
		virq_inject(to, PENDING_VSSIP);
		return;
	}
	csr_set(hvip, HVIP_VSSIP); /* to ourselves: no need for a physical IPI */
	from->injected[INJECT_IPI]++;
}

/*
 * SBI set_timer (SBI spec ch. 6): the next deadline, in `time` ticks; it also clears the
 * pending timer interrupt. With Sstc that is the guest's vstimecmp (VSTIP follows it in
 * hardware). Without, the guest borrows this hart's own timer: OpenSBI arms it, and its
 * expiry (STIP, an HS interrupt) becomes VSTIP in vtimer_expired().
 */
void vtimer_set(struct per_cpu *cpu, u64 deadline)
{
	if (cpu->arch.sstc) {
		csr_write(vstimecmp, deadline);
		return;
	}
	csr_clear(hvip, HVIP_VSTIP);
	sbi_set_timer(deadline);
	csr_set(sie, SIE_STIE);
}

/* STIP in HS: the guest's deadline passed. Disarm (set_timer clears STIP), inject VSTIP;
 * it stays up until the guest sets its next deadline. */
void vtimer_expired(struct per_cpu *cpu)
{
	sbi_set_timer(~0UL);
	csr_clear(sie, SIE_STIE);
	if (!cpu->arch.power_on)
		return;
	csr_set(hvip, HVIP_VSTIP);
	cpu->injected[INJECT_TIMER]++;
}
