/*
 * The aarch64 MMIO decoder (aarch64/mmio_decode.c) on any syndrome, against the ISS
 * encoding as the Arm ARM gives it (D17.2.40: ISV 24, SAS 23:22, SSE 21, SRT 20:16, SF 15,
 * WnR 6; IL 25), and the completion common/mmio.h does with it: a store's bytes, a load's
 * register value (zero- or sign-extended, a W register's upper half cleared).
 */
#include "input.h"
#include "mmio_decode.h"

static u64 bits(u64 v, unsigned hi, unsigned lo)
{
	return v >> lo & ((2UL << (hi - lo)) - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	u64 esr = take(&in, 8), ipa = take(&in, 8), hpfar = take(&in, 8), far = take(&in, 8);
	u64 reg = take(&in, 8), loaded = take(&in, 8);
	struct mmio_access a;

	CHECK(guest_fault_addr(hpfar, far) == (bits(hpfar, 39, 4) << 12 | bits(far, 11, 0)));
	if (!mmio_decode(esr, ipa, &a)) {
		CHECK(!bits(esr, 24, 24)); /* refused: no valid syndrome */
		return 0;
	}
	CHECK(bits(esr, 24, 24));
	CHECK(a.addr == ipa && a.size == 1U << bits(esr, 23, 22));
	CHECK(a.write == bits(esr, 6, 6) && a.reg == bits(esr, 20, 16));
	CHECK(a.sign_extend == bits(esr, 21, 21) && a.reg_size == (bits(esr, 15, 15) ? 8 : 4));
	CHECK(a.insn_len == (bits(esr, 25, 25) ? 4 : 2));

	u64 mask = a.size == 8 ? ~0UL : (1UL << (8 * a.size)) - 1;
	CHECK(mmio_store_value(&a, reg) == (reg & mask));
	a.value = loaded;
	u64 want = loaded & mask;
	if (a.sign_extend && a.size < 8 && (want >> (8 * a.size - 1) & 1))
		want |= ~mask;
	if (a.reg_size == 4)
		want &= 0xffffffff;
	CHECK(mmio_load_result(&a) == want);
	return 0;
}
