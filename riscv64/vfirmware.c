/*
 * The guest's firmware: its SBI calls (RISC-V SBI v2.0), VS-mode ecalls
 * that are not minivisor hypercalls (exits.c), answered for its own zone only, one
 * function per extension. Calls down to OpenSBI are firmware.c's. The aarch64 twin
 * answers PSCI.
 */
#include "arch.h"
#include "console.h"
#include "csr.h"
#include "firmware.h"
#include "hypercall_abi.h"
#include "percpu.h"
#include "sbi.h"
#include "virq.h"
#include "zone.h"

#define SBI_IMPL_ID_MINIVISOR 0x4d56 /* "MV": not a registered SBI implementation id */

static struct sbiret ok(long value)
{
	return (struct sbiret){ SBI_SUCCESS, value };
}

static struct sbiret err(long error)
{
	return (struct sbiret){ error, 0 };
}

static bool sbi_ext_present(u64 eid);

static struct sbiret sbi_base(struct arch_cpu *cpu, u64 fid, const u64 *a)
{
	(void)cpu; /* the same for every hart */
	switch (fid) {
	case SBI_BASE_GET_SPEC_VERSION:
		/* v2.0: the version whose extensions the zone gets, DBCN and HSM hart_suspend
		 * among them (OpenSBI 1.1 below says v1.0: docs/platform.md) */
		return ok(SBI_SPEC_VERSION_2_0);
	case SBI_BASE_GET_IMPL_ID:
		return ok(SBI_IMPL_ID_MINIVISOR);
	case SBI_BASE_GET_IMPL_VERSION:
		return ok(1);
	case SBI_BASE_PROBE_EXTENSION:
		return ok(sbi_ext_present(a[0]));
	case SBI_BASE_GET_MVENDORID:
	case SBI_BASE_GET_MARCHID:
	case SBI_BASE_GET_MIMPID:
		return ok(0); /* a virtual hart of no particular make */
	}
	return err(SBI_ERR_NOT_SUPPORTED);
}

/* Legacy console putchar (SBI v0.1): a0 = the character. */
static struct sbiret sbi_legacy_putchar(struct arch_cpu *cpu, u64 fid, const u64 *a)
{
	(void)fid;
	zone_console_putc(cpu_of(cpu)->zone, (char)a[0]);
	return ok(0);
}

static struct sbiret sbi_legacy_shutdown(struct arch_cpu *cpu, u64 fid, const u64 *a)
{
	(void)fid, (void)a;
	zone_power_off(cpu_of(cpu)); /* noreturn */
}

/*
 * Debug console (SBI v2.0 ch. 12): console_write(num_bytes, base_lo, base_hi) reads the
 * bytes from guest memory, which must lie inside one of the zone's RAM regions. The spec
 * lets it write fewer bytes than asked (sbiret.value says how many; the caller writes the
 * rest with another call), so it writes at most DBCN_WRITE_MAX per call: the hart stays in
 * the hypervisor, interrupts off, for a bounded time, and a zone stopped meanwhile is
 * noticed at its next exit. Nothing is written once the zone is no longer running.
 */
#define DBCN_WRITE_MAX 256

static struct sbiret sbi_dbcn(struct arch_cpu *cpu, u64 fid, const u64 *a)
{
	struct zone *z = cpu_of(cpu)->zone;

	switch (fid) {
	case SBI_DBCN_WRITE: {
		u64 n = a[0];
		u64 pa = n && !a[2] ? zone_ipa_to_pa(z->cfg, a[1], n) : ~0UL;
		if (!n)
			return ok(0);
		if (pa == ~0UL)
			return err(SBI_ERR_INVALID_PARAM);
		if (n > DBCN_WRITE_MAX)
			n = DBCN_WRITE_MAX;
		for (u64 i = 0; i < n; i++)
			zone_console_putc(z, ((const char *)pa)[i]);
		return ok((long)n);
	}
	case SBI_DBCN_READ:
		return ok(0); /* no input yet */
	case SBI_DBCN_WRITE_BYTE:
		zone_console_putc(z, (char)a[0]);
		return ok(0);
	}
	return err(SBI_ERR_NOT_SUPPORTED);
}

/* set_timer: into vstimecmp with Sstc, through our own timer without (virq.c). */
static struct sbiret sbi_time(struct arch_cpu *cpu, u64 fid, const u64 *a)
{
	if (fid != SBI_TIME_SET_TIMER)
		return err(SBI_ERR_NOT_SUPPORTED);
	vtimer_set(cpu_of(cpu), a[0]);
	return ok(0);
}

