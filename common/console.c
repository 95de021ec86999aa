/* The hypervisor console: whole lines, one CPU at a time, on the physical UART. */
#include "console.h"
#include "percpu.h"
#include "spinlock.h"

static spinlock_t console_lock_;

void console_lock(void)
{
	spin_lock(&console_lock_);
}

void console_unlock(void)
{
	spin_unlock(&console_lock_);
}

static void (*open_line)(void); /* a line on the screen is not finished: how to end it */

void console_set_open_line(void (*close)(void))
{
	open_line = close;
}

static void vprintk_locked(const char *fmt, va_list ap)
{
	if (open_line) { /* another line: end the unfinished one first */
		void (*close)(void) = open_line;
		open_line = 0;
		close();
	}
	char buf[512]; /* the longest diagnostic line fits whole */
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	for (int i = 0; i < n && buf[i]; i++)
		uart_putc(buf[i]);
}

void printk_locked(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk_locked(fmt, ap);
	va_end(ap);
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	console_lock();
	vprintk_locked(fmt, ap);
	console_unlock();
	va_end(ap);
}

/* A broken invariant in the hypervisor itself: say so and stop this CPU for good. */
void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	console_lock();
	printk_locked("minivisor: PANIC on CPU %lu: ", this_cpu()->arch.cpuid);
	vprintk_locked(fmt, ap);
	printk_locked("\n");
	console_unlock();
	va_end(ap);
	for (;;)
		arch_halt();
}
