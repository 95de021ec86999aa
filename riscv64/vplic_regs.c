/*
 * The zone's emulated PLIC's register model: its registers over the zone's own sources
 * (see vplic_regs.h; vplic.c runs it for a zone). The aarch64 twin is vgic_regs.c.
 * The gateway behaviour is the spec's (PLIC spec v1.0.0 ch. 5-9): a raised source is
 * pending until a context claims it, then in service (not pending again) until that
 * context completes it; only then does the physical source get completed, so the device
 * cannot interrupt again before the guest has handled it.
 */
#include "vplic_regs.h"

void vplic_init(struct vplic *vp, const u32 *irqs, u32 max_irqs, u32 nr_vcpus)
{
	*vp = (struct vplic){ .nr_vcpus = nr_vcpus };
	for (u32 k = 0; k < max_irqs && k < VPLIC_MAX_SRCS && irqs[k]; k++)
		vp->src[vp->nr_srcs++] = irqs[k];
}

int vplic_slot(const struct vplic *vp, u32 irq)
{
	for (u32 i = 0; i < vp->nr_srcs; i++)
		if (vp->src[i] == irq)
			return (int)i;
	return -1;
}

bool vplic_raise(struct vplic *vp, u32 irq, u32 hart)
{
	int i = vplic_slot(vp, irq);

	if (i < 0)
		return false;
	vp->pending |= BIT(i);
	vp->claim_hart[i] = hart;
	return true;
}

/* The S-mode context @ctx as a vCPU index, or -1 (M-mode contexts, absent vCPUs). */
static int context_vcpu(const struct vplic *vp, u64 ctx)
{
	if (!(ctx & 1) || ctx / 2 >= vp->nr_vcpus)
		return -1;
	return (int)(ctx / 2);
}

u32 vplic_best(const struct vplic *vp, u32 v)
{
	u32 best = 0, best_prio = 0;

	for (u32 i = 0; i < vp->nr_srcs; i++) {
		/* priority 0 never interrupts: it is never above a threshold (>= 0) */
		if (!(vp->pending & vp->enable[v] & BIT(i)) || vp->prio[i] <= vp->threshold[v])
			continue;
		if (!best || vp->prio[i] > best_prio ||
		    (vp->prio[i] == best_prio && vp->src[i] < best)) {
			best = vp->src[i];
			best_prio = vp->prio[i];
		}
	}
	return best;
}

u32 vplic_vseip_mask(const struct vplic *vp)
{
	u32 mask = 0;

	for (u32 v = 0; v < vp->nr_vcpus; v++)
		if (vplic_best(vp, v))
			mask |= BIT(v);
	return mask;
}

u32 vplic_vseip_changes(struct vplic *vp, u32 *mask)
{
	u32 changed;

	*mask = vplic_vseip_mask(vp);
	changed = *mask ^ vp->vseip;
	vp->vseip = *mask;
	return changed;
}

bool vplic_vseip_sync(struct vplic *vp, u32 v)
{
	bool on = vplic_best(vp, v) != 0;

	vp->vseip = on ? vp->vseip | (u32)BIT(v) : vp->vseip & ~(u32)BIT(v);
	return on;
}

u32 vplic_route(const struct vplic *vp, u32 i)
{
	for (u32 v = 0; v < vp->nr_vcpus; v++)
		if (vp->enable[v] & BIT(i))
			return v;
	return 0;
}

/* The slots of sources [32 * word, 32 * word + 32) as a 32-bit register image. */
static u32 slots_to_word(const struct vplic *vp, u32 slots, u64 word)
{
	u32 bits = 0;

	for (u32 i = 0; i < vp->nr_srcs; i++)
		if ((slots & BIT(i)) && vp->src[i] / 32 == word)
			bits |= 1U << (vp->src[i] % 32);
	return bits;
}

/* Claim (spec ch. 9): the best source for context 2v+1, now in service. */
static u32 claim(struct vplic *vp, u32 v)
{
	u32 irq = vplic_best(vp, v);
	int i = vplic_slot(vp, irq);

	if (i >= 0) {
		vp->pending &= ~BIT(i);
		vp->claimed |= BIT(i);
	}
	return irq;
}

