/*
 * The parking map: what a CPU with nothing to run sits under (arch_cpu_idle). One page, at
 * guest-physical 0, holding the arch's `wfi` loop; nothing of any zone, so a parked CPU can
 * neither see nor touch a zone's memory. VMID 0: no zone uses it.
 */
#include "arch.h"
#include "console.h"
#include "pt.h"

struct gpm parking_gpm;

void parking_init(const void *code_page)
{
	parking_gpm.vmid = 0;
	if (pt_init(&parking_gpm.pt, &arch_stage2_format) ||
	    pt_map(&parking_gpm.pt, 0, (u64)code_page, PAGE_SIZE, MEM_R | MEM_X))
		panic("parking_init: cannot build the parking page table");
}
