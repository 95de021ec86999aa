/*
 * make TRACE=1: one line per exit (trace.h). Compiled in every build, called only when
 * TRACE is 1.
 */
#include "trace.h"
#include "console.h"
#include "zone.h"

void trace_begin(struct exit_trace *t, const struct per_cpu *cpu, u64 pc)
{
	t->pc = pc;
	for (int i = 0; i < EXIT_NR; i++)
		t->exits[i] = cpu->exits[i];
}

void trace_end(const struct exit_trace *t, const struct per_cpu *cpu, const char *what,
	       const char *const regs[2], u64 r0, u64 r1, u64 resume)
{
	const char *reason = exit_reason_names[EXIT_OTHER];
	const struct zone *z = cpu->zone;

	/* The kind of exit: the counter the handler moved (none: a spurious interrupt). */
	for (int i = 0; i < EXIT_NR; i++)
		if (cpu->exits[i] != t->exits[i])
			reason = exit_reason_names[i];
	printk("minivisor: trace: cpu %lu zone %d (%s) vcpu %u: %s (%s) at 0x%lx, %s 0x%lx %s "
	       "0x%lx, "
	       "resumes at 0x%lx\n",
	       cpu->arch.cpuid, z ? (int)z->cfg->id : -1, z ? z->cfg->name : "none", cpu->vcpu_id,
	       reason, what, t->pc, regs[0], r0, regs[1], r1, resume);
}
