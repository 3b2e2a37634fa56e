/*
 * qc_show.c - the counterexample as C: the qc_show_* calls keep a raw copy
 * of each value (cheap, so passing trials cost little), formatted as C
 * declarations only when the trial failed; see qc.h.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/qc/qc_impl.h"

/* Longest line of the counterexample; longer ones end in "...". */
#define LINE_MAX_BYTES 2048

enum show_type {
	SHOW_INT, SHOW_LONG, SHOW_UNSIGNED, SHOW_DOUBLE, SHOW_CHAR, SHOW_STR,
	SHOW_NULL_STR, SHOW_INT_ARRAY, SHOW_DOUBLE_ARRAY, SHOW_LINE, SHOW_NOTE,
	SHOW_INT_LISTS
};

struct qc_show {
	struct qc_show *next;
	int type;
	const char *name, *lenname;	/* (arena) */
	union {
		long long i;
		unsigned long long u;
		double d;
		char c;
	} v;
	size_t n;			/* elements or bytes of data */
	const void *data;		/* (arena) */
	const size_t *lens;		/* SHOW_INT_LISTS: n lengths (arena);
					   data holds the lists one after the
					   other */
	const char *lensname;		/* (arena) or NULL */
};

/* ---- Values as C --------------------------------------------------------- */

/* Appends S to BUF at *OFF (LEN bytes, always NUL-terminated). */
static void
put(char *buf, size_t len, size_t *off, const char *s, size_t n)
{
	if (*off >= len)
		return;
	if (n > len - 1 - *off)
		n = len - 1 - *off;
	memcpy(buf + *off, s, n);
	*off += n;
	buf[*off] = '\0';
}

static void
puts_(char *buf, size_t len, size_t *off, const char *s)
{
	put(buf, len, off, s, strlen(s));
}

/* One character of a literal quoted with Q ('"' or '\''). */
static void
put_escaped(char *buf, size_t len, size_t *off, unsigned char c, char q)
{
	char e[8];

	switch (c) {
	case '\n': puts_(buf, len, off, "\\n"); return;
	case '\t': puts_(buf, len, off, "\\t"); return;
	case '\r': puts_(buf, len, off, "\\r"); return;
	case '\\': puts_(buf, len, off, "\\\\"); return;
	default: break;
	}
	if (c == (unsigned char)q) {
		e[0] = '\\';
		e[1] = q;
		put(buf, len, off, e, 2);
	} else if (c < 0x20 || c >= 0x7f) {
		/* Octal, always three digits: no later digit can join it. */
		snprintf(e, sizeof(e), "\\%03o", c);
		puts_(buf, len, off, e);
	} else {
		e[0] = (char)c;
		put(buf, len, off, e, 1);
	}
}

size_t
qc__fmt_str(char *buf, size_t len, const char *s, size_t n)
{
	size_t off = 0;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	puts_(buf, len, &off, "\"");
	for (size_t i = 0; i < n; i++) {
		if (off + 8 >= len) {
			puts_(buf, len, &off, "...");
			return off;
		}
		put_escaped(buf, len, &off, (unsigned char)s[i], '"');
	}
	puts_(buf, len, &off, "\"");
	return off;
}

size_t
qc__fmt_char(char *buf, size_t len, char c)
{
	size_t off = 0;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	puts_(buf, len, &off, "'");
	if (c == '\0')
		puts_(buf, len, &off, "\\0");
	else
		put_escaped(buf, len, &off, (unsigned char)c, '\'');
	puts_(buf, len, &off, "'");
	return off;
}

/* The shortest %g that reads back as V, written as a double ("1.0"). */
size_t
qc__fmt_double(char *buf, size_t len, double v)
{
	char tmp[64];

	if (len == 0)
		return 0;
	if (isnan(v)) {
		snprintf(buf, len, "NAN");
	} else if (isinf(v)) {
		snprintf(buf, len, "%sINFINITY", v < 0 ? "-" : "");
	} else if (v == 0) {
		snprintf(buf, len, "%s", signbit(v) ? "-0.0" : "0.0");
	} else {
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
			if (strtod(tmp, NULL) == v)
				break;
		}
		if (strpbrk(tmp, ".e") == NULL)
			strcat(tmp, ".0");
		snprintf(buf, len, "%s", tmp);
	}
	return strlen(buf);
}

/* ---- Recording ------------------------------------------------------------ */

