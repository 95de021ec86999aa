/* A ticket lock: fair, so no CPU starves printing while others print. */
#pragma once

#include "cpu_relax.h" /* <arch>/cpu_relax.h */
#include "types.h"

typedef struct {
	u32 next;  /* next ticket handed out */
	u32 owner; /* ticket now served */
} spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
	u32 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}
