/*
 * Interrupts into a guest on aarch64: the virtual half of the GICv3 CPU interface (ARM IHI
 * 0069 chapter 6, "Virtual interrupt handling"). The guest's ICC_* system registers at EL1
 * go to the ICH_* state the hypervisor loads, and interrupts reach the guest through the
 * list registers (ICH_LR<n>_EL2). What does not fit in the list registers waits on the
 * vCPU's pending list, refilled on the maintenance interrupt (ICH_HCR_EL2.UIE) and on
 * exits. Guest SGIs (ICC_SGI1R_EL1, trapped) reach the zone's own vCPUs only.
 *
 * The registers a zone programs (distributor, redistributors) are emulated in vgic.c; the
 * physical GIC is gic.c. The riscv64 twin of this file (hvip) has the same name.
 *
 * Locking: each vCPU's pending list has its own lock, held for a few instructions; the
 * list registers are only ever touched by the CPU that runs the vCPU. Nothing is shared
 * between zones, so a zone flooding interrupts only keeps its own CPUs busy.
 */
#include "console.h"
#include "gic.h"
#include "lib.h"
#include "platform.h"
#include "sysreg.h"
#include "vgic_regs.h"
#include "virq.h"
#include "zone.h"

#define MAX_LRS 8

static u32 nr_lrs; /* ICH_VTR_EL2.ListRegs + 1: 4 on QEMU */

/* ---- list registers ---- */

