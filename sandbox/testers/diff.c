/* diff.c - the difference of two outputs for people; see diff.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/diff.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"

/* A text cut into tokens (lines, or characters): token i is
 * s[off[i] .. off[i + 1]). */
struct seq {
	const char *s;
	size_t *off;		/* n + 1 entries */
	uint64_t *hash;		/* of each token, or NULL */
	size_t n;
};

enum { OP_EQUAL, OP_DELETE, OP_INSERT };

/* A run of LEN tokens of one kind: from A in the expected text, from B in
 * the program's (equal runs advance both). */
struct run {
	int op;
	size_t a, b, len;
};

struct script {
	struct run *runs;
	size_t n, cap;
	int failed;
};

static void
script_add(struct script *sc, int op, size_t a, size_t b, size_t len)
{
	if (len == 0 || sc->failed)
		return;
	if (sc->n > 0 && sc->runs[sc->n - 1].op == op) {
		struct run *r = &sc->runs[sc->n - 1];

		/* Runs are added backwards (see myers()) or forwards; merge
		 * either way. */
		if (r->a + (op != OP_INSERT ? r->len : 0) == a &&
		    r->b + (op != OP_DELETE ? r->len : 0) == b) {
			r->len += len;
			return;
		}
		if (a + (op != OP_INSERT ? len : 0) == r->a &&
		    b + (op != OP_DELETE ? len : 0) == r->b) {
			r->a = a;
			r->b = b;
			r->len += len;
			return;
		}
	}
	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 16;
		struct run *r = realloc(sc->runs, cap * sizeof(*r));

		if (r == NULL) {
			sc->failed = 1;
			return;
		}
		sc->runs = r;
		sc->cap = cap;
	}
	sc->runs[sc->n++] = (struct run){ op, a, b, len };
}

static void
seq_free(struct seq *q)
{
	free(q->off);
	free(q->hash);
	memset(q, 0, sizeof(*q));
}

/* S cut into lines, each with its newline. 0, or -1 on ENOMEM. */
static int
seq_lines(struct seq *q, const char *s, size_t len)
{
	size_t n = 0, k = 0;

	memset(q, 0, sizeof(*q));
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	n += len > 0 && s[len - 1] != '\n';
	if ((q->off = malloc((n + 1) * sizeof(*q->off))) == NULL ||
	    (q->hash = malloc((n + 1) * sizeof(*q->hash))) == NULL) {
		seq_free(q);
		return -1;
	}
	q->s = s;
	q->n = n;
	q->off[k++] = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n' || i == len - 1)
			q->off[k++] = i + 1;
	for (size_t t = 0; t < n; t++) {
		uint64_t h = 0xcbf29ce484222325ULL;

		for (size_t i = q->off[t]; i < q->off[t + 1]; i++) {
			h ^= (unsigned char)s[i];
			h *= 0x100000001b3ULL;
		}
		q->hash[t] = h;
	}
	return 0;
}

/* The length of the UTF-8 sequence at S (N bytes left), 1 for a byte that
 * starts none: a character is never split, whatever the bytes. */
static size_t
char_len(const unsigned char *s, size_t n)
{
	size_t len = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 :
	    (*s & 0xf0) == 0xe0 ? 3 : (*s & 0xf8) == 0xf0 ? 4 : 1;

	if (len > n)
		return 1;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return len;
}

/* S cut into characters. 0, or -1 on ENOMEM. */
static int
seq_chars(struct seq *q, const char *s, size_t len)
{
	size_t n = 0, k = 0;

	memset(q, 0, sizeof(*q));
	for (size_t i = 0; i < len; n++)
		i += char_len((const unsigned char *)s + i, len - i);
	if ((q->off = malloc((n + 1) * sizeof(*q->off))) == NULL)
		return -1;
	q->s = s;
	q->n = n;
	q->off[k++] = 0;
	for (size_t i = 0; i < len; ) {
		i += char_len((const unsigned char *)s + i, len - i);
		q->off[k++] = i;
	}
	return 0;
}

