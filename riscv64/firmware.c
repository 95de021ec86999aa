/*
 * Calls down to the firmware: the hypervisor starts harts, asks whether one exists, sends
 * IPIs, arms its timer, forwards remote fences and powers the machine off through OpenSBI
 * (the SBI, ecall from HS-mode). The guests' own SBI calls are answered in vfirmware.c.
 * The aarch64 twin (PSCI) has the same functions under the same names.
 */
#include "arch.h"
#include "firmware.h"
#include "sbi.h"

extern char secondary_entry[]; /* boot.S */

/* SBI calling convention: extension in a7, function in a6, arguments in a0..a4;
 * error back in a0, value in a1. */
static struct sbiret sbi_call5(u64 ext, u64 fid, u64 arg0, u64 arg1, u64 arg2, u64 arg3, u64 arg4)
{
	register u64 a0 __asm__("a0") = arg0;
	register u64 a1 __asm__("a1") = arg1;
	register u64 a2 __asm__("a2") = arg2;
	register u64 a3 __asm__("a3") = arg3;
	register u64 a4 __asm__("a4") = arg4;
	register u64 a6 __asm__("a6") = fid;
	register u64 a7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a2), "r"(a3), "r"(a4), "r"(a6), "r"(a7)
			 : "memory");
	return (struct sbiret){ (long)a0, (long)a1 };
}

static struct sbiret sbi_call(u64 ext, u64 fid, u64 arg0, u64 arg1, u64 arg2)
{
	return sbi_call5(ext, fid, arg0, arg1, arg2, 0, 0);
}

enum cpu_start_result arch_cpu_start(u64 cpuid)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, cpuid, (u64)secondary_entry, 0);

	switch (r.error) {
	case SBI_SUCCESS:
		return CPU_START_OK;
	case SBI_ERR_ALREADY_AVAILABLE: /* running already: OpenSBI did nothing */
		return CPU_START_ALREADY;
	case SBI_ERR_INVALID_PARAM: /* no such hartid */
		return CPU_START_ABSENT;
	default:
		return CPU_START_FAILED;
	}
}

bool arch_cpu_exists(u64 cpuid)
{
	return sbi_call(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, cpuid, 0, 0).error == SBI_SUCCESS;
}

void arch_system_off(void)
{
	sbi_call(SBI_EXT_SRST, SBI_SRST_RESET, SBI_SRST_SHUTDOWN, SBI_SRST_NO_REASON, 0);
	for (;;)
		arch_halt();
}

/* OpenSBI raises sip.SSIP on the target hart: an HS interrupt (handle_vmexit). */
void sbi_send_ipi(u64 hartid)
{
	sbi_call(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1 /* hart mask: bit 0 ... */,
		 hartid /* ... is this hart */, 0);
}

void sbi_set_timer(u64 deadline)
{
	sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, deadline, 0, 0);
}

struct sbiret sbi_remote_fence(u64 fid, u64 hart_mask, u64 start, u64 size, u64 asid)
{
	return sbi_call5(SBI_EXT_RFENCE, fid, hart_mask, 0 /* mask base */, start, size, asid);
}
