/*
 * The minivisor hypercall ABI, shared by the hypervisor and the guests.
 *
 * aarch64: `hvc #0`, x0 = HC_FN(n) (an SMCCC "vendor-specific hypervisor service" id,
 *          owner 6, fast call, 64-bit), arguments in x1..x3, result in x0.
 *          PSCI calls (owner 4) may be made with hvc or smc.
 * riscv64: `ecall` with a7 = HC_SBI_EXT (an SBI firmware-specific extension id),
 *          a6 = n, arguments in a0..a2; result in a0 = error (0) and a1 = value,
 *          as the SBI calling convention has it.
 *
 * Results are >= 0 on success; HC_ERR_* on failure.
 */
#pragma once

#define HC_FN(n)   (0xC6000000UL | (n)) /* SMCCC: fast call | SMC64 | owner 6 (hypervisor) */
#define HC_FN_NR   0xffffUL             /* SMCCC function number [15:0]: n */
#define HC_SBI_EXT 0x0A4D5649UL         /* in the SBI firmware-specific range; "MVI" */

#define HC_NULL          0 /* does nothing, returns 0: the round-trip cost in benchmarks */
#define HC_PUTCHAR       1 /* arg0 = character, written to this zone's console */
#define HC_ZONE_ID       2 /* -> id of the calling zone */
#define HC_VCPU_ID       3 /* -> index of the calling vCPU within its zone */
#define HC_ZONE_SHUTDOWN 4 /* powers the calling zone off; does not return */
#define HC_ZONE_COUNT    5 /* -> number of zones in the scenario */
#define HC_ZONE_INFO     6 /* arg0 = index -> (id << 32) | (state << 16) | nr_vcpus */

/* A zone's state, as HC_ZONE_INFO reports it. */
#define HC_ZONE_OFF     0 /* powered off (or not started) */
#define HC_ZONE_RUNNING 1
#define HC_ZONE_STOPPED 2 /* stopped by the hypervisor: it faulted */

#define HC_ERR_UNKNOWN (-1L) /* no such hypercall */
#define HC_ERR_INVALID (-2L) /* bad argument */
