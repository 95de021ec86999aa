/*
 * aarch64 system registers: one-line accessors and the bits minivisor uses, named as in
 * the Arm Architecture Reference Manual (ARM DDI 0487), each with why it is set.
 */
#pragma once

#ifndef __ASSEMBLER__
#include "types.h"

#define read_sysreg(r)                                       \
	({                                                   \
		u64 __v;                                     \
		__asm__ volatile("mrs %0, " #r : "=r"(__v)); \
		__v;                                         \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((u64)(v)))
#define isb()              __asm__ volatile("isb" ::: "memory")
#define dsb(opt)           __asm__ volatile("dsb " #opt ::: "memory")
#endif

/*
 * MPIDR_EL1 and the one mapping between a CPU number and its affinity. QEMU virt puts 16
 * CPUs in a cluster (the GICv3 SGI target list is 16 wide): Aff0 = cpu % 16, Aff1 = cpu / 16.
 * A zone numbers its vCPUs the same way (VMPIDR_EL2, cpu.c). boot.S computes
 * mpidr_to_cpuid() in assembly, from these fields.
 */
#define MPIDR_RES1       (1UL << 31)
#define MPIDR_AFF0_SHIFT 0
#define MPIDR_AFF1_SHIFT 8
#define MPIDR_AFF2_SHIFT 16
#define MPIDR_AFF3_SHIFT 32
#define MPIDR_AFF_BITS   8                             /* each affinity field is a byte */
#define MPIDR_AFF_FIELD  ((1UL << MPIDR_AFF_BITS) - 1) /* one field, shifted down */
#define MPIDR_AFF0(m)    (((m) >> MPIDR_AFF0_SHIFT) & MPIDR_AFF_FIELD)
#define MPIDR_AFF1(m)    (((m) >> MPIDR_AFF1_SHIFT) & MPIDR_AFF_FIELD)
#define MPIDR_AFF_MASK   0xff00ffffffUL /* Aff3 [39:32], Aff2 [23:16], Aff1, Aff0 */
#define CPUS_PER_CLUSTER 16
#define CLUSTER_SHIFT    4 /* log2(CPUS_PER_CLUSTER), for boot.S */

/* HCR_EL2: how the guest at EL1 is confined */
#define HCR_VM   (1UL << 0)  /* stage-2 translation on: the zone sees only its GPM */
#define HCR_SWIO (1UL << 1)  /* set/way invalidate becomes clean+invalidate (no data loss) */
#define HCR_FMO  (1UL << 3)  /* physical FIQs go to EL2 */
#define HCR_IMO  (1UL << 4)  /* physical IRQs go to EL2: the hypervisor owns interrupts */
#define HCR_AMO  (1UL << 5)  /* SErrors go to EL2: a guest's SError stops its zone only */
#define HCR_TSC  (1UL << 19) /* SMC traps to EL2: PSCI is answered by the hypervisor */
#define HCR_RW   (1UL << 31) /* EL1 is AArch64 */
/* Pointer authentication is the guest's (Arm ARM DDI 0487, HCR_EL2, fields APK and API):
 * APK [40] 1: its key registers (APIAKeyLo_EL1, ...) do not trap (EC 0x18); API [41] 1: nor
 * do its PAC/AUT instructions (EC 0x09). RES0 without FEAT_PAuth: set only with it. */
#define HCR_APK (1UL << 40)
#define HCR_API (1UL << 41)

/* SPSR_EL2 for entering a guest: EL1 with its own stack, interrupts masked */
#define SPSR_M    0xfUL /* M[3:0]: the exception level and stack the exception came from */
#define SPSR_EL0T 0x0UL
#define SPSR_EL1H 0x5UL
#define SPSR_DAIF (0xfUL << 6)
#define SPSR_SSBS BIT(12) /* FEAT_SSBS */
#define SPSR_PAN  BIT(22) /* FEAT_PAN */
/* SCTLR_EL1 bits that decide PSTATE on an exception to EL1 (RES1 / RES0 without them) */
#define SCTLR_EL1_SPAN  BIT(23) /* 0: PAN is set on taking an exception to EL1 */
#define SCTLR_EL1_DSSBS BIT(44) /* PSTATE.SSBS on taking an exception to EL1 */

/* CurrentEL: the exception level the CPU runs at, in bits [3:2] */
#define CURRENTEL_EL2 (2 << 2)

/* SCTLR_EL2 */
#define SCTLR_EL2_RES1 0x30c50830UL
#define SCTLR_M        (1UL << 0)  /* MMU on */
#define SCTLR_C        (1UL << 2)  /* data cache on */
#define SCTLR_SA       (1UL << 3)  /* SP alignment check: catches a corrupted hypervisor stack */
#define SCTLR_I        (1UL << 12) /* instruction cache on */
#define SCTLR_WXN      (1UL << 19) /* writable means execute-never, whatever the tables say */

/* VBAR_EL1: a vector table is 2 KiB (16 entries of 0x80) */
#define VECTOR_TABLE_SIZE 0x800
/* Where in a vector table a synchronous exception enters (Arm ARM D1.10.2): taken to EL1
 * from EL1 on SP_EL0 (EL1t), from EL1 on SP_EL1 (EL1h), from EL0 in AArch64 */
#define VECTOR_SYNC_CUR_SP0 0x000
#define VECTOR_SYNC_CUR_SPX 0x200
#define VECTOR_SYNC_LOW_A64 0x400

/* SCTLR_EL1 after reset: RES1 bits only, MMU and caches off (what a guest expects) */
#define SCTLR_EL1_RESET 0x30d00800UL

/* TCR_EL2 (EL2 without VHE) */
#define TCR_EL2_RES1   ((1UL << 31) | (1UL << 23))
#define TCR_T0SZ(bits) (64UL - (bits))
#define TCR_IRGN0_WBWA (1UL << 8)
#define TCR_ORGN0_WBWA (1UL << 10)
#define TCR_SH0_INNER  (3UL << 12)
#define TCR_PS_SHIFT   16

/* VTCR_EL2: stage-2 of 39-bit IPAs, 4 KiB granule, walk starts at level 1 */
#define VTCR_RES1       (1UL << 31)
#define VTCR_T0SZ(bits) (64UL - (bits))
#define VTCR_SL0_L1     (1UL << 6)
#define VTCR_IRGN0_WBWA (1UL << 8)
#define VTCR_ORGN0_WBWA (1UL << 10)
#define VTCR_SH0_INNER  (3UL << 12)
#define VTCR_PS_SHIFT   16
#define GPM_IPA_BITS    39

/* VTTBR_EL2: the VMID that tags the stage-2 TLB entries, above the table's address */
#define VTTBR_VMID_SHIFT 48

/* ID_AA64MMFR0_EL1.PARange [3:0]: the CPU's physical address size, in the encoding
 * TCR_EL2.PS and VTCR_EL2.PS take. 5 (48 bits) is the most a 4 KiB granule reaches
 * without FEAT_LPA: a larger PARange is capped there (pa_range()). */
#define ID_AA64MMFR0_PARANGE(r) ((r)&0xf)
#define PARANGE_48BITS          5

/* PMCR_EL0.N [15:11]: how many event counters; MDCR_EL2.HPMN [4:0] hands them to EL1 */
#define PMCR_N(r) (((r) >> 11) & 0x1f)

/* MAIR_EL2: index 0 = 0xff normal write-back read/write-allocate, 1 = 0x04 Device-nGnRE */
#define MAIR_EL2_VALUE (0xffUL | (0x04UL << 8))

/* CPTR_EL2 with HCR_EL2.E2H 0 (Arm ARM DDI 0487, CPTR_EL2): the RES1 bits [13:12], [9:0],
 * with TFP [10] clear, so guests use FP/SIMD without trapping (EC 0x07). TZ [8] is cleared
 * too where FEAT_SVE is (it is RES1 without): guests use SVE without trapping (EC 0x19). */
#define CPTR_EL2_RES1 0x33ffUL
#define CPTR_EL2_TZ   (1UL << 8)

/* ZCR_EL2 (Arm ARM DDI 0487, ZCR_EL2, field LEN), written by its encoding S3_4_C1_C2_0 (the assembler
 * knows no SVE names under -march=armv8-a): LEN [3:0] caps the vector length of EL1 and EL0
 * at (LEN + 1) * 128 bits; all ones lets the guest have every length the CPU implements (it
 * picks its own in ZCR_EL1). */
#define ZCR_LEN_MAX 0xfUL

/* ID_AA64PFR0_EL1.SVE [35:32] (Arm ARM DDI 0487, ID_AA64PFR0_EL1): nonzero with FEAT_SVE */
#define ID_AA64PFR0_SVE(r) (((r) >> 32) & 0xf)
/* FEAT_PAuth (Arm ARM DDI 0487, ID_AA64ISAR1_EL1 and ID_AA64ISAR2_EL1): any of ISAR1.APA
 * [7:4], API [11:8] (address authentication, QARMA5 / IMPLEMENTATION DEFINED) or ISAR2.APA3
 * [15:12] (QARMA3) nonzero. ID_AA64ISAR2_EL1 by its encoding, S3_0_C0_C6_2 (an armv8-a
 * assembler lacks the name); it reads 0 on CPUs older than it. */
#define ID_AA64ISAR1_PAUTH(r) ((r)&0xff0UL)
#define ID_AA64ISAR2_PAUTH(r) ((r)&0xf000UL)

/* CNTHCTL_EL2: the guest may read the physical counter and use the physical timer */
#define CNTHCTL_EL1PCTEN (1UL << 0)
#define CNTHCTL_EL1PCEN  (1UL << 1)

/* CNTV_CTL_EL0 / CNTP_CTL_EL0 (Arm ARM, "The Generic Timer"): the timer's output line is up while it is
 * enabled, not masked, and its condition is met */
#define CNT_CTL_ENABLE  (1UL << 0)
#define CNT_CTL_IMASK   (1UL << 1)
#define CNT_CTL_ISTATUS (1UL << 2)

/* ESR_EL2 */
#define ESR_EC_SHIFT    26
#define ESR_EC_NR       64 /* EC [31:26]: 6 bits, 64 exception classes */
#define ESR_EC(esr)     (((esr) >> ESR_EC_SHIFT) & (ESR_EC_NR - 1))
#define ESR_IL          (1UL << 25) /* 32-bit instruction */
#define ESR_ISS(esr)    ((esr)&0x1ffffff)
#define ESR_EC_UNKNOWN  0x00
#define ESR_EC_WFX      0x01
#define ESR_EC_FP       0x07
#define ESR_EC_HVC64    0x16
#define ESR_EC_SMC64    0x17
#define ESR_EC_SYSREG   0x18
#define ESR_EC_IABT_LOW 0x20
#define ESR_EC_IABT_CUR 0x21
#define ESR_EC_PC_ALIGN 0x22
#define ESR_EC_DABT_LOW 0x24
#define ESR_EC_DABT_CUR 0x25
#define ESR_EC_SP_ALIGN 0x26
#define ESR_EC_SERROR   0x2f
#define ESR_EC_BRK      0x3c

/* HPFAR_EL2: FIPA [39:4] holds bits [47:12] of the faulting IPA of a stage-2 abort */
#define HPFAR_FIPA_SHIFT 4
#define HPFAR_FIPA_MASK  0xfffffffffUL /* 36 bits */
#define HPFAR_FIPA(h)    (((h) >> HPFAR_FIPA_SHIFT) & HPFAR_FIPA_MASK)

/* Data/instruction abort ISS */
#define ISS_ISV           (1UL << 24)            /* the fields below are valid */
#define ISS_SAS(iss)      (((iss) >> 22) & 3)    /* access size: 1 << SAS bytes */
#define ISS_SSE           (1UL << 21)            /* sign-extend the loaded value */
#define ISS_SRT(iss)      (((iss) >> 16) & 0x1f) /* the register transferred */
#define ISS_SF            (1UL << 15) /* ... is 64-bit (an X register), not a W register */
#define ISS_WNR           (1UL << 6)  /* write, not read */
#define ISS_FSC(iss)      ((iss)&0x3f)
#define FSC_TYPE(fsc)     ((fsc)&0x3c)
#define FSC_TRANSLATION   0x04
#define FSC_ACCESS_FLAG   0x08
#define FSC_PERMISSION    0x0c
#define FSC_SYNC_EXTERNAL 0x10        /* synchronous external abort, not on a table walk */
#define FSC_SYNC_EXT_WALK 0x14        /* the same on a table walk: + the level (0-3) */
#define ISS_S1PTW         BIT(7)      /* the fault was on the stage-1 table walk */
#define ESR_IL            (1UL << 25) /* a 32-bit instruction */

/* GICv3 system registers by encoding (binutils knows most names; these keep it simple) */
#define ICC_SRE_EL2       S3_4_C12_C9_5
#define ICC_IAR1_EL1      S3_0_C12_C12_0
#define ICC_EOIR1_EL1     S3_0_C12_C12_1
#define ICC_PMR_EL1       S3_0_C4_C6_0
#define ICC_IGRPEN1_EL1   S3_0_C12_C12_7
#define ICC_SGI1R_EL1     S3_0_C12_C11_5 /* INTID [27:24], Aff1 [23:16], target list [15:0] */
#define SGI1R_INTID_SHIFT 24
#define SGI1R_AFF1_SHIFT  16
#define ICC_DIR_EL1       S3_0_C12_C11_1 /* deactivate (EOImode = 1) */
#define ICC_CTLR_EL1      S3_0_C12_C12_4
#define ICC_CTLR_EOIMODE  (1UL << 1)     /* EOIR drops priority only; ICC_DIR_EL1 deactivates */
#define ICC_IAR_INTID(r)  ((r)&0xffffff) /* ICC_IAR1_EL1: the INTID acknowledged [23:0] */

/* GICv3 virtual CPU interface control (ARM IHI 0069, 12.4: ICH_* registers) */
#define ICH_AP0R0_EL2         S3_4_C12_C8_0
#define ICH_AP1R0_EL2         S3_4_C12_C9_0
#define ICH_HCR_EL2           S3_4_C12_C11_0
#define ICH_VTR_EL2           S3_4_C12_C11_1
#define ICH_ELRSR_EL2         S3_4_C12_C11_5 /* bit n: list register n is empty */
#define ICH_VMCR_EL2          S3_4_C12_C11_7
#define ICH_HCR_EN            (1UL << 0) /* virtual CPU interface on */
#define ICH_HCR_UIE           (1UL << 1) /* maintenance IRQ when at most one LR is valid: refill */
#define ICH_VTR_LISTREGS(vtr) (((vtr)&0x1f) + 1)

/* MSR/MRS trap ISS (EC 0x18, ARM DDI 0487 D17.2.37): the register, Rt, direction */
#define ISS_SYSREG_READ    (1UL << 0)
#define ISS_SYSREG_RT(iss) (((iss) >> 5) & 0x1f)
#define ISS_SYSREG_MASK    (~((0x1fUL << 5) | ISS_SYSREG_READ) & 0x1ffffff)
#define ISS_SYSREG(op0, op1, crn, crm, op2)                                          \
	((u64)(op0) << 20 | (u64)(op2) << 17 | (u64)(op1) << 14 | (u64)(crn) << 10 | \
	 (u64)(crm) << 1)
#define ISS_ICC_SGI1R_EL1 ISS_SYSREG(3, 0, 12, 11, 5)

#ifndef __ASSEMBLER__
static inline u64 cpuid_to_mpidr(u64 cpuid)
{
	return (cpuid / CPUS_PER_CLUSTER) << MPIDR_AFF1_SHIFT | (cpuid % CPUS_PER_CLUSTER);
}

static inline u64 mpidr_to_cpuid(u64 mpidr)
{
	return MPIDR_AFF1(mpidr) * CPUS_PER_CLUSTER + MPIDR_AFF0(mpidr);
}

/* The PARange both TCR_EL2.PS (mmu.c) and VTCR_EL2.PS (cpu.c) are given. */
static inline u64 pa_range(void)
{
	u64 r = ID_AA64MMFR0_PARANGE(read_sysreg(id_aa64mmfr0_el1));

	return r > PARANGE_48BITS ? PARANGE_48BITS : r;
}
#endif
