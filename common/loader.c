/*
 * Guest image loader. ELF64 images are checked completely before one byte is copied, so a
 * refused image leaves the zone's RAM untouched and the message says exactly what is wrong.
 * Only what a statically linked guest needs: PT_LOAD segments, placed at p_paddr (an IPA).
 * Raw images (Linux, its DTB and initrd) are never copied: QEMU places them before the
 * hypervisor runs, and they are checked where they lie, in time that does not grow with
 * their size.
 *
 * The ELF structures are defined here (ELF-64 Object File Format, v1.5): the hypervisor is
 * freestanding and has no <elf.h>. Headers are copied out of the image before use, so a
 * misaligned program header table cannot cause an alignment fault.
 */
#include "loader.h"
#include "console.h"
#include "lib.h"

#define EI_NIDENT   16
#define EI_CLASS    4
#define EI_DATA     5
#define EI_VERSION  6
#define ELFCLASS64  2
#define ELFDATA2LSB 1 /* little-endian: both of our arches */
#define EV_CURRENT  1
#define ET_EXEC     2 /* a statically linked executable, not a shared object */
#define PT_LOAD     1

struct elf64_ehdr {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
};

struct elf64_phdr {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
};

/* One load in progress: the image, where it goes, where a refusal is written. */
struct load {
	const struct image *img;
	const struct zone_config *cfg;
	const u8 *data;
	u64 size;
	char *err;
	size_t errlen;
};

