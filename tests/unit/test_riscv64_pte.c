/* build: common/pt.c riscv64/pte.c tests/unit/host_pages.c -Iriscv64 */
/* The riscv64 G-stage (Sv39x4) entry format, built through the common walker. */
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

static u64 pte_pa(u64 pte)
{
	return ((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << 12;
}

static void test_root_is_16k(void **state)
{
	struct pt pt;
	(void)state;
	assert_int_equal(pt_init(&pt, &arch_stage2_format), 0);
	assert_int_equal((uintptr_t)pt.root % GSTAGE_ROOT_ALIGN, 0);
	/* the whole 2048-entry root is ours: a GPA just below 2 TiB uses its last entry */
	assert_int_equal(pt_map(&pt, (1UL << 41) - (1UL << 30), 0x80000000UL, 1UL << 30, MEM_RW),
			 0);
	assert_int_not_equal(pt.root[2047], 0);
	assert_int_equal(pt_translate(&pt, (1UL << 41) - 1, NULL), 0x80000000UL + (1UL << 30) - 1);
	assert_int_equal(pt_translate(&pt, 1UL << 41, NULL), ~0UL);
}

static void test_ram_uses_superpages(void **state)
{
	struct pt pt;
	unsigned lvl;
	u64 size;
	(void)state;
	assert_int_equal(pt_init(&pt, &arch_stage2_format), 0);
	/* 64 MiB of guest RAM at 2 GiB from host 0x90000000: 2 MiB superpages */
	assert_int_equal(pt_map(&pt, 0x80000000UL, 0x90000000UL, 64 << 20, MEM_RWX), 0);
	u64 pte = pt_leaf(&pt, 0x80200000UL, &lvl);
	assert_int_equal(lvl, 1);
	assert_int_equal(pte_pa(pte), 0x90200000UL);
	assert_true(pte & PTE_V);
	assert_true(pte & PTE_R);
	assert_true(pte & PTE_W);
	assert_true(pte & PTE_X);
	assert_true(pte & PTE_U); /* G-stage: guest accesses are checked as U-mode */
	assert_true(pte & PTE_A);
	assert_true(pte & PTE_D);
	assert_false(pte & PTE_G);
	assert_int_equal(pt_translate(&pt, 0x83ffffffUL, &size), 0x93ffffffUL);
	assert_int_equal(size, 2 << 20);
	assert_int_equal(pt_translate(&pt, 0x84000000UL, NULL), ~0UL);
	assert_int_equal(pt_translate(&pt, 0x7ffff000UL, NULL), ~0UL);
}

static void test_gigabyte_leaf(void **state)
{
	struct pt pt;
	unsigned lvl;
	(void)state;
	assert_int_equal(pt_init(&pt, &arch_stage2_format), 0);
	assert_int_equal(pt_map(&pt, 0x80000000UL, 0x80000000UL, 1UL << 30, MEM_RWX), 0);
	u64 pte = pt_leaf(&pt, 0x80000000UL, &lvl);
	assert_int_equal(lvl, 0);
	assert_true(pte & PTE_U);
	assert_int_equal(pt_translate(&pt, 0xbfffffffUL, NULL), 0xbfffffffUL);
}

static void test_misaligned_uses_pages(void **state)
{
	struct pt pt;
	unsigned lvl;
	u64 size;
	(void)state;
	assert_int_equal(pt_init(&pt, &arch_stage2_format), 0);
	/* guest and host differ by 4 KiB: no superpage fits, 4 KiB pages throughout */
	assert_int_equal(pt_map(&pt, 0x80000000UL, 0x90001000UL, 4 << 20, MEM_RWX), 0);
	pt_leaf(&pt, 0x80200000UL, &lvl);
	assert_int_equal(lvl, 2);
	assert_int_equal(pt_translate(&pt, 0x803ff123UL, &size), 0x903ff123UL + 0x1000);
	assert_int_equal(size, 4096);
}

static void test_device_page(void **state)
{
	struct pt pt;
	unsigned lvl;
	(void)state;
	assert_int_equal(pt_init(&pt, &arch_stage2_format), 0);
	assert_int_equal(pt_map(&pt, 0x10000000UL, 0x10000000UL, 0x1000, MEM_RW | MEM_IO), 0);
	u64 pte = pt_leaf(&pt, 0x10000000UL, &lvl);
	assert_int_equal(lvl, 2);
	assert_true(pte & PTE_R);
	assert_true(pte & PTE_W);
	assert_false(pte & PTE_X); /* never execute from a device */
	assert_true(pte & PTE_U);
	assert_int_equal(pt_translate(&pt, 0x10001000UL, NULL), ~0UL);
	/* a second mapping over the same page is refused */
	assert_int_equal(pt_map(&pt, 0x10000000UL, 0x20000000UL, 0x1000, MEM_RW), -1);
}

static void test_parking_page(void **state)
{
	struct pt pt;
	unsigned lvl;
	(void)state;
	/* readable and executable, never writable; at GPA 0 and nothing else */
	assert_int_equal(pt_init(&pt, &arch_stage2_format), 0);
	assert_int_equal(pt_map(&pt, 0, 0x80203000UL, 0x1000, MEM_R | MEM_X), 0);
	u64 pte = pt_leaf(&pt, 0, &lvl);
	assert_true(pte & PTE_R);
	assert_false(pte & PTE_W);
	assert_true(pte & PTE_X);
	assert_int_equal(pt_translate(&pt, 0x1000, NULL), ~0UL);
	/* write implies read: write-only is a reserved encoding */
	assert_int_equal(pt_map(&pt, 0x2000, 0x80204000UL, 0x1000, MEM_W), 0);
	pte = pt_leaf(&pt, 0x2000, &lvl);
	assert_true(pte & PTE_R);
}

static void test_table_entries(void **state)
{
	struct pt pt;
	(void)state;
	assert_int_equal(pt_init(&pt, &arch_stage2_format), 0);
	assert_int_equal(pt_map(&pt, 0x80000000UL, 0x90000000UL, 0x1000, MEM_RW), 0);
	/* root entry 2 (GPA 2 GiB) points to a table: V only, no R/W/X, no U */
	u64 pte = pt.root[2];
	assert_int_equal(pte & 0x3ff, PTE_V);
}

static void test_hgatp(void **state)
{
	(void)state;
	/* MODE 8 (Sv39x4) in [63:60], VMID in [57:44], root PPN in [43:0] */
	assert_int_equal(hgatp_value(0x80404000UL, 0), 0x8000000000080404UL);
	assert_int_equal(hgatp_value(0x80404000UL, 3), 0x8000300000080404UL);
	assert_int_equal(hgatp_value(0x80404000UL, 0x3fff), 0x83fff00000080404UL);
}

static void test_stage1_sv39(void **state)
{
	struct pt pt;
	(void)state;
	/* described for symmetry with aarch64; S-mode leaves have no U bit */
	assert_int_equal(pt_init(&pt, &arch_stage1_format), 0);
	assert_int_equal(pt_map(&pt, 0x80000000UL, 0x80000000UL, 1UL << 30, MEM_RWX), 0);
	u64 pte = pt.root[2]; /* a 1 GiB leaf at the 512-entry root */
	assert_true(pte & PTE_X);
	assert_false(pte & PTE_U);
	assert_int_equal(pt_translate(&pt, 0x80201234UL, NULL), 0x80201234UL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_is_16k),   cmocka_unit_test(test_ram_uses_superpages),
		cmocka_unit_test(test_gigabyte_leaf), cmocka_unit_test(test_misaligned_uses_pages),
		cmocka_unit_test(test_device_page),   cmocka_unit_test(test_parking_page),
		cmocka_unit_test(test_table_entries), cmocka_unit_test(test_hgatp),
		cmocka_unit_test(test_stage1_sv39),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
