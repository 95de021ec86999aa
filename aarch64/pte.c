/*
 * aarch64 translation table entries (ARM DDI 0487, D8.3): the hypervisor's EL2 stage-1
 * and the zones' stage-2, 4 KiB granule. Pure C: unit-tested on the host.
 */
#include "pt.h"
#include "pte.h"

static u64 pte_table(u64 pa)
{
	return (pa & PTE_ADDR_MASK) | PTE_VALID | PTE_TABLE;
}

static bool pte_is_table(u64 pte, unsigned lvl)
{
	(void)lvl; /* callers never ask at the last level, where bit 1 means "page" */
	return (pte & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE);
}

static bool pte_is_valid(u64 pte)
{
	return pte & PTE_VALID;
}

static u64 pte_entry_pa(u64 pte)
{
	return pte & PTE_ADDR_MASK;
}

/* Last level entries are pages (bits[1:0] = 0b11), higher ones blocks (0b01). */
static u64 leaf_type(unsigned lvl, unsigned levels)
{
	return lvl == levels - 1 ? PTE_VALID | PTE_TABLE : PTE_VALID;
}

/* EL2 stage-1: 48-bit VA, 4 levels, blocks from level 1 (1 GiB) down. */
static u64 s1_leaf(u64 pa, u32 flags, unsigned lvl)
{
	u64 pte = (pa & PTE_ADDR_MASK) | leaf_type(lvl, 4) | PTE_AF | PTE_S1_AP_RW;

	if (flags & MEM_IO)
		pte |= PTE_ATTRIDX(MAIR_IDX_DEVICE) | PTE_XN;
	else
		pte |= PTE_ATTRIDX(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	if (!(flags & MEM_W))
		pte |= PTE_S1_AP_RO;
	if (!(flags & MEM_X))
		pte |= PTE_XN;
	return pte;
}

const struct pt_format arch_stage1_format = {
	.name = "EL2 stage-1",
	.levels = 4,
	.root_bits = 9,
	.min_leaf = 1,
	.table = pte_table,
	.leaf = s1_leaf,
	.is_table = pte_is_table,
	.is_valid = pte_is_valid,
	.entry_pa = pte_entry_pa,
};

/* Stage-2: 39-bit IPA, walk starts at level 1 (VTCR_EL2.SL0 = 1), so 3 levels here. */
static u64 s2_leaf(u64 pa, u32 flags, unsigned lvl)
{
	u64 pte = (pa & PTE_ADDR_MASK) | leaf_type(lvl, 3) | PTE_AF;

	if (flags & MEM_IO)
		pte |= PTE_S2_MEMATTR_DEVICE;
	else
		pte |= PTE_S2_MEMATTR_NORMAL | PTE_SH_INNER;
	if (flags & MEM_R)
		pte |= PTE_S2AP_R;
	if (flags & MEM_W)
		pte |= PTE_S2AP_W;
	if (!(flags & MEM_X) || (flags & MEM_IO))
		pte |= PTE_XN;
	return pte;
}

const struct pt_format arch_stage2_format = {
	.name = "stage-2",
	.levels = 3,
	.root_bits = 9,
	.min_leaf = 0,
	.table = pte_table,
	.leaf = s2_leaf,
	.is_table = pte_is_table,
	.is_valid = pte_is_valid,
	.entry_pa = pte_entry_pa,
};