/* Write "<image name>: <message>" and return -1. */
static __printf(2, 3) int fail(struct load *ld, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(ld->err, ld->errlen, "%s: ", ld->img->name);

	if (n >= 0 && (size_t)n < ld->errlen) {
		va_start(ap, fmt);
		vsnprintf(ld->err + n, ld->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static const char *machine_name(u16 machine)
{
	return machine == EM_AARCH64 ? "aarch64" : machine == EM_RISCV ? "riscv64" : "unknown";
}

/* Is [off, off + len) inside the image? (Overflow-safe: no off + len is computed.) */
static bool in_image(const struct load *ld, u64 off, u64 len)
{
	return off <= ld->size && len <= ld->size - off;
}

/* ---- ELF: check everything, then copy ---- */

static int check_header(struct load *ld, const struct elf64_ehdr *eh, u16 elf_machine)
{
	static const u8 magic[4] = { 0x7f, 'E', 'L', 'F' };

	if (memcmp(eh->e_ident, magic, sizeof(magic)))
		return fail(ld, "not an ELF file (bad magic)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return fail(ld, "not a 64-bit ELF file (class %u)", eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(ld, "not a little-endian ELF file (data encoding %u)",
			    eh->e_ident[EI_DATA]);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return fail(ld, "unknown ELF version %u", eh->e_version);
	if (eh->e_type != ET_EXEC)
		return fail(ld, "not an executable (ELF type %u; link it static, not PIE)",
			    eh->e_type);
	if (eh->e_machine != elf_machine)
		return fail(ld, "built for %s (e_machine %u), this hypervisor runs %s guests",
			    machine_name(eh->e_machine), eh->e_machine, machine_name(elf_machine));
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return fail(ld, "program header size %u, expected %u", eh->e_phentsize,
			    (unsigned)sizeof(struct elf64_phdr));
	if (!in_image(ld, eh->e_phoff, (u64)eh->e_phnum * eh->e_phentsize))
		return fail(ld,
			    "program header table (%u entries at offset 0x%lx) is past the end "
			    "of the image (%lu bytes)",
			    eh->e_phnum, eh->e_phoff, ld->size);
	return 0;
}

static void read_phdr(const struct load *ld, const struct elf64_ehdr *eh, unsigned i,
		      struct elf64_phdr *ph)
{
	memcpy(ph, ld->data + eh->e_phoff + (u64)i * sizeof(*ph), sizeof(*ph));
}

/* Segments the loader copies: PT_LOAD with something in memory. */
static bool loaded(const struct elf64_phdr *ph)
{
	return ph->p_type == PT_LOAD && ph->p_memsz;
}

static int check_segment(struct load *ld, unsigned i, const struct elf64_phdr *ph)
{
	if (ph->p_filesz > ph->p_memsz)
		return fail(ld, "segment %u: file size 0x%lx is larger than its memory size 0x%lx",
			    i, ph->p_filesz, ph->p_memsz);
	if (!in_image(ld, ph->p_offset, ph->p_filesz))
		return fail(ld,
			    "segment %u: file bytes [0x%lx, +0x%lx) are past the end of the "
			    "image (%lu bytes)",
			    i, ph->p_offset, ph->p_filesz, ld->size);
	if (zone_ipa_to_pa(ld->cfg, ph->p_paddr, ph->p_memsz) == ~0UL)
		return fail(ld, "segment %u [0x%lx, 0x%lx) is outside the zone's RAM", i,
			    ph->p_paddr, ph->p_paddr + ph->p_memsz);
	return 0;
}

/* Every loaded segment valid, at least one, and the entry point inside one of them.
 * Sets *entry to the entry's physical address (the IPA where vCPU 0 starts). */
static int check_segments(struct load *ld, const struct elf64_ehdr *eh, u64 *entry)
{
	struct elf64_phdr ph;
	unsigned nr_loaded = 0;
	bool entry_found = false;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		read_phdr(ld, eh, i, &ph);
		if (!loaded(&ph))
			continue;
		if (check_segment(ld, i, &ph))
			return -1;
		nr_loaded++;
		/* e_entry is virtual: translate it through the segment holding it. */
		if (eh->e_entry >= ph.p_vaddr && eh->e_entry - ph.p_vaddr < ph.p_memsz) {
			*entry = ph.p_paddr + (eh->e_entry - ph.p_vaddr);
			entry_found = true;
		}
	}
	if (!nr_loaded)
		return fail(ld, "no loadable segment (PT_LOAD)");
	if (!entry_found)
		return fail(ld, "entry point 0x%lx is not inside any loaded segment", eh->e_entry);
	return 0;
}

__attribute__((weak)) void loader_wrote(u64 pa, u64 size)
{
	(void)pa, (void)size;
}

/* Copy the file bytes of each segment and zero the rest of it (.bss). */
static void copy_segments(struct load *ld, const struct elf64_ehdr *eh)
{
	struct elf64_phdr ph;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		read_phdr(ld, eh, i, &ph);
		if (!loaded(&ph))
			continue;
		u8 *dst = (u8 *)(uintptr_t)zone_ipa_to_pa(ld->cfg, ph.p_paddr, ph.p_memsz);
		memcpy(dst, ld->data + ph.p_offset, ph.p_filesz);
		memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
		loader_wrote((u64)(uintptr_t)dst, ph.p_memsz);
	}
}

static int load_elf(struct load *ld, u16 elf_machine, u64 *entry)
{
	struct elf64_ehdr eh;
	u64 start = 0;

	if (ld->size < sizeof(eh))
		return fail(ld, "too small for an ELF header (%lu bytes)", ld->size);
	memcpy(&eh, ld->data, sizeof(eh));
	if (check_header(ld, &eh, elf_machine) || check_segments(ld, &eh, &start))
		return -1;
	copy_segments(ld, &eh);
	if (entry)
		*entry = start;
	return 0;
}

/* ---- raw: placed by QEMU, checked where it lies ---- */

/* The Linux Image header, the same 64 bytes on both arches (the kernel's
 * Documentation/arch/arm64/booting.rst and Documentation/riscv/boot-image-header.rst):
 * image_size, the memory the kernel uses from where it is loaded (.bss included), at 16;
 * at 56, the magic that names the arch: "ARM\x64" or "RSC\x05" (riscv's magic2). */
#define LINUX_HEADER     64
#define LINUX_IMAGE_SIZE 16
#define LINUX_MAGIC      56
#define FDT_MAGIC        0xd00dfeed /* devicetree specification v0.4, 5.2: big-endian */

static u64 le64(const u8 *p)
{
	u64 v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Is the file the build measured really at @p? Its first and last bytes say so without
 * reading it all (a 40 MB kernel would cost 40 M instructions). */
static int check_in_place(struct load *ld, const u8 *p, u64 pa)
{
	const struct placed_file *pf = ld->img->placed;
	u64 n = ld->size < sizeof(pf->head) ? ld->size : sizeof(pf->head);

	if (memcmp(p, pf->head, n) || memcmp(p + ld->size - n, pf->tail, n))
		return fail(
			ld,
			"not in place at IPA 0x%lx: QEMU puts it there with -device "
			"loader,file=%s,addr=0x%lx,force-raw=on (make print-qemu shows them all)",
			ld->img->load_ipa, pf->path, pa);
	return 0;
}

/* A raw kernel is booted as Linux is (the DTB's address in x0 / a1), so it must be a Linux
 * Image for this arch, and its memory (image_size) must fit the zone's RAM. */
static int check_linux_image(struct load *ld, const u8 *p, u16 elf_machine)
{
	bool arm64, riscv;
	u64 mem;

	if (ld->size < LINUX_HEADER)
		return fail(ld, "not a Linux Image (%lu bytes, shorter than its header)", ld->size);
	arm64 = !memcmp(p + LINUX_MAGIC, "ARM\x64", 4);
	riscv = !memcmp(p + LINUX_MAGIC, "RSC\x05", 4);
	if (!arm64 && !riscv && p[0] == 0x1f && p[1] == 0x8b) /* RFC 1952: Image.gz, vmlinuz */
		return fail(ld,
			    "a gzip file, not a Linux Image: give the uncompressed one (gunzip)");
	if (!arm64 && !riscv)
		return fail(ld, "not a Linux Image (no arm64 or riscv magic in its header)");
	if (arm64 != (elf_machine == EM_AARCH64))
		return fail(ld, "a %s Linux Image, this hypervisor runs %s guests",
			    arm64 ? "arm64" : "riscv", machine_name(elf_machine));
	mem = le64(p + LINUX_IMAGE_SIZE);
	if (mem < ld->size)
		mem = ld->size; /* 0 in kernels older than arm64's v3.17: the file is all */
	if (zone_ipa_to_pa(ld->cfg, ld->img->load_ipa, mem) == ~0UL)
		return fail(
			ld,
			"the kernel's memory [0x%lx, 0x%lx) (image_size) is past the zone's RAM",
			ld->img->load_ipa, ld->img->load_ipa + mem);
	return 0;
}

/* A DTB: the magic, and a totalsize within the file. */
static int check_fdt(struct load *ld, const u8 *p)
{
	if (ld->size < 8 || be32(p) != FDT_MAGIC)
		return fail(ld, "not a device tree blob (bad magic)");
	if (be32(p + 4) > ld->size)
		return fail(ld, "device tree totalsize %u is past the end of the file (%lu bytes)",
			    be32(p + 4), ld->size);
	return 0;
}

static int load_raw(struct load *ld, enum image_role role, u16 elf_machine, u64 *entry)
{
	u64 ipa = ld->img->load_ipa;
	u64 pa = zone_ipa_to_pa(ld->cfg, ipa, ld->size);
	const u8 *p = (const u8 *)(uintptr_t)pa;

	if (!ld->size)
		return fail(ld, "an empty file");
	if (pa == ~0UL)
		return fail(ld, "[0x%lx, 0x%lx) (%lu bytes) does not fit the zone's RAM", ipa,
			    ipa + ld->size, ld->size);
	if (check_in_place(ld, p, pa))
		return -1;
	if (role == IMAGE_KERNEL && check_linux_image(ld, p, elf_machine))
		return -1;
	if (role == IMAGE_DTB && check_fdt(ld, p))
		return -1;
	if (entry)
		*entry = ipa;
	return 0;
}

int image_load(const struct image *img, enum image_role role, const struct zone_config *cfg,
	       u16 elf_machine, u64 *entry, char *err, size_t errlen)
{
	struct load ld = { img, cfg, img->start, image_size(img), err, errlen };

	switch (img->format) {
	case IMAGE_ELF:
		if (!img->start || img->end < img->start)
			return fail(&ld, "no image data");
		return load_elf(&ld, elf_machine, entry);
	case IMAGE_RAW:
		if (!img->placed)
			return fail(&ld, "no image data");
		return load_raw(&ld, role, elf_machine, entry);
	default:
		return fail(&ld, "no image format (IMAGE_NONE)");
	}
}
