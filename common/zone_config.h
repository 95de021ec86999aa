/*
 * Zone configuration: what a scenario file (common/scenarios/<name>.c) declares, and the
 * checks run on it at boot. Pure C with no hardware access: unit-tested on the host.
 */
#pragma once

#include "pt.h"
#include "types.h"

#define MAX_ZONES   4
#define MAX_REGIONS 8
#define MAX_IRQS    16

/* One contiguous guest-physical range backed by host-physical memory or a device. */
struct mem_region {
	u64 ipa; /* guest-physical address */
	u64 pa;  /* host-physical address */
	u64 size;
	u32 flags; /* MEM_R/W/X, MEM_IO */
};

enum image_format { IMAGE_NONE, IMAGE_ELF, IMAGE_RAW };

/* A guest image linked into the hypervisor (see IMAGE() below). */
struct image {
	const char *name;
	enum image_format format;
	const u8 *start, *end;
	u64 load_ipa; /* raw images: where to copy; ELF images: ignored (the ELF says) */
};

enum console_mode {
	CONSOLE_EMULATED,    /* trapped MMIO UART; the hypervisor prints "[name] line" */
	CONSOLE_PASSTHROUGH, /* the zone owns the physical UART */
};

struct zone_config {
	u32 id;
	const char *name;
	u64 cpus; /* bit n = physical CPU n; vCPU i runs on the i-th set bit */
	struct mem_region ram[MAX_REGIONS];  /* guest RAM; unused entries have size 0 */
	struct mem_region mmio[MAX_REGIONS]; /* passed-through device ranges */
	u32 irqs[MAX_IRQS]; /* interrupts the zone owns (GIC SPIs / PLIC sources); 0 ends the list */
	struct image kernel; /* ELF or raw */
	struct image dtb;    /* raw, optional; its IPA goes to the boot register */
	struct image initrd; /* raw, optional */
	u64 entry;           /* 0: take the kernel ELF's entry point */
	enum console_mode console;
	/* Emulated console only: the zone that has the console's focus at boot. Its output
	 * shows as it comes (a prompt without its newline too), and what is typed on the
	 * host console goes to its UART; Ctrl-] then a zone's id moves the focus (vuart.c). */
	bool console_focus;
};

/* The machine the zones share, for the checks: RAM, the hypervisor's own memory, CPUs. */
struct platform {
	u64 ram_base, ram_size;
	u64 hyp_base, hyp_end; /* the hypervisor image and its data; never given to a zone */
	u64 cpus;              /* bitmap of physical CPUs that exist */
	u64 uart_base, uart_size;
	u32 irq_first, irq_last; /* interrupts a zone may own: SPIs 32..1019 / PLIC 1..1023 */
};

/*
 * Link a guest image file into the hypervisor. The file is looked up in the build's guest
 * directory (-Wa,-I): IMAGE(hello_elf, "hello.elf") defines hello_elf[] and hello_elf_end[].
 */
#define IMAGE(sym, file)                                \
	__asm__(".pushsection .rodata.images, \"a\"\n"  \
		".balign 4096\n" #sym ":\n"             \
		".incbin \"" file "\"\n" #sym "_end:\n" \
		".popsection\n");                       \
	extern const u8 sym[], sym##_end[]

/* struct image initialisers for a scenario's images. */
#define ELF_IMAGE(sym, file)                       \
	{                                          \
		file, IMAGE_ELF, sym, sym##_end, 0 \
	}
#define RAW_IMAGE(sym, file, ipa)                    \
	{                                            \
		file, IMAGE_RAW, sym, sym##_end, ipa \
	}

/* Check every zone against the platform and each other. Returns 0, or -1 with a message
 * naming the zone and the field in @err. */
int zone_config_check(const struct zone_config *cfgs, u32 n, const struct platform *plat, char *err,
		      size_t errlen);

/* The host-physical address of guest range [ipa, ipa+size) in @cfg's RAM, or ~0 if the
 * range is not inside one RAM region. */
u64 zone_ipa_to_pa(const struct zone_config *cfg, u64 ipa, u64 size);

/* Number of vCPUs: the CPUs in @cfg's mask. */
u32 zone_config_nr_vcpus(const struct zone_config *cfg);