bool vplic_read(struct vplic *vp, u64 off, u32 *value)
{
	*value = 0;
	if (off < PLIC_PENDING_BASE) {
		int i = vplic_slot(vp, off / 4);
		if (i >= 0)
			*value = vp->prio[i];
	} else if (off < PLIC_ENABLE_BASE) {
		*value = slots_to_word(vp, vp->pending, (off - PLIC_PENDING_BASE) / 4);
	} else if (off < PLIC_CONTEXT_BASE) {
		u64 ctx = (off - PLIC_ENABLE_BASE) / PLIC_ENABLE_STRIDE;
		u64 word = (off - PLIC_ENABLE_BASE) % PLIC_ENABLE_STRIDE / 4;
		int v = context_vcpu(vp, ctx);
		if (v >= 0)
			*value = slots_to_word(vp, vp->enable[v], word);
	} else if (off < PLIC_REGION_SIZE) {
		u64 ctx = (off - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE;
		u64 reg = (off - PLIC_CONTEXT_BASE) % PLIC_CONTEXT_STRIDE;
		int v = context_vcpu(vp, ctx);
		if (v >= 0 && reg == PLIC_THRESHOLD)
			*value = vp->threshold[v];
		else if (v >= 0 && reg == PLIC_CLAIM)
			*value = claim(vp, v);
	} else {
		return false;
	}
	return true;
}

/* Priority of one source: the zone's own only. */
static void write_priority(struct vplic *vp, u32 irq, u32 value, struct vplic_effect *e)
{
	int i = vplic_slot(vp, irq);

	if (i < 0)
		e->ignored++;
	else
		vp->prio[i] = value & PLIC_PRIO_MASK;
}

/* Enable bits of sources [32 * word, +32) for vCPU v: bits of sources the zone does not
 * own are dropped (one ignored write), the zone's own are taken as written. */
static void write_enable(struct vplic *vp, u32 v, u64 word, u32 value, struct vplic_effect *e)
{
	u32 owned = 0;

	for (u32 i = 0; i < vp->nr_srcs; i++) {
		if (vp->src[i] / 32 != word)
			continue;
		owned |= 1U << (vp->src[i] % 32);
		if (value & (1U << (vp->src[i] % 32)))
			vp->enable[v] |= BIT(i);
		else
			vp->enable[v] &= ~BIT(i);
	}
	if (value & ~owned)
		e->ignored++;
	e->rerouted = true;
}

/* Complete (spec ch. 9): a source the zone owns and a guest claimed leaves service. */
static void complete(struct vplic *vp, u32 irq, struct vplic_effect *e)
{
	int i = vplic_slot(vp, irq);

	if (i < 0) {
		e->ignored++;
	} else if (vp->claimed & BIT(i)) {
		vp->claimed &= ~BIT(i);
		e->completed = irq;
		e->completed_hart = vp->claim_hart[i];
	} /* not in service: the spec says the completion is ignored */
}

bool vplic_write(struct vplic *vp, u64 off, u32 value, struct vplic_effect *e)
{
	*e = (struct vplic_effect){ 0 };
	if (off < PLIC_PENDING_BASE) {
		write_priority(vp, off / 4, value, e);
	} else if (off < PLIC_ENABLE_BASE) {
		/* pending bits are read-only */
	} else if (off < PLIC_CONTEXT_BASE) {
		u64 ctx = (off - PLIC_ENABLE_BASE) / PLIC_ENABLE_STRIDE;
		int v = context_vcpu(vp, ctx);
		if (v >= 0)
			write_enable(vp, v, (off - PLIC_ENABLE_BASE) % PLIC_ENABLE_STRIDE / 4,
				     value, e);
	} else if (off < PLIC_REGION_SIZE) {
		u64 ctx = (off - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE;
		u64 reg = (off - PLIC_CONTEXT_BASE) % PLIC_CONTEXT_STRIDE;
		int v = context_vcpu(vp, ctx);
		if (v >= 0 && reg == PLIC_THRESHOLD)
			vp->threshold[v] = value & PLIC_PRIO_MASK;
		else if (v >= 0 && reg == PLIC_CLAIM)
			complete(vp, value, e);
	} else {
		return false;
	}
	return true;
}
