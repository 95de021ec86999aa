/* aarch64 translation table entry bits (ARM DDI 0487, D8.3), 4 KiB granule. */
#pragma once

#define PTE_VALID     (1UL << 0)
#define PTE_TABLE     (1UL << 1) /* table (levels 0-2) or page (level 3), not block */
#define PTE_ADDR_MASK 0x0000fffffffff000UL
#define PTE_AF        (1UL << 10) /* access flag set: no access-flag faults */
#define PTE_SH_INNER  (3UL << 8)  /* inner shareable: coherent across all CPUs */
#define PTE_XN        (1UL << 54) /* never execute (stage-2: XN[1], for EL1 and EL0) */

/* Stage-1 (EL2 regime) */
#define PTE_ATTRIDX(i)  ((unsigned long)(i) << 2) /* index into MAIR_EL2 */
#define PTE_S1_AP_RW    (1UL << 6)                /* AP[1] is RES1 at EL2 */
#define PTE_S1_AP_RO    (1UL << 7)                /* AP[2]: read-only */
#define MAIR_IDX_NORMAL 0
#define MAIR_IDX_DEVICE 1

/* Stage-2 */
#define PTE_S2_MEMATTR_NORMAL (0xfUL << 2) /* outer and inner write-back */
#define PTE_S2_MEMATTR_DEVICE (0x1UL << 2) /* Device-nGnRE */
#define PTE_S2AP_R            (1UL << 6)
#define PTE_S2AP_W            (1UL << 7)
