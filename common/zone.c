/*
 * Zones at run time: building them from the scenario, starting and parking their vCPUs,
 * and stopping them (power off or fault) without disturbing the others.
 */
#include "zone.h"
#include "console.h"
#include "loader.h"
#include "platform.h"

struct zone zones[MAX_ZONES];
static u32 zones_running; /* when it drops to 0 the machine powers off */

/* A scenario or image the hypervisor will not run: say why, and end the run. */
static __noreturn __printf(1, 2) void refuse(const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("minivisor: scenario refused: %s\n", buf);
	arch_system_off();
}

/* ---- building a zone: one small step each ---- */

/* The zone's guest-physical map: its RAM and the devices it owns, nothing else. */
static void zone_map_memory(struct zone *z, u16 vmid)
{
	const struct zone_config *cfg = z->cfg;

	z->gpm.vmid = vmid;
	if (pt_init(&z->gpm.pt, &arch_stage2_format))
		panic("zone %u (%s): out of page-table memory", cfg->id, cfg->name);
	for (int i = 0; i < MAX_REGIONS; i++) {
		const struct mem_region *r = &cfg->ram[i];
		if (r->size && pt_map(&z->gpm.pt, r->ipa, r->pa, r->size, r->flags))
			panic("zone %u (%s): cannot map ram[%d]", cfg->id, cfg->name, i);
	}
	for (int i = 0; i < MAX_REGIONS; i++) {
		const struct mem_region *r = &cfg->mmio[i];
		if (r->size && pt_map(&z->gpm.pt, r->ipa, r->pa, r->size, r->flags | MEM_IO))
			panic("zone %u (%s): cannot map mmio[%d]", cfg->id, cfg->name, i);
	}
}

/* The loader copied an ELF segment to [pa, pa + size): make it the guest's (loader.h). */
void loader_wrote(u64 pa, u64 size)
{
	arch_guest_written(pa, size);
}

static void zone_load_image(struct zone *z, const struct image *img, enum image_role role,
			    u64 *entry)
{
	char err[256];

	if (img->format == IMAGE_NONE)
		return;
	if (image_load(img, role, z->cfg, ELF_MACHINE, entry, err, sizeof(err)))
		refuse("zone %u (%s): %s", z->cfg->id, z->cfg->name, err);
	printk("minivisor: zone %u (%s): %s %s (%s, %lu KiB)\n", z->cfg->id, z->cfg->name,
	       img->format == IMAGE_ELF ? "loaded" : "found", img->name,
	       img->format == IMAGE_ELF ? "ELF" : "raw, placed by QEMU", image_size(img) / KiB);
}

/* Load the kernel ELF (or find the raw kernel, DTB and initrd QEMU placed) in the zone's
 * RAM; find where vCPU 0 starts. */
static void zone_load_images(struct zone *z)
{
	const struct zone_config *cfg = z->cfg;
	u64 elf_entry = cfg->kernel.load_ipa;

	zone_load_image(z, &cfg->kernel, IMAGE_KERNEL, &elf_entry);
	zone_load_image(z, &cfg->dtb, IMAGE_DTB, NULL);
	zone_load_image(z, &cfg->initrd, IMAGE_INITRD, NULL);
	z->entry = cfg->entry ? cfg->entry : elf_entry;
	z->dtb_ipa = cfg->dtb.format == IMAGE_NONE ? 0 : cfg->dtb.load_ipa;
}

/* vCPU i of the zone runs on the i-th physical CPU of its mask. */
static void zone_assign_cpus(struct zone *z)
{
	for (u64 c = 0; c < MAX_CPUS; c++) {
		if (!(z->cfg->cpus & BIT(c)))
			continue;
		per_cpus[c].zone = z;
		per_cpus[c].vcpu_id = z->nr_vcpus;
		z->vcpus[z->nr_vcpus++] = &per_cpus[c];
	}
}

static void zone_print(const struct zone *z)
{
	const struct zone_config *cfg = z->cfg;

	printk("minivisor: zone %u (%s): %u vCPU(s) on CPUs 0x%lx, entry 0x%lx, console %s\n",
	       cfg->id, cfg->name, z->nr_vcpus, cfg->cpus, z->entry,
	       cfg->console == CONSOLE_EMULATED ? "emulated" : "passthrough");
	for (int i = 0; i < MAX_REGIONS; i++)
		if (cfg->ram[i].size)
			printk("minivisor:   ram[%d]  IPA 0x%lx -> PA 0x%lx, %lu MiB\n", i,
			       cfg->ram[i].ipa, cfg->ram[i].pa, cfg->ram[i].size / MiB);
	for (int i = 0; i < MAX_REGIONS; i++)
		if (cfg->mmio[i].size)
			printk("minivisor:   mmio[%d] IPA 0x%lx -> PA 0x%lx, %lu KiB\n", i,
			       cfg->mmio[i].ipa, cfg->mmio[i].pa, cfg->mmio[i].size / KiB);
}

