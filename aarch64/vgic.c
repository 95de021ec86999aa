/*
 * The GICv3 a zone sees (ARM IHI 0069): its distributor and redistributors, emulated.
 * Nothing of the GIC is in stage-2, so every guest access traps (arch_mmio_emulate). The
 * distributor shows the zone only the SPIs it owns and applies its writes to them on the
 * physical GIC (gic.c); each vCPU gets a redistributor of its own, numbered in the zone.
 * Interrupts reach the guest through virq.c. The riscv64 twin is vplic.c.
 */
#include "console.h"
#include "gic.h"
#include "lib.h"
#include "mmio.h"
#include "platform.h"
#include "sysreg.h"
#include "vgic_regs.h"
#include "virq.h"
#include "zone.h"

/* ---- the emulated distributor: a zone's own SPIs only ---- */

#define GIC_IIDR_ARM 0x43b /* implementer: Arm */
#define GIC_PIDR2_V3 0x3b  /* ArchRev [7:4] = 3: GICv3 */

static bool owned(const struct zone *z, u32 irq)
{
	return irq >= VGIC_NR_PRIVATE && irq < VGIC_NR_IRQS && zone_owns_irq(z, irq);
}

/* The guest routes SPI @irq to vCPU @v: the physical SPI goes to the CPU running it, so
 * it is acknowledged there and injected locally. */
static void route_spi(struct zone *z, u32 irq, u64 v)
{
	gic_spi_route(irq, z->vcpus[v]->arch.cpuid);
}

/* The physical CPU SPI @irq is routed to, if it runs one of @z's vCPUs; else NULL. */
static struct per_cpu *spi_cpu(const struct zone *z, u32 irq)
{
	u64 cpuid = gic_spi_target(irq);

	return cpuid < MAX_CPUS && per_cpus[cpuid].zone == z ? &per_cpus[cpuid] : NULL;
}

/* IROUTER as the guest sees it: the affinity of the vCPU the SPI is routed to. */
static u64 spi_vcpu(const struct zone *z, u32 irq)
{
	struct per_cpu *cpu = spi_cpu(z, irq);

	return cpuid_to_mpidr(cpu ? cpu->vcpu_id : 0);
}

/* An IROUTER write: the vCPU whose affinity it names; "any" (IRM) or none of the zone's
 * means vCPU 0. */
static u32 vcpu_of_irouter(const struct zone *z, u64 val)
{
	u64 aff = val & MPIDR_AFF_MASK, v = mpidr_to_cpuid(aff);

	if ((val & GICD_IROUTER_IRM) || cpuid_to_mpidr(v) != aff || v >= z->nr_vcpus)
		return 0;
	return (u32)v;
}

static u64 gicd_read_irq(struct zone *z, struct gicd_reg r)
{
	u64 val = 0;

	for (u32 i = 0; i < r.count; i++) {
		u32 irq = r.irq + i;
		u64 field = 0;
		if (!owned(z, irq))
			continue; /* another zone's, or none: reads as 0 */
		switch (r.kind) {
		case GICD_REG_GROUP:
			field = 1;
			break;
		case GICD_REG_SETENABLE:
		case GICD_REG_CLRENABLE:
			field = gic_spi_enabled(irq);
			break;
		case GICD_REG_PRIORITY:
			field = gic_spi_priority(irq);
			break;
		case GICD_REG_CONFIG:
			field = gic_spi_config(irq);
			break;
		case GICD_REG_ROUTE:
			field = spi_vcpu(z, irq);
			break;
		default:
			break;
		}
		val |= field << (i * r.width);
	}
	return val;
}

