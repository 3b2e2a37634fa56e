/*
 * qc_assert.c - what the assertion macros of qc.h call: the comparisons
 * that need a function, and for a failure the Expected/Got texts as C in
 * the trial's memory and the end of the trial at the assertion's line.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sandbox/qc/qc_impl.h"

/*
 * Every failed assertion first checks the blocks: a write outside one, or
 * a change to a frozen one, is what the report says then, being the likely
 * cause of the wrong answer (and one failure, whatever the seed, rather
 * than two that shrink apart).
 */
static void
failing(struct qc *qc)
{
	qc_check_blocks(qc);
}

void
qc__fail(struct qc *qc, int line, const char *fmt, ...)
{
	va_list ap;

	failing(qc);
	va_start(ap, fmt);
	qc->message = qc__vprintf(qc, fmt, ap);
	va_end(ap);
	qc__stop(qc, QC_FAIL, (uint32_t)line);
}

void
qc__fail_int(struct qc *qc, int line, long long e, long long g)
{
	failing(qc);
	qc->expected = qc__printf(qc, "%lld", e);
	qc->got = qc__printf(qc, "%lld", g);
	qc__stop(qc, QC_FAIL, (uint32_t)line);
}

void
qc__fail_unsigned(struct qc *qc, int line, unsigned long long e,
    unsigned long long g)
{
	failing(qc);
	qc->expected = qc__printf(qc, "%llu", e);
	qc->got = qc__printf(qc, "%llu", g);
	qc__stop(qc, QC_FAIL, (uint32_t)line);
}

void
qc__fail_bool(struct qc *qc, int line, int e, int g)
{
	failing(qc);
	qc->expected = e ? "a non-zero value (true)" : "0 (false)";
	qc->got = g ? "a non-zero value (true)" : "0 (false)";
	qc__stop(qc, QC_FAIL, (uint32_t)line);
}

/* Is S a number as written in C (so "x = 3" would say nothing new)? */
static int
is_literal(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	return *s >= '0' && *s <= '9';
}

void
qc__fail_check(struct qc *qc, int line, const char *a, const char *op,
    const char *b, long long av, long long bv)
{
	failing(qc);
	qc->expected = qc__printf(qc, "%s %s %s", a, op, b);
	if (is_literal(b))
		qc->got = qc__printf(qc, "%s = %lld", a, av);
	else if (is_literal(a))
		qc->got = qc__printf(qc, "%s = %lld", b, bv);
	else
		qc->got = qc__printf(qc, "%s = %lld, %s = %lld", a, av, b, bv);
	qc__stop(qc, QC_FAIL, (uint32_t)line);
}

void
qc__expect_double(struct qc *qc, int line, double e, double g, double tol)
{
	char eb[64], gb[64], tb[64];

	if (e == g || (isnan(e) && isnan(g)))
		return;
	if (isfinite(e) && isfinite(g) && tol > 0 &&
	    (fabs(e - g) <= tol || fabs(e - g) <= tol * fabs(e)))
		return;
	failing(qc);
	qc__fmt_double(eb, sizeof(eb), e);
	qc__fmt_double(gb, sizeof(gb), g);
	if (tol > 0) {
		snprintf(tb, sizeof(tb), "%g", tol);
		qc->expected = qc__printf(qc, "%s (within %s)", eb, tb);
	} else {
		qc->expected = qc__strdup(qc, eb);
	}
	qc->got = qc__strdup(qc, gb);
	qc__stop(qc, QC_FAIL, (uint32_t)line);
}

/* S as a C literal (or NULL) in the trial's memory, at most MAX bytes. */
static const char *
str_text(struct qc *qc, const char *s)
{
	char buf[2048];

	if (s == NULL)
		return "NULL";
	qc__fmt_str(buf, sizeof(buf), s, strnlen(s, 4096));
	return qc__strdup(qc, buf);
}

void
qc__expect_str(struct qc *qc, int line, const char *e, const char *g)
{
	if (e == g || (e != NULL && g != NULL && strcmp(e, g) == 0))
		return;
	failing(qc);
	qc->expected = str_text(qc, e);
	qc->got = str_text(qc, g);
	qc__stop(qc, QC_FAIL, (uint32_t)line);
}

static const char *
ints_text(struct qc *qc, const int *a, size_t n)
{
	char buf[2048];
	size_t off;

	off = (size_t)snprintf(buf, sizeof(buf), "{");
	for (size_t i = 0; i < n && off < sizeof(buf); i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%d", i ? ", " : "",
		    a[i]);
	if (off < sizeof(buf))
		snprintf(buf + off, sizeof(buf) - off, "}");
	return qc__strdup(qc, buf);
}

void
qc__expect_int_array(struct qc *qc, int line, const int *e, const int *g, size_t n)
{
	if (n == 0 || memcmp(e, g, n * sizeof(int)) == 0)
		return;
	failing(qc);
	qc->expected = ints_text(qc, e, n);
	qc->got = ints_text(qc, g, n);
	qc__stop(qc, QC_FAIL, (uint32_t)line);
}