static int
same(const struct seq *a, size_t i, const struct seq *b, size_t j)
{
	size_t la = a->off[i + 1] - a->off[i], lb = b->off[j + 1] - b->off[j];

	if (a->hash != NULL && a->hash[i] != b->hash[j])
		return 0;
	return la == lb && memcmp(a->s + a->off[i], b->s + b->off[j], la) == 0;
}

/*
 * The edit script from A to B into SC (forwards). Myers' greedy algorithm
 * on what lies between the common start and end, keeping each round's
 * furthest points to walk back along; past DIFF_MAX_EDITS edits the middle
 * becomes one deletion and one insertion. 0, or -1 on ENOMEM.
 */
static int
myers(const struct seq *A, const struct seq *B, struct script *sc)
{
	size_t pre = 0, suf = 0, n, m;
	long dmax, d, found = -1, width;
	long *v = NULL, *trace = NULL;
	struct script back = { 0 };

	while (pre < A->n && pre < B->n && same(A, pre, B, pre))
		pre++;
	while (suf < A->n - pre && suf < B->n - pre &&
	    same(A, A->n - 1 - suf, B, B->n - 1 - suf))
		suf++;
	n = A->n - pre - suf;
	m = B->n - pre - suf;
	script_add(sc, OP_EQUAL, 0, 0, pre);
	dmax = (long)(n + m < DIFF_MAX_EDITS ? n + m : DIFF_MAX_EDITS);
	width = 2 * dmax + 3;
	if ((v = calloc((size_t)width, sizeof(*v))) == NULL ||
	    (trace = calloc((size_t)(dmax + 1) * (size_t)width, sizeof(*trace))) == NULL)
		goto nomem;
	/* v[k + dmax + 1]: the furthest x on diagonal k = x - y. */
#define V(arr, k) (arr)[(k) + dmax + 1]
	for (d = 0; d <= dmax && found < 0; d++) {
		memcpy(trace + d * width, v, (size_t)width * sizeof(*v));
		for (long k = -d; k <= d; k += 2) {
			long x, y;

			if (k == -d || (k != d && V(v, k - 1) < V(v, k + 1)))
				x = V(v, k + 1);
			else
				x = V(v, k - 1) + 1;
			y = x - k;
			while (x < (long)n && y < (long)m &&
			    same(A, pre + (size_t)x, B, pre + (size_t)y))
				x++, y++;
			V(v, k) = x;
			if (x >= (long)n && y >= (long)m) {
				found = d;
				break;
			}
		}
	}
	if (found < 0) {
		/* Too different to be worth the search: one block for another. */
		script_add(sc, OP_DELETE, pre, pre, n);
		script_add(sc, OP_INSERT, pre + n, pre, m);
	} else {
		long x = (long)n, y = (long)m;

		for (d = found; d >= 0; d--) {
			long *pv = trace + d * width, k = x - y, pk, px, py;

			if (k == -d || (k != d && V(pv, k - 1) < V(pv, k + 1)))
				pk = k + 1;
			else
				pk = k - 1;
			px = V(pv, pk);
			py = px - pk;
			if (x > px && y > py) {
				long snake = x - px < y - py ? x - px : y - py;

				script_add(&back, OP_EQUAL, pre + (size_t)(x - snake),
				    pre + (size_t)(y - snake), (size_t)snake);
				x -= snake;
				y -= snake;
			}
			if (d > 0) {
				if (x == px)
					script_add(&back, OP_INSERT, pre + (size_t)x,
					    pre + (size_t)(y - 1), 1);
				else
					script_add(&back, OP_DELETE, pre + (size_t)(x - 1),
					    pre + (size_t)y, 1);
			}
			x = px;
			y = py;
		}
		if (back.failed)
			goto nomem;
		for (size_t i = back.n; i-- > 0; )
			script_add(sc, back.runs[i].op, back.runs[i].a, back.runs[i].b,
			    back.runs[i].len);
	}
#undef V
	script_add(sc, OP_EQUAL, A->n - suf, B->n - suf, suf);
	free(v);
	free(trace);
	free(back.runs);
	return sc->failed ? -1 : 0;
nomem:
	free(v);
	free(trace);
	free(back.runs);
	return -1;
}

