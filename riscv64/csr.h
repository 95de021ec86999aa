/*
 * riscv64 control registers as the hypervisor uses them: accessors, and the bits it sets,
 * named as in the RISC-V privileged spec (v1.12: ch. 4 S-mode, ch. 8 the H extension).
 * The constants are assembler-safe: boot.S and vectors.S use them too.
 */
#pragma once

#include "types.h"

#ifndef __ASSEMBLER__
/* xv6 style: one line per access; the CSR is named as the assembler knows it. */
#define csr_read(csr)                                          \
	({                                                     \
		u64 v_;                                        \
		__asm__ volatile("csrr %0, " #csr : "=r"(v_)); \
		v_;                                            \
	})
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" : : "rK"((u64)(v)) : "memory")
#define csr_set(csr, v)   __asm__ volatile("csrs " #csr ", %0" : : "rK"((u64)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" : : "rK"((u64)(v)) : "memory")
#endif

/* sstatus (4.1.1) */
#define SSTATUS_SIE        BIT(1) /* HS interrupts: kept 0; they still reach us from V=1 */
#define SSTATUS_SPIE       BIT(5) /* the guest's SIE after sret (vsstatus has the real one) */
#define SSTATUS_SPP        BIT(8) /* sret to S-mode: with hstatus.SPV that is VS-mode */
#define SSTATUS_FS_MASK    (3UL << 13)
#define SSTATUS_FS_INITIAL (1UL << 13) /* FP on: the guest may use F/D (vsstatus.FS too) */

/* hstatus (8.2.1) */
#define HSTATUS_SPV     BIT(7)      /* sret enters V=1: the guest */
#define HSTATUS_SPVP    BIT(8)      /* guest privilege for hlvx: S (set by every trap from VS) */
#define HSTATUS_VSXL_64 (2UL << 32) /* VS-mode is 64-bit */

/* scause (4.1.9, 8.6.1) */
#define SCAUSE_INTR          BIT(63)
#define EXC_INST_MISALIGNED  0
#define EXC_INST_ACCESS      1
#define EXC_ILLEGAL_INSN     2
#define EXC_BREAKPOINT       3
#define EXC_LOAD_MISALIGNED  4
#define EXC_LOAD_ACCESS      5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS     7
#define EXC_U_ECALL          8 /* from U or VU-mode */
#define EXC_HS_ECALL         9
#define EXC_VS_ECALL         10 /* the guest's SBI calls */
#define EXC_M_ECALL          11
#define EXC_INST_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15
#define EXC_INST_GUEST_PF    20 /* G-stage faults: the guest touched what it does not own */
#define EXC_LOAD_GUEST_PF    21
#define EXC_VIRTUAL_INSN     22
#define EXC_STORE_GUEST_PF   23
#define EXC_NR               24

#define IRQ_S_SOFT   1 /* IPI to HS: another hart has a request for us */
#define IRQ_VS_SOFT  2
#define IRQ_S_TIMER  5
#define IRQ_VS_TIMER 6
#define IRQ_S_EXT    9
#define IRQ_VS_EXT   10
#define SIE_SSIE     BIT(IRQ_S_SOFT)  /* IPIs from other harts (arch_send_ipi) */
#define SIE_STIE     BIT(IRQ_S_TIMER) /* our own timer: the guest's, without Sstc */
#define SIE_SEIE     BIT(IRQ_S_EXT)   /* the PLIC: device interrupts to hand to a zone */
#define SIP_SSIP     BIT(IRQ_S_SOFT)
#define IRQ_NR       16 /* interrupt codes 0-15: the standard ones (scause, 4.1.9) */

/* hvip (8.2.3): VS-level interrupts the hypervisor asserts for the guest. With hideleg
 * they appear in the guest's sip as SSIP/STIP/SEIP (bits 1, 5, 9). */
#define HVIP_VSSIP BIT(IRQ_VS_SOFT)  /* an IPI; the guest clears it through its sip.SSIP */
#define HVIP_VSTIP BIT(IRQ_VS_TIMER) /* its timer, when the hart has no Sstc */
#define HVIP_VSEIP BIT(IRQ_VS_EXT)   /* its emulated PLIC has a claimable source */

/* hedeleg: exceptions the guest handles itself, without a trip through HS, as an EL1
 * guest takes its own UNDEF on aarch64. A guest with no trap vector yet (vstvec = 0) ends
 * up fetching at 0, where exits.c reports the trap it took. Not delegated: access faults
 * (hardware errors) and VS ecalls (the SBI). */
#define HEDELEG_GUEST                                                              \
	(BIT(EXC_INST_MISALIGNED) | BIT(EXC_ILLEGAL_INSN) | BIT(EXC_BREAKPOINT) |  \
	 BIT(EXC_LOAD_MISALIGNED) | BIT(EXC_STORE_MISALIGNED) | BIT(EXC_U_ECALL) | \
	 BIT(EXC_INST_PAGE_FAULT) | BIT(EXC_LOAD_PAGE_FAULT) | BIT(EXC_STORE_PAGE_FAULT))
/* hideleg: the VS-level interrupts belong to the guest (its vsie/vsip). */
#define HIDELEG_GUEST (BIT(IRQ_VS_SOFT) | BIT(IRQ_VS_TIMER) | BIT(IRQ_VS_EXT))

#define HCOUNTEREN_CY_TM_IR 7       /* the guest reads cycle, time, instret itself */
#define HENVCFG_STCE        BIT(63) /* Sstc for the guest: it programs vstimecmp directly */
