/*
 * The arch's part of a zone on riscv64 (struct zone holds it, zone.h): its emulated PLIC
 * (vplic.c), the register model of vplic_regs.h under the zone's own lock. aarch64's is
 * its emulated GIC distributor's control register.
 */
#pragma once

#include "spinlock.h"
#include "vplic_regs.h"

struct arch_zone {
	spinlock_t lock; /* vp: every vCPU of the zone reaches it */
	struct vplic vp;
};
