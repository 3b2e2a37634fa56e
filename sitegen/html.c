/* html.c - escaping for HTML; see html.h. */
#include <string.h>

#include "sandbox/util/buf.h"
#include "sitegen/html.h"

/* Bytes that need an entity in text and attribute values. */
static const unsigned char html_special[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1,
};

void
html_escape(struct buf *b, const char *p, size_t n)
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
html_escape_str(struct buf *b, const char *s)
{
	html_escape(b, s, strlen(s));
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
html_url(struct buf *b, const char *p, size_t n)
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
