/*
 * GICv3 register formats the virtual GIC needs (ARM IHI 0069): list register values, the
 * guest's SGI generation register, the emulated distributor's register map. Pure: no
 * hardware access, unit-tested on the host (tests/unit/test_aarch64_vgic.c).
 */
#pragma once

#include "sysreg.h"
#include "types.h"

#define VGIC_NR_IRQS       1020 /* INTIDs 0..1019: SGIs 0-15, PPIs 16-31, SPIs 32-1019 */
#define VGIC_NR_SGIS       16   /* SGIs 0-15: virtual only; PPIs and SPIs from 16 are physical */
#define VGIC_NR_PRIVATE    32   /* SGIs and PPIs: one set per vCPU, in its redistributor */
#define VGIC_PRIVATE_MASK  ((u32)(BIT(VGIC_NR_PRIVATE) - 1)) /* one bit per SGI and PPI */
#define VGIC_INTID_BITS    10                         /* INTIDs 0..1023 (1020-1023 special) */
#define VIRQ_PENDING_WORDS ((VGIC_NR_IRQS + 63) / 64) /* a bitmap of every INTID */

/* ICH_LR<n>_EL2 (IHI 0069 12.4.6) */
#define ICH_LR_VINTID(lr)   ((u32)(lr)&0xffffffff)
#define ICH_LR_PINTID_SHIFT 32      /* [41:32]: the physical INTID the guest's EOI deactivates */
#define ICH_LR_PRIO_SHIFT   48      /* [55:48] */
#define ICH_LR_GROUP1       BIT(60) /* Group 1: what ICC_IAR1_EL1 acknowledges */
#define ICH_LR_HW           BIT(61) /* backed by a physical interrupt (pINTID) */
#define ICH_LR_PENDING      BIT(62) /* state [63:62]: 01 pending, 10 active */
#define ICH_LR_ACTIVE       BIT(63)

/* A list register that makes @intid pending in the guest at @prio. With @hw the guest's
 * deactivation also deactivates physical @intid (the timer PPI, an owned SPI). */
u64 ich_lr_make(u32 intid, u8 prio, bool hw);

/* ICC_SGI1R_EL1 (IHI 0069 12.2.22) as written by vCPU @self of a zone of @nr_vcpus: the
 * mask of vCPUs it targets, in the zone's numbering (vCPU v has the MPIDR
 * cpuid_to_mpidr(v), which VMPIDR_EL2 gives it: sysreg.h, cpu.c). @outside is set when the
 * write named a CPU that is not in the zone (it is ignored). */
#define SGI1R_TARGET_BITS    16 /* TargetList [15:0]: Aff0 = RS * 16 + n for bit n */
#define SGI1R_TARGET_LIST(v) ((v) & (BIT(SGI1R_TARGET_BITS) - 1))
#define SGI1R_AFF2_SHIFT     32
#define SGI1R_RS_SHIFT       44
#define SGI1R_AFF3_SHIFT     48
#define SGI1R_INTID(v)       (((v) >> SGI1R_INTID_SHIFT) & 0xf) /* INTID [27:24]: SGI 0-15 */
#define SGI1R_AFF1(v)        (((v) >> SGI1R_AFF1_SHIFT) & MPIDR_AFF_FIELD)
#define SGI1R_AFF2(v)        (((v) >> SGI1R_AFF2_SHIFT) & MPIDR_AFF_FIELD)
#define SGI1R_AFF3(v)        (((v) >> SGI1R_AFF3_SHIFT) & MPIDR_AFF_FIELD)
#define SGI1R_IRM            BIT(40)                         /* every PE but the sender */
#define SGI1R_RS(v)          (((v) >> SGI1R_RS_SHIFT) & 0xf) /* RS [47:44] */
u32 sgi1r_targets(u64 val, u32 self, u32 nr_vcpus, bool *outside);

/* The distributor's registers (IHI 0069 12.9), and how an access at an offset maps onto
 * interrupts: register @kind, first INTID @irq, @width bits per interrupt. */
