/*
 * What a bare-metal guest can do, on either architecture. guests/lib/<arch>/ implements the
 * arch part (startup, UART, hypercall and firmware instructions); guest.c the rest.
 */
#pragma once

#include <stdint.h>
#include "hypercall_abi.h"

/* <arch>/arch.c */
void uart_putc(char c); /* physical or emulated UART */
long hypercall(unsigned long nr, unsigned long a0, unsigned long a1);
void power_off(void) __attribute__((noreturn)); /* PSCI SYSTEM_OFF / SBI SRST */
/* firmware_version: (major << 16) | minor */
long firmware_version(void);     /* PSCI_VERSION / SBI spec version */
const char *firmware_name(void); /* "PSCI" / "SBI" */
/* Fill every FP register from @seed, make @n HC_NULL hypercalls, and return 1 if every FP
 * register still holds its value. In assembly, so no compiled code touches FP in between. */
int fp_survives_hypercalls(uint64_t seed, int n);
/* Firmware CPU control for SMP guests (PSCI CPU_ON/CPU_OFF/AFFINITY_INFO, SBI HSM).
 * cpu_start runs secondary_main(vcpu) on @vcpu; results are the firmware's own codes. */
long cpu_start(unsigned long vcpu);
void cpu_stop(void) __attribute__((noreturn));
long cpu_status(unsigned long vcpu);  /* 1 on, 0 off, or a negative firmware error */
const char *firmware_error(long err); /* the spec's name for a return code */
void delay_ms(unsigned ms);           /* busy wait on the architected counter */
void counter_init(void);              /* start the instruction counter */
unsigned long instructions(void);     /* instructions retired, at every level */
/* @n HC_NULL hypercalls in a tight loop (with_call = 1), or the same loop without them. */
void null_hypercall_loop(unsigned long n, int with_call);
void write_outside_zone(void); /* store to an IPA no zone maps */
/* Accesses to a guest-physical address with nothing behind it (unbacked_address()), for a
 * zone whose config makes them fault into the guest: faults_catch() takes the faults in
 * this library's own vector, records them in last_fault, and resumes after the access
 * (after the load or store; a call returns to its caller). */
struct fault_record {
	unsigned long cause; /* ESR_EL1 / scause */
	unsigned long addr;  /* FAR_EL1 / stval */
	unsigned long count;
};
extern volatile struct fault_record last_fault;
unsigned long unbacked_address(void);
void faults_catch(void);
unsigned long load_unbacked(void);
void store_unbacked(void);
void call_unbacked(void);
void undefined_instruction(void); /* execute an undefined instruction */

/* riscv64 only: the SBI extensions (SBI spec v2.0, each chapter's EID), and an SBI call
 * (extension @ext, function @fid), its error and value. */
#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494D45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM    0x48534D
#define SBI_EXT_SRST   0x53525354
#define SBI_EXT_DBCN   0x4442434E
struct sbiret {
	long error, value;
};
struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long arg0, unsigned long arg1,
		       unsigned long arg2);

/* Interrupts (guests/lib/<arch>/irq.c). Handlers run on the vCPU that took the interrupt,
 * with interrupts masked; they must be short. */
struct irq_handlers {
	void (*timer)(void);              /* this vCPU's periodic timer fired (already re-armed) */
	void (*ipi)(void);                /* another vCPU of the zone sent us an IPI */
	void (*uart_rx)(char c);          /* a character arrived on the zone's (passthrough) UART */
	void (*other)(unsigned long irq); /* any other interrupt (aarch64: its INTID) */
};
void irq_setup(const struct irq_handlers *h); /* this vCPU: vector table, interrupt
						controller CPU interface, unmask interrupts */
void timer_set_periodic(unsigned hz);         /* this vCPU's timer, every 1/hz s; 0 stops it */
void ipi_send(unsigned long vcpu);            /* interrupt vCPU @vcpu of this zone */
void uart_rx_enable(void);                    /* receive interrupts from the zone's UART */
void wait_for_interrupt(void);                /* wfi */
void irq_disable(void);                       /* mask interrupts on this vCPU */
void irq_enable(void);
unsigned long vcpu_id(void); /* this vCPU's index in its zone, with no exit */

/* guest.c */
int main(void);
void secondary_main(
	unsigned long vcpu); /* where cpu_start()ed vCPUs begin (a weak default parks) */
void guest_lock(void);       /* one vCPU prints at a time */
void guest_unlock(void);
/* printf, a whole line at a time however many vCPUs print. */
#define say(...)                     \
	do {                         \
		guest_lock();        \
		printf(__VA_ARGS__); \
		guest_unlock();      \
	} while (0)
int zone_state(unsigned long index); /* HC_ZONE_* state of another zone, or HC_ERR_* */
