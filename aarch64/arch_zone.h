/*
 * The arch's part of a zone on aarch64 (struct zone holds it, zone.h): its emulated GIC
 * distributor's own state (vgic.c). The SPIs it owns are configured in the physical
 * distributor itself, so only the control register needs a home. riscv64/arch_zone.h is
 * its emulated PLIC.
 */
#pragma once

#include "types.h"

struct arch_zone {
	u32 gicd_ctlr; /* GICD_CTLR as the guest wrote it: its group enables */
};
