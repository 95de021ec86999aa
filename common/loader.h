/*
 * Loading a guest image into its zone's RAM at boot: raw images are copied to their
 * load_ipa, ELF images segment by segment to their physical addresses (read as IPAs).
 * Pure C: unit-tested on the host.
 */
#pragma once

#include "types.h"
#include "zone_config.h"

/* ELF e_machine values of the guests this hypervisor runs (platform.h: ELF_MACHINE). */
#define EM_AARCH64 183
#define EM_RISCV   243

/*
 * Validate @img and copy it into @cfg's RAM (the hypervisor identity-maps RAM, so a PA from
 * zone_ipa_to_pa() is a pointer). Nothing is copied unless the whole image is valid.
 * Sets *entry (if @entry is not NULL): the ELF entry point, or a raw image's load_ipa.
 * Returns 0, or -1 with a message naming the image and the problem in @err.
 */
int image_load(const struct image *img, const struct zone_config *cfg, u16 elf_machine, u64 *entry,
	       char *err, size_t errlen);
