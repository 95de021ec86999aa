/*
 * riscv64 page-table entries (privileged spec 4.4 Sv39, 8.5 G-stage Sv39x4), for the
 * common walker in common/pt.c. Pure C: unit-tested on the host.
 *
 * Sv39x4 is Sv39 with a root four times as large: 2048 entries (16 KiB, 16 KiB aligned)
 * that translate 41-bit guest-physical addresses. A leaf may sit at any level: 1 GiB,
 * 2 MiB or 4 KiB pages.
 */
#include "pt.h"
#include "pte.h"

static u64 pte_table(u64 pa)
{
	return (pa >> 12) << PTE_PPN_SHIFT | PTE_V; /* R = W = X = 0: points to a table */
}

static bool pte_is_table(u64 pte, unsigned lvl)
{
	(void)lvl;
	return (pte & (PTE_V | PTE_R | PTE_W | PTE_X)) == PTE_V;
}

static bool pte_is_valid(u64 pte)
{
	return pte & PTE_V;
}

static u64 pte_entry_pa(u64 pte)
{
	return ((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << 12;
}

/* Permissions for a leaf. Write-only is reserved, so W implies R; no execution from
 * devices. Without Svpbmt there is no memory type in the entry: QEMU's PMAs make device
 * ranges I/O whatever the page table says. */
static u64 leaf_perms(u32 flags)
{
	u64 pte = 0;

	if (flags & (MEM_R | MEM_W))
		pte |= PTE_R;
	if (flags & MEM_W)
		pte |= PTE_W;
	if ((flags & MEM_X) && !(flags & MEM_IO))
		pte |= PTE_X;
	return pte;
}

/* G-stage leaf: U set, because every guest access (even from VS-mode) is checked as a
 * U-mode access at the G-stage; A and D set, so nothing faults or updates them. */
static u64 gstage_leaf(u64 pa, u32 flags, unsigned lvl)
{
	(void)lvl; /* the same format at every level */
	return (pa >> 12) << PTE_PPN_SHIFT | leaf_perms(flags) | PTE_V | PTE_U | PTE_A | PTE_D;
}

const struct pt_format arch_stage2_format = {
	.name = "G-stage Sv39x4",
	.levels = 3,
	.root_bits = 11, /* 2048 root entries: four pages (pt_init) */
	.min_leaf = 0,   /* 1 GiB leaves at the root */
	.table = pte_table,
	.leaf = gstage_leaf,
	.is_table = pte_is_table,
	.is_valid = pte_is_valid,
	.entry_pa = pte_entry_pa,
};

/* Sv39 for S-mode itself. minivisor runs HS-mode bare (mmu.c), so nothing builds this
 * today; it is here so the two arches describe the same pair of formats. */
static u64 sv39_leaf(u64 pa, u32 flags, unsigned lvl)
{
	(void)lvl;
	return (pa >> 12) << PTE_PPN_SHIFT | leaf_perms(flags) | PTE_V | PTE_A | PTE_D;
}

const struct pt_format arch_stage1_format = {
	.name = "Sv39",
	.levels = 3,
	.root_bits = 9,
	.min_leaf = 0,
	.table = pte_table,
	.leaf = sv39_leaf,
	.is_table = pte_is_table,
	.is_valid = pte_is_valid,
	.entry_pa = pte_entry_pa,
};