/*
 * The script as alternating pieces: equal ones (alen == blen tokens) and
 * changes (A's [a, a + alen) replaced by B's [b, b + blen)), in order.
 */
struct piece {
	int change;
	size_t a, alen, b, blen;
};

/* SC's pieces into *OUT (malloc'd), their number into *N. 0 or -1. */
static int
pieces(const struct script *sc, struct piece **out, size_t *n)
{
	struct piece *p = malloc((sc->n + 1) * sizeof(*p));
	size_t k = 0;

	*out = p;
	*n = 0;
	if (p == NULL)
		return -1;
	for (size_t r = 0; r < sc->n; ) {
		const struct run *u = &sc->runs[r];

		if (u->op == OP_EQUAL) {
			p[k++] = (struct piece){ 0, u->a, u->len, u->b, u->len };
			r++;
			continue;
		}
		p[k] = (struct piece){ 1, u->a, 0, u->b, 0 };
		for (; r < sc->n && sc->runs[r].op != OP_EQUAL; r++) {
			if (sc->runs[r].op == OP_DELETE) {
				if (p[k].alen == 0)
					p[k].a = sc->runs[r].a;
				p[k].alen += sc->runs[r].len;
			} else {
				if (p[k].blen == 0)
					p[k].b = sc->runs[r].b;
				p[k].blen += sc->runs[r].len;
			}
		}
		k++;
	}
	*n = k;
	return 0;
}

/* The rendering under way: at most MAX lines (0: no limit) are written,
 * the others counted. */
struct out {
	struct buf t;
	size_t lines, max, hidden;
};

/* Adds TEXT (whole lines) to O, as far as its line limit goes. */
static void
emit(struct out *o, const char *text, size_t len)
{
	for (size_t i = 0; i < len; ) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) + 1 : len;

		if (o->max != 0 && o->lines >= o->max)
			o->hidden++;
		else
			buf_add(&o->t, text + i, end - i);
		o->lines++;
		i = end;
	}
}

/* One line of the line-by-line form: PREFIX and token I of Q. */
static void
put_line(struct buf *t, const char *prefix, const struct seq *q, size_t i)
{
	size_t start = q->off[i], len = q->off[i + 1] - start;
	int nl = len > 0 && q->s[start + len - 1] == '\n';

	buf_puts(t, prefix);
	buf_add(t, q->s + start, len - (size_t)nl);
	buf_puts(t, nl ? "\n" : " [no newline at the end]\n");
}

/* Adds bytes [from, to) of S, with white space written out. */
static void
put_changed(struct buf *t, const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (s[i] == '\n')
			buf_puts(t, "\\n");
		else if (s[i] == '\t')
			buf_puts(t, "\\t");
		else if (s[i] == '\r')
			buf_puts(t, "\\r");
		else
			buf_add(t, s + i, 1);
}

/*
 * Line I of A against line J of B, character by character, into T:
 * "line N: common[-expected-]{+yours+}common\n". 0, or -1 on ENOMEM.
 */
