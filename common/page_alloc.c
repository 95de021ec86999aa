/*
 * Page-table memory: a bump allocator over a static pool. Tables are built once at boot
 * and never freed (zones are static), so there is nothing to give back and no free list.
 *
 * Pool size: the scenarios need a few dozen pages (EL2/HS map ~2-4, each zone's
 * guest-physical map ~5-10 with 2 MiB / 1 GiB leaves, a 4-page Sv39x4 root on riscv).
 * 512 pages (2 MiB) is enough for a lab that maps all four zones' 128 MiB in 4 KiB pages
 * (64 last-level tables each) with room to spare, and costs nothing in the image: .bss is
 * not stored in the ELF. The hypervisor's memory (256 MiB, platform.h) holds it easily.
 */
#include "lib.h"
#include "pt.h"
#include "spinlock.h"

#define POOL_PAGES 512

static u8 pool[POOL_PAGES * PAGE_SIZE] __aligned(PAGE_SIZE);
static u64 pool_next; /* offset of the first free byte in pool[] */
static spinlock_t pool_lock;

void *page_alloc_contig(unsigned n)
{
	u64 align = (u64)n * PAGE_SIZE;
	u8 *p = NULL;

	if (!n)
		return NULL;
	spin_lock(&pool_lock);
	/* Align the address, not the offset: the pool itself is only page aligned. */
	u64 base = (u64)(uintptr_t)pool;
	u64 start = (base + pool_next + align - 1) / align * align - base;
	if (start + align <= sizeof(pool)) {
		p = pool + start;
		pool_next = start + align;
	}
	spin_unlock(&pool_lock);
	/* .bss was cleared at boot, but say it here: a table must start all invalid. */
	if (p)
		memset(p, 0, align);
	return p;
}

void *page_alloc(void)
{
	return page_alloc_contig(1);
}
