/* build: common/mmio.c riscv64/mmio_decode.c tests/unit/host_mmio.c -Iriscv64 */
/*
 * The common MMIO completion (common/mmio.c: mmio_handle) on riscv64: a trapped load or
 * store decoded (mmio_decode), the stored value taken from the register, the loaded value
 * written back as the instruction would, x0, sepc stepped by the instruction's length. A
 * fake device stands behind one address (host_mmio.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "host_mmio.h"
#include "mmio_decode.h"

#define SEPC 0x80201000UL

/* Instruction @insn (encodings from GNU as) trapped on @addr, through mmio_handle. */
static bool access(u32 insn, u64 addr)
{
	struct mmio_access a;

	assert_true(mmio_decode(insn, &a));
	a.addr = addr;
	return mmio_handle(&cpu, &a);
}

static int setup(void **state)
{
	(void)state;
	cpu.arch.x[0] = 0;
	for (int i = 1; i < 32; i++)
		cpu.arch.x[i] = 0xdeadbeef00000000UL | (u64)i;
	cpu.arch.sepc = SEPC;
	cpu.exits[EXIT_MMIO] = 0;
	device_reads = device_written = 0;
	return 0;
}

/* lw t1 / lh s2: sign-extended to 64 bits (RV64 has no 32-bit registers). */
static void test_sign_extending_loads(void **state)
{
	(void)state;
	device_reads = 0x80000000;
	assert_true(access(0x00862303 /* lw t1,8(a2) */, DEVICE));
	assert_int_equal(cpu.arch.x[6], 0xffffffff80000000UL);
	device_reads = 0x8000;
	assert_true(access(0x00429903 /* lh s2,4(t0) */, DEVICE));
	assert_int_equal(cpu.arch.x[18], 0xffffffffffff8000UL);
	assert_int_equal(cpu.arch.sepc, SEPC + 8);
	assert_int_equal(cpu.exits[EXIT_MMIO], 2);
}

/* lbu a5 / lwu t6: zero-extended, only the bytes loaded. */
static void test_zero_extending_loads(void **state)
{
	(void)state;
	device_reads = 0xffffffff87654321UL;
	assert_true(access(0x0015c783 /* lbu a5,1(a1) */, DEVICE));
	assert_int_equal(cpu.arch.x[15], 0x21);
	assert_true(access(0x0005ef83 /* lwu t6,0(a1) */, DEVICE));
	assert_int_equal(cpu.arch.x[31], 0x87654321UL);
}

/* sb a0 / sh s3 / sd t2: the device gets the bytes stored, not the whole register. */
static void test_store_masked_to_size(void **state)
{
	(void)state;
	cpu.arch.x[10] = cpu.arch.x[19] = cpu.arch.x[7] = 0x1122334455667788UL;
	assert_true(access(0x00a58023 /* sb a0,0(a1) */, DEVICE));
	assert_int_equal(device_written, 0x88);
	assert_true(access(0x01329323 /* sh s3,6(t0) */, DEVICE));
	assert_int_equal(device_written, 0x7788);
	assert_true(access(0x0076b823 /* sd t2,16(a3) */, DEVICE));
	assert_int_equal(device_written, 0x1122334455667788UL);
}

/* x0: sw zero stores 0, a load into x0 changes no register. */
static void test_zero_register(void **state)
{
	(void)state;
	device_written = 0x1234;
	assert_true(access(0x0005a023 /* sw zero,0(a1) */, DEVICE));
	assert_int_equal(device_written, 0);
	device_reads = 0x5555;
	assert_true(access(0x0005a003 /* lw zero,0(a1) */, DEVICE));
	assert_int_equal(cpu.arch.x[0], 0);
	for (int i = 1; i < 32; i++)
		assert_int_equal(cpu.arch.x[i], 0xdeadbeef00000000UL | (u64)i);
}

/* c.lw a2: a compressed instruction is stepped over by 2 bytes. */
static void test_compressed_steps_two(void **state)
{
	(void)state;
	device_reads = 0xfffffffe;
	assert_true(access(0x4150 /* c.lw a2,4(a0) */, DEVICE));
	assert_int_equal(cpu.arch.x[12], 0xfffffffffffffffeUL);
	assert_int_equal(cpu.arch.sepc, SEPC + 2);
}

/* No device there: nothing changes, the arch reports the fault. */
static void test_unclaimed(void **state)
{
	(void)state;
	assert_false(access(0x00862303 /* lw t1,8(a2) */, DEVICE + 0x1000));
	assert_int_equal(cpu.arch.x[6], 0xdeadbeef00000006UL);
	assert_int_equal(cpu.arch.sepc, SEPC);
	assert_int_equal(cpu.exits[EXIT_MMIO], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_sign_extending_loads, setup),
		cmocka_unit_test_setup(test_zero_extending_loads, setup),
		cmocka_unit_test_setup(test_store_masked_to_size, setup),
		cmocka_unit_test_setup(test_zero_register, setup),
		cmocka_unit_test_setup(test_compressed_steps_two, setup),
		cmocka_unit_test_setup(test_unclaimed, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
