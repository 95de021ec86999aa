# riscv64: hypervisor in HS-mode under OpenSBI, guests in VS-mode (see README.md).
CROSS      := riscv64-unknown-elf-
ARCH_SHORT := riscv
# No F/D in the hypervisor (guests own the FP state); gcc 12 has no `h` in -march, so the
# assembler gets it separately (docs/platform.md).
ARCH_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax \
	-Wa,-march=rv64imac_zicsr_zifencei_h
ARCH_LDFLAGS := -march=rv64imac -mabi=lp64
COMMON_UART := common/ns16550.c
QEMU := qemu-system-riscv64
# -nic none: no zone uses a network, so QEMU adds no NIC (see aarch64/arch.mk).
QEMU_MACHINE := -M virt -bios default -smp $(SMP) -m 1G -nic none
# Guests may use F/D freely.
GUEST_ARCH_CFLAGS := -march=rv64imafdc_zicsr -mabi=lp64d -mcmodel=medany
GUEST_ARCH_LDFLAGS := -march=rv64imafdc -mabi=lp64d
