/*
 * riscv64 page-table entries (privileged spec 4.4 Sv39, 8.5 G-stage Sv39x4) and hgatp.
 * Pure bit definitions: included by host unit tests.
 */
#pragma once

#include "types.h"

#define PTE_V         BIT(0)
#define PTE_R         BIT(1)
#define PTE_W         BIT(2)
#define PTE_X         BIT(3)
#define PTE_U         BIT(4) /* G-stage: required, every guest access is checked as a U access */
#define PTE_G         BIT(5)
#define PTE_A         BIT(6) /* accessed and dirty set up front: no A/D updates or faults */
#define PTE_D         BIT(7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK  ((1UL << 44) - 1)

/* hgatp (8.2.10): MODE[63:60], VMID[57:44], PPN[43:0] of the 16 KiB root. */
#define HGATP_MODE_SHIFT  60
#define HGATP_MODE(v)     ((v) >> HGATP_MODE_SHIFT)
#define HGATP_MODE_SV39X4 (8UL << HGATP_MODE_SHIFT)
#define HGATP_VMID_SHIFT  44
#define HGATP_VMID_MASK   0x3fffUL
#define GSTAGE_ROOT_ALIGN (16 * KiB) /* Sv39x4: 2048 entries, four pages, aligned to 16 KiB */

static inline u64 hgatp_value(u64 root_pa, u16 vmid)
{
	return HGATP_MODE_SV39X4 | ((u64)vmid & HGATP_VMID_MASK) << HGATP_VMID_SHIFT |
	       root_pa >> 12;
}
