/*
 * Memory on aarch64: the hypervisor's own EL2 stage-1 map (identity, caches on) and
 * switching the guest-physical map (stage-2) a CPU runs under.
 */
#include "arch.h"
#include "console.h"
#include "platform.h"
#include "pt.h"
#include "sysreg.h"
#include "zone.h"

static struct pt hyp_pt;

/* `wfi; b .`: where parked vCPUs sleep (cpu.c). Read-only data, so no cache upkeep. */
static const u32 parking_code[PAGE_SIZE / 4] __aligned(PAGE_SIZE) = {
	0xd503207f, /* wfi */
	0x17ffffff, /* b . - 4: back to the wfi after each wake-up */
};

extern char __hyp_start[], __hyp_text_end[]; /* linker.ld */

/*
 * Identity map: devices below RAM as Device-nGnRE (execute-never), RAM as normal
 * write-back memory. Only the hypervisor's text may execute, and it is read-only; the rest
 * of RAM (its data and stacks, the guests' memory it loads and reads) is read-write and
 * execute-never, and SCTLR_EL2.WXN (enable_mmu) holds that for any writable page: a stray
 * write cannot change the code, and nothing written can run at EL2.
 */
static void build_hyp_map(void)
{
	u64 text = (u64)__hyp_start, text_end = (u64)__hyp_text_end;
	u64 ram_end = PLAT_RAM_BASE + PLAT_RAM_SIZE;

	if (pt_init(&hyp_pt, &arch_stage1_format) ||
	    pt_map(&hyp_pt, 0, 0, PLAT_RAM_BASE, MEM_RW | MEM_IO) ||
	    pt_map(&hyp_pt, PLAT_RAM_BASE, PLAT_RAM_BASE, text - PLAT_RAM_BASE, MEM_RW) ||
	    pt_map(&hyp_pt, text, text, text_end - text, MEM_R | MEM_X) ||
	    pt_map(&hyp_pt, text_end, text_end, ram_end - text_end, MEM_RW))
		panic("arch_mmu_init: cannot build the EL2 page tables");
}

void arch_mmu_init(void)
{
	build_hyp_map();
	parking_init(parking_code);
}

void enable_mmu(void)
{
	write_sysreg(mair_el2, MAIR_EL2_VALUE);
	write_sysreg(tcr_el2, TCR_EL2_RES1 | TCR_T0SZ(48) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA |
				      TCR_SH0_INNER | pa_range() << TCR_PS_SHIFT);
	write_sysreg(ttbr0_el2, hyp_pt.root);
	/* The tables were written with the MMU off: make them visible to the walker, and
	 * drop whatever the TLB holds from before. */
	dsb(sy);
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb(sy);
	isb();
	write_sysreg(sctlr_el2,
		     SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I | SCTLR_WXN);
	isb();
}

/* D-cache line size: CTR_EL0.DminLine, log2 of the words in the smallest line. */
static u64 dcache_line(void)
{
	return 4UL << (read_sysreg(ctr_el0) >> 16 & 0xf);
}

/*
 * The hypervisor wrote [pa, pa + size) through its caches; a vCPU starts with its MMU and
 * caches off, so its reads and fetches go to memory (the point of coherency) and would
 * miss what is still in a cache: clean the range to PoC (dc cvac), then invalidate every
 * instruction cache (ic ialluis), each completed by a dsb (Arm ARM DDI 0487, the cache
 * maintenance instructions: a write is seen by an observer with caches off once cleaned to
 * PoC, and by instruction fetches once the I-caches are invalidated). Only what was
 * written: cleaning a 256 MiB zone line by line costs 32 M instructions.
 * QEMU has no caches to show the difference; hardware does.
 */
void arch_guest_written(u64 pa, u64 size)
{
	u64 line = dcache_line();

	for (u64 a = pa & ~(line - 1); a < pa + size; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	dsb(ish);
	__asm__ volatile("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}

void gpm_activate(const struct gpm *gpm)
{
	write_sysreg(vttbr_el2, (u64)gpm->vmid << VTTBR_VMID_SHIFT | (u64)gpm->pt.root);
	isb();
	/* This CPU may have run another map under the same VMID before (a parked vCPU). */
	__asm__ volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	isb();
}
