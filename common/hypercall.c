/* minivisor hypercalls: dispatched by number through a table, one small function each. */
#include "hypercall.h"
#include "console.h"
#include "zone.h"

static long hc_null(struct per_cpu *cpu, u64 arg0, u64 arg1)
{
	(void)cpu, (void)arg0, (void)arg1;
	return 0;
}

static long hc_putchar(struct per_cpu *cpu, u64 c, u64 arg1)
{
	(void)arg1;
	zone_console_putc(cpu->zone, (char)c);
	return 0;
}

static long hc_zone_id(struct per_cpu *cpu, u64 arg0, u64 arg1)
{
	(void)arg0, (void)arg1;
	return cpu->zone->cfg->id;
}

static long hc_vcpu_id(struct per_cpu *cpu, u64 arg0, u64 arg1)
{
	(void)arg0, (void)arg1;
	return cpu->vcpu_id;
}

static long hc_zone_shutdown(struct per_cpu *cpu, u64 arg0, u64 arg1)
{
	(void)arg0, (void)arg1;
	zone_power_off(cpu); /* noreturn */
}

static long hc_zone_count(struct per_cpu *cpu, u64 arg0, u64 arg1)
{
	(void)cpu, (void)arg0, (void)arg1;
	return nr_zone_configs;
}

/* One zone of the scenario, packed in one register so the call needs no guest buffer. */
static long hc_zone_info(struct per_cpu *cpu, u64 index, u64 arg1)
{
	(void)cpu, (void)arg1;
	if (index >= nr_zone_configs)
		return HC_ERR_INVALID;
	const struct zone *z = &zones[index];
	return (long)((u64)z->cfg->id << 32 | (u64)z->state << 16 | z->nr_vcpus);
}

const hypercall_fn hypercalls[NR_HYPERCALLS] = {
	[HC_NULL] = hc_null,
	[HC_PUTCHAR] = hc_putchar,
	[HC_ZONE_ID] = hc_zone_id,
	[HC_VCPU_ID] = hc_vcpu_id,
	[HC_ZONE_SHUTDOWN] = hc_zone_shutdown,
	[HC_ZONE_COUNT] = hc_zone_count,
	[HC_ZONE_INFO] = hc_zone_info,
};
_Static_assert(HC_ZONE_INFO == NR_HYPERCALLS - 1, "a hypercall without a handler");
