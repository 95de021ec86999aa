/* The sentinel's pattern (guests/hostile/layout.h): PATTERN_WORDS words, word i being
 * PATTERN_WORD(i), in a section of its own that the Makefile places at PATTERN_IPA. It is
 * part of the image, so the hypervisor's loader puts it in place before any zone runs. */
#include "../hostile/layout.h"

	.section .sentinel_pattern, "aw"
	.balign 4096
	.global sentinel_pattern
sentinel_pattern:
	.set	i, 0
	.rept	PATTERN_WORDS
	.quad	PATTERN_TAG + i
	.set	i, i + 1
	.endr
