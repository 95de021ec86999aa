/*
 * The PLIC a zone sees (RISC-V PLIC spec v1.0.0): a register model of the zone's own
 * sources only. Pure: no hardware, no locks (vplic.c holds the zone's lock around every
 * call and does what the results ask of the physical PLIC); unit-tested on the host.
 *
 * Contexts are numbered as on QEMU virt: 2v is vCPU v's M-mode (absent: reads 0, writes
 * ignored), 2v+1 its S-mode, the one a guest in VS-mode uses.
 */
#pragma once

#include "types.h"

#define VPLIC_MAX_SRCS  16 /* = MAX_IRQS (zone_config.h): a zone's sources */
#define VPLIC_MAX_VCPUS 8  /* >= MAX_CPUS (percpu.h), checked in vplic.c */

/* Register map, PLIC spec ch. 3 */
#define PLIC_PRIORITY_BASE  0x000000 /* 4 bytes per source, source 0 does not exist */
#define PLIC_PENDING_BASE   0x001000 /* 1 bit per source, read-only */
#define PLIC_ENABLE_BASE    0x002000 /* per context: 1 bit per source */
#define PLIC_ENABLE_STRIDE  0x80
#define PLIC_CONTEXT_BASE   0x200000 /* per context: threshold at +0, claim/complete at +4 */
#define PLIC_CONTEXT_STRIDE 0x1000
#define PLIC_THRESHOLD      0
#define PLIC_CLAIM          4
#define PLIC_NR_SOURCES     1024
#define PLIC_PRIO_MASK      7 /* QEMU virt implements 3 priority bits */
#define PLIC_REGION_SIZE    0x4000000

struct vplic {
	u32 nr_srcs, nr_vcpus;
	u32 src[VPLIC_MAX_SRCS]; /* the zone's source ids; slot i is src[i] */
	u32 prio[VPLIC_MAX_SRCS];
	u32 pending;                 /* slots raised by the device, not yet claimed */
	u32 claimed;                 /* slots claimed by the guest, not yet completed */
	u32 enable[VPLIC_MAX_VCPUS]; /* slots enabled in vCPU v's S-mode context */
	u32 threshold[VPLIC_MAX_VCPUS];
	u32 claim_hart[VPLIC_MAX_SRCS]; /* the physical hart whose context claimed it */
	u32 route[VPLIC_MAX_SRCS];      /* the vCPU the physical source is routed to */
	u32 vseip;                      /* the VSEIP bits last handed out, one per vCPU */
	u32 virt; /* slots no physical source feeds (the emulated UART's): vplic.c leaves the
		   * physical PLIC alone for them */
};

/* What an access asks of the caller, beyond its value. */
struct vplic_effect {
	u32 ignored;        /* writes to sources the zone does not own (cpu->irq_writes_ignored) */
	u32 completed;      /* source id the guest completed: complete it on the physical PLIC, */
	u32 completed_hart; /* in the context of the hart that claimed it there */
	bool rerouted;      /* enables changed: vplic_route() may name another vCPU for a source */
};

void vplic_init(struct vplic *vp, const u32 *irqs, u32 max_irqs, u32 nr_vcpus);

/* Slot of source @irq in @vp, or -1 if the zone does not own it. */
int vplic_slot(const struct vplic *vp, u32 irq);

/* The device raised @irq (claimed from the physical PLIC on @hart): pending until the
 * guest claims it. Returns false if the zone does not own it. */
bool vplic_raise(struct vplic *vp, u32 irq, u32 hart);

/* A guest access at offset @off of the PLIC region, 4 bytes. Returns false outside the
 * register map (the access is not emulated). */
bool vplic_read(struct vplic *vp, u64 off, u32 *value);
bool vplic_write(struct vplic *vp, u64 off, u32 value, struct vplic_effect *e);

/* The source the guest of context 2v+1 would claim now: the highest-priority pending
 * source enabled there above its threshold (ties: the lowest id). 0 if none. */
u32 vplic_best(const struct vplic *vp, u32 v);

/* Bit v set: vCPU v has an interrupt to take, its hvip.VSEIP should be 1. */
u32 vplic_vseip_mask(const struct vplic *vp);

/* After any change: the vCPUs whose VSEIP must change since it was last handed out (bit v),
 * and in @mask the bits as they are now, recorded as handed out (vplic.c tells the vCPUs). */
u32 vplic_vseip_changes(struct vplic *vp, u32 *mask);

/* vCPU v's VSEIP as it is now, recorded as handed out: for a vCPU that sets its own hvip
 * from it, told of a change or fresh from a reset (which took back what it was handed). */
bool vplic_vseip_sync(struct vplic *vp, u32 v);

/* The vCPU source slot @i should be delivered to: the first whose context enables it,
 * else vCPU 0. */
u32 vplic_route(const struct vplic *vp, u32 i);
