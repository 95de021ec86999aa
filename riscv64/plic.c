/*
 * The PLIC, both sides (RISC-V PLIC spec v1.0.0). Physically, each hart takes device
 * interrupts in its own S-mode context (2 * hartid + 1 on QEMU virt): a source is enabled
 * only in the context of the hart running the vCPU it goes to, so it arrives there as an
 * HS external interrupt (SEIP). plic_handle_irq() claims it and makes it pending in the
 * zone's emulated PLIC (vplic.c), which the guest reaches through G-stage faults on the
 * PLIC's address (it is not mapped): arch_mmio_emulate(). The physical source is completed
 * only when the guest completes it.
 */
#include "arch.h"
#include "console.h"
#include "csr.h"
#include "io.h"
#include "mmio.h"
#include "platform.h"
#include "virq.h"
#include "vplic.h"
#include "zone.h"

_Static_assert(VPLIC_MAX_SRCS == MAX_IRQS, "vplic.h: one slot per zone_config.irqs entry");
_Static_assert(VPLIC_MAX_VCPUS >= MAX_CPUS, "vplic.h: a context per vCPU");

#define PLIC_S_CONTEXT(hart) (2 * (hart) + 1)

/* One emulated PLIC per zone, under its lock; vseip: the VSEIP bits last handed out. */
static struct zone_plic {
	spinlock_t lock;
	struct vplic vp;
	u32 vseip;
} zone_plics[MAX_ZONES];

static struct zone_plic *plic_of(const struct zone *z)
{
	return &zone_plics[z - zones];
}

/* ---- the physical PLIC ---- */

static u64 plic_claim_reg(u64 hart)
{
	return PLIC_BASE + PLIC_CONTEXT_BASE + PLIC_S_CONTEXT(hart) * PLIC_CONTEXT_STRIDE +
	       PLIC_CLAIM;
}

static void plic_set_enable(u64 hart, u32 irq, bool on)
{
	u64 reg = PLIC_BASE + PLIC_ENABLE_BASE + PLIC_S_CONTEXT(hart) * PLIC_ENABLE_STRIDE +
		  irq / 32 * 4;
	u32 bits = read32(reg);

	write32(reg, on ? bits | BIT(irq % 32) : bits & ~(u32)BIT(irq % 32));
}

/* Nothing enabled for this hart until a zone routes a source here; threshold 0: every
 * priority >= 1 interrupts. The guest's priorities and threshold stay virtual. */
void plic_hart_init(u64 hart)
{
	for (u32 w = 0; w < PLIC_NR_SOURCES / 32; w++)
		write32(PLIC_BASE + PLIC_ENABLE_BASE + PLIC_S_CONTEXT(hart) * PLIC_ENABLE_STRIDE +
				w * 4,
			0);
	write32(PLIC_BASE + PLIC_CONTEXT_BASE + PLIC_S_CONTEXT(hart) * PLIC_CONTEXT_STRIDE, 0);
	csr_set(sie, SIE_SEIE);
}

/* Deliver source slot @i of @z to the hart of vCPU @v only. */
static void route_source(struct zone *z, struct zone_plic *zp, u32 i, u32 v)
{
	for (u32 w = 0; w < z->nr_vcpus; w++)
		plic_set_enable(z->vcpus[w]->id, zp->vp.src[i], w == v);
	zp->vp.route[i] = v;
}

/* Follow the guest's enables: each source to the first vCPU whose context enables it. */
static void reroute(struct zone *z, struct zone_plic *zp)
{
	for (u32 i = 0; i < zp->vp.nr_srcs; i++) {
		u32 v = vplic_route(&zp->vp, i);
		if (v != zp->vp.route[i])
			route_source(z, zp, i, v);
	}
}

/* OpenSBI leaves every priority 0 (never interrupts): 1 lets the zone's sources through;
 * the guest's own priorities only order them in its emulated PLIC. */
