/*
 * The virtual GICv3 (ARM IHI 0069 chapter 6, "Virtual interrupt handling"). A zone's
 * vCPUs use the real CPU interface's virtual half: ICC_* system registers at EL1 go to
 * the ICH_* state the hypervisor loads, and interrupts reach the guest through the list
 * registers (ICH_LR<n>_EL2). What does not fit in the list registers waits on the vCPU's
 * pending list, refilled on the maintenance interrupt (ICH_HCR_EL2.UIE) and on exits.
 *
 * The distributor and redistributors are emulated (nothing of the GIC is in stage-2):
 * a zone sees only the SPIs it owns, and vCPU-numbered redistributors.
 *
 * Locking: each vCPU's pending list has its own lock, held for a few instructions; the
 * list registers are only ever touched by the CPU that runs the vCPU. Nothing is shared
 * between zones, so a zone flooding interrupts only keeps its own CPUs busy.
 */
#include "console.h"
#include "gic.h"
#include "lib.h"
#include "platform.h"
#include "sysreg.h"
#include "vgic.h"
#include "vgic_regs.h"
#include "zone.h"

#define PENDING_WORDS ((VGIC_NR_IRQS + 63) / 64)
#define MAX_LRS 8

/* One per physical CPU: the virtual GIC state of the vCPU it runs (1:1). */
struct vgic_cpu {
	spinlock_t lock;            /* pending[]: other CPUs inject into it */
	u64 pending[PENDING_WORDS]; /* waiting for a list register, one bit per INTID */
	volatile u32 enabled;       /* SGIs/PPIs enabled in its redistributor (ISENABLER0) */
	u8 prio[VGIC_NR_PRIVATE];   /* their priorities (IPRIORITYR0-7) */
	u32 ppi_config;             /* ICFGR1 as the guest wrote it */
	bool asleep;                /* GICR_WAKER.ProcessorSleep */
	bool parked;
};

static struct vgic_cpu vgic_cpus[MAX_CPUS];
static u32 nr_lrs; /* ICH_VTR_EL2.ListRegs + 1: 4 on QEMU */
static u32 gicd_ctlr[MAX_ZONES];

/* ---- list registers ---- */

#define LR_CASE(n)                                           \
	case n:                                              \
		if (write)                                   \
			write_sysreg(S3_4_C12_C12_##n, val); \
		else                                         \
			val = read_sysreg(S3_4_C12_C12_##n); \
		break;

/* ICH_LR<n>_EL2 by number: the register is named in the instruction. */
static u64 lr_access(u32 n, bool write, u64 val)
{
	switch (n) {
	LR_CASE(0) LR_CASE(1) LR_CASE(2) LR_CASE(3)
	LR_CASE(4) LR_CASE(5) LR_CASE(6) LR_CASE(7)
	}
	return val;
}
#define lr_read(n)     lr_access(n, false, 0)
#define lr_write(n, v) lr_access(n, true, v)

void vgic_init_cpu(void)
{
	nr_lrs = ICH_VTR_LISTREGS(read_sysreg(ICH_VTR_EL2));
	if (nr_lrs > MAX_LRS)
		nr_lrs = MAX_LRS;
	/* The refill trigger, UIE, fires while at most one LR is valid: with a single LR it
	 * would fire for good. GICv3 CPUs have 4 (cortex-a72 and QEMU do). */
	if (nr_lrs < 2)
		panic("vgic_init_cpu: %u list register(s); the pending-list refill needs 2", nr_lrs);
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
}

/* ---- the pending list ---- */

static bool is_pending(const struct vgic_cpu *v, u32 intid)
{
	return v->pending[intid / 64] & BIT(intid % 64);
}

static void clear_pending(struct vgic_cpu *v, u32 intid)
{
	v->pending[intid / 64] &= ~BIT(intid % 64);
}

/* The lowest pending INTID the guest can take now, or -1. SGIs and PPIs wait while
 * disabled in the redistributor; SPIs are gated by the physical distributor already. */
static int next_deliverable(const struct vgic_cpu *v)
{
	for (u32 w = 0; w < PENDING_WORDS; w++) {
		u64 bits = v->pending[w];
		if (w == 0)
			bits &= v->enabled | ~0xffffffffUL;
		if (bits)
			return (int)(w * 64 + __builtin_ctzl(bits));
	}
	return -1;
}

/* PPIs and SPIs are physical interrupts passed through: the guest's EOI deactivates the
 * physical one (HW bit). SGIs are virtual only. */
static bool is_hw(u32 intid)
{
	return intid >= 16;
}

static u8 priority_of(const struct vgic_cpu *v, u32 intid)
{
	return intid < VGIC_NR_PRIVATE ? v->prio[intid] : gic_spi_priority(intid);
}

/* An interrupt already in a list register is not listed twice (IHI 0069 4.4.6: that is
 * UNPREDICTABLE): an active SGI becomes active and pending again instead. */
static void merge_into_lrs(struct vgic_cpu *v, u64 elrsr)
{
	for (u32 n = 0; n < nr_lrs; n++) {
		if (elrsr & BIT(n))
			continue;
		u64 lr = lr_read(n);
		u32 intid = ICH_LR_VINTID(lr);
		if (!is_pending(v, intid) || (lr & ICH_LR_HW))
			continue; /* a HW one cannot fire again while the guest has it active */
		lr_write(n, lr | ICH_LR_PENDING);
		clear_pending(v, intid);
	}
}

void vgic_flush(struct per_cpu *cpu)
{
	struct vgic_cpu *v = &vgic_cpus[cpu->id];
	u64 elrsr;

	if (v->parked)
		return;
	spin_lock(&v->lock);
	elrsr = read_sysreg(ICH_ELRSR_EL2);
	merge_into_lrs(v, elrsr);
	for (u32 n = 0; n < nr_lrs; n++) {
		if (!(elrsr & BIT(n)))
			continue; /* in use */
		int intid = next_deliverable(v);
		if (intid < 0)
			break;
		clear_pending(v, (u32)intid);
		lr_write(n, ich_lr_make((u32)intid, priority_of(v, (u32)intid), is_hw((u32)intid)));
	}
	/* Still some waiting: ask for the maintenance interrupt when the guest has drained
	 * the list registers (at most one valid), and refill then. */
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN | (next_deliverable(v) >= 0 ? ICH_HCR_UIE : 0));
	spin_unlock(&v->lock);
}

bool vgic_inject(struct per_cpu *from, struct per_cpu *to, u32 intid, enum inject_source src)
{
	struct vgic_cpu *v = &vgic_cpus[to->id];

	if (!to->running)
		return false;
	spin_lock(&v->lock);
	v->pending[intid / 64] |= BIT(intid % 64);
	spin_unlock(&v->lock);
	from->injected[src]++;
	if (to != from)
		gic_send_sgi(to->id, SGI_KICK); /* it moves the interrupt into a list register */
	return true;
}

/* Take every interrupt away from the vCPU. A physical one the guest never deactivated
 * would stay active for good (no more timer on this CPU): deactivate it here. */
void vgic_reset(struct per_cpu *cpu)
{
	struct vgic_cpu *v = &vgic_cpus[cpu->id];

	for (u32 n = 0; n < nr_lrs; n++) {
		u64 lr = lr_read(n);
		if ((lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)) && (lr & ICH_LR_HW))
			gic_deactivate(ICH_LR_VINTID(lr));
		lr_write(n, 0);
	}
	spin_lock(&v->lock);
	for (u32 intid = 16; intid < VGIC_NR_IRQS; intid++)
		if (is_pending(v, intid))
			gic_deactivate(intid);
	memset(v->pending, 0, sizeof(v->pending));
	v->enabled = 0;
	memset(v->prio, 0, sizeof(v->prio));
	v->ppi_config = 0;
	v->asleep = true;
	spin_unlock(&v->lock);
	write_sysreg(ICH_AP0R0_EL2, 0); /* no active priorities left from the last guest */
	write_sysreg(ICH_AP1R0_EL2, 0);
	write_sysreg(ICH_VMCR_EL2, 0);  /* the guest's PMR, group enables: reset values */
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
}

