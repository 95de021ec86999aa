/*
 * The PLIC a zone sees: one emulated PLIC per zone, the register model of vplic_regs.c run
 * under the zone's lock, reached through G-stage faults on the PLIC's address (it is not
 * mapped): arch_mmio_emulate(). What the guest's writes ask of the physical PLIC (plic.c)
 * is done here: each source is routed to the hart of the vCPU whose context enables it,
 * and completed when the guest completes it. Which vCPUs have a source to claim becomes
 * their hvip.VSEIP. The aarch64 twin is vgic.c.
 */
#include "arch.h"
#include "csr.h"
#include "lib.h"
#include "mmio.h"
#include "plic.h"
#include "platform.h"
#include "virq.h"
#include "vplic.h"
#include "vplic_regs.h"
#include "zone.h"

_Static_assert(VPLIC_MAX_SRCS == MAX_IRQS, "vplic_regs.h: one slot per zone_config.irqs entry");
_Static_assert(VPLIC_MAX_VCPUS >= MAX_CPUS, "vplic_regs.h: a context per vCPU");

/* Deliver source slot @i of @z to the hart of vCPU @v only. */
static void route_source(struct zone *z, struct arch_zone *zp, u32 i, u32 v)
{
	zp->vp.route[i] = v;
	if (zp->vp.virt & BIT(i))
		return; /* virtual: raised on the vCPU it is routed to (arch_vuart_irq) */
	for (u32 w = 0; w < z->nr_vcpus; w++)
		plic_set_enable(z->vcpus[w]->arch.cpuid, zp->vp.src[i], w == v);
}

/* Follow the guest's enables: each source to the first vCPU whose context enables it. */
static void reroute(struct zone *z, struct arch_zone *zp)
{
	for (u32 i = 0; i < zp->vp.nr_srcs; i++) {
		u32 v = vplic_route(&zp->vp, i);
		if (v != zp->vp.route[i])
			route_source(z, zp, i, v);
	}
}

/* This hart's PLIC context as its zone's routing has it (the zone's lock held). */
static void enable_routed(struct per_cpu *cpu)
{
	struct vplic *vp = &cpu->zone->arch.vp;

	for (u32 i = 0; i < vp->nr_srcs; i++)
		if (!(vp->virt & BIT(i)))
			plic_set_enable(cpu->arch.cpuid, vp->src[i], vp->route[i] == cpu->vcpu_id);
}

/* ---- VSEIP: which vCPUs have a source to claim ---- */

/* After any change to @z's PLIC: this vCPU's hvip.VSEIP follows it now; another vCPU
 * whose bit changed is kicked to look for itself (hvip is per hart). */
static void publish_vseip(struct per_cpu *cpu, struct zone *z)
{
	struct arch_zone *zp = &z->arch;
	u32 mask, changed;

	spin_lock(&zp->lock);
	changed = vplic_vseip_changes(&zp->vp, &mask);
	spin_unlock(&zp->lock);
	for (u32 v = 0; v < z->nr_vcpus; v++) {
		if (z->vcpus[v] == cpu && cpu->arch.power_on) {
			if (mask & BIT(v))
				csr_set(hvip, HVIP_VSEIP);
			else
				csr_clear(hvip, HVIP_VSEIP);
		} else if (changed & BIT(v)) {
			virq_inject(z->vcpus[v], PENDING_VSEIP);
		}
	}
}

void vplic_sync_vseip(struct per_cpu *cpu)
{
	struct arch_zone *zp = &cpu->zone->arch;
	bool on;

	spin_lock(&zp->lock);
	on = vplic_vseip_sync(&zp->vp, cpu->vcpu_id);
	spin_unlock(&zp->lock);
	if (on)
		csr_set(hvip, HVIP_VSEIP);
	else
		csr_clear(hvip, HVIP_VSEIP);
}

/* ---- a device interrupt arrives ---- */

void vplic_device_irq(struct per_cpu *cpu, struct zone *z, u32 irq)
{
	struct arch_zone *zp = &z->arch;
	struct per_cpu *target;

	spin_lock(&zp->lock);
	/* None of the zone's sources (an emulated UART's that did not fit, arch_zone_init):
	 * it has no slot (vplic_slot -1), so no route to read. Nothing to raise. */
	if (!vplic_raise(&zp->vp, irq, cpu->arch.cpuid)) {
		spin_unlock(&zp->lock);
		return;
	}
	target = z->vcpus[zp->vp.route[vplic_slot(&zp->vp, irq)]];
	spin_unlock(&zp->lock);
	__atomic_fetch_add(&target->injected[INJECT_DEVICE], 1, __ATOMIC_RELAXED);
	publish_vseip(cpu, z);
}

/* The emulated UART's interrupt line is up: its source in the zone's PLIC, which has no
 * physical source behind it (arch_zone_init). */
void arch_vuart_irq(struct per_cpu *cpu, struct zone *z)
{
	/* z: @cpu's zone, or the focus zone input is for: vplic_device_irq takes either */
	vplic_device_irq(cpu, z, UART_IRQ);
}

/* ---- the zone's device tree: Sstc only if the harts have it ---- */

#define FDT_MAGIC      0xd00dfeedU
#define FDT_BEGIN_NODE 1
#define FDT_PROP       3
#define FDT_END        9

/* Take extension "_sstc" out of the ISA string @v of @len bytes, in place: what follows
 * moves up, NULs fill the end (the property keeps its length). */
