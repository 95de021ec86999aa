/* Decoding a stage-2 data abort into an MMIO access. Pure: unit-tested on the host. */
#pragma once

#include "mmio.h"
#include "types.h"

/* The faulting IPA of a stage-2 abort: page from HPFAR_EL2 (bits [47:12] held in [43:4]),
 * offset from FAR_EL2. */
u64 guest_fault_addr(u64 hpfar, u64 far);

/* Fill @a from ESR_EL2 of a data abort. Returns false when the ESR carries no instruction
 * syndrome (ISV = 0: e.g. load/store pair, writeback): such an access cannot be emulated. */
bool mmio_decode(u64 esr, u64 ipa, struct mmio_access *a);