void zones_init(void)
{
	char err[160];

	if (zone_config_check(zone_configs, nr_zone_configs, &platform, err, sizeof(err)))
		refuse("%s", err);
	for (u32 i = 0; i < nr_zone_configs; i++) {
		struct zone *z = &zones[i];
		z->cfg = &zone_configs[i];
		zone_map_memory(z, i + 1); /* VMID 0 is the parking page's */
		zone_load_images(z);
		zone_assign_cpus(z);
		arch_zone_init(z);
		z->state = ZONE_RUNNING;
		zones_running++;
		zone_print(z);
	}
	vuart_init();
}

/* ---- running ---- */

void zone_cpu_start(struct per_cpu *cpu)
{
	struct zone *z = cpu->zone;

	if (!z || cpu->vcpu_id != 0)       /* no zone, or wait for the guest's CPU_ON/hart_start */
		arch_cpu_idle(&cpu->arch); /* noreturn */
	spin_lock(&z->lock);               /* power_on is only ever written under the zone lock */
	cpu->arch.power_on = true;
	spin_unlock(&z->lock);
	console_input_init(cpu); /* the focus zone's vCPU 0: typed input comes here */
	arch_cpu_reset(&cpu->arch, z->entry, z->dtb_ipa);
	arch_cpu_run(&cpu->arch);
}

enum vcpu_result vcpu_start(struct per_cpu *cpu, u64 vcpu_id, u64 entry, u64 arg)
{
	struct zone *z = cpu->zone;
	enum vcpu_result res = VCPU_OK;

	if (vcpu_id >= z->nr_vcpus)
		return VCPU_INVALID;
	if (zone_ipa_to_pa(z->cfg, entry, 4) == ~0UL)
		return VCPU_INVALID_ADDRESS;
	struct per_cpu *target = z->vcpus[vcpu_id];

	spin_lock(&z->lock);
	if (z->state != ZONE_RUNNING) {
		/* The zone stopped while this vCPU was on its way here: no vCPU of it may start
		 * again. This one parks now, as zone_mark_stopped's request asks. */
		spin_unlock(&z->lock);
		arch_cpu_idle(&cpu->arch); /* noreturn */
	}
	if (target->arch.power_on) {
		res = VCPU_ALREADY_ON;
	} else {
		target->start_entry = entry;
		target->start_arg = arg;
		/* Release: the target's acquire exchange (cpu_handle_request) sees the entry and
		 * argument written above once it sees the request (C11 7.17.3). */
		__atomic_store_n(&target->request, REQ_START, __ATOMIC_RELEASE);
		target->arch.power_on = true;
	}
	spin_unlock(&z->lock);
	if (res == VCPU_OK)
		arch_send_ipi(target->arch.cpuid);
	return res;
}

/* The zone's lock held: whether any of its vCPUs is on. */
static bool zone_any_vcpu_on(const struct zone *z)
{
	for (u32 v = 0; v < z->nr_vcpus; v++)
		if (z->vcpus[v]->arch.power_on)
			return true;
	return false;
}

static __noreturn void zone_stopped(struct per_cpu *cpu, bool first);

/* PSCI CPU_OFF / SBI hart_stop. The zone's last vCPU to stop itself powers the zone off:
 * nothing in it can start a vCPU again. */
void vcpu_stop(struct per_cpu *cpu)
{
	struct zone *z = cpu->zone;
	bool last;

	spin_lock(&z->lock);
	cpu->arch.power_on = false;
	last = z->state == ZONE_RUNNING && !zone_any_vcpu_on(z);
	if (last)
		z->state = ZONE_OFF;
	spin_unlock(&z->lock);
	if (last) {
		printk("minivisor: zone %u (%s): every vCPU is off - zone powered off\n",
		       z->cfg->id, z->cfg->name);
		zone_stopped(cpu, true); /* noreturn */
	}
	arch_cpu_idle(&cpu->arch);
}

int vcpu_status(struct per_cpu *cpu, u64 vcpu_id)
{
	struct zone *z = cpu->zone;

	if (vcpu_id >= z->nr_vcpus)
		return -1;
	return z->vcpus[vcpu_id]->arch.power_on;
}