/*
 * hart_mask / hart_mask_base (SBI spec 3.1) in the zone's vCPU numbering, as a mask of
 * vCPUs: base -1 means every hart (the zone's); a bit beyond the zone's vCPUs is an error.
 */
static bool vcpu_mask(const struct zone *z, u64 mask, u64 base, u64 *vcpus)
{
	u64 all = BIT(z->nr_vcpus) - 1;

	if (base == ~0UL) {
		*vcpus = all;
		return true;
	}
	if (mask && (base >= z->nr_vcpus || (mask << base) >> base != mask))
		return false;
	*vcpus = mask << base;
	return !(*vcpus & ~all);
}

/* IPI (SBI spec ch. 7): send_ipi to vCPUs of the zone; each gets VSSIP. */
static struct sbiret sbi_ipi(struct arch_cpu *cpu, u64 fid, const u64 *a)
{
	struct per_cpu *pcpu = cpu_of(cpu);
	struct zone *z = pcpu->zone;
	u64 vcpus;

	if (fid != SBI_IPI_SEND_IPI)
		return err(SBI_ERR_NOT_SUPPORTED);
	if (!vcpu_mask(z, a[0], a[1], &vcpus))
		return err(SBI_ERR_INVALID_PARAM);
	for (u32 v = 0; v < z->nr_vcpus; v++)
		if (vcpus & BIT(v))
			virq_send_ipi(pcpu, z->vcpus[v]);
	return ok(0);
}

/*
 * RFENCE (SBI spec ch. 8) for the zone's vCPUs, forwarded to OpenSBI for the harts they
 * run on. The guest's sfence.vma concerns its VS-stage, which from HS is hfence.vvma
 * (privileged spec 8.3.2); the target harts run the zone's VMID, the one it applies to.
 */
static struct sbiret sbi_rfence(struct arch_cpu *cpu, u64 fid, const u64 *a)
{
	static const u64 host_fid[] = {
		[SBI_RFENCE_FENCE_I] = SBI_RFENCE_FENCE_I,
		[SBI_RFENCE_SFENCE_VMA] = SBI_RFENCE_HFENCE_VVMA,
		[SBI_RFENCE_SFENCE_VMA_ASID] = SBI_RFENCE_HFENCE_VVMA_ASID,
	};
	struct zone *z = cpu_of(cpu)->zone;
	u64 vcpus, harts = 0;

	if (fid >= ARRAY_SIZE(host_fid))
		return err(SBI_ERR_NOT_SUPPORTED);
	if (!vcpu_mask(z, a[0], a[1], &vcpus))
		return err(SBI_ERR_INVALID_PARAM);
	for (u32 v = 0; v < z->nr_vcpus; v++)
		if (vcpus & BIT(v))
			harts |= BIT(z->vcpus[v]->arch.cpuid);
	if (!harts)
		return ok(0);
	/* start, size, asid pass through: they are guest-virtual, as hfence.vvma wants */
	return sbi_remote_fence(host_fid[fid], harts, a[2], a[3], a[4]);
}

/* Does the guest have an interrupt to take: pending and enabled at VS level (its sip and
 * sie), whatever its sstatus.SIE says, as for wfi? */
static bool guest_irq_waiting(void)
{
	return csr_read(hip) & csr_read(hie) & HIDELEG_GUEST;
}

/*
 * HSM hart_suspend (SBI v2.0, 9.4), the two default types. The hart waits, in wfi here,
 * until the guest has an interrupt to take. Retentive: the call then returns SBI_SUCCESS.
 * Non-retentive: the hart resumes at @resume_addr in S-mode with a0 = its hartid, a1 =
 * @opaque, satp = 0 and sstatus.SIE = 0. An interrupt of the hypervisor's own (an IPI, a
 * device, the timer it keeps for the guest) also ends the wfi: it is handled here, in the
 * call (handle_pending_irqs), which often makes the guest's interrupt pending; the wait
 * goes on until one is. Going back to the guest instead would let a guest with
 * sstatus.SIE = 1 take its interrupt before the call returned, at the ecall, and suspend
 * again after it: the spec has the call return first. A request to park (its zone
 * stopping) does not return here.
 */
static struct sbiret sbi_hsm_suspend(struct arch_cpu *cpu, const u64 *a)
{
	u64 type = a[0], resume = a[1], opaque = a[2];
	bool retentive = type == SBI_HSM_SUSPEND_RETENTIVE;

