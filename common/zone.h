/*
 * Zones: statically declared partitions of the machine. A scenario file in
 * common/scenarios/ declares them (struct zone_config); zone.c checks them, builds each
 * zone's guest-physical map, loads its images and starts its first vCPU.
 */
#pragma once

#include "hypercall_abi.h"
#include "percpu.h"
#include "pt.h"
#include "spinlock.h"
#include "types.h"
#include "vuart.h"
#include "zone_config.h"

enum zone_state { ZONE_OFF, ZONE_RUNNING, ZONE_STOPPED /* by a fault */ };
_Static_assert(ZONE_OFF == HC_ZONE_OFF && ZONE_RUNNING == HC_ZONE_RUNNING &&
		       ZONE_STOPPED == HC_ZONE_STOPPED,
	       "HC_ZONE_INFO reports these to guests");

struct zone {
	const struct zone_config *cfg;
	struct gpm gpm;
	spinlock_t lock;
	volatile enum zone_state state;
	u32 nr_vcpus;
	struct per_cpu *vcpus[MAX_CPUS];
	struct vuart vuart;
	u64 entry;             /* where vCPU 0 starts */
	u64 dtb_ipa;           /* handed to vCPU 0 in the boot register (0: no DTB) */
	struct arch_zone arch; /* its emulated interrupt controller (<arch>/arch_zone.h) */
};

/* The scenario: common/scenarios/$(SCENARIO).c */
extern const struct zone_config zone_configs[];
extern const u32 nr_zone_configs;

extern struct zone zones[MAX_ZONES];
extern struct platform platform;

/* ---- zone.c ---- */

/* Check the scenario, build and load every zone. Panics with the reason if anything is wrong. */
void zones_init(void);

/* This CPU's part in its zone: run vCPU 0, or park until started. */
__noreturn void zone_cpu_start(struct per_cpu *cpu);

/* The guest asked for power off (PSCI SYSTEM_OFF / SBI SRST / HC_ZONE_SHUTDOWN). */
__noreturn void zone_power_off(struct per_cpu *cpu);

/* Stop the running zone after a guest fault: print one line naming zone, vCPU and @fmt,
 * park its CPUs, keep every other zone running. */
__noreturn __printf(2, 3) void zone_fault(struct per_cpu *cpu, const char *fmt, ...);

/* Requests between CPUs of a zone (PSCI CPU_ON/OFF, SBI HSM). */
enum vcpu_result {
	VCPU_OK,
	VCPU_INVALID,         /* no such vCPU in the caller's zone */
	VCPU_INVALID_ADDRESS, /* entry point outside the zone's RAM */
	VCPU_ALREADY_ON,
};
enum vcpu_result vcpu_start(struct per_cpu *cpu, u64 vcpu_id, u64 entry, u64 arg);
__noreturn void vcpu_stop(struct per_cpu *cpu);
/* Returns 1 if on, 0 if off, -1 if @vcpu_id is not in the caller's zone. */
int vcpu_status(struct per_cpu *cpu, u64 vcpu_id);

/* The zone owning interrupt @irq (zone_config.irqs), or NULL. */
struct zone *irq_owner(u32 irq);
bool zone_owns_irq(const struct zone *z, u32 irq);

/* Called on a CPU that trapped in with a request pending (after arch_send_ipi). */
void cpu_handle_request(struct per_cpu *cpu);
