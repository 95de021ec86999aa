/*
 * GICv3 (ARM IHI 0069): just enough for the hypervisor to interrupt another CPU. The
 * distributor is shared; each CPU has a redistributor (two 64 KiB frames) and a system
 * register CPU interface. QEMU virt runs the GIC with a single security state.
 */
#include "arch.h"
#include "console.h"
#include "gic.h"
#include "io.h"
#include "platform.h"
#include "sysreg.h"

#define GICD_CTLR        0x0000
#define GICD_CTLR_RWP    BIT(31) /* register write pending */
#define GICD_CTLR_ARE    BIT(4)  /* affinity routing: required for system register access */
#define GICD_CTLR_GRP1   BIT(1)

#define GICR_STRIDE      0x20000 /* RD_base + SGI_base frame per CPU */
#define GICR_WAKER       0x0014
#define WAKER_PSLEEP     BIT(1)
#define WAKER_CASLEEP    BIT(2)
#define GICR_SGI         0x10000 /* SGI_base frame */
#define GICR_IGROUPR0    (GICR_SGI + 0x0080)
#define GICR_ISENABLER0  (GICR_SGI + 0x0100)

#define ICC_SRE_SRE      BIT(0) /* system register interface */
#define ICC_SRE_ENABLE   BIT(3) /* EL1 may use it too (guests' ICC_SRE_EL1) */

static bool gic_ready;

void gic_init(void)
{
	write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	while (read32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
	gic_ready = true;
}

void gic_init_cpu(u64 cpuid)
{
	u64 rd = GICR_BASE + cpuid * GICR_STRIDE; /* QEMU virt: redistributors in CPU order */

	if (!gic_ready)
		gic_init(); /* the boot CPU comes first; the others see it done */
	/* Wake the redistributor, or it ignores this CPU's interrupts. */
	write32(rd + GICR_WAKER, read32(rd + GICR_WAKER) & ~WAKER_PSLEEP);
	while (read32(rd + GICR_WAKER) & WAKER_CASLEEP)
		;
	write32(rd + GICR_IGROUPR0, read32(rd + GICR_IGROUPR0) | BIT(SGI_WAKEUP));
	write32(rd + GICR_ISENABLER0, BIT(SGI_WAKEUP));

	write_sysreg(ICC_SRE_EL2, ICC_SRE_SRE | ICC_SRE_ENABLE);
	isb();
	write_sysreg(ICC_PMR_EL1, 0xff); /* let every priority through */
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
}

void arch_send_ipi(u64 cpuid)
{
	/* ICC_SGI1R_EL1: INTID [27:24], Aff1 [23:16], target list [15:0] within Aff1 */
	u64 aff0 = cpuid & 0xf, aff1 = cpuid >> 4;

	dsb(ish); /* the request it announces must be visible first */
	write_sysreg(ICC_SGI1R_EL1, (u64)SGI_WAKEUP << 24 | aff1 << 16 | BIT(aff0));
	isb();
}

/* No GIC emulation yet: a zone's access to the distributor or redistributors faults. */
bool arch_mmio_emulate(struct per_cpu *cpu, struct mmio_access *a)
{
	(void)cpu, (void)a;
	return false;
}
