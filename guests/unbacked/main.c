/*
 * Accesses to a guest-physical address with nothing behind it: a load, a store and a call.
 * In a zone with `.unbacked = UNBACKED_ABORT` each is a fault this guest takes through its
 * own vector (an external abort on aarch64, an access fault on riscv64), and it prints what
 * the fault said. In a zone without (the default), the hypervisor stops the zone at the
 * first access: the lines after "load" never come.
 */
#include <stdio.h>
#include "guest.h"

/* What the fault should say: aarch64 ESR_EL1.EC and FSC, riscv64 scause. */
#ifdef __aarch64__
#define CAUSE(c)    ((c) >> 26 << 8 | ((c)&0x3f)) /* EC, then FSC */
#define LOAD_CAUSE  (0x25 << 8 | 0x10)            /* data abort, synchronous external */
#define STORE_CAUSE (0x25 << 8 | 0x10)
#define FETCH_CAUSE (0x21 << 8 | 0x10) /* instruction abort, synchronous external */
#define CAUSE_NAMES "ESR_EL1.EC << 8 | FSC"
#else
#define CAUSE(c)    (c)
#define LOAD_CAUSE  5 /* load access fault */
#define STORE_CAUSE 7 /* store/AMO access fault */
#define FETCH_CAUSE 1 /* instruction access fault */
#define CAUSE_NAMES "scause"
#endif

static int check(const char *what, unsigned long count, unsigned long cause)
{
	int ok = last_fault.count == count && CAUSE(last_fault.cause) == cause &&
		 last_fault.addr == unbacked_address();
	printf("unbacked: %s at 0x%lx: fault taken, %s 0x%lx, address 0x%lx: %s\n", what,
	       unbacked_address(), CAUSE_NAMES, CAUSE(last_fault.cause), last_fault.addr,
	       ok ? "ok" : "FAILED");
	return ok;
}

int main(void)
{
	faults_catch();
	printf("unbacked: load from 0x%lx\n", unbacked_address());
	load_unbacked();
	check("load", 1, LOAD_CAUSE);
	store_unbacked();
	check("store", 2, STORE_CAUSE);
	call_unbacked();
	check("call", 3, FETCH_CAUSE);
	printf("unbacked: done\n");
	return 0;
}
