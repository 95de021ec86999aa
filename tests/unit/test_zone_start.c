/* build: common/zone.c -Iriscv64 -fsanitize=thread -pthread */
/*
 * Starting and stopping vCPUs (common/zone.c), on the host, under ThreadSanitizer:
 *  - defect 3: the start request is published with release ordering. One thread asks for
 *    vCPU 1's start (vcpu_start), another takes the request as the target CPU does
 *    (cpu_handle_request's acquire exchange) and reads the entry and argument. Without
 *    the release, TSan reports the data race (and exits non-zero);
 *  - defect 2: a vCPU of a stopped zone is never started again;
 *  - defect 4: the last vCPU of a zone to stop itself powers the zone off.
 * The arch hooks are stubs: the noreturn ones jump back to the test (longjmp).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch.h"
#include "console.h"
#include "loader.h"
#include "zone.h"

/* ---- what zone.c calls ---- */

struct per_cpu per_cpus[MAX_CPUS];
struct platform platform;
const struct zone_config zone_configs[1] = { { .name = "test", .cpus = 3 } };
const u32 nr_zone_configs = 1;
const char *const exit_reason_names[EXIT_NR];
const char *const inject_source_names[INJECT_NR];
const struct pt_format arch_stage2_format;

static __thread jmp_buf *noreturn_hook; /* where a noreturn stub goes back to */
static __thread u64 reset_entry, reset_arg;

static __noreturn void back(void)
{
	longjmp(*noreturn_hook, 1);
}

void arch_cpu_reset(struct arch_cpu *cpu, u64 entry, u64 dtb)
{
	(void)cpu;
	reset_entry = entry;
	reset_arg = dtb;
}
void arch_cpu_run(struct arch_cpu *cpu)
{
	(void)cpu;
	back();
}
void arch_cpu_idle(struct arch_cpu *cpu)
{
	(void)cpu;
	back();
}
void arch_system_off(void)
{
	back();
}
void arch_send_ipi(u64 cpuid)
{
	(void)cpuid;
}
void arch_zone_init(struct zone *z)
{
	(void)z;
}
void arch_guest_written(u64 pa, u64 size)
{
	(void)pa, (void)size;
}
u64 image_size(const struct image *img)
{
	(void)img;
	return 0;
}
u64 zone_ipa_to_pa(const struct zone_config *cfg, u64 ipa, u64 size)
{
	(void)cfg, (void)size;
	return ipa;
}
int image_load(const struct image *img, enum image_role role, const struct zone_config *cfg,
	       u16 elf_machine, u64 *entry, char *err, size_t errlen)
{
	(void)img, (void)role, (void)cfg, (void)elf_machine, (void)entry, (void)err, (void)errlen;
	return 0;
}
int zone_config_check(const struct zone_config *cfgs, u32 n, const struct platform *plat, char *err,
		      size_t errlen)
{
	(void)cfgs, (void)n, (void)plat, (void)err, (void)errlen;
	return 0;
}
int pt_init(struct pt *pt, const struct pt_format *fmt)
{
	(void)pt, (void)fmt;
	return 0;
}
int pt_map(struct pt *pt, u64 va, u64 pa, u64 size, u32 flags)
{
	(void)pt, (void)va, (void)pa, (void)size, (void)flags;
	return 0;
}
void printk(const char *fmt, ...)
{
	(void)fmt;
}
void printk_locked(const char *fmt, ...)
{
	(void)fmt;
}
void panic(const char *fmt, ...)
{
	fail_msg("panic: %s", fmt);
	abort();
}
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	(void)fmt, (void)ap;
	if (size)
		buf[0] = '\0';
	return 0;
}
void console_lock(void)
{
}
void console_unlock(void)
{
}
void console_input_init(struct per_cpu *cpu)
{
	(void)cpu;
}
void vuart_init(void)
{
}

/* ---- the zone: vCPUs 0 and 1 on CPUs 0 and 1, vCPU 0 on ---- */

static struct zone *z = &zones[0];

static int setup(void **state)
{
	(void)state;
	memset(per_cpus, 0, sizeof(per_cpus));
	memset(z, 0, sizeof(*z));
	z->cfg = &zone_configs[0];
	z->state = ZONE_RUNNING;
	z->nr_vcpus = 2;
	for (u32 v = 0; v < 2; v++) {
		per_cpus[v].zone = z;
		per_cpus[v].vcpu_id = v;
		per_cpus[v].arch.cpuid = v;
		z->vcpus[v] = &per_cpus[v];
	}
	per_cpus[0].arch.power_on = true;
	return 0;
}

/* The target CPU: trapped in after the IPI, it takes its request (as exits.c does). */
static void *target_cpu(void *arg)
{
	jmp_buf started;

	(void)arg;
	noreturn_hook = &started;
	if (setjmp(started) == 0)
		for (;;)
			cpu_handle_request(&per_cpus[1]); /* returns while there is none */
	return (void *)(uintptr_t)(reset_entry == 0x80001000 && reset_arg == 42);
}

static void test_start_request_is_released(void **state)
{
	pthread_t t;
	void *seen;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, target_cpu, NULL), 0);
	assert_int_equal(vcpu_start(&per_cpus[0], 1, 0x80001000, 42), VCPU_OK);
	assert_int_equal(pthread_join(t, &seen), 0);
	assert_true(seen); /* the entry and argument it was asked to start at */
}

static void test_no_start_in_a_stopped_zone(void **state)
{
	jmp_buf parked;

	(void)state;
	z->state = ZONE_STOPPED; /* zone_mark_stopped ran first; this vCPU has not seen its IPI */
	noreturn_hook = &parked;
	if (setjmp(parked) == 0) {
		vcpu_start(&per_cpus[0], 1, 0x80001000, 0);
		fail_msg("vcpu_start returned in a stopped zone: the caller must park");
	}
	assert_false(per_cpus[1].arch.power_on);
	assert_int_equal(per_cpus[1].request, REQ_NONE);
}

static void test_last_vcpu_to_stop_powers_the_zone_off(void **state)
{
	jmp_buf parked;

	(void)state;
	noreturn_hook = &parked;
	if (setjmp(parked) == 0)
		vcpu_stop(&per_cpus[0]); /* vCPU 1 is off already */
	assert_false(per_cpus[0].arch.power_on);
	assert_int_equal(z->state, ZONE_OFF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_start_request_is_released, setup),
		cmocka_unit_test_setup(test_no_start_in_a_stopped_zone, setup),
		cmocka_unit_test_setup(test_last_vcpu_to_stop_powers_the_zone_off, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
