/* PSCI (Arm DEN 0022): the firmware interface for CPU power, both as the hypervisor calls
 * it (QEMU's, through smc: firmware.c) and as it answers its guests (vfirmware.c).
 * Assembler-safe: boot.S powers off with PSCI_SYSTEM_OFF. */
#pragma once

#include "types.h"

#define PSCI_VERSION           0x84000000UL
#define PSCI_CPU_OFF           0x84000002UL
#define PSCI_CPU_ON            0xC4000003UL
#define PSCI_AFFINITY_INFO     0xC4000004UL
#define PSCI_MIGRATE_INFO_TYPE 0x84000006UL
#define PSCI_SYSTEM_OFF        0x84000008UL
#define PSCI_SYSTEM_RESET      0x84000009UL
#define PSCI_FEATURES          0x8400000AUL
#define SMCCC_VERSION          0x80000000UL

#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED             (-3)
#define PSCI_ALREADY_ON         (-4)
#define PSCI_INVALID_ADDRESS    (-9)

/* SMCCC function id: bits [29:24] name the owner (4 = standard secure service: PSCI);
 * bit 30 is the calling convention (SMC64), the same function either way. */
#define SMCCC_64BIT BIT(30)

#define PSCI_VERSION_1_1          ((1 << 16) | 1) /* major [30:16], minor [15:0] */
#define PSCI_AFFINITY_ON          0               /* AFFINITY_INFO answers */
#define PSCI_AFFINITY_OFF         1
#define PSCI_MIGRATE_NOT_REQUIRED 2 /* MIGRATE_INFO_TYPE: no Trusted OS to migrate */
