/*
 * The riscv64 MMIO decoder (riscv64/mmio_decode.c) on any instruction word, against a
 * decoder written here from the unprivileged spec's tables (RV64I loads and stores,
 * funct3 giving width and signedness; quadrant 0's c.lw/c.ld/c.sw/c.sd with rd'/rs2' in
 * bits 4:2): the same verdict, and the same access. A compressed instruction's upper
 * half is not its own: the decoder must not look at it.
 */
#include "input.h"
#include "mmio_decode.h"

static u32 bits(u32 v, unsigned hi, unsigned lo)
{
	return v >> lo & ((2U << (hi - lo)) - 1);
}

/* The reference: 1 and @want filled, or 0. */
static int reference(u32 insn, struct mmio_access *want)
{
	*want = (struct mmio_access){ .reg_size = 8, .insn_len = (insn & 3) == 3 ? 4 : 2 };
	if ((insn & 3) != 3) {
		static const struct {
			u8 size, write, sign;
		} c[8] = {
			[2] = { 4, 0, 1 }, [3] = { 8, 0, 0 }, [6] = { 4, 1, 0 }, [7] = { 8, 1, 0 }
		};
		u32 f3 = bits(insn, 15, 13);
		if ((insn & 3) != 0 || !c[f3].size)
			return 0;
		want->size = c[f3].size, want->write = c[f3].write, want->sign_extend = c[f3].sign;
		want->reg = 8 + bits(insn, 4, 2);
		return 1;
	}
	u32 f3 = bits(insn, 14, 12);
	switch (bits(insn, 6, 0)) {
	case 0x03: /* LOAD: lb lh lw ld lbu lhu lwu */
		if (f3 == 7)
			return 0;
		want->size = 1 << (f3 & 3), want->sign_extend = f3 < 3;
		want->reg = bits(insn, 11, 7);
		return 1;
	case 0x23: /* STORE: sb sh sw sd */
		if (f3 > 3)
			return 0;
		want->size = 1 << f3, want->write = 1;
		want->reg = bits(insn, 24, 20);
		return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	u32 insn = take(&in, 4);
	u64 htval = take(&in, 8), stval = take(&in, 8);
	struct mmio_access a, want;
	int ok = mmio_decode(insn, &a);

	CHECK(guest_fault_addr(htval, stval) == (htval << 2 | (stval & 3)));
	CHECK(ok == reference(insn, &want));
	if (!ok)
		return 0;
	CHECK(a.size == want.size && a.write == want.write && a.reg == want.reg);
	CHECK(a.sign_extend == want.sign_extend && a.reg_size == 8);
	CHECK(a.insn_len == want.insn_len && a.insn_len == insn_length(insn));
	return 0;
}
