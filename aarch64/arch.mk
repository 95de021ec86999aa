# aarch64: hypervisor at EL2, guests at EL1 (see README.md).
CROSS      := aarch64-linux-gnu-
ARCH_SHORT := aarch64
# -fno-section-anchors: a table's address in two instructions, not three (handle_vmexit's
# exit_handlers[], on the hypercall path that make bench-aarch64 counts).
ARCH_CFLAGS := -march=armv8-a -mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-fno-section-anchors
ARCH_LDFLAGS :=
COMMON_UART := common/pl011.c
QEMU := qemu-system-aarch64
# CPU: the model QEMU emulates (make run-aarch64 CPU=max: SVE, pointer authentication, ...).
CPU ?= cortex-a72
# -nic none: virt would add a virtio NIC, whose option ROM (efi-virtio.rom) a new machine
# lacks (docs/platform.md); no zone uses a network.
QEMU_MACHINE := -M virt,virtualization=on,gic-version=3 -cpu $(CPU) -smp $(SMP) -m 1G -nic none
# Guests may use FP/SIMD freely (picolibc's printf does).
GUEST_ARCH_CFLAGS := -march=armv8-a
GUEST_ARCH_LDFLAGS :=
