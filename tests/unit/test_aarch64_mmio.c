/* build: common/mmio.c aarch64/mmio_decode.c tests/unit/host_mmio.c -Iaarch64 */
/*
 * The common MMIO completion (common/mmio.c: mmio_handle) on aarch64: a data abort's
 * syndrome decoded (mmio_decode), the stored value taken from the register, the loaded
 * value written back as the instruction would, the zero register, ELR stepped. A fake
 * device stands behind one address (host_mmio.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "host_mmio.h"
#include "mmio_decode.h"
#include "sysreg.h"

#define ELR 0x40201000UL

/* ESR_EL2 of a data abort from EL1 with a valid syndrome. */
static u64 dabt(unsigned sas, bool sse, unsigned srt, bool sf, bool wnr)
{
	return (u64)ESR_EC_DABT_LOW << ESR_EC_SHIFT | ESR_IL | ISS_ISV | (u64)sas << 22 |
	       (sse ? ISS_SSE : 0) | (u64)srt << 16 | (sf ? ISS_SF : 0) | (wnr ? ISS_WNR : 0) |
	       FSC_TRANSLATION | 3;
}

/* The access @esr describes, at @addr, through mmio_handle. */
static bool access(u64 esr, u64 addr)
{
	struct mmio_access a;

	assert_true(mmio_decode(esr, addr, &a));
	return mmio_handle(&cpu, &a);
}

static int setup(void **state)
{
	(void)state;
	for (int i = 0; i < 31; i++)
		cpu.arch.x[i] = 0xdeadbeef00000000UL | (u64)i;
	cpu.arch.elr = ELR;
	cpu.exits[EXIT_MMIO] = 0;
	device_reads = device_written = 0;
	return 0;
}

/* ldrsh w3, [x0]: sign-extended to 32 bits, and a W register clears bits [63:32]. */
static void test_sign_extending_load_to_w(void **state)
{
	(void)state;
	device_reads = 0x8000;
	assert_true(access(dabt(1, true, 3, false, false), DEVICE));
	assert_int_equal(cpu.arch.x[3], 0x00000000ffff8000UL);
	assert_int_equal(cpu.arch.elr, ELR + 4);
	assert_int_equal(cpu.exits[EXIT_MMIO], 1);
}

/* ldrsw x4, [x0] and ldrsb x4, [x0]: sign-extended to 64 bits. */
static void test_sign_extending_load_to_x(void **state)
{
	(void)state;
	device_reads = 0x80000000;
	assert_true(access(dabt(2, true, 4, true, false), DEVICE));
	assert_int_equal(cpu.arch.x[4], 0xffffffff80000000UL);
	device_reads = 0x7f;
	assert_true(access(dabt(0, true, 4, true, false), DEVICE));
	assert_int_equal(cpu.arch.x[4], 0x7f);
}

/* ldrb w5 / ldr w5 / ldr x5: zero-extended, only the bytes loaded. */
static void test_zero_extending_loads(void **state)
{
	(void)state;
	device_reads = 0xffffffff87654321UL;
	assert_true(access(dabt(0, false, 5, false, false), DEVICE));
	assert_int_equal(cpu.arch.x[5], 0x21);
	assert_true(access(dabt(2, false, 5, false, false), DEVICE));
	assert_int_equal(cpu.arch.x[5], 0x87654321UL);
	assert_true(access(dabt(3, false, 5, true, false), DEVICE));
	assert_int_equal(cpu.arch.x[5], 0xffffffff87654321UL);
}

/* strb w6 / strh w6 / str w6: the device gets the bytes stored, not the whole register. */
static void test_store_masked_to_size(void **state)
{
	(void)state;
	cpu.arch.x[6] = 0x1122334455667788UL;
	assert_true(access(dabt(0, false, 6, false, true), DEVICE));
	assert_int_equal(device_written, 0x88);
	assert_true(access(dabt(1, false, 6, false, true), DEVICE));
	assert_int_equal(device_written, 0x7788);
	assert_true(access(dabt(2, false, 6, false, true), DEVICE));
	assert_int_equal(device_written, 0x55667788);
	assert_true(access(dabt(3, false, 6, true, true), DEVICE));
	assert_int_equal(device_written, 0x1122334455667788UL);
	assert_int_equal(cpu.arch.elr, ELR + 4 * 4);
}

/* Rt = 31 is xzr: str wzr stores 0, ldr xzr changes no register. */
static void test_zero_register(void **state)
{
	(void)state;
	device_written = 0x1234;
	assert_true(access(dabt(2, false, 31, false, true), DEVICE));
	assert_int_equal(device_written, 0);
	device_reads = 0x5555;
	assert_true(access(dabt(3, false, 31, true, false), DEVICE));
	for (int i = 0; i < 31; i++)
		assert_int_equal(cpu.arch.x[i], 0xdeadbeef00000000UL | (u64)i);
	assert_int_equal(cpu.arch.elr, ELR + 8);
}

/* No device there: nothing changes, the arch reports the fault. */
static void test_unclaimed(void **state)
{
	(void)state;
	assert_false(access(dabt(2, false, 7, false, false), DEVICE + 0x1000));
	assert_int_equal(cpu.arch.x[7], 0xdeadbeef00000007UL);
	assert_int_equal(cpu.arch.elr, ELR);
	assert_int_equal(cpu.exits[EXIT_MMIO], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_sign_extending_load_to_w, setup),
		cmocka_unit_test_setup(test_sign_extending_load_to_x, setup),
		cmocka_unit_test_setup(test_zero_extending_loads, setup),
		cmocka_unit_test_setup(test_store_masked_to_size, setup),
		cmocka_unit_test_setup(test_zero_register, setup),
		cmocka_unit_test_setup(test_unclaimed, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
