/* build: aarch64/mmio_decode.c -Iaarch64 */
/* Stage-2 data abort syndromes (ESR_EL2 ISS) decoded into MMIO accesses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mmio_decode.h"
#include "sysreg.h"

/* ESR for a data abort from EL1 with a valid syndrome. */
static u64 dabt(unsigned sas, bool sse, unsigned srt, bool wnr)
{
	return (u64)ESR_EC_DABT_LOW << ESR_EC_SHIFT | ESR_IL | ISS_ISV | (u64)sas << 22 |
	       (sse ? ISS_SSE : 0) | (u64)srt << 16 | (wnr ? ISS_WNR : 0) | FSC_TRANSLATION | 3;
}

static void test_word_store(void **state)
{
	struct mmio_access a;
	(void)state;
	/* str w1, [x0] to the UART data register */
	assert_true(mmio_decode(dabt(2, false, 1, true), 0x09000000, &a));
	assert_int_equal(a.addr, 0x09000000);
	assert_int_equal(a.size, 4);
	assert_true(a.write);
	assert_int_equal(a.reg, 1);
	assert_false(a.sign_extend);
}

static void test_sizes_and_registers(void **state)
{
	struct mmio_access a;
	(void)state;
	for (unsigned sas = 0; sas < 4; sas++)
		for (unsigned srt = 0; srt < 32; srt++) {
			assert_true(mmio_decode(dabt(sas, false, srt, false), 0x1000, &a));
			assert_int_equal(a.size, 1u << sas);
			assert_int_equal(a.reg, srt);
			assert_false(a.write);
		}
}

static void test_sign_extending_load(void **state)
{
	struct mmio_access a;
	(void)state;
	/* ldrsb x3, [x0] */
	assert_true(mmio_decode(dabt(0, true, 3, false), 0x2000, &a));
	assert_true(a.sign_extend);
	assert_int_equal(a.size, 1);
	assert_int_equal(a.reg, 3);
}

static void test_no_syndrome_refused(void **state)
{
	struct mmio_access a;
	(void)state;
	/* ldp / writeback forms: ISV = 0, nothing to emulate with */
	u64 esr = dabt(3, false, 5, true) & ~ISS_ISV;
	assert_false(mmio_decode(esr, 0x3000, &a));
}

static void test_register_width(void **state)
{
	struct mmio_access a;
	(void)state;
	/* ISS.SF: ldrsh w3 fills a W register, ldrsh x3 an X register; both are 4 bytes long */
	assert_true(mmio_decode(dabt(1, true, 3, false), 0x2000, &a));
	assert_int_equal(a.reg_size, 4);
	assert_int_equal(a.insn_len, 4);
	assert_true(mmio_decode(dabt(1, true, 3, false) | ISS_SF, 0x2000, &a));
	assert_int_equal(a.reg_size, 8);
}

static void test_guest_fault_addr(void **state)
{
	(void)state;
	/* HPFAR_EL2 holds IPA[47:12] in bits [43:4]; FAR_EL2 gives the page offset */
	assert_int_equal(guest_fault_addr(0x09000000UL >> 8, 0xffff000000001018UL), 0x09000018UL);
	assert_int_equal(guest_fault_addr(0x50000000UL >> 8, 0x50000000UL), 0x50000000UL);
	assert_int_equal(guest_fault_addr((0xfffffffff000UL >> 12) << 4, 0xabc), 0xfffffffffabcUL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word_store),
		cmocka_unit_test(test_sizes_and_registers),
		cmocka_unit_test(test_sign_extending_load),
		cmocka_unit_test(test_no_syndrome_refused),
		cmocka_unit_test(test_register_width),
		cmocka_unit_test(test_guest_fault_addr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
