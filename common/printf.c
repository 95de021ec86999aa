/*
 * Integer-only vsnprintf for the hypervisor. Hand-written rather than picolibc's because
 * picolibc's printf touches q0..q7 on aarch64 (docs/platform.md), and the hypervisor must never
 * change FP/SIMD state that belongs to a guest.
 */
#include "console.h"

struct out {
	char *buf;
	size_t size, len; /* len counts every character, even those that did not fit */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* Right-justified number; left-justified fields are padded by the caller afterwards. */
static void put_num(struct out *o, u64 v, unsigned base, bool neg, int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg && pad == '0') { /* zero padding goes after the sign: "-0042" */
		put(o, '-');
		width--;
	} else if (neg) {
		tmp[n++] = '-';
	}
	for (int w = n; w < width; w++)
		put(o, pad);
	while (n)
		put(o, tmp[--n]);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		bool left = false;
		char pad = ' ';
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		int width = 0;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		int lng = 0; /* 0: int, 1: long / size_t / long long */
		while (*fmt == 'l' || *fmt == 'z')
			lng = 1, fmt++;

		size_t start = o.len;
		switch (*fmt) {
		case 'd': {
			i64 v = lng ? va_arg(ap, i64) : va_arg(ap, int);
			put_num(&o, v < 0 ? -(u64)v : (u64)v, 10, v < 0, left ? 0 : width, pad);
			break;
		}
		case 'u':
		case 'x': {
			u64 v = lng ? va_arg(ap, u64) : va_arg(ap, unsigned int);
			put_num(&o, v, *fmt == 'u' ? 10 : 16, false, left ? 0 : width, pad);
			break;
		}
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (u64)va_arg(ap, void *), 16, false, 0, pad);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n = 0;
			if (!s)
				s = "(null)";
			while (s[n])
				n++;
			for (int w = n; !left && w < width; w++)
				put(&o, ' ');
			while (*s)
				put(&o, *s++);
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case '%':
			put(&o, '%');
			break;
		default: /* unknown conversion: show it rather than guess */
			put(&o, '%');
			put(&o, *fmt);
			if (!*fmt)
				fmt--;
			break;
		}
		/* Left-justified fields are padded after the conversion. */
		while (left && (int)(o.len - start) < width)
			put(&o, ' ');
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