static struct qc_show *
show_new(struct qc *qc, int type, const char *name)
{
	struct qc_show *s = qc__alloc(qc, sizeof(*s));
	size_t n = name != NULL ? strlen(name) : 0;
	char *copy = qc__alloc(qc, n + 1);

	memcpy(copy, name != NULL ? name : "", n + 1);
	memset(s, 0, sizeof(*s));
	s->type = type;
	s->name = copy;
	s->next = NULL;
	*qc->show_tail = s;
	qc->show_tail = &s->next;
	return s;
}

/* A show is complete: in an eager trial, its line goes out now. */
static void
show_done(struct qc *qc, const struct qc_show *sh)
{
	if (qc->eager != NULL)
		qc__format_shows(qc, sh, QC_TAG_INPUT, 0);
}

void
qc_show_int(struct qc *qc, const char *name, long long v)
{
	struct qc_show *sh = show_new(qc, SHOW_INT, name);

	sh->v.i = v;
	show_done(qc, sh);
}

void
qc_show_long(struct qc *qc, const char *name, long long v)
{
	struct qc_show *sh = show_new(qc, SHOW_LONG, name);

	sh->v.i = v;
	show_done(qc, sh);
}

void
qc_show_unsigned(struct qc *qc, const char *name, unsigned long long v)
{
	struct qc_show *sh = show_new(qc, SHOW_UNSIGNED, name);

	sh->v.u = v;
	show_done(qc, sh);
}

void
qc_show_double(struct qc *qc, const char *name, double v)
{
	struct qc_show *sh = show_new(qc, SHOW_DOUBLE, name);

	sh->v.d = v;
	show_done(qc, sh);
}

void
qc_show_char(struct qc *qc, const char *name, char c)
{
	struct qc_show *sh = show_new(qc, SHOW_CHAR, name);

	sh->v.c = c;
	show_done(qc, sh);
}

static const void *
copy(struct qc *qc, const void *p, size_t n)
{
	void *d = qc__alloc(qc, n ? n : 1);

	if (n > 0)
		memcpy(d, p, n);
	return d;
}

void
qc_show_str(struct qc *qc, const char *name, const char *s)
{
	struct qc_show *sh;

	if (s == NULL) {
		show_done(qc, show_new(qc, SHOW_NULL_STR, name));
		return;
	}
	sh = show_new(qc, SHOW_STR, name);
	sh->n = strlen(s);
	sh->data = copy(qc, s, sh->n);
	show_done(qc, sh);
}

static void
show_array(struct qc *qc, int type, const char *name, const void *a, size_t n,
    size_t elsize, const char *lenname)
{
	struct qc_show *sh = show_new(qc, type, name);

	if (lenname != NULL) {
		size_t ln = strlen(lenname);
		char *c = qc__alloc(qc, ln + 1);

		memcpy(c, lenname, ln + 1);
		sh->lenname = c;
	}
	sh->n = n;
	sh->data = copy(qc, a, n * elsize);
	show_done(qc, sh);
}

void
qc_show_int_array(struct qc *qc, const char *name, const int *a, size_t n,
    const char *lenname)
{
	show_array(qc, SHOW_INT_ARRAY, name, a, n, sizeof(int), lenname);
}

void
qc_show_double_array(struct qc *qc, const char *name, const double *a, size_t n,
    const char *lenname)
{
	show_array(qc, SHOW_DOUBLE_ARRAY, name, a, n, sizeof(double), lenname);
}

/* The ints from P to the end of the trial's block it is in (0: none). */
static size_t
ints_in_block(const struct qc *qc, const int *p)
{
	uintptr_t a = (uintptr_t)p;

	for (size_t i = 0; i < qc->nblocks; i++) {
		uintptr_t b = (uintptr_t)qc->blocks[i].data;

		if (a >= b && a < b + qc->blocks[i].size)
			return (b + qc->blocks[i].size - a) / sizeof(int);
	}
	return 0;
}