/* Returns true if the write named an interrupt the zone does not own (ignored). */
static bool gicd_write_irq(struct zone *z, struct gicd_reg r, u64 val)
{
	bool ignored = false;

	if (r.kind == GICD_REG_GROUP)
		return false; /* RAO/WI: every interrupt is Group 1, nothing to refuse */

	for (u32 i = 0; i < r.count; i++) {
		u32 irq = r.irq + i;
		u64 field = r.width == 64 ? val : val >> (i * r.width) & (BIT(r.width) - 1);
		bool is_set_clear = r.kind == GICD_REG_SETENABLE || r.kind == GICD_REG_CLRENABLE;
		if (is_set_clear && !field)
			continue; /* a 0 bit in a set/clear register does nothing */
		if (!owned(z, irq)) {
			ignored = true;
			continue;
		}
		switch (r.kind) {
		case GICD_REG_SETENABLE:
			gic_spi_enable(irq, true);
			break;
		case GICD_REG_CLRENABLE:
			gic_spi_enable(irq, false);
			break;
		case GICD_REG_PRIORITY:
			gic_spi_set_priority(irq, (u8)field);
			break;
		case GICD_REG_CONFIG:
			gic_spi_set_config(irq, (u32)field);
			break;
		case GICD_REG_ROUTE:
			route_spi(z, irq, vcpu_of_irouter(z, field));
			break;
		default:
			break;
		}
	}
	return ignored;
}

/* The zone's highest interrupt (0: none), which GICD_TYPER sizes the distributor to. */
static u32 max_irq(const struct zone *z)
{
	u32 max = 0;

	for (int k = 0; k < MAX_IRQS && z->cfg->irqs[k]; k++)
		if (z->cfg->irqs[k] > max)
			max = z->cfg->irqs[k];
	return max;
}

/* The registers that are not per interrupt: control and identification. */
static u64 gicd_read_id(const struct zone *z, u64 off)
{
	switch (off) {
	case GICD_CTLR:
		/* affinity routing only (no GICv2 mode) */
		return z->arch.gicd_ctlr | GICD_CTLR_ARE;
	case GICD_TYPER: /* the zone's interrupts and vCPUs */
		return gicd_typer(max_irq(z), z->nr_vcpus);
	case GICD_IIDR:
		return GIC_IIDR_ARM;
	case GICD_PIDR2:
		return GIC_PIDR2_V3;
	}
	return 0;
}

static void gicd_emulate(struct per_cpu *cpu, struct mmio_access *a, u64 off)
{
	struct zone *z = cpu->zone;
	struct gicd_reg r = gicd_decode(off, a->size);

	if (r.kind == GICD_REG_ROUTE && (off & 7)) /* the upper half of an IROUTER: Aff3 */
		r.kind = GICD_REG_RAZWI;
	switch (r.kind) {
	case GICD_REG_OTHER:
		if (!a->write)
			a->value = gicd_read_id(z, off);
		else if (off == GICD_CTLR) /* RWP never set: writes take effect at once */
			z->arch.gicd_ctlr =
				a->value & (GICD_CTLR_ARE | GICD_CTLR_GRP1 | GICD_CTLR_GRP0);
		break;
	case GICD_REG_RAZWI:
		a->value = 0;
		break;
	default:
		if (!a->write)
			a->value = gicd_read_irq(z, r);
		else if (gicd_write_irq(z, r, a->value))
			cpu->irq_writes_ignored++; /* it named another zone's interrupt */
	}
}

/* ---- the emulated redistributors ----
 *
 * Emulated, not mapped: vCPU i of a zone runs on a physical CPU whose redistributor has
 * another index (the guest expects its own at GICR_BASE + i * stride), and the SGI/PPI
 * state of a physical redistributor is the hypervisor's (its SGIs, the maintenance PPI,
 * the timer it passes through). The guest's enables only decide what gets injected. */

