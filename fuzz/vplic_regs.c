/*
 * The zone's emulated PLIC (riscv64/vplic_regs.c) under any sequence of guest reads and
 * writes (any offset, any value) and device interrupts, for a zone of 1 to 8 vCPUs owning
 * up to 16 sources. After every step, what the model keeps stays the zone's: only its own
 * sources' slots are pending, claimed or enabled, only its vCPUs' contexts have state,
 * priorities and thresholds have 3 bits, a claim returns only a source of the zone that
 * was pending for that context, a completion only one that was claimed; routes name
 * vCPUs of the zone, and VSEIP only them.
 */
#include "input.h"
#include "vplic_regs.h"

static void check_state(const struct vplic *vp)
{
	u32 slots = (1U << vp->nr_srcs) - 1;

	CHECK(!(vp->pending & ~slots) && !(vp->claimed & ~slots));
	CHECK(!(vplic_vseip_mask(vp) & ~((1U << vp->nr_vcpus) - 1)));
	for (u32 v = 0; v < VPLIC_MAX_VCPUS; v++) {
		CHECK(!(vp->enable[v] & ~slots) && vp->threshold[v] <= PLIC_PRIO_MASK);
		CHECK(v < vp->nr_vcpus || (!vp->enable[v] && !vp->threshold[v]));
	}
	for (u32 i = 0; i < vp->nr_srcs; i++)
		CHECK(vp->prio[i] <= PLIC_PRIO_MASK && vplic_route(vp, i) < vp->nr_vcpus);
	for (u32 v = 0; v < vp->nr_vcpus; v++) {
		u32 best = vplic_best(vp, v);
		int i = vplic_slot(vp, best);
		CHECK(!best || (i >= 0 && (vp->pending & vp->enable[v] & (1U << i)) &&
				vp->prio[i] > vp->threshold[v]));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	u32 irqs[VPLIC_MAX_SRCS] = { 0 }, nr_vcpus = 1 + take(&in, 1) % VPLIC_MAX_VCPUS;
	struct vplic vp;

	for (u32 k = 0, n = take(&in, 1) % (VPLIC_MAX_SRCS + 1); k < n; k++) {
		u32 irq = 1 + take(&in, 2) % 1023, dup = 0;
		for (u32 l = 0; l < k; l++)
			dup |= irqs[l] == irq;
		irqs[k] = dup ? 1023 - k : irq; /* a zone owns each source once */
	}
	vplic_init(&vp, irqs, VPLIC_MAX_SRCS, nr_vcpus);
	check_state(&vp);
	while (in.n) {
		u64 op = take(&in, 1), off = take(&in, 1) & 1 ? take(&in, 4) : take(&in, 8);
		u32 value = take(&in, 4), got;
		struct vplic_effect e;

		if (op % 3 == 0) {
			u32 before = vp.pending;
			bool ok = vplic_read(&vp, off, &got);
			CHECK(ok == (off < PLIC_REGION_SIZE) && (ok || !got));
			if (ok && off >= PLIC_CONTEXT_BASE &&
			    (off - PLIC_CONTEXT_BASE) % PLIC_CONTEXT_STRIDE == PLIC_CLAIM && got) {
				/* a claim: a pending source of the zone, now in service */
				int i = vplic_slot(&vp, got);
				CHECK(i >= 0 && (before & (1U << i)) && (vp.claimed & (1U << i)));
			}
		} else if (op % 3 == 1) {
			u32 claimed = vp.claimed;
			vplic_write(&vp, off, value, &e);
			CHECK(!e.completed || (vplic_slot(&vp, e.completed) >= 0 &&
					       (claimed & (1U << vplic_slot(&vp, e.completed)))));
		} else {
			vplic_raise(&vp, value % 1024, value >> 16);
		}
		check_state(&vp);
	}
	return 0;
}
