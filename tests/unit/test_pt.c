/* build: common/pt.c */
/*
 * The generic page-table walker, driven through a made-up entry format so the tests check
 * the walk itself (leaf sizes, table creation, clashes), not any architecture's bits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pt.h"

/* ---- a fake format: valid bit 0, table bit 1, flags in 2..5, level in 6..7, pa 12..47 ---- */

#define F_VALID    BIT(0)
#define F_TABLE    BIT(1)
#define F_FLAGS(f) ((u64)(f) << 2)
#define F_LVL(l)   ((u64)(l) << 6)
#define F_ADDR     0x0000fffffffff000UL

static u64 f_table(u64 pa)
{
	return (pa & F_ADDR) | F_VALID | F_TABLE;
}
static u64 f_leaf(u64 pa, u32 flags, unsigned lvl)
{
	return (pa & F_ADDR) | F_VALID | F_FLAGS(flags & 0xf) | F_LVL(lvl);
}
static bool f_is_table(u64 pte, unsigned lvl)
{
	(void)lvl;
	return pte & F_TABLE;
}
static bool f_is_valid(u64 pte)
{
	return pte & F_VALID;
}
static u64 f_entry_pa(u64 pte)
{
	return pte & F_ADDR;
}

/* 3 levels (1 GiB, 2 MiB, 4 KiB leaves), like a 39-bit stage-2. */
static const struct pt_format fmt3 = {
	"fake3", 3, 9, 0, f_table, f_leaf, f_is_table, f_is_valid, f_entry_pa,
};
/* Same, but no 1 GiB leaves (min_leaf 1), like a stage-1 that starts blocks lower. */
static const struct pt_format fmt3_no_gib = {
	"fake3-no-gib", 3, 9, 1, f_table, f_leaf, f_is_table, f_is_valid, f_entry_pa,
};
/* A concatenated root: 11 bits at the root = 2048 entries = 16 KiB (riscv Sv39x4). */
static const struct pt_format fmt_x4 = {
	"fake-x4", 3, 11, 0, f_table, f_leaf, f_is_table, f_is_valid, f_entry_pa,
};
static const struct pt_format fmt4 = {
	"fake4", 4, 9, 1, f_table, f_leaf, f_is_table, f_is_valid, f_entry_pa,
};

/* ---- page_alloc for the host: aligned_alloc, counted, with an optional limit ---- */

static unsigned pages_allocated;
static unsigned page_limit = ~0u;

void *page_alloc_contig(unsigned n)
{
	if (pages_allocated + n > page_limit)
		return NULL;
	void *p = aligned_alloc(n * PAGE_SIZE, n * PAGE_SIZE);
	if (p) {
		memset(p, 0, n * PAGE_SIZE);
		pages_allocated += n;
	}
	return p;
}

void *page_alloc(void)
{
	return page_alloc_contig(1);
}

static int reset_alloc(void **state)
{
	(void)state;
	pages_allocated = 0;
	page_limit = ~0u;
	return 0;
}

/* The raw leaf entry mapping @va (0 if none): to look at flags and level. */
static u64 leaf_of(const struct pt *pt, u64 va)
{
	u64 *table = pt->root;
	for (unsigned l = 0; l < pt->fmt->levels; l++) {
		unsigned bits = l ? 9 : pt->fmt->root_bits;
		unsigned shift = 12 + 9 * (pt->fmt->levels - 1 - l);
		u64 pte = table[(va >> shift) & ((1UL << bits) - 1)];
		if (!(pte & F_VALID))
			return 0;
		if (l == pt->fmt->levels - 1 || !(pte & F_TABLE))
			return pte;
		table = (u64 *)(uintptr_t)(pte & F_ADDR);
	}
	return 0;
}

static unsigned level_of(u64 pte)
{
	return (pte >> 6) & 3;
}

/* ---- tests ---- */

static void test_level_sizes(void **state)
{
	(void)state;
	assert_int_equal(pt_level_size(&fmt3, 0), 1UL << 30);
	assert_int_equal(pt_level_size(&fmt3, 1), 2UL << 20);
	assert_int_equal(pt_level_size(&fmt3, 2), 4096);
	assert_int_equal(pt_level_size(&fmt4, 0), 512UL << 30);
	assert_int_equal(pt_level_size(&fmt_x4, 0), 1UL << 30); /* root_bits do not change it */
}

static void test_init_allocates_one_root_page(void **state)
{
	struct pt pt;
	(void)state;
	assert_int_equal(pt_init(&pt, &fmt3), 0);
	assert_non_null(pt.root);
	assert_ptr_equal(pt.fmt, &fmt3);
	assert_int_equal(pages_allocated, 1);
	assert_int_equal(pt_translate(&pt, 0, NULL), ~0UL); /* empty */
}

