/* build: riscv64/vplic_regs.c -Iriscv64 */
/* The zone's emulated PLIC (riscv64/vplic_regs.c): registers, claim/complete, VSEIP, routing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "vplic_regs.h"

#define PRIO(src)        (PLIC_PRIORITY_BASE + 4 * (src))
#define PENDING(src)     (PLIC_PENDING_BASE + 4 * ((src) / 32))
#define ENABLE(ctx, src) (PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * (ctx) + 4 * ((src) / 32))
#define THRESHOLD(ctx)   (PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (ctx))
#define CLAIM(ctx)       (THRESHOLD(ctx) + PLIC_CLAIM)
#define S_CTX(v)         (2 * (v) + 1)

/* A zone owning the UART (10) and sources 33 and 40, with two vCPUs. */
static const u32 irqs[VPLIC_MAX_SRCS] = { 10, 33, 40 };

static struct vplic zone(void)
{
	struct vplic vp;

	vplic_init(&vp, irqs, VPLIC_MAX_SRCS, 2);
	return vp;
}

static u32 rd(struct vplic *vp, u64 off)
{
	u32 v = 0xdead;

	assert_true(vplic_read(vp, off, &v));
	return v;
}

static struct vplic_effect wr(struct vplic *vp, u64 off, u32 value)
{
	struct vplic_effect e;

	assert_true(vplic_write(vp, off, value, &e));
	return e;
}

static void test_priority_owned_only(void **state)
{
	struct vplic vp = zone();

	(void)state;
	assert_int_equal(wr(&vp, PRIO(10), 5).ignored, 0);
	assert_int_equal(rd(&vp, PRIO(10)), 5);
	assert_int_equal(wr(&vp, PRIO(10), 0xff).ignored, 0); /* 3 bits */
	assert_int_equal(rd(&vp, PRIO(10)), 7);
	assert_int_equal(wr(&vp, PRIO(11), 3).ignored, 1); /* not the zone's: dropped, counted */
	assert_int_equal(rd(&vp, PRIO(11)), 0);
	assert_int_equal(wr(&vp, PRIO(0), 3).ignored, 1);
}

static void test_enable_owned_only(void **state)
{
	struct vplic vp = zone();
	struct vplic_effect e;

	(void)state;
	e = wr(&vp, ENABLE(S_CTX(1), 10), ~0U); /* every source 0..31: only 10 is ours */
	assert_int_equal(e.ignored, 1);
	assert_true(e.rerouted);
	assert_int_equal(rd(&vp, ENABLE(S_CTX(1), 10)), 1U << 10);
	assert_int_equal(rd(&vp, ENABLE(S_CTX(0), 10)), 0);
	e = wr(&vp, ENABLE(S_CTX(0), 33), (1U << 1) | (1U << 8)); /* 33 and 40 */
	assert_int_equal(e.ignored, 0);
	assert_int_equal(rd(&vp, ENABLE(S_CTX(0), 33)), (1U << 1) | (1U << 8));
	/* M-mode contexts and vCPUs the zone lacks: nothing there */
	wr(&vp, ENABLE(0, 10), 1U << 10);
	assert_int_equal(rd(&vp, ENABLE(0, 10)), 0);
	wr(&vp, ENABLE(S_CTX(2), 10), 1U << 10);
	assert_int_equal(rd(&vp, ENABLE(S_CTX(2), 10)), 0);
}

static void test_claim_complete(void **state)
{
	struct vplic vp = zone();
	struct vplic_effect e;

	(void)state;
	wr(&vp, PRIO(10), 1);
	wr(&vp, ENABLE(S_CTX(0), 10), 1U << 10);
	assert_int_equal(vplic_vseip_mask(&vp), 0);
	assert_true(vplic_raise(&vp, 10, 3));
	assert_false(vplic_raise(&vp, 11, 3)); /* not the zone's */
	assert_int_equal(rd(&vp, PENDING(10)), 1U << 10);
	assert_int_equal(vplic_vseip_mask(&vp), 1); /* vCPU 0 only: 1 does not enable it */
	assert_int_equal(rd(&vp, CLAIM(S_CTX(1))), 0);
	assert_int_equal(rd(&vp, CLAIM(S_CTX(0))), 10);
	assert_int_equal(rd(&vp, PENDING(10)), 0);
	assert_int_equal(vplic_vseip_mask(&vp), 0);
	assert_int_equal(rd(&vp, CLAIM(S_CTX(0))), 0); /* in service: claimed once */
	e = wr(&vp, CLAIM(S_CTX(0)), 10);
	assert_int_equal(e.completed, 10);
	assert_int_equal(e.completed_hart, 3);
	e = wr(&vp, CLAIM(S_CTX(0)), 10); /* not in service any more: ignored by the spec */
	assert_int_equal(e.completed, 0);
	assert_int_equal(e.ignored, 0);
	e = wr(&vp, CLAIM(S_CTX(0)), 12); /* not the zone's: counted */
	assert_int_equal(e.ignored, 1);
}

/* Source 33, enabled in vCPU 1's context only, raised while vCPU 1 is off (claimed on
 * hart 3): a change, so VSEIP is handed out to vCPU 1, though nobody could take it. */
static struct vplic raised_for_vcpu1(void)
{
	struct vplic vp = zone();
	u32 mask;