	if (!retentive && type != SBI_HSM_SUSPEND_NON_RETENTIVE)
		return err(SBI_ERR_INVALID_PARAM); /* reserved, or a platform's own */
	if (!retentive && zone_ipa_to_pa(cpu_of(cpu)->zone->cfg, resume, 4) == ~0UL)
		return err(SBI_ERR_INVALID_ADDRESS);
	cpu->suspended = true; /* what hart_get_status says, until the call ends */
	while (!guest_irq_waiting()) {
		__asm__ volatile("wfi");
		handle_pending_irqs(cpu);
	}
	cpu->suspended = false;
	if (retentive)
		return ok(0);
	cpu->sepc = resume;
	csr_clear(vsstatus, SSTATUS_SIE);
	csr_write(vsatp, 0);
	return (struct sbiret){ cpu_of(cpu)->vcpu_id, (long)opaque }; /* a0, a1 */
}

static struct sbiret sbi_hsm(struct arch_cpu *cpu, u64 fid, const u64 *a)
{
	struct per_cpu *pcpu = cpu_of(cpu);

	switch (fid) {
	case SBI_HSM_HART_START:
		switch (vcpu_start(pcpu, a[0], a[1], a[2])) {
		case VCPU_OK:
			return ok(0);
		case VCPU_ALREADY_ON:
			return err(SBI_ERR_ALREADY_AVAILABLE);
		case VCPU_INVALID_ADDRESS:
			return err(SBI_ERR_INVALID_ADDRESS);
		default:
			return err(SBI_ERR_INVALID_PARAM);
		}
	case SBI_HSM_HART_STOP:
		vcpu_stop(pcpu); /* noreturn: this hart parks */
	case SBI_HSM_HART_GET_STATUS:
		switch (vcpu_status(pcpu, a[0])) {
		case 1: /* on: a[0] is one of the zone's vCPUs */
			return ok(pcpu->zone->vcpus[a[0]]->arch.suspended ? SBI_HSM_SUSPENDED
									  : SBI_HSM_STARTED);
		case 0:
			return ok(SBI_HSM_STOPPED);
		default:
			return err(SBI_ERR_INVALID_PARAM);
		}
	case SBI_HSM_HART_SUSPEND:
		return sbi_hsm_suspend(cpu, a);
	}
	return err(SBI_ERR_NOT_SUPPORTED);
}

/* System reset: shutdown and both reboots power the zone off (zones are not rebooted
 * yet), like PSCI SYSTEM_OFF / SYSTEM_RESET on aarch64. */
static struct sbiret sbi_srst(struct arch_cpu *cpu, u64 fid, const u64 *a)
{
	if (fid != SBI_SRST_RESET)
		return err(SBI_ERR_NOT_SUPPORTED);
	if (a[0] > SBI_SRST_REBOOT_WARM)
		return err(SBI_ERR_INVALID_PARAM);
	zone_power_off(cpu_of(cpu)); /* noreturn */
}

typedef struct sbiret (*sbi_handler)(struct arch_cpu *cpu, u64 fid, const u64 *args);

static const struct {
	u64 eid;
	sbi_handler fn;
} sbi_extensions[] = {
	{ SBI_EXT_BASE, sbi_base },
	{ SBI_EXT_HSM, sbi_hsm },
	{ SBI_EXT_SRST, sbi_srst },
	{ SBI_EXT_DBCN, sbi_dbcn },
	{ SBI_EXT_TIME, sbi_time },
	{ SBI_EXT_IPI, sbi_ipi },
	{ SBI_EXT_RFENCE, sbi_rfence },
	{ SBI_EXT_LEGACY_PUTCHAR, sbi_legacy_putchar },
	{ SBI_EXT_LEGACY_SHUTDOWN, sbi_legacy_shutdown },
};

static sbi_handler sbi_find(u64 eid)
{
	for (size_t i = 0; i < ARRAY_SIZE(sbi_extensions); i++)
		if (sbi_extensions[i].eid == eid)
			return sbi_extensions[i].fn;
	return NULL;
}

static bool sbi_ext_present(u64 eid)
{
	return sbi_find(eid) || eid == HC_SBI_EXT;
}

/* An SBI call proper, answered by the extension's function from the table. */
void vfirmware_call(struct arch_cpu *cpu)
{
	u64 eid = cpu->x[REG_A7];
	sbi_handler fn = sbi_find(eid);
	struct sbiret r;

	cpu_of(cpu)->exits[EXIT_FIRMWARE]++;
	r = fn ? fn(cpu, cpu->x[REG_A6], &cpu->x[REG_A0]) : err(SBI_ERR_NOT_SUPPORTED);
	cpu->x[REG_A0] = r.error;
	if (eid >= SBI_EXT_LEGACY_END) /* legacy (v0.1) calls return in a0 only */
		cpu->x[REG_A1] = r.value;
}
