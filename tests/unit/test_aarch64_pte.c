/* build: common/pt.c aarch64/pte.c tests/unit/host_pages.c -Iaarch64 */
/* The aarch64 stage-1 and stage-2 entry formats, built through the common walker. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pt.h"
#include "pte.h"

extern const struct pt_format arch_stage1_format, arch_stage2_format;

static void test_stage2_ram_uses_blocks(void **state)
{
	struct pt pt;
	unsigned lvl;
	(void)state;
	assert_int_equal(pt_init(&pt, &arch_stage2_format), 0);
	/* 64 MiB of guest RAM, 2 MiB aligned both sides: 2 MiB blocks at level 2 */
	assert_int_equal(pt_map(&pt, 0x40000000, 0x50000000, 64 << 20, MEM_RWX), 0);
	u64 pte = pt_leaf(&pt, 0x40200000, &lvl);
	assert_int_equal(lvl, 1);             /* walk level 1 here = architectural level 2 */
	assert_int_equal(pte & 3, PTE_VALID); /* block, not page */
	assert_int_equal(pte & PTE_ADDR_MASK, 0x50200000);
	assert_true(pte & PTE_S2AP_R);
	assert_true(pte & PTE_S2AP_W);
	assert_false(pte & PTE_XN);
	assert_int_equal(pte & (0xfUL << 2), PTE_S2_MEMATTR_NORMAL);
	assert_true(pte & PTE_AF);
	assert_int_equal(pt_translate(&pt, 0x43ffffff, NULL), 0x53ffffff);
	assert_int_equal(pt_translate(&pt, 0x44000000, NULL), ~0UL);
}

static void test_stage2_device_page(void **state)
{
	struct pt pt;
	unsigned lvl;
	(void)state;
	assert_int_equal(pt_init(&pt, &arch_stage2_format), 0);
	assert_int_equal(pt_map(&pt, 0x09000000, 0x09000000, 0x1000, MEM_RW | MEM_IO), 0);
	u64 pte = pt_leaf(&pt, 0x09000000, &lvl);
	assert_int_equal(lvl, 2);
	assert_int_equal(pte & 3, PTE_VALID | PTE_TABLE); /* a level 3 page */
	assert_int_equal(pte & (0xfUL << 2), PTE_S2_MEMATTR_DEVICE);
	assert_true(pte & PTE_XN); /* never execute from a device */
	assert_int_equal(pt_translate(&pt, 0x09001000, NULL), ~0UL);
}

static void test_stage2_read_only_exec(void **state)
{
	struct pt pt;
	unsigned lvl;
	(void)state;
	/* the parking page: readable and executable, never writable */
	assert_int_equal(pt_init(&pt, &arch_stage2_format), 0);
	assert_int_equal(pt_map(&pt, 0, 0x40201000, 0x1000, MEM_R | MEM_X), 0);
	u64 pte = pt_leaf(&pt, 0, &lvl);
	assert_true(pte & PTE_S2AP_R);
	assert_false(pte & PTE_S2AP_W);
	assert_false(pte & PTE_XN);
}

static void test_stage1_gigabyte_blocks(void **state)
{
	struct pt pt;
	unsigned lvl;
	(void)state;
	assert_int_equal(pt_init(&pt, &arch_stage1_format), 0);
	assert_int_equal(pt_map(&pt, 0, 0, 1UL << 30, MEM_RW | MEM_IO), 0);
	assert_int_equal(pt_map(&pt, 1UL << 30, 1UL << 30, 1UL << 30, MEM_RWX), 0);
	u64 dev = pt_leaf(&pt, 0x09000000, &lvl);
	assert_int_equal(lvl, 1); /* 1 GiB blocks at level 1 */
	assert_int_equal(dev & (7UL << 2), PTE_ATTRIDX(MAIR_IDX_DEVICE));
	assert_true(dev & PTE_XN);
	u64 ram = pt_leaf(&pt, 0x40200000, &lvl);
	assert_int_equal(lvl, 1);
	assert_int_equal(ram & (7UL << 2), PTE_ATTRIDX(MAIR_IDX_NORMAL));
	assert_int_equal(ram & PTE_SH_INNER, PTE_SH_INNER);
	assert_false(ram & PTE_XN);
	assert_false(ram & PTE_S1_AP_RO);
	assert_int_equal(pt_translate(&pt, 0x7fffffff, NULL), 0x7fffffff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stage2_ram_uses_blocks),
		cmocka_unit_test(test_stage2_device_page),
		cmocka_unit_test(test_stage2_read_only_exec),
		cmocka_unit_test(test_stage1_gigabyte_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
