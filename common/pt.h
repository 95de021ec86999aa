/*
 * Page tables, built once at boot: the hypervisor's own map and each zone's guest-physical
 * map (GPM: stage-2 on aarch64, G-stage on riscv64). The walk is the same on both arches;
 * only the entry format differs, so each arch describes its format in a struct pt_format.
 */
#pragma once

#include "types.h"

/* Mapping permissions and memory type, as zone configurations write them. */
#define MEM_R   BIT(0)
#define MEM_W   BIT(1)
#define MEM_X   BIT(2)
#define MEM_IO  BIT(3) /* device memory: uncached, no speculation, no merging */
#define MEM_RW  (MEM_R | MEM_W)
#define MEM_RWX (MEM_R | MEM_W | MEM_X)

struct pt_format {
	const char *name;
	unsigned levels;    /* levels walked, root = level 0 */
	unsigned root_bits; /* index bits at the root: 9, more where root tables are concatenated */
	unsigned min_leaf;  /* the highest level (closest to the root) that may hold a leaf */
	u64 (*table)(u64 pa);                         /* entry pointing to a next-level table */
	u64 (*leaf)(u64 pa, u32 flags, unsigned lvl); /* entry mapping pa at level lvl */
	bool (*is_table)(u64 pte, unsigned lvl);
	bool (*is_valid)(u64 pte);
	u64 (*entry_pa)(u64 pte); /* output address of a table or leaf entry */
};

struct pt {
	u64 *root;
	const struct pt_format *fmt;
};

/* A zone's guest-physical map: its tables and the VMID that tags its TLB entries. */
struct gpm {
	struct pt pt;
	u16 vmid;
};

/* Size covered by one entry at @lvl of @fmt. */
u64 pt_level_size(const struct pt_format *fmt, unsigned lvl);

/* Allocate an empty root table. Returns 0, or -1 if out of table memory. */
int pt_init(struct pt *pt, const struct pt_format *fmt);

/* Map [va, va+size) to pa with the largest leaves alignment allows. All three must be
 * page aligned. Returns 0, or -1 on a clash with an existing mapping or no table memory. */
int pt_map(struct pt *pt, u64 va, u64 pa, u64 size, u32 flags);

/* The leaf entry that maps @va, and its level in *lvl (if given); 0 if none does. */
u64 pt_leaf(const struct pt *pt, u64 va, unsigned *lvl);

/* Translate @va. Returns the pa and sets *leaf_size (if given), or returns ~0 if unmapped. */
u64 pt_translate(const struct pt *pt, u64 va, u64 *leaf_size);

/* Table pages come from here (common/page_alloc.c): zeroed, page aligned, physical ==
 * virtual (identity map). NULL when the pool is exhausted. */
void *page_alloc(void);

/* @n contiguous zeroed pages aligned to n pages: a concatenated root table (root_bits > 9,
 * e.g. riscv's Sv39x4 G-stage root is 16 KiB, 16 KiB aligned). NULL when exhausted. */
void *page_alloc_contig(unsigned n);
