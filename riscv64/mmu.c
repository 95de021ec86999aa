/*
 * Memory on riscv64: the hypervisor's own address space, and switching the guest-physical
 * map (G-stage) a hart runs under.
 *
 * HS-mode runs bare (satp = 0), on physical addresses: unlike aarch64's EL2, it needs no
 * page table of its own to get caches (QEMU's PMAs give RAM and devices their attributes),
 * OpenSBI's PMP already keeps HS out of the firmware, and the isolation between zones
 * lives in each zone's G-stage table. So arch_mmu_init() only builds the parking map and
 * enable_mmu() only makes "bare" explicit.
 */
#include "arch.h"
#include "console.h"
#include "csr.h"
#include "pt.h"
#include "pte.h"

/* `wfi; j .-4`: where parked vCPUs sleep (cpu.c). Back to the wfi after each wake-up, so
 * a wake-up with nothing to do sleeps again rather than spinning. */
static const u32 parking_code[PAGE_SIZE / 4] __aligned(PAGE_SIZE) = {
	0x10500073, /* wfi */
	0xffdff06f, /* j .-4 */
};

void arch_mmu_init(void)
{
	parking_init(parking_code);
}

/* What the hypervisor wrote of a zone's RAM, through the data side, reaches the guest's
 * reads: RAM is coherent here. Its fetches need a fence.i, which orders only the hart that
 * executes it (Zifencei, unprivileged spec ch. 3): each hart does its own before it enters
 * a freshly reset vCPU (arch_cpu_run). */
void arch_guest_written(u64 pa, u64 size)
{
	(void)pa, (void)size;
}

/* Bare: HS-mode addresses are physical (see the top of this file). */
void enable_mmu(void)
{
	csr_write(satp, 0);
	__asm__ volatile("sfence.vma" ::: "memory");
}

static inline void hfence_gvma_all(void)
{
	__asm__ volatile(".option push\n.option arch, +h\n"
			 "hfence.gvma zero, zero\n"
			 ".option pop" ::
				 : "memory");
}

void gpm_activate(const struct gpm *gpm)
{
	u64 root = (u64)gpm->pt.root;

	if (!IS_ALIGNED(root, GSTAGE_ROOT_ALIGN))
		panic("gpm_activate: G-stage root 0x%lx is not 16 KiB aligned", root);
	csr_write(hgatp, hgatp_value(root, gpm->vmid));
	/* The tables were written with plain stores, and this hart may have run another
	 * guest (or the parking page) before: drop every cached G-stage translation. */
	hfence_gvma_all();
}