/* 1 GiB + 2 MiB + 4 KiB, all aligned: one leaf of each size, largest first. */
static void test_aligned_uses_largest_leaves(void **state)
{
	struct pt pt;
	u64 sz;
	(void)state;
	assert_int_equal(pt_init(&pt, &fmt3), 0);
	assert_int_equal(
		pt_map(&pt, 0x40000000, 0x80000000, (1UL << 30) + (2UL << 20) + 4096, MEM_RWX), 0);
	assert_int_equal(pt_translate(&pt, 0x40000000, &sz), 0x80000000);
	assert_int_equal(sz, 1UL << 30);
	assert_int_equal(pt_translate(&pt, 0x80000000, &sz), 0xc0000000);
	assert_int_equal(sz, 2UL << 20);
	assert_int_equal(pt_translate(&pt, 0x80200000, &sz), 0xc0200000);
	assert_int_equal(sz, 4096);
	assert_int_equal(pt_translate(&pt, 0x80201000, NULL), ~0UL);
	/* root + one level-1 table + one level-2 table */
	assert_int_equal(pages_allocated, 3);
	/* the walker passed the leaf's level and flags to the format */
	assert_int_equal(level_of(leaf_of(&pt, 0x40000000)), 0);
	assert_int_equal(level_of(leaf_of(&pt, 0x80000000)), 1);
	assert_int_equal(level_of(leaf_of(&pt, 0x80200000)), 2);
	assert_int_equal(leaf_of(&pt, 0x80200000) & F_FLAGS(0xf), F_FLAGS(MEM_RWX));
}

/* va 2 MiB aligned but pa only 4 KiB aligned: no block can be used. */
static void test_misaligned_pa_uses_pages(void **state)
{
	struct pt pt;
	u64 sz;
	(void)state;
	assert_int_equal(pt_init(&pt, &fmt3), 0);
	assert_int_equal(pt_map(&pt, 0x40000000, 0x80001000, 4UL << 20, MEM_RW), 0);
	for (u64 off = 0; off < (4UL << 20); off += 0x1000) {
		assert_int_equal(pt_translate(&pt, 0x40000000 + off, &sz), 0x80001000 + off);
		assert_int_equal(sz, 4096);
	}
	/* root + level-1 + two level-2 tables of pages */
	assert_int_equal(pages_allocated, 4);
}

/* A range starting mid-block: pages up to the boundary, then blocks. */
static void test_pages_then_blocks(void **state)
{
	struct pt pt;
	u64 sz;
	(void)state;
	assert_int_equal(pt_init(&pt, &fmt3), 0);
	assert_int_equal(pt_map(&pt, 0x401ff000, 0x801ff000, 0x1000 + (4UL << 20), MEM_RW), 0);
	assert_int_equal(pt_translate(&pt, 0x401ff000, &sz), 0x801ff000);
	assert_int_equal(sz, 4096);
	assert_int_equal(pt_translate(&pt, 0x40200000, &sz), 0x80200000);
	assert_int_equal(sz, 2UL << 20);
	assert_int_equal(pt_translate(&pt, 0x405fffff, &sz), 0x805fffff);
}

static void test_min_leaf_respected(void **state)
{
	struct pt pt;
	u64 sz;
	(void)state;
	assert_int_equal(pt_init(&pt, &fmt3_no_gib), 0);
	assert_int_equal(pt_map(&pt, 0, 0, 1UL << 30, MEM_RW | MEM_IO), 0);
	assert_int_equal(pt_translate(&pt, 0x3fffffff, &sz), 0x3fffffff);
	assert_int_equal(sz, 2UL << 20); /* no 1 GiB leaf at level 0 */
}

static void test_translate_round_trip(void **state)
{
	struct pt pt;
	(void)state;
	assert_int_equal(pt_init(&pt, &fmt3), 0);
	assert_int_equal(pt_map(&pt, 0x09000000, 0x09000000, 0x1000, MEM_RW | MEM_IO), 0);
	assert_int_equal(pt_map(&pt, 0x40000000, 0x50000000, 64UL << 20, MEM_RWX), 0);
	for (u64 va = 0x40000000; va < 0x44000000; va += 0x12345)
		assert_int_equal(pt_translate(&pt, va, NULL), va + 0x10000000);
	assert_int_equal(pt_translate(&pt, 0x09000abc, NULL), 0x09000abc);
	assert_int_equal(pt_translate(&pt, 0x09001000, NULL), ~0UL);
	assert_int_equal(pt_translate(&pt, 0x3ffff000, NULL), ~0UL);
	assert_int_equal(pt_translate(&pt, 0x44000000, NULL), ~0UL);
}

static void test_clash_same_range(void **state)
{
	struct pt pt;
	(void)state;
	assert_int_equal(pt_init(&pt, &fmt3), 0);
	assert_int_equal(pt_map(&pt, 0x40000000, 0x50000000, 2UL << 20, MEM_RW), 0);
	assert_int_equal(pt_map(&pt, 0x40000000, 0x60000000, 2UL << 20, MEM_RW), -1);
	assert_int_equal(pt_translate(&pt, 0x40000000, NULL), 0x50000000); /* unchanged */
}

