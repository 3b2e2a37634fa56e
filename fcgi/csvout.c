/* csvout.c - writing CSV (RFC 4180) a row at a time; see csvout.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/csvout.h"

void
csvout_init(struct csvout *c, csvout_write_fn *write, void *ctx)
{
	memset(c, 0, sizeof(*c));
	c->write = write;
	c->ctx = ctx;
}

void
csvout_free(struct csvout *c)
{
	free(c->buf);
	c->buf = NULL;
	c->len = c->cap = 0;
}

/* Makes room for N more bytes in the row. */
static int
reserve(struct csvout *c, size_t n)
{
	size_t cap;
	char *p;

	if (c->failed)
		return -1;
	if (c->len + n <= c->cap)
		return 0;
	cap = c->cap ? c->cap : 256;
	while (cap < c->len + n)
		cap *= 2;
	if ((p = realloc(c->buf, cap)) == NULL) {
		c->failed = 1;
		return -1;
	}
	c->buf = p;
	c->cap = cap;
	return 0;
}

/* The separator before a field that is not the row's first. */
static int
separate(struct csvout *c)
{
	if (reserve(c, 1))
		return -1;
	if (c->fields++ > 0)
		c->buf[c->len++] = ',';
	return 0;
}

/* Appends S (LEN bytes) to the row, quoted when it must be, after PREFIX (may be NULL). */
static int
field(struct csvout *c, const char *prefix, const char *s, size_t len)
{
	size_t plen = prefix ? strlen(prefix) : 0, quotes = 0;
	int quote = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			quotes++;
		if (s[i] == '"' || s[i] == ',' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	}
	if (separate(c) || reserve(c, plen + len + quotes + 2))
		return -1;
	if (quote)
		c->buf[c->len++] = '"';
	memcpy(c->buf + c->len, prefix, plen);
	c->len += plen;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			c->buf[c->len++] = '"';
		c->buf[c->len++] = s[i];
	}
	if (quote)
		c->buf[c->len++] = '"';
	return 0;
}

int
csvout_raw(struct csvout *c, const char *s, size_t len)
{
	return field(c, NULL, s, len);
}

int
csvout_text(struct csvout *c, const char *s)
{
	if (s == NULL)
		s = "";
	/* What a spreadsheet would take for the start of a formula. */
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		return field(c, "'", s, strlen(s));
	return field(c, NULL, s, strlen(s));
}

int
csvout_number(struct csvout *c, double v, int decimals, int trim)
{
	char num[64];
	int n;

	if (!isfinite(v))
		v = 0;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 17)
		decimals = 17;
	/* No setlocale() in our programs: the decimal point is a dot. */
	n = snprintf(num, sizeof(num), "%.*f", decimals, v);
	if (n < 0 || (size_t)n >= sizeof(num))
		return -1;
	if (trim && strchr(num, '.') != NULL) {
		while (n > 0 && num[n - 1] == '0')
			n--;
		if (n > 0 && num[n - 1] == '.')
			n--;
	}
	if (n == 2 && strncmp(num, "-0", 2) == 0)
		num[0] = '0', num[1] = '\0', n = 1;
	return field(c, NULL, num, (size_t)n);
}

int
csvout_empty(struct csvout *c)
{
	return field(c, NULL, "", 0);
}

int
csvout_end_row(struct csvout *c)
{
	if (reserve(c, 2))
		return -1;
	c->buf[c->len++] = '\r';
	c->buf[c->len++] = '\n';
	if (c->write(c->buf, c->len, c->ctx) != 0) {
		c->failed = 1;
		return -1;
	}
	c->len = 0;
	c->fields = 0;
	return 0;
}
