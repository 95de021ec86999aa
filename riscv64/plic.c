/* The PLIC as a zone sees it. No emulation yet: a zone's PLIC access faults. */
#include "arch.h"
#include "mmio.h"

bool arch_mmio_emulate(struct per_cpu *cpu, struct mmio_access *a)
{
	(void)cpu, (void)a;
	return false;
}
