/* ESR_EL2 data abort ISS -> struct mmio_access (ARM DDI 0487, D17.2.40 ISS encoding).
 * Pure: unit-tested on the host. The riscv64 twin decodes the instruction itself. */
#include "mmio_decode.h"
#include "sysreg.h"

/* The page from HPFAR_EL2, the offset in it from FAR_EL2 (which holds the guest's VA). */
u64 guest_fault_addr(u64 hpfar, u64 far)
{
	return HPFAR_FIPA(hpfar) << PAGE_SHIFT | (far & (PAGE_SIZE - 1));
}

bool mmio_decode(u64 esr, u64 ipa, struct mmio_access *a)
{
	u64 iss = ESR_ISS(esr);

	if (!(iss & ISS_ISV))
		return false;
	a->addr = ipa;
	a->size = 1 << ISS_SAS(iss);
	a->write = iss & ISS_WNR;
	a->reg = ISS_SRT(iss); /* 31 is xzr here (arch_cpu_reg) */
	a->sign_extend = iss & ISS_SSE;
	a->reg_size = iss & ISS_SF ? 8 : 4;
	a->insn_len = esr & ESR_IL ? 4 : 2;
	a->value = 0;
	return true;
}
