/*
 * A guest that misbehaves on purpose, built twice: FAULT_oob writes outside its zone's
 * memory, FAULT_undef executes an undefined instruction. The hypervisor must report and
 * stop this zone, and nothing else.
 */
#include <stdio.h>
#include "guest.h"

int main(void)
{
	long zone = hypercall(HC_ZONE_ID, 0, 0);

#ifdef FAULT_oob
	printf("faulty: zone %ld writes outside its memory\n", zone);
	write_outside_zone();
#else
	printf("faulty: zone %ld executes an undefined instruction\n", zone);
	undefined_instruction();
#endif
	printf("faulty: still running - the hypervisor missed it\n");
	power_off();
}