void plic_zone_start(struct per_cpu *cpu)
{
	struct zone *z = cpu->zone;
	struct zone_plic *zp = plic_of(z);

	spin_lock(&zp->lock);
	vplic_init(&zp->vp, z->cfg->irqs, MAX_IRQS, z->nr_vcpus);
	zp->vseip = 0;
	for (u32 i = 0; i < zp->vp.nr_srcs; i++) {
		write32(PLIC_BASE + PLIC_PRIORITY_BASE + zp->vp.src[i] * 4, 1);
		route_source(z, zp, i, 0);
	}
	spin_unlock(&zp->lock);
}

/* ---- VSEIP: which vCPUs have a source to claim ---- */

/* After any change to @z's PLIC: this vCPU's hvip.VSEIP follows it now; another vCPU
 * whose bit changed is kicked to look for itself (hvip is per hart). */
static void publish_vseip(struct per_cpu *cpu, struct zone *z)
{
	struct zone_plic *zp = plic_of(z);
	u32 mask, changed;

	spin_lock(&zp->lock);
	mask = vplic_vseip_mask(&zp->vp);
	changed = mask ^ zp->vseip;
	zp->vseip = mask;
	spin_unlock(&zp->lock);
	for (u32 v = 0; v < z->nr_vcpus; v++) {
		if (z->vcpus[v] == cpu && cpu->arch.power_on) {
			if (mask & BIT(v))
				csr_set(hvip, HVIP_VSEIP);
			else
				csr_clear(hvip, HVIP_VSEIP);
		} else if (changed & BIT(v)) {
			virq_kick(z->vcpus[v], PENDING_VSEIP);
		}
	}
}

/* Kicked (virq_take_pending): this vCPU's bit, fresh. */
void plic_sync_vseip(struct per_cpu *cpu)
{
	struct zone_plic *zp = plic_of(cpu->zone);
	bool on;

	spin_lock(&zp->lock);
	on = vplic_best(&zp->vp, cpu->vcpu_id) != 0;
	spin_unlock(&zp->lock);
	if (on)
		csr_set(hvip, HVIP_VSEIP);
	else
		csr_clear(hvip, HVIP_VSEIP);
}

/* ---- a device interrupt arrives ---- */

/* A source with no running owner: keep it off this hart and let it go. */
static void drop_irq(u64 hart, u32 irq)
{
	plic_set_enable(hart, irq, false);
	write32(plic_claim_reg(hart), irq);
}

void plic_handle_irq(struct per_cpu *cpu)
{
	u32 irq = read32(plic_claim_reg(cpu->id));
	struct zone *z = irq ? irq_owner(irq) : NULL;
	struct zone_plic *zp;
	struct per_cpu *target;

	if (!irq) /* nothing left to claim: spurious, or claimed already */
		return;
	if (!z || z->state != ZONE_RUNNING) {
		drop_irq(cpu->id, irq);
		return;
	}
	zp = plic_of(z);
	spin_lock(&zp->lock);
	vplic_raise(&zp->vp, irq, cpu->id);
	target = z->vcpus[zp->vp.route[vplic_slot(&zp->vp, irq)]];
	spin_unlock(&zp->lock);
	__atomic_fetch_add(&target->injected[INJECT_DEVICE], 1, __ATOMIC_RELAXED);
	publish_vseip(cpu, z);
}

/* ---- the guest's PLIC ---- */

bool arch_mmio_emulate(struct per_cpu *cpu, struct mmio_access *a)
{
	struct zone *z = cpu->zone;
	struct zone_plic *zp = plic_of(z);
	struct vplic_effect e = { 0 };
	u32 value = 0;
	bool ok;

	if (a->addr < PLIC_BASE || a->addr >= PLIC_BASE + PLIC_REGION_SIZE || a->size != 4)
		return false; /* PLIC registers are 32-bit: anything else faults the zone */
	spin_lock(&zp->lock);
	if (a->write)
		ok = vplic_write(&zp->vp, a->addr - PLIC_BASE, (u32)a->value, &e);
	else
		ok = vplic_read(&zp->vp, a->addr - PLIC_BASE, &value);
	if (e.rerouted)
		reroute(z, zp);
	spin_unlock(&zp->lock);
	a->value = value;
	cpu->irq_writes_ignored += e.ignored;
	if (e.completed) /* the device may interrupt again */
		write32(plic_claim_reg(e.completed_hart), e.completed);
	publish_vseip(cpu, z);
	return ok;
}
