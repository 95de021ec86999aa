/* page_alloc() for host unit tests: zeroed, aligned pages from the C library. */
#include <stdlib.h>
#include <string.h>

#include "pt.h"

void *page_alloc_contig(unsigned n)
{
	void *p = aligned_alloc(n * PAGE_SIZE, n * PAGE_SIZE);
	if (p)
		memset(p, 0, n * PAGE_SIZE);
	return p;
}

void *page_alloc(void)
{
	return page_alloc_contig(1);
}