	wr(&vp, PRIO(33), 1);
	wr(&vp, ENABLE(S_CTX(1), 33), 1U << 1);
	assert_int_equal(vplic_vseip_changes(&vp, &mask), 0);
	assert_true(vplic_raise(&vp, 33, 3));
	assert_int_equal(vplic_vseip_changes(&vp, &mask), BIT(1));
	assert_int_equal(mask, BIT(1));
	return vp;
}

/* VSEIP handed out: vplic.c tells a vCPU only of a change, so a vCPU whose hvip a reset
 * cleared must sync with the model, or it never hears of a source raised before. */
static void test_vseip_synced_after_reset(void **state)
{
	struct vplic vp = raised_for_vcpu1();
	u32 mask;

	(void)state;
	/* never told again: the source stays pending, nothing changes */
	assert_int_equal(vplic_vseip_changes(&vp, &mask), 0);
	/* vCPU 1 starts, its hvip cleared: the sync gives it VSEIP at once */
	assert_true(vplic_vseip_sync(&vp, 1));
	/* it claims: VSEIP off is a change again */
	assert_int_equal(rd(&vp, CLAIM(S_CTX(1))), 33);
	assert_int_equal(vplic_vseip_changes(&vp, &mask), BIT(1));
	assert_int_equal(mask, 0);
}

/* The sync records what it hands out: a VSEIP handed out, then gone while the vCPU was
 * reset, must not hide the next one. */
static void test_vseip_sync_records(void **state)
{
	struct vplic vp = raised_for_vcpu1();
	u32 mask;

	(void)state;
	wr(&vp, ENABLE(S_CTX(1), 33), 0);       /* vCPU 0 disables it in vCPU 1's context */
	assert_false(vplic_vseip_sync(&vp, 1)); /* vCPU 1's reset: nothing for it, recorded */
	assert_int_equal(vplic_vseip_changes(&vp, &mask), 0);
	wr(&vp, ENABLE(S_CTX(1), 33), 1U << 1); /* enabled again: a change, told */
	assert_int_equal(vplic_vseip_changes(&vp, &mask), BIT(1));
	assert_int_equal(mask, BIT(1));
	/* vCPU 0's VSEIP is its own: a sync of vCPU 1 leaves vCPU 0's record alone */
	wr(&vp, ENABLE(S_CTX(0), 33), 1U << 1);
	assert_int_equal(vplic_vseip_changes(&vp, &mask), BIT(0));
	assert_true(vplic_vseip_sync(&vp, 1));
	assert_int_equal(vplic_vseip_changes(&vp, &mask), 0);
}

static void test_priority_threshold_order(void **state)
{
	struct vplic vp = zone();

	(void)state;
	wr(&vp, ENABLE(S_CTX(0), 10), 1U << 10);
	wr(&vp, ENABLE(S_CTX(0), 33), (1U << 1) | (1U << 8));
	vplic_raise(&vp, 10, 0);
	vplic_raise(&vp, 33, 0);
	vplic_raise(&vp, 40, 0);
	assert_int_equal(vplic_best(&vp, 0), 0); /* priority 0: never */
	wr(&vp, PRIO(10), 2);
	wr(&vp, PRIO(33), 2);
	wr(&vp, PRIO(40), 3);
	assert_int_equal(vplic_best(&vp, 0), 40); /* highest priority first */
	wr(&vp, THRESHOLD(S_CTX(0)), 3);
	assert_int_equal(rd(&vp, THRESHOLD(S_CTX(0))), 3);
	assert_int_equal(vplic_best(&vp, 0), 0); /* must be above the threshold */
	wr(&vp, THRESHOLD(S_CTX(0)), 0);
	assert_int_equal(rd(&vp, CLAIM(S_CTX(0))), 40);
	assert_int_equal(rd(&vp, CLAIM(S_CTX(0))), 10); /* ties: lowest id */
	assert_int_equal(rd(&vp, CLAIM(S_CTX(0))), 33);
	assert_int_equal(rd(&vp, CLAIM(S_CTX(0))), 0);
}

static void test_route(void **state)
{
	struct vplic vp = zone();

	(void)state;
	assert_int_equal(vplic_route(&vp, 0), 0); /* nobody enables it: vCPU 0 */
	wr(&vp, ENABLE(S_CTX(1), 10), 1U << 10);
	assert_int_equal(vplic_route(&vp, 0), 1);
	wr(&vp, ENABLE(S_CTX(0), 10), 1U << 10);
	assert_int_equal(vplic_route(&vp, 0), 0); /* the first vCPU that enables it */
	assert_int_equal(vplic_slot(&vp, 40), 2);
	assert_int_equal(vplic_slot(&vp, 41), -1);
}

static void test_outside_map(void **state)
{
	struct vplic vp = zone();
	struct vplic_effect e;
	u32 v;

	(void)state;
	assert_false(vplic_read(&vp, PLIC_REGION_SIZE, &v));
	assert_false(vplic_write(&vp, PLIC_REGION_SIZE, 1, &e));
	wr(&vp, PENDING(10), ~0U); /* read-only */
	assert_int_equal(rd(&vp, PENDING(10)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_priority_owned_only),
		cmocka_unit_test(test_enable_owned_only),
		cmocka_unit_test(test_claim_complete),
		cmocka_unit_test(test_vseip_synced_after_reset),
		cmocka_unit_test(test_vseip_sync_records),
		cmocka_unit_test(test_priority_threshold_order),
		cmocka_unit_test(test_route),
		cmocka_unit_test(test_outside_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
