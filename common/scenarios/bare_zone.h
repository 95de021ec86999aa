/*
 * A zone of one bare-metal guest on physical CPU @i: 64 MiB of RAM, its ELF image, an
 * emulated console, nothing else but the fields given after @file (`.unbacked = ...`).
 * For scenarios of such zones side by side (faults, gic, sbi, unbacked).
 */
#pragma once

#include "platform.h"
#include "zone_config.h"

#define BARE_ZONE(i, nm, img, file, ...)                                                 \
	{                                                                                \
		.id = i, .name = nm, .cpus = BIT(i),                                     \
		.ram = { { GUEST_RAM_BASE, ZONE_RAM_BASE(i), 64 * MiB, MEM_RWX } },      \
		.kernel = ELF_IMAGE(img, file), .console = CONSOLE_EMULATED, __VA_ARGS__ \
	}
