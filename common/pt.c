/*
 * The page-table walker shared by both arches and both stages. It knows the shape of a
 * radix tree of 4 KiB pages (9 index bits per level below the root, root_bits at the root)
 * and nothing about entry bits: those come from the struct pt_format hooks.
 *
 * Level l translates va bits [shift, shift + bits), shift = 12 + 9 * (levels - 1 - l).
 * Tables are identity mapped (see page_alloc), so an entry's output address is a pointer.
 * Pure C: unit-tested on the host with a made-up format.
 */
#include "pt.h"

static unsigned level_shift(const struct pt_format *fmt, unsigned lvl)
{
	return 12 + 9 * (fmt->levels - 1 - lvl);
}

static unsigned level_bits(const struct pt_format *fmt, unsigned lvl)
{
	return lvl ? 9 : fmt->root_bits;
}

u64 pt_level_size(const struct pt_format *fmt, unsigned lvl)
{
	return 1UL << level_shift(fmt, lvl);
}

/* Width of the address space the tree covers: the root's shift plus its index bits. */
static unsigned va_bits(const struct pt_format *fmt)
{
	return level_shift(fmt, 0) + fmt->root_bits;
}

/* The slot for @va in @table, a table at level @lvl. */
static u64 *slot(const struct pt_format *fmt, u64 *table, unsigned lvl, u64 va)
{
	u64 index = (va >> level_shift(fmt, lvl)) & ((1UL << level_bits(fmt, lvl)) - 1);
	return &table[index];
}

static u64 *table_of(const struct pt_format *fmt, u64 pte)
{
	return (u64 *)(uintptr_t)fmt->entry_pa(pte);
}

int pt_init(struct pt *pt, const struct pt_format *fmt)
{
	/* A root of more than 512 entries is several pages the walker sees as one table
	 * (concatenated roots): 8 bytes per entry, aligned to its own size. */
	if (fmt->root_bits > 9)
		pt->root = page_alloc_contig(1u << (fmt->root_bits - 9));
	else
		pt->root = page_alloc();
	pt->fmt = fmt;
	return pt->root ? 0 : -1;
}

/* The largest leaf that maps va -> pa: both aligned to its size, and @size covers it. */
static unsigned leaf_level(const struct pt_format *fmt, u64 va, u64 pa, u64 size)
{
	for (unsigned lvl = fmt->min_leaf; lvl < fmt->levels - 1; lvl++) {
		u64 sz = pt_level_size(fmt, lvl);
		if (IS_ALIGNED(va, sz) && IS_ALIGNED(pa, sz) && size >= sz)
			return lvl;
	}
	return fmt->levels - 1; /* a 4 KiB page always fits: the caller checked alignment */
}

/*
 * Walk from the root down to level @lvl, creating missing tables on the way. Returns the
 * slot at @lvl, or NULL if a leaf is in the way (clash) or there is no table memory.
 */
static u64 *walk_create(struct pt *pt, u64 va, unsigned lvl)
{
	const struct pt_format *fmt = pt->fmt;
	u64 *table = pt->root;

	for (unsigned l = 0; l < lvl; l++) {
		u64 *pte = slot(fmt, table, l, va);
		if (!fmt->is_valid(*pte)) {
			u64 *next = page_alloc();
			if (!next)
				return NULL;
			*pte = fmt->table((u64)(uintptr_t)next);
		} else if (!fmt->is_table(*pte, l)) {
			return NULL; /* a block already maps this range */
		}
		table = table_of(fmt, *pte);
	}
	return slot(fmt, table, lvl, va);
}

/* The part already mapped when this fails stays mapped: callers panic anyway. */
int pt_map(struct pt *pt, u64 va, u64 pa, u64 size, u32 flags)
{
	const struct pt_format *fmt = pt->fmt;

	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE))
		return -1;
	/* Outside the tree's reach the index would silently wrap onto another address. */
	if (va + size < va || (va_bits(fmt) < 64 && va + size > 1UL << va_bits(fmt)))
		return -1;
	while (size) {
		unsigned lvl = leaf_level(fmt, va, pa, size);
		u64 sz = pt_level_size(fmt, lvl);
		u64 *pte = walk_create(pt, va, lvl);

		/* Refuse to overwrite: a valid slot is an existing leaf or a table of pages. */
		if (!pte || fmt->is_valid(*pte))
			return -1;
		*pte = fmt->leaf(pa, flags, lvl);
		va += sz;
		pa += sz;
		size -= sz;
	}
	return 0;
}

u64 pt_leaf(const struct pt *pt, u64 va, unsigned *lvl)
{
	const struct pt_format *fmt = pt->fmt;
	u64 *table = pt->root;

	if (va_bits(fmt) < 64 && va >> va_bits(fmt))
		return 0;
	for (unsigned l = 0; l < fmt->levels; l++) {
		u64 pte = *slot(fmt, table, l, va);
		if (!fmt->is_valid(pte))
			return 0;
		/* At the last level every valid entry is a page; is_table is not asked there. */
		if (l == fmt->levels - 1 || !fmt->is_table(pte, l)) {
			if (lvl)
				*lvl = l;
			return pte;
		}
		table = table_of(fmt, pte);
	}
	return 0; /* not reached: the last level always returns */
}

u64 pt_translate(const struct pt *pt, u64 va, u64 *leaf_size)
{
	unsigned lvl;
	u64 pte = pt_leaf(pt, va, &lvl);

	if (!pte)
		return ~0UL;
	u64 sz = pt_level_size(pt->fmt, lvl);
	if (leaf_size)
		*leaf_size = sz;
	return pt->fmt->entry_pa(pte) + (va & (sz - 1));
}
