/* build: aarch64/vgic_regs.c -Iaarch64 */
/* The virtual GIC's pure parts: list register values, guest SGI targets, the distributor's
 * register map, GICR_TYPER, and the MSR/MRS syndrome of ICC_SGI1R_EL1. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sysreg.h"
#include "vgic_regs.h"

static void test_lr_sgi(void **state)
{
	(void)state;
	u64 lr = ich_lr_make(1, 0xa0, false);
	/* pending (01), Group 1, priority 0xa0, vINTID 1, no HW, no pINTID */
	assert_int_equal(lr, 0x5000000000000000UL | 0xa0UL << 48 | 1);
	assert_int_equal(ICH_LR_VINTID(lr), 1);
	assert_false(lr & ICH_LR_HW);
}

static void test_lr_hw_timer(void **state)
{
	(void)state;
	u64 lr = ich_lr_make(27, 0, true);
	/* HW: the guest's deactivation of virtual 27 deactivates physical 27 */
	assert_true(lr & ICH_LR_HW);
	assert_int_equal((lr >> 32) & 0x3ff, 27);
	assert_int_equal(ICH_LR_VINTID(lr), 27);
	assert_true(lr & ICH_LR_PENDING);
	assert_false(lr & ICH_LR_ACTIVE);
}

static void test_sgi_target_list(void **state)
{
	bool outside;
	(void)state;
	/* SGI 1 to vCPU 1 of 2 */
	assert_int_equal(sgi1r_targets(1UL << 24 | BIT(1), 0, 2, &outside), 0x2);
	assert_false(outside);
	/* to itself */
	assert_int_equal(sgi1r_targets(BIT(0), 0, 2, &outside), 0x1);
	assert_false(outside);
	/* vCPUs 1 and 5 of a 2-vCPU zone: 5 does not exist in the zone */
	assert_int_equal(sgi1r_targets(BIT(1) | BIT(5), 0, 2, &outside), 0x2);
	assert_true(outside);
}

static void test_sgi_other_affinity_ignored(void **state)
{
	bool outside;
	(void)state;
	/* Aff1 = 1: a CPU cluster the zone does not have */
	assert_int_equal(sgi1r_targets(1UL << 16 | BIT(0), 0, 2, &outside), 0);
	assert_true(outside);
	/* RS = 1: Aff0 16.. */
	assert_int_equal(sgi1r_targets(1UL << 44 | BIT(0), 0, 2, &outside), 0);
	assert_true(outside);
	/* Aff3 set */
	assert_int_equal(sgi1r_targets(1UL << 48 | BIT(0), 0, 2, &outside), 0);
	assert_true(outside);
}

static void test_sgi_second_cluster(void **state)
{
	bool outside;
	(void)state;
	/* A zone of 20 vCPUs numbers 16..19 as Aff1 = 1, Aff0 = 0..3 (cpuid_to_mpidr) */
	assert_int_equal(sgi1r_targets(1UL << 16 | BIT(1) | BIT(3), 0, 20, &outside),
			 BIT(17) | BIT(19));
	assert_false(outside);
	/* Aff1 = 1, Aff0 = 4: vCPU 20, which the zone lacks */
	assert_int_equal(sgi1r_targets(1UL << 16 | BIT(0) | BIT(4), 0, 20, &outside), BIT(16));
	assert_true(outside);
	/* Aff0 = 16 (RS = 1) is no vCPU's: the numbering starts Aff1 there instead */
	assert_int_equal(sgi1r_targets(1UL << 44 | BIT(0), 0, 20, &outside), 0);
	assert_true(outside);
}

static void test_sgi_irm_stays_in_zone(void **state)
{
	bool outside;
	(void)state;
	/* IRM: all but self, only among the zone's vCPUs, whatever the target list says */
	assert_int_equal(sgi1r_targets(SGI1R_IRM | 0xffff, 1, 3, &outside), 0x5);
	assert_false(outside);
	assert_int_equal(sgi1r_targets(SGI1R_IRM, 0, 1, &outside), 0);
}

