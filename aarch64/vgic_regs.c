/* GICv3 register formats for the virtual GIC (see vgic_regs.h). Pure: unit-tested. */
#include "vgic_regs.h"

u64 ich_lr_make(u32 intid, u8 prio, bool hw)
{
	u64 lr = ICH_LR_PENDING | ICH_LR_GROUP1 | (u64)prio << ICH_LR_PRIO_SHIFT | intid;

	if (hw)
		lr |= ICH_LR_HW | (u64)intid << ICH_LR_PINTID_SHIFT;
	return lr;
}

u32 sgi1r_targets(u64 val, u32 self, u32 nr_vcpus, bool *outside)
{
	u32 all = (u32)(BIT(nr_vcpus) - 1);
	u32 list;

	*outside = false;
	if (val & SGI1R_IRM) /* "all but self": the zone's other vCPUs, never another zone */
		return all & ~(u32)BIT(self);
	/* A zone's vCPUs all have Aff3.Aff2.Aff1 = 0.0.0 and Aff0 < 16 (RS = 0). */
	list = val & 0xffff;
	if (SGI1R_AFF1(val) || SGI1R_AFF2(val) || SGI1R_AFF3(val) || SGI1R_RS(val)) {
		*outside = list != 0;
		return 0;
	}
	if (list & ~all)
		*outside = true;
	return list & all;
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
	/* Affinity_Value [63:32] = Aff0 = v; Processor_Number [23:8] = v */
	return (u64)v << 32 | (u64)v << 8 | (v == nr - 1 ? GICR_TYPER_LAST : 0);
}