static void isa_drop_sstc(char *v, u32 len)
{
	static const char ext[] = "_sstc";
	u32 n = sizeof(ext) - 1;

	for (u32 i = 0; i + n <= len && v[i]; i++) {
		if (memcmp(v + i, ext, n) || (i + n < len && v[i + n] && v[i + n] != '_'))
			continue;
		for (u32 k = i; k < len; k++)
			v[k] = k + n < len ? v[k + n] : 0;
		return;
	}
}

/*
 * The zone's DTB as loaded (tools/gen_dts_riscv64.c offers Sstc, the guest's own timer,
 * in every riscv,isa): on harts without Sstc (QEMU -cpu rv64,sstc=false) Linux would
 * write stimecmp and die of an illegal instruction, so there it is told no Sstc and uses
 * SBI set_timer (vtimer_set). Walks the structure block (Devicetree Specification 5.4);
 * anything that is not a well-formed FDT is left as it is.
 */
static __noinline void dtb_drop_sstc(const struct zone *z)
{
	const struct image *img = &z->cfg->dtb;
	u64 size = image_size(img), pa;

	if (!z->dtb_ipa || size < 40 || (pa = zone_ipa_to_pa(z->cfg, z->dtb_ipa, size)) == ~0UL)
		return;
	u8 *fdt = (u8 *)(uintptr_t)pa;
	u64 off = be32(fdt + 8), end = off + be32(fdt + 36), strings = be32(fdt + 12);
	if (be32(fdt) != FDT_MAGIC || end > size || strings >= size)
		return;
	while (off + 4 <= end) {
		u32 token = be32(fdt + off);
		off += 4;
		if (token == FDT_END)
			break;
		if (token == FDT_BEGIN_NODE) {
			while (off < end && fdt[off])
				off++;
			off = ALIGN_UP(off + 1, 4);
		} else if (token == FDT_PROP && off + 8 <= end) {
			u32 len = be32(fdt + off), name = be32(fdt + off + 4);
			off += 8;
			if (off + len > end)
				break;
			if (strings + name + sizeof("riscv,isa") <= size &&
			    !memcmp(fdt + strings + name, "riscv,isa", sizeof("riscv,isa")))
				isa_drop_sstc((char *)fdt + off, len);
			off = ALIGN_UP(off + len, 4);
		}
	}
}

/* ---- the zone's PLIC from reset ---- */

/*
 * The zone's PLIC from reset, its sources routed to vCPU 0 (vplic_init). OpenSBI leaves
 * every priority 0 (never interrupts): 1 lets the zone's sources through; the guest's own
 * priorities only order them in its emulated PLIC.
 *
 * A hart's PLIC context takes the routing only once the hart has reset it (plic_init_cpu,
 * in arch_cpu_init): so here, on the boot hart before any other is started, the boot
 * hart's own context if it runs one of the zone's vCPUs; every other hart applies its
 * own as it comes up (vplic_init_cpu).
 */
void arch_zone_init(struct zone *z)
{
	struct arch_zone *zp = &z->arch;
	struct per_cpu *self = this_cpu();

	if (!self->arch.sstc) /* the boot hart's, as every hart's: one -cpu model for all */
		dtb_drop_sstc(z);
	spin_lock(&zp->lock);
	vplic_init(&zp->vp, z->cfg->irqs, MAX_IRQS, z->nr_vcpus);
	for (u32 i = 0; i < zp->vp.nr_srcs; i++)
		plic_set_priority(zp->vp.src[i], 1);
	/* An emulated UART's interrupt: one more source, virtual (the zone cannot own the
	 * physical UART's as well: zone_config.c). */
	if (z->cfg->console == CONSOLE_EMULATED && vplic_slot(&zp->vp, UART_IRQ) < 0 &&
	    zp->vp.nr_srcs < VPLIC_MAX_SRCS) {
		zp->vp.virt |= BIT(zp->vp.nr_srcs);
		zp->vp.src[zp->vp.nr_srcs++] = UART_IRQ;
	}
	if (self->zone == z)
		enable_routed(self);
	spin_unlock(&zp->lock);
}

/* This hart's PLIC context, just reset by plic_init_cpu(), as its zone's routing has it.
 * (OpenSBI, starting the hart, left it empty too: docs/platform.md.) */
void vplic_init_cpu(struct per_cpu *cpu)
{
	struct zone *z = cpu->zone;

	if (!z) /* the boot hart (no zone yet: arch_zone_init() does it), or a hart of no zone */
		return;
	spin_lock(&z->arch.lock);
	enable_routed(cpu);
	spin_unlock(&z->arch.lock);
}

/* ---- the guest's PLIC ---- */

bool arch_mmio_emulate(struct per_cpu *cpu, struct mmio_access *a)
{
	struct zone *z = cpu->zone;
	struct arch_zone *zp = &z->arch;
	struct vplic_effect e = { 0 };
	u32 value = 0;
	bool ok;

	if (a->addr < PLIC_BASE || a->addr >= PLIC_BASE + PLIC_REGION_SIZE || a->size != 4)
		return false; /* PLIC registers are 32-bit: anything else faults the zone */
	spin_lock(&zp->lock);
	if (a->write)
		ok = vplic_write(&zp->vp, a->addr - PLIC_BASE, (u32)a->value, &e);
	else
		ok = vplic_read(&zp->vp, a->addr - PLIC_BASE, &value);
	if (e.rerouted)
		reroute(z, zp);
	spin_unlock(&zp->lock);
	a->value = value;
	cpu->irq_writes_ignored += e.ignored;
	/* the device may interrupt again (a virtual source has no device behind it) */
	if (e.completed && !(zp->vp.virt & BIT(vplic_slot(&zp->vp, e.completed))))
		plic_complete(e.completed_hart, e.completed);
	publish_vseip(cpu, z);
	return ok;
}
