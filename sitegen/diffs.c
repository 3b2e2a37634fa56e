/*
 * diffs.c - the line difference of two texts; see diffs.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitegen/diffs.h"

struct lines {
	const char **v;
	size_t *len;
	size_t n;
};

/* Splits TEXT into lines (without their newlines). 0, or -1. */
static int
split(const char *text, size_t len, struct lines *l)
{
	size_t n = 0, k = 0;
	const char *p = text, *end = text + len;

	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	n += len > 0 && text[len - 1] != '\n';
	l->n = n;
	l->v = calloc(n + 1, sizeof(*l->v));
	l->len = calloc(n + 1, sizeof(*l->len));
	if (l->v == NULL || l->len == NULL)
		return -1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		l->v[k] = p;
		l->len[k++] = (size_t)(e - p);
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static int
same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->v[i], b->v[j], a->len[i]) == 0;
}

static void
put(struct diffs_line *out, size_t *n, enum diffs_op op, const struct lines *l, size_t i)
{
	out[*n].op = op;
	out[*n].text = l->v[i];
	out[*n].len = l->len[i];
	(*n)++;
}

/*
 * The lines A[A0..A1) against B[B0..B1) (no common first or last line),
 * appended to OUT. 0, or -1.
 */
static int
middle(const struct lines *a, size_t a0, size_t a1, const struct lines *b, size_t b0,
    size_t b1, struct diffs_line *out, size_t *n)
{
	size_t na = a1 - a0, nb = b1 - b0, w = nb + 1, i = 0, j = 0;
	uint32_t *t;

	if (na == 0 || nb == 0 || (na + 1) > DIFFS_MAX_CELLS / (nb + 1)) {
		for (i = a0; i < a1; i++)
			put(out, n, DIFFS_DEL, a, i);
		for (j = b0; j < b1; j++)
			put(out, n, DIFFS_ADD, b, j);
		return 0;
	}
	/* t[i*w+j]: the longest common subsequence of A's lines from i, B's from j. */
	if ((t = calloc((na + 1) * w, sizeof(*t))) == NULL)
		return -1;
	for (i = na; i-- > 0;)
		for (j = nb; j-- > 0;)
			t[i * w + j] = same(a, a0 + i, b, b0 + j) ? t[(i + 1) * w + j + 1] + 1 :
			    t[(i + 1) * w + j] >= t[i * w + j + 1] ? t[(i + 1) * w + j] :
			    t[i * w + j + 1];
	i = j = 0;
	while (i < na || j < nb) {
		if (i < na && j < nb && same(a, a0 + i, b, b0 + j)) {
			put(out, n, DIFFS_SAME, a, a0 + i++);
			j++;
		} else if (j == nb || (i < na && t[(i + 1) * w + j] >= t[i * w + j + 1])) {
			put(out, n, DIFFS_DEL, a, a0 + i++);
		} else {
			put(out, n, DIFFS_ADD, b, b0 + j++);
		}
	}
	free(t);
	return 0;
}

int
diffs_lines(const char *from, size_t flen, const char *to, size_t tlen,
    struct diffs_line **out, size_t *n)
{
	struct lines a = { 0 }, b = { 0 };
	size_t pre = 0, suf = 0;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (split(from, flen, &a) || split(to, tlen, &b))
		goto done;
	while (pre < a.n && pre < b.n && same(&a, pre, &b, pre))
		pre++;
	while (suf < a.n - pre && suf < b.n - pre &&
	    same(&a, a.n - 1 - suf, &b, b.n - 1 - suf))
		suf++;
	if ((*out = calloc(a.n + b.n + 1, sizeof(**out))) == NULL)
		goto done;
	for (size_t i = 0; i < pre; i++)
		put(*out, n, DIFFS_SAME, &a, i);
	if (middle(&a, pre, a.n - suf, &b, pre, b.n - suf, *out, n))
		goto done;
	for (size_t i = a.n - suf; i < a.n; i++)
		put(*out, n, DIFFS_SAME, &a, i);
	rc = 0;
done:
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	free(a.v);
	free(a.len);
	free(b.v);
	free(b.len);
	return rc;
}
