/*
 * The firmware, both ways (the aarch64 tree has the same header): firmware.c calls down
 * to it (arch_cpu_start, arch_cpu_exists, arch_system_off: arch.h, and the calls below),
 * vfirmware.c answers the guests' calls to theirs. Here the firmware interface is the SBI
 * (sbi.h), and OpenSBI is the firmware.
 */
#pragma once

#include "sbi.h"
#include "types.h"

struct arch_cpu;

/* ---- firmware.c ---- */

/* An IPI to hart @hartid: OpenSBI raises its sip.SSIP (arch_send_ipi). */
void sbi_send_ipi(u64 hartid);

/* This hart's own supervisor timer (~0: none; clears STIP). */
void sbi_set_timer(u64 deadline);

/* RFENCE function @fid on the harts in @hart_mask (SBI spec ch. 8). */
struct sbiret sbi_remote_fence(u64 fid, u64 hart_mask, u64 start, u64 size, u64 asid);

/* ---- vfirmware.c ---- */

/* Answer the guest's SBI call: extension in a7, function in a6, arguments in a0..a5;
 * error back to a0, value to a1. */
void vfirmware_call(struct arch_cpu *cpu);
