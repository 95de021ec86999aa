/* build: riscv64/mmio_decode.c -Iriscv64 */
/* Guest load/store instructions decoded into MMIO accesses (encodings from GNU as). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mmio_decode.h"

struct expect {
	u32 insn;
	const char *text;
	u8 size;
	bool write;
	u8 reg;
	bool sign_extend;
};

static const struct expect accesses[] = {
	{ 0x00058503, "lb a0,0(a1)", 1, false, 10, true },
	{ 0x00429903, "lh s2,4(t0)", 2, false, 18, true },
	{ 0x00862303, "lw t1,8(a2)", 4, false, 6, true },
	{ 0x00053083, "ld ra,0(a0)", 8, false, 1, false },
	{ 0x0015c783, "lbu a5,1(a1)", 1, false, 15, false },
	{ 0x0025dd83, "lhu s11,2(a1)", 2, false, 27, false },
	{ 0x0005ef83, "lwu t6,0(a1)", 4, false, 31, false },
	{ 0x00a58023, "sb a0,0(a1)", 1, true, 10, false },
	{ 0x01329323, "sh s3,6(t0)", 2, true, 19, false },
	{ 0x0005a023, "sw zero,0(a1)", 4, true, 0, false },
	{ 0x0076b823, "sd t2,16(a3)", 8, true, 7, false },
	{ 0x4150, "c.lw a2,4(a0)", 4, false, 12, true },
	{ 0x6784, "c.ld s1,8(a5)", 8, false, 9, false },
	{ 0xc018, "c.sw a4,0(s0)", 4, true, 14, false },
	{ 0xe588, "c.sd a0,8(a1)", 8, true, 10, false },
};

static void test_loads_and_stores(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(accesses) / sizeof(accesses[0]); i++) {
		const struct expect *e = &accesses[i];
		struct mmio_access a = { .value = 0x1234 };

		print_message("%s\n", e->text);
		assert_true(mmio_decode(e->insn, &a));
		assert_int_equal(a.size, e->size);
		assert_int_equal(a.write, e->write);
		assert_int_equal(a.reg, e->reg);
		assert_int_equal(a.sign_extend, e->sign_extend);
		assert_int_equal(a.reg_size, 8);
		assert_int_equal(a.insn_len, e->text[0] == 'c' ? 2 : 4);
		assert_int_equal(a.value, 0);
	}
}

static void test_compressed_length(void **state)
{
	(void)state;
	assert_int_equal(insn_length(0x4150), 2);     /* c.lw */
	assert_int_equal(insn_length(0x00862303), 4); /* lw */
	/* a 16-bit instruction fetched with the next halfword above it: still 2 bytes */
	struct mmio_access a;
	assert_true(mmio_decode(0x12344150, &a));
	assert_int_equal(a.size, 4);
	assert_int_equal(a.reg, 12);
}

static void test_not_emulated(void **state)
{
	static const u32 others[] = {
		0x4512,     /* c.lwsp a0,4(sp): sp-relative, never MMIO */
		0x2588,     /* c.fld fa0,8(a1) */
		0xa188,     /* c.fsd fa0,0(a1) */
		0x0005a507, /* flw fa0,0(a1) */
		0x00a5b027, /* fsd fa0,0(a1) */
		0x08b6252f, /* amoswap.w a0,a1,(a2) */
		0x1005b52f, /* lr.d a0,(a1) */
		0x0505,     /* c.addi a0,1 */
		0x00c58533, /* add a0,a1,a2 */
		0x00000073, /* ecall */
		0x0005f503, /* load funct3 7: no such load in RV64 */
		0x00a5c023, /* store funct3 4: no such store */
		0x0000,     /* c.illegal */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		struct mmio_access a;
		print_message("0x%08x\n", others[i]);
		assert_false(mmio_decode(others[i], &a));
	}
}

static void test_fault_gpa(void **state)
{
	(void)state;
	/* htval = GPA >> 2; stval (the guest-virtual address) gives bits [1:0] */
	assert_int_equal(guest_fault_addr(0x10000005UL >> 2, 0x10000005UL), 0x10000005UL);
	assert_int_equal(guest_fault_addr(0x90000000UL >> 2, 0xffffffc090000000UL), 0x90000000UL);
	assert_int_equal(guest_fault_addr(0x1fffffffffeUL >> 2, 0x3fe), 0x1fffffffffeUL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loads_and_stores),
		cmocka_unit_test(test_compressed_length),
		cmocka_unit_test(test_not_emulated),
		cmocka_unit_test(test_fault_gpa),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