void cpu_handle_request(struct per_cpu *cpu)
{
	u32 req = __atomic_exchange_n(&cpu->request, REQ_NONE, __ATOMIC_ACQUIRE);

	if (req == REQ_START) {
		arch_cpu_reset(&cpu->arch, cpu->start_entry, cpu->start_arg);
		arch_cpu_run(&cpu->arch); /* noreturn */
	}
	if (req == REQ_PARK)
		arch_cpu_idle(&cpu->arch); /* noreturn */
}

/* ---- interrupts ---- */

bool zone_owns_irq(const struct zone *z, u32 irq)
{
	for (int k = 0; k < MAX_IRQS && z->cfg->irqs[k]; k++)
		if (z->cfg->irqs[k] == irq)
			return true;
	return false;
}

struct zone *irq_owner(u32 irq)
{
	for (u32 i = 0; i < nr_zone_configs; i++)
		if (zone_owns_irq(&zones[i], irq))
			return &zones[i];
	return NULL;
}

/* ---- stopping ---- */

static void print_summary(void)
{
	printk("minivisor: all zones are off\n");
	for (u32 i = 0; i < nr_zone_configs; i++) {
		const struct zone *z = &zones[i];
		u64 exits[EXIT_NR] = { 0 }, injected[INJECT_NR] = { 0 }, ignored = 0;

		for (u32 v = 0; v < z->nr_vcpus; v++) {
			for (int r = 0; r < EXIT_NR; r++)
				exits[r] += z->vcpus[v]->exits[r];
			for (int r = 0; r < INJECT_NR; r++)
				injected[r] += z->vcpus[v]->injected[r];
			ignored += z->vcpus[v]->irq_writes_ignored;
		}
		console_lock();
		printk_locked("minivisor: zone %u (%s): %s; exits:", z->cfg->id, z->cfg->name,
			      z->state == ZONE_STOPPED ? "stopped by a fault" : "powered off");
		for (int r = 0; r < EXIT_NR; r++)
			printk_locked(" %s %lu", exit_reason_names[r], exits[r]);
		printk_locked("; injected:");
		for (int r = 0; r < INJECT_NR; r++)
			printk_locked(" %s %lu", inject_source_names[r], injected[r]);
		printk_locked("; ignored irq writes %lu", ignored);
		if (z->vuart.rx_lost)
			printk_locked("; input lost %u", z->vuart.rx_lost);
		printk_locked("\n");
		console_unlock();
	}
}

/* Take @cpu's zone out of service, under its lock: mark it @state and park its other
 * vCPUs. False if another vCPU of it did so first (two may stop the zone at once). From
 * here on nothing the zone does reaches the console (zone_console_putc, vuart_putc look at
 * the state), so its stop line, printed next, is its last. */
static bool zone_mark_stopped(struct per_cpu *cpu, enum zone_state state)
{
	struct zone *z = cpu->zone;
	bool first;

	spin_lock(&z->lock);
	first = z->state == ZONE_RUNNING;
	if (first)
		z->state = state;
	for (u32 v = 0; v < z->nr_vcpus; v++) {
		struct per_cpu *other = z->vcpus[v];
		if (other != cpu && other->arch.power_on) {
			other->arch.power_on = false;
			__atomic_store_n(&other->request, REQ_PARK, __ATOMIC_RELEASE);
			arch_send_ipi(other->arch.cpuid);
		}
	}
	cpu->arch.power_on = false;
	spin_unlock(&z->lock);
	return first;
}

/* The zone is marked stopped: this vCPU parks. When it was the last zone running (@first:
 * this vCPU stopped it), report and power the machine off. */
static __noreturn void zone_stopped(struct per_cpu *cpu, bool first)
{
	if (first && __atomic_sub_fetch(&zones_running, 1, __ATOMIC_ACQ_REL) == 0) {
		print_summary();
		arch_system_off();
	}
	arch_cpu_idle(&cpu->arch);
}

void zone_power_off(struct per_cpu *cpu)
{
	bool first = zone_mark_stopped(cpu, ZONE_OFF);

	if (first)
		printk("minivisor: zone %u (%s): powered off by vCPU %u\n", cpu->zone->cfg->id,
		       cpu->zone->cfg->name, cpu->vcpu_id);
	zone_stopped(cpu, first);
}

void zone_fault(struct per_cpu *cpu, const char *fmt, ...)
{
	bool first = zone_mark_stopped(cpu, ZONE_STOPPED);
	va_list ap;
	char buf[400];

	cpu->exits[EXIT_FAULT]++;
	if (first) { /* else the zone was stopped already, its stop line printed */
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
		printk("minivisor: zone %u (%s) vcpu %u: %s - zone stopped\n", cpu->zone->cfg->id,
		       cpu->zone->cfg->name, cpu->vcpu_id, buf);
	}
	zone_stopped(cpu, first);
}
