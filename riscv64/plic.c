/*
 * The physical PLIC (RISC-V PLIC spec v1.0.0) as the hypervisor uses it. Each hart takes
 * device interrupts in its own S-mode context (2 * hartid + 1 on QEMU virt); a source is
 * enabled only in the context of the hart that runs the vCPU it goes to (vplic.c decides
 * which), so it arrives there as an HS external interrupt (SEIP), is claimed here and is
 * completed only when the guest completes it. What the guests see is emulated in
 * vplic.c. The aarch64 twin is gic.c.
 */
#include "csr.h"
#include "io.h"
#include "plic.h"
#include "platform.h"
#include "vplic_regs.h"

#define PLIC_S_CONTEXT(hart) (2 * (hart) + 1)

static u64 plic_enable_reg(u64 hart, u32 irq)
{
	return PLIC_BASE + PLIC_ENABLE_BASE + PLIC_S_CONTEXT(hart) * PLIC_ENABLE_STRIDE +
	       irq / 32 * 4;
}

static u64 plic_context_reg(u64 hart, u64 reg)
{
	return PLIC_BASE + PLIC_CONTEXT_BASE + PLIC_S_CONTEXT(hart) * PLIC_CONTEXT_STRIDE + reg;
}

/* Nothing enabled for this hart until a zone routes a source here; threshold 0: every
 * priority >= 1 interrupts. The guest's priorities and threshold stay virtual. */
void plic_init_cpu(u64 hart)
{
	for (u32 irq = 0; irq < PLIC_NR_SOURCES; irq += 32)
		write32(plic_enable_reg(hart, irq), 0);
	write32(plic_context_reg(hart, PLIC_THRESHOLD), 0);
	csr_set(sie, SIE_SEIE);
}

void plic_set_enable(u64 hart, u32 irq, bool on)
{
	u64 reg = plic_enable_reg(hart, irq);
	u32 bits = read32(reg);

	write32(reg, on ? bits | BIT(irq % 32) : bits & ~(u32)BIT(irq % 32));
}

void plic_set_priority(u32 irq, u32 prio)
{
	write32(PLIC_BASE + PLIC_PRIORITY_BASE + irq * 4, prio);
}

u32 plic_claim(u64 hart)
{
	return read32(plic_context_reg(hart, PLIC_CLAIM));
}

void plic_complete(u64 hart, u32 irq)
{
	write32(plic_context_reg(hart, PLIC_CLAIM), irq);
}
