/* Emulated MMIO: complete a trapped guest access (mmio.h), and find the device model behind
 * it. The same code for both arches: the arch's part is the decoding and the register
 * hooks of arch.h. */
#include "mmio.h"
#include "arch.h"
#include "platform.h"
#include "zone.h"

bool mmio_handle(struct per_cpu *cpu, struct mmio_access *a)
{
	struct arch_cpu *arch = &cpu->arch;

	if (a->write)
		a->value = mmio_store_value(a, arch_cpu_reg(arch, a->reg));
	if (!mmio_emulate(cpu, a))
		return false;
	cpu->exits[EXIT_MMIO]++;
	if (!a->write)
		arch_cpu_set_reg(arch, a->reg, mmio_load_result(a));
	arch_cpu_advance_pc(arch, a->insn_len);
	return true;
}

bool mmio_emulate(struct per_cpu *cpu, struct mmio_access *a)
{
	struct zone *z = cpu->zone;

	/* A zone being stopped: its other vCPUs run until the park IPI lands. What they write
	 * in that instant is dropped, so no line follows the zone's "zone stopped". */
	if (z->state != ZONE_RUNNING) {
		a->value = 0;
		return true;
	}
	/* A zone that does not own the UART gets an emulated one at the same address. */
	if (z->cfg->console == CONSOLE_EMULATED && a->addr >= UART_BASE &&
	    a->addr < UART_BASE + UART_SIZE)
		return uart_emulate(z, a);
	return arch_mmio_emulate(cpu, a);
}