/* A page inside an existing block: the block is in the way of the walk. */
static void test_clash_page_under_block(void **state)
{
	struct pt pt;
	(void)state;
	assert_int_equal(pt_init(&pt, &fmt3), 0);
	assert_int_equal(pt_map(&pt, 0x40000000, 0x50000000, 2UL << 20, MEM_RW), 0);
	assert_int_equal(pt_map(&pt, 0x40001000, 0x60001000, 0x1000, MEM_RW), -1);
}

/* A block where a table of pages already is. */
static void test_clash_block_over_table(void **state)
{
	struct pt pt;
	(void)state;
	assert_int_equal(pt_init(&pt, &fmt3), 0);
	assert_int_equal(pt_map(&pt, 0x40001000, 0x50001000, 0x1000, MEM_RW), 0);
	assert_int_equal(pt_map(&pt, 0x40000000, 0x50000000, 2UL << 20, MEM_RW), -1);
	/* and a neighbouring page in that table is fine */
	assert_int_equal(pt_map(&pt, 0x40002000, 0x50002000, 0x1000, MEM_RW), 0);
}

static void test_refuses_unaligned_and_out_of_range(void **state)
{
	struct pt pt;
	(void)state;
	assert_int_equal(pt_init(&pt, &fmt3), 0);
	assert_int_equal(pt_map(&pt, 0x40000800, 0x50000000, 0x1000, MEM_RW), -1);
	assert_int_equal(pt_map(&pt, 0x40000000, 0x50000800, 0x1000, MEM_RW), -1);
	assert_int_equal(pt_map(&pt, 0x40000000, 0x50000000, 0x800, MEM_RW), -1);
	/* 3 levels of 9 bits reach 2^39: beyond, the index would wrap onto low addresses */
	assert_int_equal(pt_map(&pt, 1UL << 39, 0, 0x1000, MEM_RW), -1);
	assert_int_equal(pt_map(&pt, (1UL << 39) - 0x1000, 0, 0x2000, MEM_RW), -1);
	assert_int_equal(pt_map(&pt, (1UL << 39) - 0x1000, 0, 0x1000, MEM_RW), 0);
	assert_int_equal(pt_translate(&pt, 1UL << 39, NULL), ~0UL);
}

/* riscv's Sv39x4 G-stage: a 16 KiB root, 16 KiB aligned, reaching 2^41. */
static void test_concatenated_root(void **state)
{
	struct pt pt;
	u64 sz;
	(void)state;
	assert_int_equal(pt_init(&pt, &fmt_x4), 0);
	assert_int_equal(pages_allocated, 4);
	assert_true(IS_ALIGNED((uintptr_t)pt.root, 16 * KiB));
	/* root index 1536: only exists in the concatenated part */
	u64 va = 1536UL << 30;
	assert_int_equal(pt_map(&pt, va, 0x80000000, 1UL << 30, MEM_RWX), 0);
	assert_int_equal(pt_translate(&pt, va + 0x1234, &sz), 0x80001234);
	assert_int_equal(sz, 1UL << 30);
	assert_true(pt.root[1536] & F_VALID);
	assert_int_equal(pt_translate(&pt, 0x1234, NULL), ~0UL); /* no aliasing at index 0 */
	assert_int_equal(pt_map(&pt, 1UL << 41, 0, 0x1000, MEM_RW), -1);
	assert_int_equal(pt_map(&pt, (1UL << 41) - 0x1000, 0x1000, 0x1000, MEM_RW), 0);
}

static void test_out_of_table_memory(void **state)
{
	struct pt pt;
	(void)state;
	page_limit = 2; /* root + one table: the second table cannot be had */
	assert_int_equal(pt_init(&pt, &fmt3), 0);
	assert_int_equal(pt_map(&pt, 0x40000000, 0x50000000, 0x1000, MEM_RW), -1);
	page_limit = 3;
	assert_int_equal(pt_map(&pt, 0x40000000, 0x50000000, 0x1000, MEM_RW), 0);
	/* a 4-page root needs 4 pages */
	pages_allocated = 0;
	page_limit = 3;
	assert_int_equal(pt_init(&pt, &fmt_x4), -1);
}

#define T(f) cmocka_unit_test_setup(f, reset_alloc)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_level_sizes),
		T(test_init_allocates_one_root_page),
		T(test_aligned_uses_largest_leaves),
		T(test_misaligned_pa_uses_pages),
		T(test_pages_then_blocks),
		T(test_min_leaf_respected),
		T(test_translate_round_trip),
		T(test_clash_same_range),
		T(test_clash_page_under_block),
		T(test_clash_block_over_table),
		T(test_refuses_unaligned_and_out_of_range),
		T(test_concatenated_root),
		T(test_out_of_table_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