void
qc_show_int_lists(struct qc *qc, const char *name, int *const *rows,
    const size_t *lens, size_t n, const char *lensname, const char *lenname)
{
	struct qc_show *sh = show_new(qc, SHOW_INT_LISTS, name);
	size_t total = 0, at = 0;
	size_t *ls = qc__alloc(qc, (n ? n : 1) * sizeof(*ls));
	int *flat;

	/* Each row as far as its block goes: lengths the function changed,
	 * or rows that are not the generator's, show no memory past them. */
	for (size_t i = 0; i < n; i++) {
		size_t room = rows[i] != NULL ? ints_in_block(qc, rows[i]) : 0;

		ls[i] = lens[i] < room ? lens[i] : room;
		total += ls[i];
	}
	flat = qc__alloc(qc, (total ? total : 1) * sizeof(int));
	for (size_t i = 0; i < n; i++) {
		if (ls[i] > 0)
			memcpy(flat + at, rows[i], ls[i] * sizeof(int));
		at += ls[i];
	}
	sh->n = n;
	sh->data = flat;
	sh->lens = ls;
	sh->lensname = qc__strdup(qc, lensname);
	sh->lenname = qc__strdup(qc, lenname);
	show_done(qc, sh);
}

static void
show_line(struct qc *qc, int type, const char *fmt, va_list ap)
{
	char buf[LINE_MAX_BYTES];
	struct qc_show *sh;
	int n;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	sh = show_new(qc, type, NULL);
	sh->n = (size_t)n;
	sh->data = copy(qc, buf, (size_t)n);
	if (type == SHOW_LINE)
		show_done(qc, sh);
}

void
qc_show(struct qc *qc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	show_line(qc, SHOW_LINE, fmt, ap);
	va_end(ap);
}

void
qc_note(struct qc *qc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	show_line(qc, SHOW_NOTE, fmt, ap);
	va_end(ap);
}

/* ---- Formatting ------------------------------------------------------------ */

static void
format_array(const struct qc_show *sh, char *buf, size_t len)
{
	size_t off = 0;
	char v[64];
	int ints = sh->type == SHOW_INT_ARRAY;

	/* No array of 0 elements in C before C23: an empty one is what the
	 * function got, a pointer (never NULL) to no element, as C says it:
	 * malloc(0) (glibc's is not NULL either). */
	if (sh->n == 0) {
		snprintf(buf, len, "%s *%s = malloc(0);", ints ? "int" : "double",
		    sh->name);
		return;
	}
	snprintf(buf, len, "%s %s[%zu] = {", ints ? "int" : "double", sh->name, sh->n);
	off = strlen(buf);
	for (size_t i = 0; i < sh->n; i++) {
		if (ints) {
			int x;

			memcpy(&x, (const char *)sh->data + i * sizeof(int), sizeof(x));
			snprintf(v, sizeof(v), "%s%d", i ? ", " : "", x);
		} else {
			double x;

			memcpy(&x, (const char *)sh->data + i * sizeof(double), sizeof(x));
			snprintf(v, sizeof(v), "%s", i ? ", " : "");
			qc__fmt_double(v + strlen(v), sizeof(v) - strlen(v), x);
		}
		if (off + strlen(v) + 32 >= len) {
			snprintf(v, sizeof(v), ", ... /* %zu more */", sh->n - i);
			puts_(buf, len, &off, v);
			break;
		}
		puts_(buf, len, &off, v);
	}
	puts_(buf, len, &off, "};");
}

/* A length's name worth a declaration of its own (not NULL, "", a number). */
static int
named(const char *s)
{
	return s != NULL && s[0] != '\0' && !(s[0] >= '0' && s[0] <= '9');
}

/* A list of lists as C99: int *rows[2] = {(int[2]){1, 2}, malloc(0)}; and
 * then, when named, the lengths and the count. */