#define GICD_CTLR        0x0000
#define GICD_CTLR_GRP0   BIT(0)
#define GICD_CTLR_GRP1   BIT(1)
#define GICD_CTLR_ARE    BIT(4)  /* affinity routing: required for system register access */
#define GICD_CTLR_RWP    BIT(31) /* register write pending */
#define GICD_TYPER       0x0004
#define GICD_IIDR        0x0008
#define GICD_IGROUPR     0x0080
#define GICD_ISENABLER   0x0100
#define GICD_ICENABLER   0x0180
#define GICD_IPRIORITYR  0x0400
#define GICD_ICFGR       0x0c00
#define GICD_IROUTER     0x6000
#define GICD_IROUTER_IRM BIT(31) /* Interrupt_Routing_Mode: any CPU; else the affinity below */
#define GICD_PIDR2       0xffe8
#define GICD_SIZE        0x10000

/* GICD_TYPER (IHI 0069 12.9.38) */
#define GICD_TYPER_ITLINES(nr)  ((nr) / 32 - 1)    /* ITLinesNumber [4:0]: 32 * (N + 1) INTIDs */
#define GICD_TYPER_CPUS_SHIFT   5                  /* CPUNumber [7:5]: the PEs, minus 1 */
#define GICD_TYPER_IDBITS(bits) (((bits)-1) << 19) /* IDbits [23:19]: INTID bits, minus 1 */

/* A redistributor (IHI 0069 12.10, 12.11): two 64 KiB frames per CPU, RD_base then SGI_base. */
#define GICR_STRIDE     0x20000
#define GICR_CTLR       0x0000
#define GICR_IIDR       0x0004
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014
#define WAKER_PSLEEP    BIT(1)
#define WAKER_CASLEEP   BIT(2)
#define GICR_PIDR2      0xffe8
#define GICR_SGI        0x10000
#define GICR_IGROUPR0   (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)
#define GICR_ICFGR0     (GICR_SGI + 0x0c00)
#define GICR_ICFGR1     (GICR_SGI + 0x0c04)
/* ICFGR0: 2 bits per SGI, Int_config 0b10 = edge-triggered, which every SGI is */
#define GICR_ICFGR0_SGIS_EDGE 0xaaaaaaaaU

enum gicd_kind {
	GICD_REG_OTHER,     /* CTLR, TYPER, ids, or reserved: not per interrupt */
	GICD_REG_GROUP,     /* IGROUPR: RAO/WI, every interrupt is Group 1 */
	GICD_REG_SETENABLE, /* ISENABLER */
	GICD_REG_CLRENABLE, /* ICENABLER */
	GICD_REG_PRIORITY,  /* IPRIORITYR */
	GICD_REG_CONFIG,    /* ICFGR */
	GICD_REG_ROUTE,     /* IROUTER */
	GICD_REG_RAZWI,     /* pending/active/... state: not emulated, reads 0 */
};

struct gicd_reg {
	enum gicd_kind kind;
	u32 irq;   /* first interrupt the access covers */
	u32 width; /* bits per interrupt in the register */
	u32 count; /* interrupts the access covers */
};

/* Which interrupts an access of @size bytes at distributor offset @off touches. */
struct gicd_reg gicd_decode(u64 off, u32 size);

/* GICR_TYPER of vCPU @v of @nr (IHI 0069 12.11.39): its affinity is the vCPU's MPIDR
 * (cpuid_to_mpidr(v), as for the SGIs above), Last on the zone's last vCPU, so a guest
 * walking the redistributors stops there. */
#define GICR_TYPER_LAST           BIT(4)
#define GICR_TYPER_PROC_NUM_SHIFT 8  /* Processor_Number [23:8] */
#define GICR_TYPER_AFF_SHIFT      32 /* Affinity_Value [63:32]: Aff3.Aff2.Aff1.Aff0 */
u64 gicr_typer(u32 v, u32 nr);

/* GICD_TYPER of a zone of @nr vCPUs whose highest INTID is @max_irq (0: it owns none):
 * ITLinesNumber covers INTIDs up to @max_irq, rounded up to a multiple of 32, and at least
 * SPIs 32..63 (ITLinesNumber 1), so a guest configures only the lines its zone can have
 * instead of all 988; IDbits is 10 bits, CPUNumber the zone's vCPUs. */
u32 gicd_typer(u32 max_irq, u32 nr);
