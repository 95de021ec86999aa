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
#include "platform.h"
#include "sysreg.h"
#include "vgic_regs.h"
#include "virq.h"
#include "zone.h"

static u32 gicd_ctlr[MAX_ZONES];

/* ---- the emulated distributor: a zone's own SPIs only ---- */

#define GICD_CTLR_ARE  BIT(4)
#define GICD_CTLR_GRP1 BIT(1)
#define GICD_CTLR_GRP0 BIT(0)
#define GIC_IIDR_ARM   0x43b   /* implementer: Arm */
#define GIC_PIDR2_V3   0x3b    /* ArchRev [7:4] = 3: GICv3 */
#define GICD_TYPER_VALUE (31 | 9 << 19) /* ITLinesNumber 31: 1024 INTIDs; IDbits 9: 10 bits */

static bool owned(const struct zone *z, u32 irq)
{
	return irq >= VGIC_NR_PRIVATE && irq < VGIC_NR_IRQS && zone_owns_irq(z, irq);
}

/* The guest routes SPI @irq to vCPU @v: the physical SPI goes to the CPU running it, so
 * it is acknowledged there and injected locally. */
static void route_spi(struct zone *z, u32 irq, u64 v)
{
	gic_spi_route(irq, z->vcpus[v]->id);
}

/* The physical CPU SPI @irq is routed to, if it runs one of @z's vCPUs; else NULL. */
static struct per_cpu *spi_cpu(const struct zone *z, u32 irq)
{
	u64 cpuid = gic_spi_target(irq);

	return cpuid < MAX_CPUS && per_cpus[cpuid].zone == z ? &per_cpus[cpuid] : NULL;
}

/* The vCPU an SPI is routed to, in the zone's numbering (IROUTER reads). */
static u64 spi_vcpu(const struct zone *z, u32 irq)
{
	struct per_cpu *cpu = spi_cpu(z, irq);

	return cpu ? cpu->vcpu_id : 0;
}

static void set_enable(struct zone *z, u32 irq, bool on)
{
	/* Until the guest routes it, an SPI goes to vCPU 0, never to another zone's CPU. */
	if (on && !spi_cpu(z, irq))
		route_spi(z, irq, 0);
	gic_spi_enable(irq, on);
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
			set_enable(z, irq, true);
			break;
		case GICD_REG_CLRENABLE:
			set_enable(z, irq, false);
			break;
		case GICD_REG_PRIORITY:
			gic_spi_set_priority(irq, (u8)field);
			break;
		case GICD_REG_CONFIG:
			gic_spi_set_config(irq, (u32)field);
			break;
		case GICD_REG_ROUTE:
			/* Aff0 names the vCPU; IRM (bit 31, "any") means vCPU 0 here */
			if ((field & BIT(31)) || (field & 0xff) >= z->nr_vcpus || (field >> 8 & 0xffff) ||
			    (field >> 32 & 0xff))
				route_spi(z, irq, 0);
			else
				route_spi(z, irq, field & 0xff);
			break;
		default:
			break;
		}
	}
	return ignored;
}

/* The registers that are not per interrupt: control and identification. */
static u64 gicd_read_id(const struct zone *z, u32 zi, u64 off)
{
	switch (off) {
	case GICD_CTLR:
		return gicd_ctlr[zi] | GICD_CTLR_ARE; /* affinity routing only (no GICv2 mode) */
	case GICD_TYPER: /* CPUNumber [7:5]: the zone's vCPUs */
		return GICD_TYPER_VALUE | (z->nr_vcpus - 1) << 5;
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
	u32 zi = (u32)(z - zones);
	struct gicd_reg r = gicd_decode(off, a->size);

	if (r.kind == GICD_REG_ROUTE && (off & 7)) /* the upper half of an IROUTER: Aff3 */
		r.kind = GICD_REG_RAZWI;
	switch (r.kind) {
	case GICD_REG_OTHER:
		if (!a->write)
			a->value = gicd_read_id(z, zi, off);
		else if (off == GICD_CTLR) /* RWP never set: writes take effect at once */
			gicd_ctlr[zi] = a->value & (GICD_CTLR_ARE | GICD_CTLR_GRP1 | GICD_CTLR_GRP0);
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
		return 0xffffffff; /* all Group 1 */
	case GICR_ISENABLER0:
	case GICR_ICENABLER0:
		return v->enabled;
	case GICR_ICFGR0:
		return 0xaaaaaaaa; /* SGIs are edge-triggered */
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
	struct virq_cpu *v = &vgic_cpus[target->id];

	off %= GICR_STRIDE;
	if (!a->write) {
		a->value = gicr_read(v, vi, z->nr_vcpus, off, a->size);
	} else if (gicr_write(v, off, a->size, a->value)) {
		if (target == cpu)
			virq_flush(cpu);
		else if (target->running)
			gic_send_sgi(target->id, SGI_KICK);
	}
	return true;
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
