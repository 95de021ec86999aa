/* The SBI (RISC-V Supervisor Binary Interface v1.0 for OpenSBI, v2.0 for the guests): how the hypervisor
 * calls OpenSBI (firmware.c), and how it answers its guests' ecalls (vfirmware.c).
 * Assembler-safe but for struct sbiret: boot.S powers off with SBI_EXT_SRST. */
#pragma once

#include "types.h"

#define SBI_EXT_LEGACY_PUTCHAR  0x01
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_LEGACY_END      0x10 /* 0x00-0x0f: the legacy (v0.1) extensions */
#define SBI_EXT_BASE            0x10
#define SBI_EXT_TIME            0x54494D45 /* "TIME" */
#define SBI_EXT_IPI             0x735049   /* "sPI" */
#define SBI_EXT_HSM             0x48534D   /* "HSM" */
#define SBI_EXT_SRST            0x53525354 /* "SRST" */
#define SBI_EXT_DBCN            0x4442434E /* "DBCN" */
#define SBI_EXT_RFENCE          0x52464E43 /* "RFNC" */

#define SBI_TIME_SET_TIMER          0
#define SBI_IPI_SEND_IPI            0
#define SBI_RFENCE_FENCE_I          0
#define SBI_RFENCE_SFENCE_VMA       1
#define SBI_RFENCE_SFENCE_VMA_ASID  2
#define SBI_RFENCE_HFENCE_VVMA_ASID 5
#define SBI_RFENCE_HFENCE_VVMA      6

#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID      1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXTENSION  3
#define SBI_BASE_GET_MVENDORID    4
#define SBI_BASE_GET_MARCHID      5
#define SBI_BASE_GET_MIMPID       6

#define SBI_HSM_HART_START      0
#define SBI_HSM_HART_STOP       1
#define SBI_HSM_HART_GET_STATUS 2
#define SBI_HSM_HART_SUSPEND    3
/* hart_suspend's suspend_type (SBI v2.0, 9.4): the two default ones; the rest of 32 bits
 * is reserved or platform-specific */
#define SBI_HSM_SUSPEND_RETENTIVE     0x00000000UL
#define SBI_HSM_SUSPEND_NON_RETENTIVE 0x80000000UL
#define SBI_HSM_STARTED               0
#define SBI_HSM_STOPPED               1
#define SBI_HSM_SUSPENDED             4

#define SBI_DBCN_WRITE      0
#define SBI_DBCN_READ       1
#define SBI_DBCN_WRITE_BYTE 2

#define SBI_SRST_RESET       0 /* the SRST extension's one function: system_reset */
#define SBI_SRST_SHUTDOWN    0 /* reset_type */
#define SBI_SRST_NO_REASON   0 /* reset_reason */
#define SBI_SRST_REBOOT_WARM 2 /* the last reset_type the spec defines (cold reboot is 1) */

#define SBI_SUCCESS               0
#define SBI_ERR_FAILED            (-1)
#define SBI_ERR_NOT_SUPPORTED     (-2)
#define SBI_ERR_INVALID_PARAM     (-3)
#define SBI_ERR_DENIED            (-4)
#define SBI_ERR_INVALID_ADDRESS   (-5)
#define SBI_ERR_ALREADY_AVAILABLE (-6)

#define SBI_SPEC_VERSION_2_0 0x02000000 /* major in [30:24], minor in [23:0] */

#ifndef __ASSEMBLER__
/* What every SBI call returns: an error (SBI_SUCCESS or SBI_ERR_*) in a0, a value in a1. */
struct sbiret {
	long error;
	long value;
};
#endif