static void
format_lists(struct qc *qc, const struct qc_show *sh, int tag, char *buf,
    size_t len)
{
	const int *at = sh->data;
	size_t off;
	char v[64];

	if (sh->n == 0) {
		snprintf(buf, len, "int **%s = malloc(0);", sh->name);
	} else {
		size_t i;

		snprintf(buf, len, "int *%s[%zu] = {", sh->name, sh->n);
		off = strlen(buf);
		for (i = 0; i < sh->n && off + 64 < len; i++) {
			if (i > 0)
				puts_(buf, len, &off, ", ");
			if (sh->lens[i] == 0) {
				puts_(buf, len, &off, "malloc(0)");
				continue;
			}
			snprintf(v, sizeof(v), "(int[%zu]){", sh->lens[i]);
			puts_(buf, len, &off, v);
			for (size_t j = 0; j < sh->lens[i]; j++) {
				snprintf(v, sizeof(v), "%s%d", j ? ", " : "", at[j]);
				if (off + strlen(v) + 40 >= len) {
					puts_(buf, len, &off, ", ...");
					break;
				}
				puts_(buf, len, &off, v);
			}
			puts_(buf, len, &off, "}");
			at += sh->lens[i];
		}
		if (i < sh->n) {
			snprintf(v, sizeof(v), ", ... /* %zu more */", sh->n - i);
			puts_(buf, len, &off, v);
		}
		puts_(buf, len, &off, "};");
	}
	qc__record(qc, tag, buf, strlen(buf));
	if (named(sh->lensname)) {
		if (sh->n == 0) {
			snprintf(buf, len, "size_t *%s = malloc(0);", sh->lensname);
		} else {
			size_t i;

			snprintf(buf, len, "size_t %s[%zu] = {", sh->lensname, sh->n);
			off = strlen(buf);
			for (i = 0; i < sh->n && off + 40 < len; i++) {
				snprintf(v, sizeof(v), "%s%zu", i ? ", " : "", sh->lens[i]);
				puts_(buf, len, &off, v);
			}
			if (i < sh->n) {
				snprintf(v, sizeof(v), ", ... /* %zu more */", sh->n - i);
				puts_(buf, len, &off, v);
			}
			puts_(buf, len, &off, "};");
		}
		qc__record(qc, tag, buf, strlen(buf));
	}
	if (named(sh->lenname)) {
		snprintf(buf, len, "size_t %s = %zu;", sh->lenname, sh->n);
		qc__record(qc, tag, buf, strlen(buf));
	}
}

void
qc__format_shows(struct qc *qc, const struct qc_show *from, int tag_input,
    int tag_note)
{
	char buf[LINE_MAX_BYTES + 64], v[64];

	for (const struct qc_show *sh = from ? from : qc->shows; sh != NULL;
	    sh = sh->next) {
		int tag = sh->type == SHOW_NOTE ? tag_note : tag_input;
		size_t off = 0;

		if (tag == 0)
			continue;
		buf[0] = '\0';
		switch (sh->type) {
		case SHOW_INT:
			snprintf(buf, sizeof(buf), "int %s = %lld;", sh->name, sh->v.i);
			break;
		case SHOW_LONG:
			snprintf(buf, sizeof(buf), "long %s = %lld;", sh->name, sh->v.i);
			break;
		case SHOW_UNSIGNED:
			snprintf(buf, sizeof(buf), "unsigned %s = %llu;", sh->name, sh->v.u);
			break;
		case SHOW_DOUBLE:
			qc__fmt_double(v, sizeof(v), sh->v.d);
			snprintf(buf, sizeof(buf), "double %s = %s;", sh->name, v);
			break;
		case SHOW_CHAR:
			qc__fmt_char(v, sizeof(v), sh->v.c);
			snprintf(buf, sizeof(buf), "char %s = %s;", sh->name, v);
			break;
		case SHOW_NULL_STR:
			snprintf(buf, sizeof(buf), "char *%s = NULL;", sh->name);
			break;
		case SHOW_STR:
			snprintf(buf, sizeof(buf), "char *%s = ", sh->name);
			off = strlen(buf);
			if (off + 16 < sizeof(buf))
				qc__fmt_str(buf + off, sizeof(buf) - off - 2, sh->data, sh->n);
			off = strlen(buf);
			puts_(buf, sizeof(buf), &off, ";");
			break;
		case SHOW_INT_ARRAY:
		case SHOW_DOUBLE_ARRAY:
			format_array(sh, buf, sizeof(buf));
			qc__record(qc, tag, buf, strlen(buf));
			/* The length, unless it was written as a number. */
			if (sh->lenname == NULL || sh->lenname[0] == '\0' ||
			    (sh->lenname[0] >= '0' && sh->lenname[0] <= '9'))
				continue;
			snprintf(buf, sizeof(buf), "int %s = %zu;", sh->lenname, sh->n);
			break;
		case SHOW_INT_LISTS:
			format_lists(qc, sh, tag, buf, sizeof(buf));
			continue;
		default:	/* SHOW_LINE, SHOW_NOTE */
			snprintf(buf, sizeof(buf), "%.*s", (int)sh->n, (const char *)sh->data);
			break;
		}
		qc__record(qc, tag, buf, strlen(buf));
	}
}