static void test_gicd_decode(void **state)
{
	struct gicd_reg r;
	(void)state;
	r = gicd_decode(0x104, 4); /* ISENABLER1: SPIs 32..63 */
	assert_int_equal(r.kind, GICD_REG_SETENABLE);
	assert_int_equal(r.irq, 32);
	assert_int_equal(r.count, 32);
	r = gicd_decode(0x184, 4);
	assert_int_equal(r.kind, GICD_REG_CLRENABLE);
	assert_int_equal(r.irq, 32);
	r = gicd_decode(0x421, 1); /* IPRIORITYR byte of SPI 33 */
	assert_int_equal(r.kind, GICD_REG_PRIORITY);
	assert_int_equal(r.irq, 33);
	assert_int_equal(r.count, 1);
	r = gicd_decode(0x420, 4); /* word: SPIs 32..35 */
	assert_int_equal(r.irq, 32);
	assert_int_equal(r.count, 4);
	assert_int_equal(r.width, 8);
	r = gicd_decode(0xc08, 4); /* ICFGR2: SPIs 32..47, 2 bits each */
	assert_int_equal(r.kind, GICD_REG_CONFIG);
	assert_int_equal(r.irq, 32);
	assert_int_equal(r.count, 16);
	r = gicd_decode(0x6108, 8); /* IROUTER33 */
	assert_int_equal(r.kind, GICD_REG_ROUTE);
	assert_int_equal(r.irq, 33);
	r = gicd_decode(0x6000, 8); /* IROUTER0..31 do not exist */
	assert_int_equal(r.kind, GICD_REG_OTHER);
	assert_int_equal(gicd_decode(GICD_CTLR, 4).kind, GICD_REG_OTHER);
	assert_int_equal(gicd_decode(GICD_TYPER, 4).kind, GICD_REG_OTHER);
	assert_int_equal(gicd_decode(0x200, 4).kind, GICD_REG_RAZWI); /* ISPENDR0 */
	assert_int_equal(gicd_decode(0x080, 4).kind, GICD_REG_GROUP);
}

static void test_gicr_typer(void **state)
{
	(void)state;
	/* vCPU 1 of 2: affinity 1, processor number 1, Last */
	assert_int_equal(gicr_typer(1, 2), 1UL << 32 | 1 << 8 | GICR_TYPER_LAST);
	/* vCPU 0 of 2: not last */
	assert_int_equal(gicr_typer(0, 2), 0);
	assert_int_equal(gicr_typer(0, 1), GICR_TYPER_LAST);
	/* vCPU 17 of 18: affinity Aff1 = 1, Aff0 = 1 (cpuid_to_mpidr), processor number 17 */
	assert_int_equal(gicr_typer(17, 18), 0x101UL << 32 | 17 << 8 | GICR_TYPER_LAST);
}

static void test_gicd_typer(void **state)
{
	(void)state;
	/* IDbits 9 (10 bits), CPUNumber 1 (2 vCPUs) */
	u32 base = 9 << 19 | 1 << 5;
	/* the UART's SPI 33 only: SPIs 32..63, ITLinesNumber 1 */
	assert_int_equal(gicd_typer(33, 2), base | 1);
	/* no SPI at all: still ITLinesNumber 1 */
	assert_int_equal(gicd_typer(0, 2), base | 1);
	assert_int_equal(gicd_typer(63, 2), base | 1);
	/* SPI 64: INTIDs 0..95, ITLinesNumber 2 */
	assert_int_equal(gicd_typer(64, 2), base | 2);
	assert_int_equal(gicd_typer(95, 2), base | 2);
	assert_int_equal(gicd_typer(96, 2), base | 3);
	/* the last SPI: all 1020 INTIDs, ITLinesNumber 31 */
	assert_int_equal(gicd_typer(1019, 2), base | 31);
	/* CPUNumber of 1 vCPU: 0 */
	assert_int_equal(gicd_typer(33, 1), 9 << 19 | 1);
}

static void test_sysreg_iss(void **state)
{
	(void)state;
	/* msr ICC_SGI1R_EL1, x3: Op0 3, Op2 5, Op1 0, CRn 12, Rt 3, CRm 11, write (0) */
	u64 iss = 3UL << 20 | 5UL << 17 | 0UL << 14 | 12UL << 10 | 3UL << 5 | 11UL << 1;
	assert_int_equal(iss & ISS_SYSREG_MASK, ISS_ICC_SGI1R_EL1);
	assert_int_equal(ISS_SYSREG_RT(iss), 3);
	assert_false(iss & ISS_SYSREG_READ);
	/* mrs x0, ICC_IAR1_EL1 (CRm 12, Op2 0) is another register */
	u64 other = 3UL << 20 | 0UL << 17 | 12UL << 10 | 12UL << 1 | ISS_SYSREG_READ;
	assert_int_not_equal(other & ISS_SYSREG_MASK, ISS_ICC_SGI1R_EL1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lr_sgi),
		cmocka_unit_test(test_lr_hw_timer),
		cmocka_unit_test(test_sgi_target_list),
		cmocka_unit_test(test_sgi_other_affinity_ignored),
		cmocka_unit_test(test_sgi_irm_stays_in_zone),
		cmocka_unit_test(test_gicd_decode),
		cmocka_unit_test(test_gicr_typer),
		cmocka_unit_test(test_gicd_typer),
		cmocka_unit_test(test_sgi_second_cluster),
		cmocka_unit_test(test_sysreg_iss),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
