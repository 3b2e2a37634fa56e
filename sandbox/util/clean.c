/* clean.c - untrusted bytes made fit to show; see clean.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"

void
clean_block(struct buf *t, const char *s, size_t n, size_t max_bytes,
    size_t max_lines, const char *indent)
{
	size_t used = 0;
	char *c;
	const char *line;

	if (n == 0) {
		buf_printf(t, "%s(nothing)\n", indent);
		return;
	}
	if ((c = clean_text(s, n, max_bytes, max_lines, &used)) == NULL) {
		t->oom = 1;
		return;
	}
	line = c;
	while (*line != '\0') {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		buf_puts(t, indent);
		buf_add(t, line, len);
		buf_puts(t, "\n");
		line += len + (nl ? 1 : 0);
	}
	if (used < n)
		buf_printf(t, "%s[... %zu more bytes not shown]\n", indent, n - used);
	else if (s[n - 1] != '\n')
		buf_printf(t, "%s(no newline at the end)\n", indent);
	free(c);
}

size_t
clean_utf8_len(const unsigned char *s, size_t n)
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
clean_text(const char *s, size_t n, size_t max_bytes, size_t max_lines,
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
		size_t len = u[i] == 0 ? 0 : clean_utf8_len(u + i, n - i);
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
clean_replace(const char *s, const char *from, const char *to)
{
	struct buf t;
	size_t flen = strlen(from);
	const char *p;

	buf_init(&t);
	if (flen == 0)
		return strdup(s);
	while ((p = strstr(s, from)) != NULL) {
		buf_add(&t, s, (size_t)(p - s));
		buf_puts(&t, to);
		s = p + flen;
	}
	buf_puts(&t, s);
	return buf_steal(&t);
}

char *
clean_text_noted(const char *s, size_t n, size_t max_bytes, size_t max_lines)
{
	struct buf t;
	size_t used = 0;
	char *c = clean_text(s, n, max_bytes, max_lines, &used);

	if (c == NULL || used == n)
		return c;
	buf_init(&t);
	buf_puts(&t, c);
	free(c);
	buf_printf(&t, "%s[... %zu more bytes not shown]\n",
	    t.len > 0 && t.data[t.len - 1] != '\n' ? "\n" : "", n - used);
	return buf_steal(&t);
}