static u64 gicr_read(struct virq_cpu *v, u32 vi, u32 nr, u64 off, u32 size)
{
	if (off >= GICR_IPRIORITYR && off < GICR_IPRIORITYR + VGIC_NR_PRIVATE) {
		u64 val = 0;
		for (u32 i = 0; i < size && off - GICR_IPRIORITYR + i < VGIC_NR_PRIVATE; i++)
			val |= (u64)v->prio[off - GICR_IPRIORITYR + i] << (8 * i);
		return val;
	}
	switch (off) {
	case GICR_IIDR:
		return GIC_IIDR_ARM;
	case GICR_TYPER:
		return size == 8 ? gicr_typer(vi, nr) : (u32)gicr_typer(vi, nr);
	case GICR_TYPER + 4:
		return gicr_typer(vi, nr) >> 32;
	case GICR_WAKER:
		return v->asleep ? WAKER_PSLEEP | WAKER_CASLEEP : 0;
	case GICR_PIDR2:
		return GIC_PIDR2_V3;
	case GICR_IGROUPR0:
		return VGIC_PRIVATE_MASK; /* every SGI and PPI is Group 1 */
	case GICR_ISENABLER0:
	case GICR_ICENABLER0:
		return v->enabled;
	case GICR_ICFGR0:
		return GICR_ICFGR0_SGIS_EDGE;
	case GICR_ICFGR1:
		return v->ppi_config;
	}
	return 0;
}

/* Returns true if the write may have made a pending interrupt deliverable. */
static bool gicr_write(struct virq_cpu *v, u64 off, u32 size, u64 val)
{
	if (off >= GICR_IPRIORITYR && off < GICR_IPRIORITYR + VGIC_NR_PRIVATE) {
		for (u32 i = 0; i < size && off - GICR_IPRIORITYR + i < VGIC_NR_PRIVATE; i++)
			v->prio[off - GICR_IPRIORITYR + i] = (u8)(val >> (8 * i));
		return false;
	}
	switch (off) {
	case GICR_WAKER:
		v->asleep = val & WAKER_PSLEEP;
		return false;
	case GICR_ISENABLER0:
		__atomic_or_fetch(&v->enabled, (u32)val, __ATOMIC_RELEASE);
		return true;
	case GICR_ICENABLER0:
		__atomic_and_fetch(&v->enabled, ~(u32)val, __ATOMIC_RELEASE);
		return false;
	case GICR_ICFGR1:
		v->ppi_config = (u32)val;
		return false;
	}
	return false; /* the rest: write ignored */
}

static bool gicr_emulate(struct per_cpu *cpu, struct mmio_access *a, u64 off)
{
	struct zone *z = cpu->zone;
	u32 vi = (u32)(off / GICR_STRIDE);

	if (vi >= z->nr_vcpus)
		return false; /* past the zone's last redistributor (GICR_TYPER.Last) */
	struct per_cpu *target = z->vcpus[vi];
	struct virq_cpu *v = &target->arch.virq;

	off %= GICR_STRIDE;
	if (!a->write) {
		a->value = gicr_read(v, vi, z->nr_vcpus, off, a->size);
	} else if (gicr_write(v, off, a->size, a->value)) {
		if (target == cpu)
			virq_flush(cpu);
		else if (target->arch.power_on)
			gic_send_sgi(target->arch.cpuid, SGI_KICK);
	}
	return true;
}

/* ---- the zone's GIC from reset ---- */

/* Group enables off; each SPI the zone owns routed to vCPU 0's CPU (so it can never reach
 * another zone's), and left disabled until the guest enables it. */
void arch_zone_init(struct zone *z)
{
	z->arch.gicd_ctlr = 0;
	for (int k = 0; k < MAX_IRQS && z->cfg->irqs[k]; k++)
		route_spi(z, z->cfg->irqs[k], 0);
}

bool arch_mmio_emulate(struct per_cpu *cpu, struct mmio_access *a)
{
	if (a->addr >= GICD_BASE && a->addr < GICD_BASE + GICD_SIZE) {
		gicd_emulate(cpu, a, a->addr - GICD_BASE);
		return true;
	}
	if (a->addr >= GICR_BASE && a->addr < GICR_BASE + MAX_CPUS * GICR_STRIDE)
		return gicr_emulate(cpu, a, a->addr - GICR_BASE);
	return false;
}
