/*
 * The firmware, both ways (the riscv64 tree has the same header): firmware.c calls down
 * to it (arch_cpu_start, arch_cpu_exists, arch_system_off: arch.h), vfirmware.c answers
 * the guests' calls to theirs. Here the firmware interface is PSCI (psci.h).
 */
#pragma once

struct arch_cpu;

/* ---- vfirmware.c ---- */

/* Answer the guest's PSCI call: function id and arguments in x0..x3, result to x0. */
void vfirmware_call(struct arch_cpu *cpu);