#define LR_CASE(n)                                           \
	case n:                                              \
		if (write)                                   \
			write_sysreg(S3_4_C12_C12_##n, val); \
		else                                         \
			val = read_sysreg(S3_4_C12_C12_##n); \
		break;

/* ICH_LR<n>_EL2 by number: the register is named in the instruction. */
static u64 lr_access(u32 n, bool write, u64 val)
{
	switch (n) {
		LR_CASE(0)
		LR_CASE(1) LR_CASE(2) LR_CASE(3) LR_CASE(4) LR_CASE(5) LR_CASE(6) LR_CASE(7)
	}
	return val;
}
#define lr_read(n)     lr_access(n, false, 0)
#define lr_write(n, v) lr_access(n, true, v)

void virq_init_cpu(void)
{
	nr_lrs = ICH_VTR_LISTREGS(read_sysreg(ICH_VTR_EL2));
	if (nr_lrs > MAX_LRS)
		nr_lrs = MAX_LRS;
	/* The refill trigger, UIE, fires while at most one LR is valid: with a single LR it
	 * would fire for good. GICv3 CPUs have 4 (cortex-a72 and QEMU do). */
	if (nr_lrs < 2)
		panic("virq_init_cpu: %u list register(s); the pending-list refill needs 2",
		      nr_lrs);
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
}

/* ---- the pending list ---- */

static bool is_pending(const struct virq_cpu *v, u32 intid)
{
	return v->pending[intid / 64] & BIT(intid % 64);
}

static void clear_pending(struct virq_cpu *v, u32 intid)
{
	v->pending[intid / 64] &= ~BIT(intid % 64);
	v->soft[intid / 64] &= ~BIT(intid % 64);
}

static bool is_soft(const struct virq_cpu *v, u32 intid)
{
	return v->soft[intid / 64] & BIT(intid % 64);
}

/* The lowest pending INTID the guest can take now, or -1. SGIs and PPIs wait while
 * disabled in the redistributor; SPIs are gated by the physical distributor already. */
static int next_deliverable(const struct virq_cpu *v)
{
	for (u32 w = 0; w < VIRQ_PENDING_WORDS; w++) {
		u64 bits = v->pending[w];
		if (w == 0)
			bits &= v->enabled | ~(u64)VGIC_PRIVATE_MASK; /* SPIs pass */
		if (bits)
			return (int)(w * 64 + __builtin_ctzl(bits));
	}
	return -1;
}

/* PPIs and SPIs are physical interrupts passed through: the guest's EOI deactivates the
 * physical one (HW bit). SGIs are virtual only, and so is the UART's SPI in a zone whose
 * UART is emulated (arch_vuart_irq). */
static bool is_hw(const struct per_cpu *cpu, u32 intid)
{
	if (intid == UART_IRQ && cpu->zone && cpu->zone->cfg->console == CONSOLE_EMULATED)
		return false;
	return intid >= VGIC_NR_SGIS;
}

static u8 priority_of(const struct virq_cpu *v, u32 intid)
{
	return intid < VGIC_NR_PRIVATE ? v->prio[intid] : gic_spi_priority(intid);
}

/* Is the output line of EL1 timer @intid (PPI 27 or 30) up? It is this CPU's timer, the
 * vCPU's own: at EL2 without VHE, CNTV_* and CNTP_* are the EL1 timers. */
static bool timer_line_up(u32 intid)
{
	u64 ctl = intid == PPI_VTIMER ? read_sysreg(cntv_ctl_el0) : read_sysreg(cntp_ctl_el0);

	return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
	       (CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
}

/*
 * The timers' interrupts are level-sensitive (Arm ARM, "The Generic Timer"): once the guest has
 * disabled or masked its timer, or moved its deadline on, the interrupt is no longer
 * pending, and a GIC would not deliver it. One the hypervisor acknowledged and still
 * holds (on the pending list, or pending only in a list register) is dropped then, and
 * the physical PPI deactivated: it fires again when the line does. Returns the list
 * registers it freed.
 */
static u64 drop_stale_timers(struct virq_cpu *v, u64 elrsr)
{
	static const u32 timers[] = { PPI_VTIMER, PPI_PTIMER };
	u64 freed = 0;

	for (u32 t = 0; t < ARRAY_SIZE(timers); t++)
		if (is_pending(v, timers[t]) && !is_soft(v, timers[t]) &&
		    !timer_line_up(timers[t])) { /* one the guest set stays, as on a GIC */
			clear_pending(v, timers[t]);
			gic_deactivate(timers[t]);
		}
	for (u32 n = 0; n < nr_lrs; n++) {
		if (elrsr & BIT(n))
			continue;
		u64 lr = lr_read(n);
		u32 intid = ICH_LR_VINTID(lr);
		if (is_timer_ppi(intid) && (lr & ICH_LR_HW) && !(lr & ICH_LR_ACTIVE) &&
		    !timer_line_up(intid)) {
			lr_write(n, 0);
			gic_deactivate(intid);
			freed |= BIT(n);
		}
	}
	return freed;
}

/* An interrupt already in a list register is not listed twice (IHI 0069 4.4.6: that is
 * UNPREDICTABLE): an active SGI becomes active and pending again instead. */
static void merge_into_lrs(struct virq_cpu *v, u64 elrsr)
{
	for (u32 n = 0; n < nr_lrs; n++) {
		if (elrsr & BIT(n))
			continue;
		u64 lr = lr_read(n);
		u32 intid = ICH_LR_VINTID(lr);
		if (!is_pending(v, intid) || (lr & ICH_LR_HW))
			continue; /* a HW one cannot fire again while the guest has it active */
		lr_write(n, lr | ICH_LR_PENDING);
		clear_pending(v, intid);
	}
}

void virq_flush(struct per_cpu *cpu)
{
	struct virq_cpu *v = &cpu->arch.virq;
	u64 elrsr;

	if (!cpu->arch.power_on) /* parked: its list registers stay empty */
		return;
	spin_lock(&v->lock);
	elrsr = read_sysreg(ICH_ELRSR_EL2);
	elrsr |= drop_stale_timers(v, elrsr);
	merge_into_lrs(v, elrsr);
	for (u32 n = 0; n < nr_lrs; n++) {
		if (!(elrsr & BIT(n)))
			continue; /* in use */
		int intid = next_deliverable(v);
		if (intid < 0)
			break;
		bool hw = is_hw(cpu, (u32)intid) && !is_soft(v, (u32)intid);
		clear_pending(v, (u32)intid);
		lr_write(n, ich_lr_make((u32)intid, priority_of(v, (u32)intid), hw));
	}
	/* Still some waiting: ask for the maintenance interrupt when the guest has drained
	 * the list registers (at most one valid), and refill then. */
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN | (next_deliverable(v) >= 0 ? ICH_HCR_UIE : 0));
	spin_unlock(&v->lock);
}

bool virq_inject(struct per_cpu *from, struct per_cpu *to, u32 intid, enum inject_source src)
{
	struct virq_cpu *v = &to->arch.virq;

	if (!to->arch.power_on)
		return false;
	spin_lock(&v->lock);
	v->pending[intid / 64] |= BIT(intid % 64);
	v->soft[intid / 64] &= ~BIT(intid % 64); /* a real one now */
	spin_unlock(&v->lock);
	from->injected[src]++;
	if (to != from)
		gic_send_sgi(to->arch.cpuid,
			     SGI_KICK); /* it moves the interrupt into a list register */
	return true;
}

/* Take every interrupt away from the vCPU. A physical one the guest never deactivated
 * would stay active for good (no more timer on this CPU): deactivate it here. */
void virq_reset(struct per_cpu *cpu)
{
	struct virq_cpu *v = &cpu->arch.virq;

	for (u32 n = 0; n < nr_lrs; n++) {
		u64 lr = lr_read(n);
		if ((lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)) && (lr & ICH_LR_HW))
			gic_deactivate(ICH_LR_VINTID(lr));
		lr_write(n, 0);
	}
	spin_lock(&v->lock);
	for (u32 intid = VGIC_NR_SGIS; intid < VGIC_NR_IRQS; intid++)
		if (is_pending(v, intid))
			gic_deactivate(intid);
	memset(v->pending, 0, sizeof(v->pending));
	v->enabled = 0;
	memset(v->prio, 0, sizeof(v->prio));
	v->ppi_config = 0;
	v->asleep = true;
	spin_unlock(&v->lock);
	write_sysreg(ICH_AP0R0_EL2, 0); /* no active priorities left from the last guest */
	write_sysreg(ICH_AP1R0_EL2, 0);
	write_sysreg(ICH_VMCR_EL2, 0); /* the guest's PMR, group enables: reset values */
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
}

/* ---- pending and active state, as the guest's GIC registers show it (vgic.c) ---- */

/* Is @intid pending (@active false) or active (@active true) on vCPU @cpu? Pending on
 * its list, or in a list register; those are this CPU's own, so another vCPU's list
 * registers are not seen (@cpu must be the calling CPU's for them to be). A timer whose
 * line has dropped is not pending (drop_stale_timers). */
bool virq_state(struct per_cpu *cpu, u32 intid, bool active)
{
	struct virq_cpu *v = &cpu->arch.virq;
	bool local = cpu == this_cpu(), on = false;
	u64 elrsr;

	spin_lock(&v->lock);
	elrsr = local ? read_sysreg(ICH_ELRSR_EL2) : ~0UL;
	if (local)
		elrsr |= drop_stale_timers(v, elrsr);
	if (!active)
		on = is_pending(v, intid);
	for (u32 n = 0; n < nr_lrs && !on; n++) {
		u64 lr = elrsr & BIT(n) ? 0 : lr_read(n);
		if (lr && ICH_LR_VINTID(lr) == intid)
			on = lr & (active ? ICH_LR_ACTIVE : ICH_LR_PENDING);
	}
	spin_unlock(&v->lock);
	return on;
}

/* The guest sets (@set) or clears @intid's pending or active state on vCPU @cpu
 * (GICR_ISPENDR0 / ICPENDR0 / ISACTIVER0 / ICACTIVER0 and the distributor's). Pending
 * goes on the pending list; a clear also takes it out of a list register. A physical
 * interrupt cleared there is deactivated: it fires again if its line is still up. Active
 * can only be changed on one in a list register. Returns true if it may now be delivered. */
bool virq_set_state(struct per_cpu *cpu, u32 intid, bool active, bool set)
{
	struct virq_cpu *v = &cpu->arch.virq;
	u64 elrsr = cpu == this_cpu() ? read_sysreg(ICH_ELRSR_EL2) : ~0UL;
	u64 bit = active ? ICH_LR_ACTIVE : ICH_LR_PENDING;

	spin_lock(&v->lock);
	if (!active && set) {
		if (!is_pending(v, intid)) /* nothing physical behind it: a virtual one */
			v->soft[intid / 64] |= BIT(intid % 64);
		v->pending[intid / 64] |= BIT(intid % 64);
	} else if (!active && is_pending(v, intid)) {
		bool held = is_hw(cpu, intid) && !is_soft(v, intid);
		/* Acknowledged and held for the guest: let it fire again if its line is up. A
		 * PPI can be deactivated on its own CPU only (ICC_DIR_EL1): another vCPU's stays
		 * pending, as a level interrupt whose line is up does on a GIC; if the line has
		 * dropped, its CPU drops it at its next exit (drop_stale_timers). */
		if (!held || intid >= VGIC_NR_PRIVATE || cpu == this_cpu()) {
			clear_pending(v, intid);
			if (held)
				gic_deactivate(intid);
		}
	}
	for (u32 n = 0; n < nr_lrs; n++) {
		u64 lr = elrsr & BIT(n) ? 0 : lr_read(n);
		if (!lr || ICH_LR_VINTID(lr) != intid || (set && active && (lr & bit)))
			continue;
		if (set && !active) { /* already listed: pending again there, not twice */
			clear_pending(v, intid);
			lr |= ICH_LR_PENDING;
		} else {
			lr = set ? lr | bit : lr & ~bit;
		}
		if (!(lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)) && (lr & ICH_LR_HW))
			gic_deactivate(intid); /* nothing left of it in the guest */
		lr_write(n, lr);
	}
	spin_unlock(&v->lock);
	return set && !active;
}

