/* Decoding a trapped guest load/store instruction into an MMIO access. Pure: unit-tested
 * on the host. */
#pragma once

#include "mmio.h"
#include "types.h"

/* Bytes the instruction takes: 4, or 2 for a compressed one (bits [1:0] != 0b11). */
static inline unsigned insn_length(u32 insn)
{
	return (insn & 3) == 3 ? 4 : 2;
}

/* Fill @a's size, direction, register and sign extension from @insn, an integer load or
 * store (lb/lh/lw/ld/lbu/lhu/lwu, sb/sh/sw/sd; c.lw/c.ld/c.sw/c.sd). The address is the
 * caller's. Returns false for any other instruction (FP, AMO, the sp-relative compressed
 * forms...): it cannot be emulated. */
bool mmio_decode(u32 insn, struct mmio_access *a);

/* The faulting guest-physical address of a G-stage fault: htval holds it shifted right
 * by 2, stval (the guest-virtual address) supplies the low two bits. */
u64 guest_fault_addr(u64 htval, u64 stval);
