/*
 * The attacker zone of SCENARIO=hostile: what its attacks share.
 *
 * An attack is one small function with a name and what must happen:
 *   - either the zone carries on, and the attack checks the answers it got (expect_*), or
 *     names a line the console must show (expect_line);
 *   - or the hypervisor stops the zone, and its "zone stopped" line must contain the text
 *     given (a printf format, %lx being the attack's address).
 * main.c runs them (all the harmless ones per boot, or one, as the selector says);
 * attacks.c holds the ones both arches share, attacks_<arch>.c the rest, fuzz.c the random
 * calls; tests/hostile.py runs the boots and judges them.
 */
#pragma once

#include <stdint.h>
#include "guest.h"
#include "layout.h"

typedef uint64_t u64;

struct attack {
	const char *name;
	void (*run)(void);
	const char *stops; /* NULL: the zone carries on; else the stop line's text (format) */
	u64 addr;          /* the %lx in @stops */
	int defect;        /* the known defect it shows (tests/test_hostile.py), or 0 */
};
#define ATTACK(fn)                  \
	{                           \
#fn, fn, NULL, 0, 0 \
	}
#define FATAL(fn, stops, addr)          \
	{                               \
#fn, fn, stops, addr, 0 \
	}
#define DEFECT(n, fn, stops, addr)      \
	{                               \
#fn, fn, stops, addr, n \
	}

extern const struct attack common_attacks[], arch_attacks[];
extern const unsigned nr_common_attacks, nr_arch_attacks;

/* ---- main.c: checking, printing, other vCPUs ---- */

/* A wrong answer is printed and fails the attack; the run goes on. */
void expect_eq(const char *what, long got, long want);
void expect_true(const char *what, int ok);
/* The console must show "[attacker] <text>": tests/hostile.py looks for it. */
void expect_line(const char *text);

/* Run @job(vcpu, context) on vCPU @vcpu (1 or 2), started at hostile_entry; it stops
 * itself when the job returns. Returns the firmware's answer to the start. */
typedef void (*job_fn)(unsigned long vcpu, unsigned long context);
long start_job(unsigned long vcpu, job_fn job, unsigned long context);
void wait_off(unsigned long vcpu); /* until the firmware says @vcpu is off (bounded) */
#define WAIT_MS 20000              /* bounds on waiting: reached only when something is wrong */
/* Spin until *@flag is nonzero, for at most @ms of counter time; returns *@flag. */
long wait_flag(volatile long *flag, unsigned ms);
uint64_t random64(uint64_t *state); /* xorshift64*: reproducible from its seed */

/* ---- the architecture's part (attacks_<arch>.c, <arch>.S) ----
 * The firmware's numbers are restated from the specs (SMCCC and PSCI, the SBI), not taken
 * from the hypervisor's headers: a test that shares its constants with the code it tests
 * cannot catch a wrong one. */

/* The firmware's codes (PSCI / SBI) for the answers the attacks expect. */
struct fw_codes {
	long ok, invalid, bad_address, already_on, not_supported;
};
extern const struct fw_codes fw;
#if defined(__aarch64__)
long smccc(int hvc, u64 a0, u64 a1, u64 a2, u64 a3); /* smc or hvc #0: x0 back */
#else
/* struct sbiret: guest.h's */
struct sbiret sbi(u64 ext, u64 fid, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4); /* ecall */
#endif
long fw_cpu_on(u64 vcpu, u64 entry, u64 context); /* PSCI CPU_ON / SBI hart_start */
long fw_cpu_status(u64 vcpu);                     /* 1 on, 0 off, or the firmware's error */
void fw_cpu_off(void) __attribute__((noreturn));  /* PSCI CPU_OFF / SBI hart_stop */
/* One firmware call with a random id that no handler has (and random arguments): the
 * answer; the id in *@id. */
long fw_unknown_call(uint64_t *rng, u64 *id);
/* Interrupt the vCPUs in @mask, in the zone's numbering (SGI / SBI IPI). */
void ipi_mask(u64 mask);

/* The interrupt the attacker owns (ATTACKER_IRQ): give it a recognisable state in the
 * zone's interrupt controller; check that state is still there. */
void own_irq_configure(void);
int own_irq_configured(void);

extern char hostile_entry[]; /* <arch>.S: where start_job's vCPUs begin */
void hostile_secondary(unsigned long vcpu, unsigned long context); /* main.c, from there */

/* Run @fn with the guest's own trap catcher: an exception it takes in the guest is counted
 * and skipped (the instruction after it runs next). Returns how many it took; the last
 * one's cause (ESR_EL1.EC / scause) is in caught_cause. */
unsigned long catch_traps(void (*fn)(void));
extern volatile u64 caught_cause;

/* Fill @n bytes at @buf with printable text of lines of @width characters. */
void fill_text(char *buf, unsigned long n, unsigned width);

/* The sentinel's pattern and the hypervisor's image, by host-physical address. */
#define VICTIM_PA      (ZONE_RAM_PA(0) + (PATTERN_IPA - RAM_IPA) + 0x1230)
#define VICTIM_CODE_PA (ZONE_RAM_PA(0) + (PATTERN_IPA - RAM_IPA))
#define RAM_END        (RAM_IPA + RAM_SIZE) /* just past the zone's RAM */

/* How the hypervisor words a stop for an access outside the zone (<arch>/exits.c). */
#if defined(__aarch64__)
#define STOPS_READ  "data abort at IPA 0x%lx (read, not mapped)"
#define STOPS_WRITE "data abort at IPA 0x%lx (write, not mapped)"
#define STOPS_EXEC  "instruction abort at IPA 0x%lx (not mapped)"
#else
#define STOPS_READ  "load guest-page fault at GPA 0x%lx (read, not mapped)"
#define STOPS_WRITE "store/AMO guest-page fault at GPA 0x%lx (write, not mapped)"
#define STOPS_EXEC  "instruction guest-page fault at GPA 0x%lx (fetch, not mapped)"
#endif