/* ---- physical interrupts for guests ---- */

static bool zone_takes(struct per_cpu *cpu, u32 intid)
{
	struct zone *z = cpu->zone;

	return z && z->state == ZONE_RUNNING && cpu->arch.power_on &&
	       (intid < VGIC_NR_PRIVATE || zone_owns_irq(z, intid));
}

void virq_physical_irq(struct per_cpu *cpu, u32 intid)
{
	enum inject_source src = is_timer_ppi(intid) ? INJECT_TIMER : INJECT_DEVICE;

	if (zone_takes(cpu, intid) && virq_inject(cpu, cpu, intid, src))
		return;
	if (intid == UART_IRQ && console_irq(cpu)) { /* typed input, for the focus zone */
		gic_deactivate(intid);
		return;
	}
	/* Nobody here for it: an SPI is switched off (a level-triggered one would storm). */
	if (intid >= VGIC_NR_PRIVATE)
		gic_spi_enable(intid, false);
	gic_deactivate(intid);
}

/* The emulated UART's interrupt line is up: a virtual SPI for this vCPU, into a list
 * register now (the MMIO exit returns straight into the guest). */
void arch_vuart_irq(struct per_cpu *cpu, struct zone *z)
{
	struct per_cpu *to = cpu->zone == z ? cpu : z->vcpus[0];

	if (virq_inject(cpu, to, UART_IRQ, INJECT_DEVICE) && to == cpu)
		virq_flush(cpu);
}

/* The physical UART's SPI, for the hypervisor's console input: to CPU @cpuid. */
void arch_console_irq_to(u64 cpuid)
{
	gic_spi_route(UART_IRQ, cpuid);
	gic_spi_enable(UART_IRQ, true);
}

/* ---- guest SGIs: ICC_SGI1R_EL1 writes, trapped by HCR_EL2.IMO ---- */

void virq_send_ipi(struct per_cpu *from, struct per_cpu *to, u32 sgi)
{
	virq_inject(from, to, sgi, INJECT_IPI);
}

void virq_sgi(struct per_cpu *cpu, u64 sgi1r)
{
	struct zone *z = cpu->zone;
	bool outside;
	u32 targets = sgi1r_targets(sgi1r, cpu->vcpu_id, z->nr_vcpus, &outside);

	if (outside)
		cpu->irq_writes_ignored++; /* a CPU outside the zone: not ours to interrupt */
	for (u32 t = 0; t < z->nr_vcpus; t++)
		if (targets & BIT(t))
			virq_send_ipi(cpu, z->vcpus[t], SGI1R_INTID(sgi1r));
	virq_flush(cpu); /* it may have sent one to itself */
}
