/* textbuf.c - report texts; see textbuf.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/util/textbuf.h"

void
textbuf_init(struct textbuf *t)
{
	memset(t, 0, sizeof(*t));
}

static int
textbuf_reserve(struct textbuf *t, size_t more)
{
	size_t need, ncap;
	char *p;

	if (t->failed)
		return -1;
	if (more > (size_t)-1 / 2 - t->len)
		goto fail;
	need = t->len + more + 1;
	if (need <= t->cap)
		return 0;
	ncap = t->cap ? t->cap : 256;
	while (ncap < need)
		ncap *= 2;
	if ((p = realloc(t->s, ncap)) == NULL)
		goto fail;
	t->s = p;
	t->cap = ncap;
	return 0;
fail:
	t->failed = 1;
	return -1;
}

void
textbuf_add(struct textbuf *t, const char *s, size_t n)
{
	if (textbuf_reserve(t, n) == -1)
		return;
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

void
textbuf_puts(struct textbuf *t, const char *s)
{
	textbuf_add(t, s, strlen(s));
}

void
textbuf_printf(struct textbuf *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		t->failed = 1;
		return;
	}
	if (textbuf_reserve(t, (size_t)n) == -1)
		return;
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

void
textbuf_block(struct textbuf *t, const char *s, size_t n, size_t max_bytes,
    size_t max_lines, const char *indent)
{
	size_t used = 0;
	char *c;
	const char *line;

	if (n == 0) {
		textbuf_printf(t, "%s(nothing)\n", indent);
		return;
	}
	if ((c = textbuf_clean(s, n, max_bytes, max_lines, &used)) == NULL) {
		t->failed = 1;
		return;
	}
	line = c;
	while (*line != '\0') {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		textbuf_puts(t, indent);
		textbuf_add(t, line, len);
		textbuf_puts(t, "\n");
		line += len + (nl ? 1 : 0);
	}
	if (used < n)
		textbuf_printf(t, "%s[... %zu more bytes not shown]\n", indent, n - used);
	else if (s[n - 1] != '\n')
		textbuf_printf(t, "%s(no newline at the end)\n", indent);
	free(c);
}

char *
textbuf_finish(struct textbuf *t)
{
	char *s;

	if (t->failed) {
		textbuf_free(t);
		return NULL;
	}
	if (t->s == NULL && (t->s = strdup("")) == NULL)
		return NULL;
	s = t->s;
	textbuf_init(t);
	return s;
}

void
textbuf_free(struct textbuf *t)
{
	free(t->s);
	textbuf_init(t);
}

/* Length of the valid UTF-8 sequence at S (N bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

char *
textbuf_clean(const char *s, size_t n, size_t max_bytes, size_t max_lines,
    size_t *used)
{
	static const char repl[] = "\xef\xbf\xbd";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, lines = 0;
	char *d;

	/* At worst every byte becomes three. */
	if (n > ((size_t)-1 - 1) / 3 || (d = malloc(n * 3 + 1)) == NULL)
		return NULL;
	while (i < n) {
		size_t len = u[i] == 0 ? 0 : utf8_len(u + i, n - i);
		size_t out = len ? len : 3;

		if (max_bytes > 0 && o + out > max_bytes)
			break;
		if (len) {
			memcpy(d + o, s + i, len);
			i += len;
		} else {
			memcpy(d + o, repl, 3);
			i++;
		}
		o += out;
		if (d[o - 1] == '\n' && max_lines > 0 && ++lines >= max_lines)
			break;
	}
	d[o] = '\0';
	if (used != NULL)
		*used = i;
	return d;
}

char *
textbuf_replace(const char *s, const char *from, const char *to)
{
	struct textbuf t;
	size_t flen = strlen(from);
	const char *p;

	textbuf_init(&t);
	if (flen == 0)
		return strdup(s);
	while ((p = strstr(s, from)) != NULL) {
		textbuf_add(&t, s, (size_t)(p - s));
		textbuf_puts(&t, to);
		s = p + flen;
	}
	textbuf_puts(&t, s);
	return textbuf_finish(&t);
}

char *
textbuf_clean_noted(const char *s, size_t n, size_t max_bytes, size_t max_lines)
{
	struct textbuf t;
	size_t used = 0;
	char *c = textbuf_clean(s, n, max_bytes, max_lines, &used);

	if (c == NULL || used == n)
		return c;
	textbuf_init(&t);
	textbuf_puts(&t, c);
	free(c);
	textbuf_printf(&t, "%s[... %zu more bytes not shown]\n",
	    t.len > 0 && t.s[t.len - 1] != '\n' ? "\n" : "", n - used);
	return textbuf_finish(&t);
}
