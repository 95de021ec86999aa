/* Device register access: volatile, so the compiler neither merges nor drops them. */
#pragma once

#include "types.h"

static inline u32 read32(u64 addr)
{
	return *(volatile u32 *)addr;
}
static inline void write32(u64 addr, u32 v)
{
	*(volatile u32 *)addr = v;
}
static inline u8 read8(u64 addr)
{
	return *(volatile u8 *)addr;
}
static inline void write8(u64 addr, u8 v)
{
	*(volatile u8 *)addr = v;
}
