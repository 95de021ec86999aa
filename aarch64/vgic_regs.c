/* GICv3 register formats for the virtual GIC (see vgic_regs.h). Pure: unit-tested. */
#include "vgic_regs.h"

u64 ich_lr_make(u32 intid, u8 prio, bool hw)
{
	u64 lr = ICH_LR_PENDING | ICH_LR_GROUP1 | (u64)prio << ICH_LR_PRIO_SHIFT | intid;

	if (hw)
		lr |= ICH_LR_HW | (u64)intid << ICH_LR_PINTID_SHIFT;
	return lr;
}

/* The affinity bit @n of the target list names: Aff3.Aff2.Aff1 as written, Aff0 = RS * 16 + n. */
static u64 sgi1r_target_mpidr(u64 val, u32 n)
{
	return SGI1R_AFF3(val) << MPIDR_AFF3_SHIFT | SGI1R_AFF2(val) << MPIDR_AFF2_SHIFT |
	       SGI1R_AFF1(val) << MPIDR_AFF1_SHIFT |
	       (SGI1R_RS(val) * SGI1R_TARGET_BITS + n) << MPIDR_AFF0_SHIFT;
}

u32 sgi1r_targets(u64 val, u32 self, u32 nr_vcpus, bool *outside)
{
	u32 all = (u32)(BIT(nr_vcpus) - 1), targets = 0;

	*outside = false;
	if (val & SGI1R_IRM) /* "all but self": the zone's other vCPUs, never another zone */
		return all & ~(u32)BIT(self);
	for (u32 n = 0; n < SGI1R_TARGET_BITS; n++) {
		if (!(SGI1R_TARGET_LIST(val) & BIT(n)))
			continue;
		/* the vCPU with that MPIDR, if the zone has it (the numbering of sysreg.h) */
		u64 mpidr = sgi1r_target_mpidr(val, n), v = mpidr_to_cpuid(mpidr);
		if (cpuid_to_mpidr(v) == mpidr && v < nr_vcpus)
			targets |= (u32)BIT(v);
		else
			*outside = true;
	}
	return targets;
}

/* A register array with @width bits per interrupt starting at @base. */
static struct gicd_reg per_irq(enum gicd_kind kind, u64 off, u64 base, u32 width, u32 size)
{
	struct gicd_reg r = { kind, (u32)((off - base) * 8 / width), width, size * 8 / width };
	return r;
}

struct gicd_reg gicd_decode(u64 off, u32 size)
{
	struct gicd_reg other = { GICD_REG_OTHER, 0, 0, 0 };

	if (off >= GICD_IGROUPR && off < GICD_IGROUPR + 0x80)
		return per_irq(GICD_REG_GROUP, off, GICD_IGROUPR, 1, size);
	if (off >= GICD_ISENABLER && off < GICD_ISENABLER + 0x80)
		return per_irq(GICD_REG_SETENABLE, off, GICD_ISENABLER, 1, size);
	if (off >= GICD_ICENABLER && off < GICD_ICENABLER + 0x80)
		return per_irq(GICD_REG_CLRENABLE, off, GICD_ICENABLER, 1, size);
	if (off >= GICD_ICENABLER + 0x80 && off < GICD_IPRIORITYR)
		return per_irq(GICD_REG_RAZWI, off, 0x200, 1, size); /* pending, active */
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400)
		return per_irq(GICD_REG_PRIORITY, off, GICD_IPRIORITYR, 8, size);
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100)
		return per_irq(GICD_REG_CONFIG, off, GICD_ICFGR, 2, size);
	if (off >= GICD_IROUTER + 8 * 32 && off < GICD_IROUTER + 8 * VGIC_NR_IRQS) {
		struct gicd_reg r = { GICD_REG_ROUTE, (u32)((off - GICD_IROUTER) / 8), 64, 1 };
		return r;
	}
	return other;
}

u64 gicr_typer(u32 v, u32 nr)
{
	/* MPIDR's Aff2.Aff1.Aff0 [23:0] are where Affinity_Value has them (only Aff3 is not,
	 * and cpuid_to_mpidr() leaves it 0) */
	return cpuid_to_mpidr(v) << GICR_TYPER_AFF_SHIFT | (u64)v << GICR_TYPER_PROC_NUM_SHIFT |
	       (v == nr - 1 ? GICR_TYPER_LAST : 0);
}

u32 gicd_typer(u32 max_irq, u32 nr)
{
	u32 lines = max_irq / 32 + 1; /* 32-INTID blocks up to @max_irq's */

	if (lines < 2)
		lines = 2;
	if (lines > BIT(VGIC_INTID_BITS) / 32)
		lines = BIT(VGIC_INTID_BITS) / 32;
	return (u32)(GICD_TYPER_ITLINES(lines * 32) | GICD_TYPER_IDBITS(VGIC_INTID_BITS) |
		     (nr - 1) << GICD_TYPER_CPUS_SHIFT);
}
