/*
 * The physical GICv3 (ARM IHI 0069): the hypervisor's SGIs between CPUs, the PPIs it
 * passes to guests (virtual timer) or uses (maintenance), and the SPIs zones own. The
 * distributor is shared; each CPU has a redistributor (two 64 KiB frames) and a system
 * register CPU interface. QEMU virt runs the GIC with a single security state. What the
 * guests see is emulated in vgic.c.
 */
#include "arch.h"
#include "console.h"
#include "gic.h"
#include "io.h"
#include "platform.h"
#include "spinlock.h"
#include "sysreg.h"
#include "vgic_regs.h"

/* The distributor's registers of interrupt @n (the map is vgic_regs.h's) */
#define IGROUPR(n)    (GICD_BASE + GICD_IGROUPR + 4 * ((n) / 32))
#define ISENABLER(n)  (GICD_BASE + GICD_ISENABLER + 4 * ((n) / 32))
#define ICENABLER(n)  (GICD_BASE + GICD_ICENABLER + 4 * ((n) / 32))
#define IPRIORITYR(n) (GICD_BASE + GICD_IPRIORITYR + (n))
#define ICFGR(n)      (GICD_BASE + GICD_ICFGR + 4 * ((n) / 16))
#define IROUTER(n)    (GICD_BASE + GICD_IROUTER + 8 * (n))

#define ICC_SRE_SRE    BIT(0) /* system register interface */
#define ICC_SRE_ENABLE BIT(3) /* EL1 may use it too (guests' ICC_SRE_EL1) */
#define ICC_PMR_LOWEST 0xff   /* Priority mask: only priority 0xff, the lowest, is masked */

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
	/* Group 1 (what ICC_IAR1_EL1 acknowledges), enabled: our SGIs, the maintenance
	 * interrupt, and the EL1 timers' PPIs that we pass on to the guest here. */
	u32 ours = BIT(SGI_WAKEUP) | BIT(SGI_KICK) | BIT(PPI_MAINTENANCE) | BIT(PPI_VTIMER) |
		   BIT(PPI_PTIMER);
	write32(rd + GICR_IGROUPR0, read32(rd + GICR_IGROUPR0) | ours);
	write32(rd + GICR_ISENABLER0, ours);

	write_sysreg(ICC_SRE_EL2, ICC_SRE_SRE | ICC_SRE_ENABLE);
	isb();
	/* EOImode 1 (IHI 0069 4.1.1): EOIR only drops priority. A passed-through interrupt
	 * stays active until the guest's EOI deactivates it through the list register's HW
	 * bit; the hypervisor's own interrupts are deactivated with gic_deactivate(). */
	write_sysreg(ICC_CTLR_EL1, read_sysreg(ICC_CTLR_EL1) | ICC_CTLR_EOIMODE);
	write_sysreg(ICC_PMR_EL1, ICC_PMR_LOWEST); /* let every priority through */
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
}

void gic_send_sgi(u64 cpuid, u32 sgi)
{
	/* ICC_SGI1R_EL1: INTID [27:24], Aff1 [23:16], target list [15:0] within Aff1 */
	u64 mpidr = cpuid_to_mpidr(cpuid);

	dsb(ish); /* the request it announces must be visible first */
	write_sysreg(ICC_SGI1R_EL1, (u64)sgi << SGI1R_INTID_SHIFT |
					    MPIDR_AFF1(mpidr) << SGI1R_AFF1_SHIFT |
					    BIT(MPIDR_AFF0(mpidr)));
	isb();
}

u32 gic_ack(void)
{
	u32 intid = ICC_IAR_INTID(read_sysreg(ICC_IAR1_EL1));

	if (intid < GIC_SPURIOUS)
		write_sysreg(ICC_EOIR1_EL1, intid); /* priority drop only (EOImode 1) */
	return intid;
}

void gic_deactivate(u32 intid)
{
	write_sysreg(ICC_DIR_EL1, intid);
	isb();
}

/* ---- SPIs a zone owns, as vgic.c configures them on the guest's behalf ---- */

static u64 read64(u64 addr)
{
	return *(volatile u64 *)addr;
}
static void write64(u64 addr, u64 v)
{
	*(volatile u64 *)addr = v;
}

/* A GICD register word holds several SPIs' fields (IGROUPR 32, ICFGR 16), which may be two
 * zones': a read-modify-write of one, from any CPU, holds this lock. */
static spinlock_t gicd_rmw_lock;

bool gic_spi_enabled(u32 irq)
{
	return read32(ISENABLER(irq)) & BIT(irq % 32);
}

void gic_spi_enable(u32 irq, bool on)
{
	if (on) { /* Group 1, so it reaches EL2 as an IRQ (Group 0 would be an FIQ) */
		spin_lock(&gicd_rmw_lock);
		write32(IGROUPR(irq), read32(IGROUPR(irq)) | BIT(irq % 32));
		spin_unlock(&gicd_rmw_lock);
	}
	write32(on ? ISENABLER(irq) : ICENABLER(irq), BIT(irq % 32));
}

u8 gic_spi_priority(u32 irq)
{
	return read8(IPRIORITYR(irq));
}

void gic_spi_set_priority(u32 irq, u8 prio)
{
	write8(IPRIORITYR(irq), prio); /* byte accessible: no lock */
}

u32 gic_spi_config(u32 irq)
{
	return read32(ICFGR(irq)) >> (2 * (irq % 16)) & 3;
}

void gic_spi_set_config(u32 irq, u32 cfg)
{
	u64 reg = ICFGR(irq);
	u32 shift = 2 * (irq % 16);

	spin_lock(&gicd_rmw_lock);
	write32(reg, (read32(reg) & ~(3U << shift)) | (cfg & 3) << shift);
	spin_unlock(&gicd_rmw_lock);
}

u64 gic_spi_target(u32 irq)
{
	/* IROUTER holds the target's affinity in MPIDR's layout (IRM = 0: one CPU) */
	return mpidr_to_cpuid(read64(IROUTER(irq)) & MPIDR_AFF_MASK);
}

void gic_spi_route(u32 irq, u64 cpuid)
{
	write64(IROUTER(irq), cpuid_to_mpidr(cpuid));
}
