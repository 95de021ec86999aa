/*
 * A guest load/store instruction -> struct mmio_access (unprivileged spec: RV32I/RV64I
 * loads and stores, ch. 2 and 5; compressed forms, ch. 16). riscv has no syndrome like
 * aarch64's ESR ISS: the exit handler fetches the instruction and we decode it here.
 * Pure: unit-tested on the host.
 */
#include "mmio_decode.h"

#define OP_LOAD  0x03
#define OP_STORE 0x23

/* funct3 of a load: log2(size), bit 2 = zero-extend (lbu, lhu, lwu). */
static bool decode_load(u32 insn, struct mmio_access *a)
{
	unsigned f3 = (insn >> 12) & 7;

	if (f3 == 7) /* would be "ldu": not in RV64 */
		return false;
	a->size = 1 << (f3 & 3);
	a->sign_extend = !(f3 & 4) && a->size < 8;
	a->write = false;
	a->reg = (insn >> 7) & 0x1f; /* rd */
	return true;
}

static bool decode_store(u32 insn, struct mmio_access *a)
{
	unsigned f3 = (insn >> 12) & 7;

	if (f3 > 3)
		return false;
	a->size = 1 << f3;
	a->sign_extend = false;
	a->write = true;
	a->reg = (insn >> 20) & 0x1f; /* rs2 */
	return true;
}

/* Quadrant 0 (bits [1:0] = 00): c.lw, c.ld, c.sw, c.sd. The data register is rd'/rs2'
 * in bits [4:2], one of x8..x15. */
static bool decode_compressed(u16 insn, struct mmio_access *a)
{
	unsigned f3 = insn >> 13;

	if ((insn & 3) != 0)
		return false; /* quadrants 1, 2: no loads/stores but the sp-relative ones */
	a->reg = 8 + ((insn >> 2) & 7);
	a->sign_extend = false;
	switch (f3) {
	case 2: /* c.lw */
		a->size = 4, a->write = false, a->sign_extend = true;
		return true;
	case 3: /* c.ld */
		a->size = 8, a->write = false;
		return true;
	case 6: /* c.sw */
		a->size = 4, a->write = true;
		return true;
	case 7: /* c.sd */
		a->size = 8, a->write = true;
		return true;
	}
	return false; /* c.addi4spn, c.fld, c.fsd, reserved */
}

u64 guest_fault_addr(u64 htval, u64 stval)
{
	return htval << 2 | (stval & 3);
}

bool mmio_decode(u32 insn, struct mmio_access *a)
{
	a->value = 0;
	a->reg_size = 8; /* RV64: every load fills the whole register (lw sign-extends) */
	a->insn_len = insn_length(insn);
	if (insn_length(insn) == 2)
		return decode_compressed(insn & 0xffff, a);
	switch (insn & 0x7f) {
	case OP_LOAD:
		return decode_load(insn, a);
	case OP_STORE:
		return decode_store(insn, a);
	}
	return false;
}
