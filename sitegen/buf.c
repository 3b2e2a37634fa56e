/* buf.c - growable byte buffer with escaping; see buf.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitegen/buf.h"

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->oom = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

int
buf_grow(struct buf *b, size_t n)
{
	size_t cap;
	char *d;

	if (b->oom)
		return -1;
	if (b->len + n + 1 <= b->cap)
		return 0;
	if (n > ((size_t)-1) / 2 - b->len) {
		b->oom = 1;
		return -1;
	}
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	if ((d = realloc(b->data, cap)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->data = d;
	b->cap = cap;
	return 0;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0 || buf_grow(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	char ch = (char)c;

	buf_add(b, &ch, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0 || buf_grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

/* Bytes that need an entity in text and attribute values. */
static const unsigned char html_special[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1,
};

void
buf_html(struct buf *b, const char *p, size_t n)
{
	size_t beg = 0, off = 0;

	if (n == 0)
		return;

	for (;;) {
		while (off < n && !html_special[(unsigned char)p[off]])
			off++;
		buf_add(b, p + beg, off - beg);
		if (off == n)
			break;
		switch (p[off]) {
		case '&': buf_add(b, "&amp;", 5); break;
		case '<': buf_add(b, "&lt;", 4); break;
		case '>': buf_add(b, "&gt;", 4); break;
		default: buf_add(b, "&quot;", 6); break;
		}
		beg = ++off;
	}
}

void
buf_html_str(struct buf *b, const char *s)
{
	buf_html(b, s, strlen(s));
}

/* The bytes md4c-html leaves alone in a URL. */
static const unsigned char url_safe[256] = {
	['a' ... 'z'] = 1, ['A' ... 'Z'] = 1, ['0' ... '9'] = 1,
	['~'] = 1, ['-'] = 1, ['_'] = 1, ['.'] = 1, ['+'] = 1, ['!'] = 1,
	['*'] = 1, ['('] = 1, [')'] = 1, [','] = 1, ['%'] = 1, ['#'] = 1,
	['@'] = 1, ['?'] = 1, ['='] = 1, [';'] = 1, [':'] = 1, ['/'] = 1,
	['$'] = 1,
};

void
buf_url(struct buf *b, const char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t beg = 0, off = 0;

	if (n == 0)
		return;

	for (;;) {
		while (off < n && url_safe[(unsigned char)p[off]])
			off++;
		buf_add(b, p + beg, off - beg);
		if (off == n)
			break;
		if (p[off] == '&') {
			buf_add(b, "&amp;", 5);
		} else {
			char e[3] = { '%', hex[((unsigned char)p[off]) >> 4],
			    hex[((unsigned char)p[off]) & 0xf] };

			buf_add(b, e, 3);
		}
		beg = ++off;
	}
}

char *
buf_steal(struct buf *b)
{
	char *s;

	if (b->oom) {
		buf_free(b);
		return NULL;
	}
	if (b->data == NULL)
		return strdup("");
	s = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}