void vgic_set_parked(struct per_cpu *cpu, bool parked)
{
	vgic_cpus[cpu->id].parked = parked;
}

/* ---- physical interrupts for guests ---- */

static bool zone_takes(struct per_cpu *cpu, u32 intid)
{
	struct zone *z = cpu->zone;

	return z && z->state == ZONE_RUNNING && !vgic_cpus[cpu->id].parked &&
	       (intid < VGIC_NR_PRIVATE || zone_owns_irq(z, intid));
}

void vgic_physical_irq(struct per_cpu *cpu, u32 intid)
{
	enum inject_source src = intid == PPI_VTIMER ? INJECT_TIMER : INJECT_DEVICE;

	if (zone_takes(cpu, intid) && vgic_inject(cpu, cpu, intid, src))
		return;
	/* Nobody here for it: an SPI is switched off (a level-triggered one would storm). */
	if (intid >= VGIC_NR_PRIVATE)
		gic_spi_enable(intid, false);
	gic_deactivate(intid);
}

/* ---- guest SGIs: ICC_SGI1R_EL1 writes, trapped by HCR_EL2.IMO ---- */

bool vgic_sysreg(struct per_cpu *cpu, u64 esr)
{
	u64 iss = ESR_ISS(esr);
	struct zone *z = cpu->zone;
	bool outside;

	if ((iss & ISS_SYSREG_MASK) != ISS_ICC_SGI1R_EL1 || (iss & ISS_SYSREG_READ))
		return false;
	u32 rt = ISS_SYSREG_RT(iss);
	u64 val = rt == 31 ? 0 : cpu->arch.x[rt];
	u32 targets = sgi1r_targets(val, cpu->vcpu_id, z->nr_vcpus, &outside);

	if (outside)
		cpu->irq_writes_ignored++; /* a CPU outside the zone: not ours to interrupt */
	for (u32 t = 0; t < z->nr_vcpus; t++)
		if (targets & BIT(t))
			vgic_inject(cpu, z->vcpus[t], SGI1R_INTID(val), INJECT_IPI);
	cpu->exits[EXIT_SYSREG]++;
	cpu->arch.elr += 4; /* a trapped MSR returns to itself: step over it */
	vgic_flush(cpu);    /* it may have sent one to itself */
	return true;
}

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

static u64 gicr_read(struct vgic_cpu *v, u32 vi, u32 nr, u64 off, u32 size)
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
static bool gicr_write(struct vgic_cpu *v, u64 off, u32 size, u64 val)
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
	struct vgic_cpu *v = &vgic_cpus[target->id];

	off %= GICR_STRIDE;
	if (!a->write) {
		a->value = gicr_read(v, vi, z->nr_vcpus, off, a->size);
	} else if (gicr_write(v, off, a->size, a->value)) {
		if (target == cpu)
			vgic_flush(cpu);
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
