/*
 * Loading a guest image into its zone's RAM at boot: ELF images are copied segment by
 * segment to their physical addresses (read as IPAs); raw images are already at their
 * load_ipa (QEMU put them there) and are checked in place.
 * Pure C: unit-tested on the host.
 */
#pragma once

#include "types.h"
#include "zone_config.h"

/* ELF e_machine values of the guests this hypervisor runs (platform.h: ELF_MACHINE). */
#define EM_AARCH64 183
#define EM_RISCV   243

/* The loader wrote [pa, pa + size) of a zone's RAM (an ELF segment). The hypervisor makes
 * it visible to a vCPU that starts with its caches off (zone.c: arch_guest_written); host
 * programs that link loader.c get its weak definition, which does nothing. */
void loader_wrote(u64 pa, u64 size);

/* Which of a zone's images: a raw kernel must be a Linux Image, a DTB a device tree. */
enum image_role { IMAGE_KERNEL, IMAGE_DTB, IMAGE_INITRD };

/*
 * Put @img in @cfg's RAM, or check that it is there (the hypervisor identity-maps RAM, so
 * a PA from zone_ipa_to_pa() is a pointer). An ELF image is checked whole, then copied
 * segment by segment; a raw one was placed by QEMU and is checked where it lies: that it
 * is the file the build measured (its first and last bytes), and its format for its @role.
 * Sets *entry (if @entry is not NULL): the ELF entry point, or a raw image's load_ipa.
 * Returns 0, or -1 with a message naming the image and the problem in @err.
 */
int image_load(const struct image *img, enum image_role role, const struct zone_config *cfg,
	       u16 elf_machine, u64 *entry, char *err, size_t errlen);