static int
char_line(struct buf *t, const struct seq *A, size_t i, const struct seq *B,
    size_t j)
{
	const char *a = A->s + A->off[i], *b = B->s + B->off[j];
	size_t alen = A->off[i + 1] - A->off[i], blen = B->off[j + 1] - B->off[j];
	struct seq CA, CB;
	struct script sc = { 0 };
	struct piece *p = NULL;
	size_t np = 0;
	int rc = -1;

	if (seq_chars(&CA, a, alen) == -1)
		return -1;
	if (seq_chars(&CB, b, blen) == -1) {
		seq_free(&CA);
		return -1;
	}
	if (myers(&CA, &CB, &sc) == -1 || pieces(&sc, &p, &np) == -1)
		goto out;
	buf_printf(t, "line %zu: ", i + 1);
	for (size_t k = 0; k < np; k++) {
		if (!p[k].change) {
			/* Common text, without the line's own newline. */
			size_t from = CA.off[p[k].a], to = CA.off[p[k].a + p[k].alen];

			if (to > from && to == alen && a[to - 1] == '\n')
				to--;
			buf_add(t, a + from, to - from);
			continue;
		}
		if (p[k].alen > 0) {
			buf_puts(t, "[-");
			put_changed(t, a, CA.off[p[k].a], CA.off[p[k].a + p[k].alen]);
			buf_puts(t, "-]");
		}
		if (p[k].blen > 0) {
			buf_puts(t, "{+");
			put_changed(t, b, CB.off[p[k].b], CB.off[p[k].b + p[k].blen]);
			buf_puts(t, "+}");
		}
	}
	buf_puts(t, "\n");
	rc = 0;
out:
	seq_free(&CA);
	seq_free(&CB);
	free(sc.runs);
	free(p);
	return rc;
}

/*
 * The change P of A into B, the shorter of its two forms, into O. The
 * character form needs as many lines on each side (each line is compared
 * with its counterpart); else, and for long lines, lines it is. 0, or -1.
 */
static int
render_change(const struct piece *p, const struct seq *A, const struct seq *B,
    struct out *o)
{
	struct buf byline, bychar;
	int chars = p->alen == p->blen;
	int rc = -1;

	buf_init(&byline);
	buf_init(&bychar);
	buf_printf(&byline, "line %zu:\n", p->a + 1);
	for (size_t i = 0; i < p->alen; i++)
		put_line(&byline, "- ", A, p->a + i);
	for (size_t i = 0; i < p->blen; i++)
		put_line(&byline, "+ ", B, p->b + i);
	for (size_t i = 0; chars && i < p->alen; i++) {
		if (A->off[p->a + i + 1] - A->off[p->a + i] > DIFF_MAX_CHARS ||
		    B->off[p->b + i + 1] - B->off[p->b + i] > DIFF_MAX_CHARS) {
			chars = 0;
			break;
		}
		/* The cut of a long middle may pair equal lines: skip them. */
		if (same(A, p->a + i, B, p->b + i))
			continue;
		if (char_line(&bychar, A, p->a + i, B, p->b + i) == -1)
			goto out;
	}
	if (byline.oom || bychar.oom)
		goto out;
	if (chars && bychar.len < byline.len)
		emit(o, bychar.data, bychar.len);
	else
		emit(o, byline.data, byline.len);
	rc = 0;
out:
	buf_free(&byline);
	buf_free(&bychar);
	return rc;
}

char *
diff_text(const char *expected, size_t elen, const char *got, size_t glen,
    size_t max_lines)
{
	struct seq A = { 0 }, B = { 0 };
	struct script sc = { 0 };
	struct piece *p = NULL;
	struct out o = { .max = max_lines };
	size_t np = 0;
	char *r = NULL;

	buf_init(&o.t);
	if (seq_lines(&A, expected, elen) == -1 || seq_lines(&B, got, glen) == -1 ||
	    myers(&A, &B, &sc) == -1 || pieces(&sc, &p, &np) == -1)
		goto out;
	for (size_t k = 0; k < np; k++)
		if (p[k].change && render_change(&p[k], &A, &B, &o) == -1)
			goto out;
	if (o.hidden > 0)
		buf_printf(&o.t, "[... %zu more line%s of differences]\n", o.hidden,
		    o.hidden == 1 ? "" : "s");
	buf_puts(&o.t, "");
	/* The texts' bytes are untrusted (NUL, invalid UTF-8): made fit. */
	if (!o.t.oom)
		r = clean_text(o.t.data, o.t.len, 0, 0, NULL);
out:
	buf_free(&o.t);
	seq_free(&A);
	seq_free(&B);
	free(sc.runs);
	free(p);
	return r;
}
