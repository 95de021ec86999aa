/*
 * make TRACE=1: one line per exit, so a student watches guest and hypervisor talk:
 *
 *   minivisor: trace: cpu 0 zone 0 (hello) vcpu 0: hypercall (HVC) at 0x40200a3c,
 *              x0 0x0 x1 0x0, resumes at 0x40200a3c
 *
 * (one line): the CPU, its zone and vCPU, the kind of exit (the counter of struct per_cpu
 * it moved) with the arch's name for it, the guest's PC when it exited, the two result
 * registers of the calling convention (aarch64 x0/x1, riscv64 a0/a1) and where the guest
 * resumes. Both exits.c call it from handle_vmexit. An exit after which the vCPU does not
 * return to its guest (it stops, its zone stops, it is started) prints no trace line: the
 * hypervisor's own line says what happened. Without TRACE=1, TRACE is 0 and every use is
 * compiled out: the exit path is the same instructions as before.
 */
#pragma once

#include "percpu.h"

#ifndef TRACE
#define TRACE 0
#endif

/* What an exit started from: its PC and the CPU's exit counters. */
struct exit_trace {
	u64 pc;
	u64 exits[EXIT_NR];
};

void trace_begin(struct exit_trace *t, const struct per_cpu *cpu, u64 pc);
/* @what: the arch's name for the exit; @r0, @r1: the result registers (named @regs[0..1]). */
void trace_end(const struct exit_trace *t, const struct per_cpu *cpu, const char *what,
	       const char *const regs[2], u64 r0, u64 r1, u64 resume);
