/*
 * test_qc.c - the property library in one process (qc.h, qc_impl.h,
 * runner/qc_shrink.h, qc_report.h): the choice encodings of the generators,
 * replays, shows as C, assertions, guarded blocks, the shrinker, and the
 * runner's report format.
 *
 * Properties are defined here with QC_PROPERTY and run with the same calls
 * a child of the runner makes (qc__trial, qc__batch); shrinking uses
 * qc_shrink with a test that replays in this process. A trial that must
 * crash runs in a forked child.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "sandbox/qc/qc_embed.h"
#include "sandbox/qc/qc_impl.h"
#include "sandbox/qc/qc_report.h"
#include "sandbox/qc/runner/qc_shrink.h"
#include "tests/tap.h"

/* The testers give a program that calls students' functions this file
 * size limit (qc_embed.h): it must hold the calls' shared memory. */
_Static_assert((size_t)QC_EMBED_CALLER_FSIZE_KIB * 1024 >=
    QC_ARENA_SIZE + QC_CALLPAGE_BYTES, "a caller's file size limit holds its"
    " calls' shared memory");

static struct qc Q;
static uint64_t values[QC_MAX_CHOICES], bounds[QC_MAX_CHOICES];

/* What the properties below saw, for the tests to look at. */
static long long seen_i[8];
static double seen_d;
static char seen_s[64];
static int probe;

/* Replays choices V (N of them) on P. Returns the status. */
static int
replay(const struct qc_property *p, const uint64_t *v, size_t n)
{
	Q.random = 0;
	Q.prefix = v;
	Q.nprefix = n;
	Q.size = 100;
	return qc__trial(&Q, p, 1);
}

/* The report records of the last trial, as "I:...|E:...|..." */
static const char *
records(void)
{
	static char buf[4096];
	size_t off = 0, o = 0;

	buf[0] = '\0';
	while (off + 3 <= Q.text_len && o + 8 < sizeof(buf)) {
		size_t n = (unsigned char)Q.text[off + 1] |
		    (size_t)(unsigned char)Q.text[off + 2] << 8;

		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%c:%.*s", o ? "|" : "",
		    Q.text[off], (int)n, Q.text + off + 3);
		off += 3 + n;
	}
	return buf;
}

/* ---- Properties used by the tests ---------------------------------------- */

QC_PROPERTY(p_int_range, "p(x)")
{
	seen_i[0] = qc_int_range(qc, -5, 3);
}

QC_PROPERTY(p_ints, "p")
{
	seen_i[0] = qc_int(qc);
	seen_i[1] = qc_int_range(qc, 10, 20);
	seen_i[2] = qc_int_range(qc, -20, -10);
	seen_i[3] = (long long)qc_unsigned(qc);
	seen_i[4] = qc_long(qc);
	seen_i[5] = (long long)qc_uint64_range(qc, 5, UINT64_MAX) == 0;
	if (seen_i[0] < INT_MIN || seen_i[1] < 10 || seen_i[1] > 20 ||
	    seen_i[2] < -20 || seen_i[2] > -10)
		probe = 1;
}

QC_PROPERTY(p_double, "p")
{
	seen_d = qc_double_range(qc, -1000, 1000);
}

QC_PROPERTY(p_double_any, "p")
{
	seen_d = qc_double_any(qc);
}

QC_PROPERTY(p_doubles_in_range, "p")
{
	double a = qc_double_range(qc, 0.25, 0.75), b = qc_double(qc);
	double c = qc_double_range(qc, -3, -2);

	if (!(a >= 0.25 && a <= 0.75) || !isfinite(b) || !(c >= -3 && c <= -2))
		probe = 1;
}

QC_PROPERTY(p_string, "p")
{
	char *s = qc_string(qc, 0, 5, "abc");

	snprintf(seen_s, sizeof(seen_s), "%s", s);
}

QC_PROPERTY(p_string_min, "p")
{
	char *s = qc_string(qc, 2, 5, "ab");

	snprintf(seen_s, sizeof(seen_s), "%s", s);
}

QC_PROPERTY(p_shows, "f(x, s, a, n)")
{
	int a[2] = { 1, -1 };
	double d[1] = { 0.1 };

	qc_show_int(qc, "x", 3);
	qc_show_str(qc, "s", "a\"b\n");
	qc_show_str(qc, "z", NULL);
	QC_SHOW_INT_ARRAY(a, 2);
	qc_show_int_array(qc, "a", a, 2, "n");
	qc_show_double(qc, "d", 0.5);
	qc_show_char(qc, "c", '\'');
	qc_show_unsigned(qc, "u", 4000000000u);
	qc_show_double_array(qc, "d", d, 1, NULL);
	qc_show_int_array(qc, "e", a, 0, "m");
	qc_show_double_array(qc, "f", d, 0, NULL);
	qc_show(qc, "struct p p = {%d, %d};", 1, 2);
	qc_note(qc, "a note");
	a[0] = 99;	/* shows keep the value they were given */
	QC_EXPECT_INT(0, 1);
}

QC_PROPERTY(p_check, "p")
{
	int r = -1, n = 3;

	(void)n;
	if (probe == 0)
		QC_CHECK_INT(r, >=, 0);
	else
		QC_CHECK_INT(r, >, n);
}

QC_PROPERTY(p_expects, "p")
{
	switch (probe) {
	case 0: QC_EXPECT_DOUBLE(0.3, 0.1 + 0.2, 1e-9); QC_EXPECT_DOUBLE(NAN, NAN, 0);
		QC_EXPECT_DOUBLE(1.0, 1.5, 0.01); break;
	case 1: QC_EXPECT_STR("ab", NULL); break;
	case 2: { int e[3] = { 1, 2, 3 }, g[3] = { 1, 2, 4 };
		QC_EXPECT_INT_ARRAY(e, g, 3); break; }
	case 3: QC_ASSERT(1 + 1 == 3); break;
	case 4: QC_EXPECT_BOOL(1, 0); break;
	case 5: QC_EXPECT_UNSIGNED(1u, 4294967295u); break;
	default: QC_FAIL("custom %d", 7);
	}
}

QC_PROPERTY(p_blocks, "p")
{
	char *s = qc_string(qc, 3, 3, "x");
	int *a = qc_alloc(qc, 2, sizeof(int), "a");

	qc_name(qc, s, "s");
	qc_freeze(qc, s);
	switch (probe) {
	case 1: s[1] = 'y'; break;			/* a change */
	case 2: ((char *)a)[-1] = 0; break;		/* before the start */
	case 3: a[2] = 1; break;			/* past the end: a crash */
	case 4: (void)((volatile char *)s)[4]; break;	/* a read past the NUL */
	default: break;
	}
}

QC_PROPERTY(p_assume, "p")
{
	qc_assume(qc, qc_bool(qc));
}

QC_PROPERTY(p_forever, "p")
{
	for (;;)
		if (qc_int_range(qc, 1, 9) == 0)
			break;
}

QC_PROPERTY(p_bad_range, "p")
{
	(void)qc_int_range(qc, 3, 1);
}

QC_PROPERTY(p_oneof, "p")
{
	static const unsigned w[] = { 0, 1, 0 };

	seen_i[0] = (long long)qc_oneof(qc, w, 3);
}

/* A list of 100 lists of 100: 101 blocks. */
QC_PROPERTY(p_lists, "p")
{
	int **rows = qc_alloc(qc, 100, sizeof(int *), "rows");

	for (int i = 0; i < 100; i++) {
		rows[i] = qc_alloc(qc, 100, sizeof(int), NULL);
		rows[i][99] = i;
	}
	for (int i = 0; i < 100; i++)
		QC_ASSERT(rows[i][99] == i);
}

QC_PROPERTY(p_too_many_blocks, "p")
{
	for (int i = 0; i <= QC_MAX_BLOCKS; i++)
		(void)qc_alloc(qc, 1, 1, NULL);
}

/* Buggy functions, shrunk in this process. */
static int
max_zero(const int *a, size_t n)
{
	int m = 0;

	for (size_t i = 0; i < n; i++)
		if (a[i] > m)
			m = a[i];
	return m;
}

QC_PROPERTY(p_max_zero, "max_int(a, n)")
{
	size_t n;
	int *a = qc_int_array(qc, 1, 20, INT_MIN, INT_MAX, &n);
	int want = a[0];

	QC_SHOW_INT_ARRAY(a, n);
	for (size_t i = 1; i < n; i++)
		if (a[i] > want)
			want = a[i];
	QC_EXPECT_INT(want, max_zero(a, n));
}

/* a + b > 1000 is "wrong": the smallest sum over is 0 + 1001. */
QC_PROPERTY(p_sum_small, "f(a, b)")
{
	int a = qc_int_range(qc, 0, 10000), b = qc_int_range(qc, 0, 10000);

	QC_SHOW_INT(a);
	QC_SHOW_INT(b);
	QC_ASSERT(a + b <= 1000);
}

/* Fails when the list holds two equal non-zero numbers. */
QC_PROPERTY(p_duplicates, "f(a, n)")
{
	size_t n;
	int *a = qc_int_array(qc, 0, 10, 0, 100000, &n);

	QC_SHOW_INT_ARRAY(a, n);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			QC_ASSERT(a[i] == 0 || a[i] != a[j]);
}

/* Every other integer type: its values into seen_i, a probe if one is out
 * of its range. */
QC_PROPERTY(p_fixed, "p")
{
	seen_i[0] = qc_int8_range(qc, INT8_MIN, INT8_MAX);
	seen_i[1] = qc_uint8_range(qc, 0, UINT8_MAX);
	seen_i[2] = qc_short_range(qc, SHRT_MIN, SHRT_MAX);
	seen_i[3] = qc_uint16_range(qc, 10, 60000);
	seen_i[4] = qc_int32_range(qc, INT32_MIN, INT32_MAX);
	seen_i[5] = qc_schar_range(qc, -5, -2);
	seen_i[6] = (long long)qc_uint32_range(qc, 0, UINT32_MAX);
	seen_i[7] = qc_llong_range(qc, LLONG_MIN, LLONG_MAX);
	if (qc_uchar_range(qc, 'a', 'z') < 'a' || qc_ushort_range(qc, 7, 9) < 7 ||
	    qc_int16_range(qc, -3, 3) > 3 || qc_size_range(qc, 3, 10) < 3 ||
	    qc_ullong_range(qc, 5, 6) > 6 || seen_i[3] < 10 || seen_i[3] > 60000 ||
	    seen_i[5] < -5 || seen_i[5] > -2)
		probe = 1;
}

/* Fail below -99: the smallest failure is -100, the last negative to
 * come in the integer order before it. */
QC_PROPERTY(p_int8_low, "f(x)")
{
	int8_t x = qc_int8_range(qc, INT8_MIN, INT8_MAX);

	QC_SHOW_INT(x);
	QC_ASSERT(x > -100);
}

QC_PROPERTY(p_uint16_high, "f(y)")
{
	uint16_t y = qc_uint16_range(qc, 10, 60000);

	QC_SHOW_UNSIGNED(y);
	QC_ASSERT(y < 500);
}

/* Fails when an inner list sums to more than 10. */
QC_PROPERTY(p_nested, "f(rows, lens, n)")
{
	size_t n, *lens;
	int **rows = qc_int_lists(qc, 0, 5, 0, 4, -9, 9, &lens, &n);

	QC_SHOW_INT_LISTS(rows, lens, n);
	for (size_t i = 0; i < n; i++) {
		int sum = 0;

		for (size_t j = 0; j < lens[i]; j++)
			sum += rows[i][j];
		QC_ASSERT(sum <= 10);
	}
}

struct node {
	int v;
	struct node *l, *r;
};

static struct node *
tree(struct qc *qc, struct qc_pool *pool, unsigned depth)
{
	struct node *t;

	if (!qc_branch(qc, pool, depth, 6))
		return NULL;
	t = qc_pool_node(qc, pool);
	t->v = qc_int_range(qc, -9, 9);
	t->l = tree(qc, pool, depth + 1);
	t->r = tree(qc, pool, depth + 1);
	return t;
}

static const char *
show_tree(struct qc *qc, const struct node *t)
{
	if (t == NULL)
		return "NULL";
	return qc_sprintf(qc, "NODE(%d, %s, %s)", t->v, show_tree(qc, t->l),
	    show_tree(qc, t->r));
}

/* The number of levels of T (0: a leaf). */
static unsigned
tree_depth(const struct node *t)
{
	unsigned l, r;

	if (t == NULL)
		return 0;
	l = tree_depth(t->l);
	r = tree_depth(t->r);
	return 1 + (l > r ? l : r);
}

/* Fails on a 5 two levels below the root, or deeper. */
static int
deep_five(const struct node *t, unsigned depth)
{
	return t != NULL && ((t->v == 5 && depth >= 2) || deep_five(t->l, depth + 1) ||
	    deep_five(t->r, depth + 1));
}

QC_PROPERTY(p_tree, "f(t)")
{
	struct qc_pool pool;
	struct node *t;

	qc_pool(qc, &pool, 40, sizeof(struct node), "t");
	t = tree(qc, &pool, 0);
	qc_show(qc, "struct node *t = %s;", show_tree(qc, t));
	seen_i[0] = (long long)pool.used;
	seen_i[1] = tree_depth(t);
	QC_ASSERT(!deep_five(t, 0));
}

/* ---- Tests ---------------------------------------------------------------- */

static void
test_ints(void)
{
	static const long long want[] = { 0, 1, -1, 2, -2, 3, -3, -4, -5, -5 };
	uint64_t c;
	int good = 1;

	for (c = 0; c < 10; c++) {
		uint64_t v = c;

		replay(&qc_propdef_p_int_range, &v, 1);
		if (seen_i[0] != want[c])
			good = 0;
	}
	ok(good && Q.bounds[0] == 8, "[-5, 3] is one choice: 0, 1, -1, 2, -2, 3, -3, -4, -5"
	    " (past the bound: clamped)");
	replay(&qc_propdef_p_int_range, NULL, 0);
	ok(seen_i[0] == 0 && Q.n == 1 && Q.values[0] == 0, "past the end of a replay: 0");
	{
		uint64_t v[] = { 4294967295ULL, 0, 0, 0, 0, 0 };

		replay(&qc_propdef_p_ints, v, 6);
		ok(seen_i[0] == INT_MIN && seen_i[1] == 10 && seen_i[2] == -10,
		    "qc_int's largest choice is INT_MIN; one-sided ranges shrink to the"
		    " bound nearest 0");
		v[0] = 4294967293ULL;
		replay(&qc_propdef_p_ints, v, 6);
		ok(seen_i[0] == INT_MAX, "... and INT_MAX just before it");
	}
	/* Random trials stay in range and meet the ends. */
	probe = 0;
	{
		int min = 0, max = 0, zero = 0;

		for (uint32_t t = 0; t < 20000; t++) {
			Q.random = 1;
			Q.size = t % 101;
			qc__seed(&Q, 7, 0, t);
			qc__trial(&Q, &qc_propdef_p_ints, 0);
			min |= seen_i[0] == INT_MIN;
			max |= seen_i[0] == INT_MAX;
			zero |= seen_i[0] == 0;
		}
		ok(probe == 0 && min && max && zero, "random ints in range; INT_MIN, INT_MAX"
		    " and 0 come up");
	}
	{
		uint64_t a[8], b[8];
		size_t na, nb;

		Q.random = 1;
		qc__seed(&Q, 42, 3, 9);
		qc__trial(&Q, &qc_propdef_p_ints, 0);
		na = Q.n;
		memcpy(a, Q.values, na * sizeof(*a));
		qc__seed(&Q, 42, 3, 9);
		qc__trial(&Q, &qc_propdef_p_ints, 0);
		nb = Q.n;
		memcpy(b, Q.values, nb * sizeof(*b));
		ok(na == nb && memcmp(a, b, na * sizeof(*a)) == 0,
		    "the same seed, property and trial give the same choices");
		qc__seed(&Q, 43, 3, 9);
		qc__trial(&Q, &qc_propdef_p_ints, 0);
		ok(Q.n != na || memcmp(a, Q.values, na * sizeof(*a)) != 0,
		    "another seed, other choices");
		replay(&qc_propdef_p_ints, a, na);
		ok(Q.n == na && memcmp(a, Q.values, na * sizeof(*a)) == 0,
		    "replaying recorded choices records them again");
	}
	{
		uint64_t v = 1;
		int good2;

		replay(&qc_propdef_p_oneof, &v, 1);
		good2 = seen_i[0] == 1;
		Q.random = 1;
		for (uint32_t t = 0; t < 200; t++) {
			qc__seed(&Q, 1, 0, t);
			qc__trial(&Q, &qc_propdef_p_oneof, 0);
			good2 &= seen_i[0] == 1;
		}
		ok(good2, "qc_oneof: weights 0 are never drawn; a replay picks by index");
	}
}

static const char *find_and_shrink(const struct qc_property *p, uint64_t seed,
    struct qc_shrink_stats *st);

static void
test_fixed(void)
{
	uint64_t zero[13] = { 0 }, top[13];

	replay(&qc_propdef_p_fixed, zero, 13);
	ok(seen_i[0] == 0 && seen_i[1] == 0 && seen_i[2] == 0 && seen_i[3] == 10 &&
	    seen_i[4] == 0 && seen_i[5] == -2 && seen_i[7] == 0 && Q.n == 13,
	    "every integer type: one choice each; 0 is the value nearest 0 (or LO)");
	ok(Q.bounds[0] == 255 && Q.bounds[1] == 255 && Q.bounds[2] == 65535 &&
	    Q.bounds[3] == 59990 && Q.bounds[4] == UINT32_MAX && Q.bounds[5] == 3 &&
	    Q.bounds[7] == UINT64_MAX, "... bounded by the size of the range");
	for (int i = 0; i < 13; i++)
		top[i] = UINT64_MAX;
	replay(&qc_propdef_p_fixed, top, 13);
	ok(seen_i[0] == INT8_MIN && seen_i[1] == UINT8_MAX && seen_i[2] == SHRT_MIN &&
	    seen_i[3] == 60000 && seen_i[4] == INT32_MIN && seen_i[5] == -5 &&
	    seen_i[6] == UINT32_MAX && seen_i[7] == LLONG_MIN,
	    "... and the largest choice the most negative value, or HI");
	{
		uint64_t v[13] = { 253, 0, 3, 0 };

		replay(&qc_propdef_p_fixed, v, 13);
		ok(seen_i[0] == 127 && seen_i[2] == 2, "... in qc_int_range's order (0, 1,"
		    " -1, 2, ...)");
	}
	probe = 0;
	{
		int lo = 0, hi = 0;

		for (uint32_t t = 0; t < 20000; t++) {
			Q.random = 1;
			Q.size = t % 101;
			qc__seed(&Q, 5, 0, t);
			qc__trial(&Q, &qc_propdef_p_fixed, 0);
			lo |= seen_i[0] == INT8_MIN;
			hi |= seen_i[0] == INT8_MAX;
		}
		ok(probe == 0 && lo && hi, "random values stay in their ranges; the ends"
		    " come up");
	}
	{
		struct qc_shrink_stats st;
		int found = 0, good = 1;

		for (uint64_t seed = 1; seed <= 10; seed++) {
			const char *r = find_and_shrink(&qc_propdef_p_int8_low, seed, &st);

			if (strcmp(r, "passed") == 0)
				continue;
			found++;
			good &= strcmp(r, "I:int x = -100;|M:assertion failed: x > -100") == 0;
			r = find_and_shrink(&qc_propdef_p_uint16_high, seed, &st);
			good &= strcmp(r, "I:unsigned y = 500;|M:assertion failed: y < 500") == 0;
		}
		ok(good && found >= 8, "they shrink as qc_int_range: int8_t to -100, uint16_t"
		    " to 500 (%d seeds of 10 found the bug)", found);
	}
}

static void
test_nested(void)
{
	struct qc_shrink_stats st;
	uint64_t v[] = { 1, 0, 1, 1, 3, 1, 17, 0, 0 };
	int good = 1, found = 0;

	replay(&qc_propdef_p_nested, v, sizeof(v) / sizeof(*v));
	is_str(records(), "I:int *rows[2] = {malloc(0), (int[2]){2, 9}};"
	    "|I:size_t lens[2] = {0, 2};|I:size_t n = 2;|M:assertion failed: sum <= 10",
	    "a list of lists: a flag, then each list's choices; shown as C99");
	for (uint64_t seed = 1; seed <= 10; seed++) {
		const char *r = find_and_shrink(&qc_propdef_p_nested, seed, &st);

		if (strcmp(r, "passed") == 0)
			continue;
		found++;
		if (strcmp(r, "I:int *rows[1] = {(int[2]){2, 9}};|I:size_t lens[1] = {2};"
		    "|I:size_t n = 1;|M:assertion failed: sum <= 10") != 0) {
			diag("seed %llu: %s", (unsigned long long)seed, r);
			good = 0;
		}
	}
	ok(good && found >= 8, "a sum over 10 shrinks to one list {2, 9} (%d seeds of 10"
	    " found it)", found);
	{
		uint64_t z = 0;

		replay(&qc_propdef_p_tree, &z, 1);
		ok(seen_i[0] == 0 && Q.n == 1, "a tree: a leaf (NULL) is the choice 0");
	}
	good = 1;
	found = 0;
	for (uint64_t seed = 1; seed <= 10; seed++) {
		const char *r = find_and_shrink(&qc_propdef_p_tree, seed, &st);

		if (strcmp(r, "passed") == 0)
			continue;
		found++;
		/* The shortlex-smallest choices: a leaf (0) first, so the
		 * subtrees on the right; the swap pass moves them there from
		 * wherever the failure was found. */
		if (strcmp(r, "I:struct node *t = NODE(0, NULL, NODE(0, NULL, NODE(5, NULL,"
		    " NULL)));|M:assertion failed: !deep_five(t, 0)") != 0) {
			diag("seed %llu: %s", (unsigned long long)seed, r);
			good = 0;
		}
	}
	ok(good && found >= 5, "a 5 deep in a tree: its other subtrees shrink to leaves,"
	    " its depth to 2, its values to 0 (%d seeds of 10 found it)", found);
	{
		int full = 1, author = 0;
		long long most = 0, deepest = 0;

		Q.random = 1;
		for (uint32_t t = 0; t < 2000; t++) {
			Q.size = 100;
			qc__seed(&Q, 9, 0, t);
			seen_i[0] = seen_i[1] = -1;
			author += qc__trial(&Q, &qc_propdef_p_tree, 0) == QC_AUTHOR;
			full &= seen_i[0] >= 0 && seen_i[0] <= 40 && seen_i[1] >= 0 &&
			    seen_i[1] <= 6;
			most = seen_i[0] > most ? seen_i[0] : most;
			deepest = seen_i[1] > deepest ? seen_i[1] : deepest;
		}
		ok(full && author == 0 && deepest >= 4,
		    "random trees stay within the pool and the depth bound (at most %lld"
		    " nodes, %lld levels)", most, deepest);
	}
}

static void
test_doubles(void)
{
	uint64_t v[4] = { 0, 0, 1, 1 };

	replay(&qc_propdef_p_double, v, 4);
	ok(seen_d == -0.5, "choices (simple, 0, fraction 1, negative) are -0.5: %g", seen_d);
	v[2] = 2;
	v[3] = 0;
	replay(&qc_propdef_p_double, v, 4);
	ok(seen_d == 0.25, "fraction 2 is 0.25 (bit-reversed: few binary digits first)");
	v[1] = 7;
	v[2] = 3;
	replay(&qc_propdef_p_double, v, 4);
	ok(seen_d == 7.75, "7 and fraction 3 are 7.75");
	{
		static const char *names[] = { "NAN", "INFINITY", "-INFINITY", "-0.0" };
		int good = 1;

		for (uint64_t k = 1; k <= 4; k++) {
			char buf[32];

			replay(&qc_propdef_p_double_any, &k, 1);
			qc__fmt_double(buf, sizeof(buf), seen_d);
			good &= strcmp(buf, names[k - 1]) == 0;
		}
		ok(good, "qc_double_any: the special values, spelled as in C");
	}
	probe = 0;
	Q.random = 1;
	for (uint32_t t = 0; t < 5000; t++) {
		Q.size = t % 101;
		qc__seed(&Q, 5, 1, t);
		qc__trial(&Q, &qc_propdef_p_doubles_in_range, 0);
	}
	ok(probe == 0, "random doubles are finite and in their ranges");
}

static void
test_strings(void)
{
	uint64_t v[] = { 1, 0, 1, 2, 0 };

	replay(&qc_propdef_p_string, v, 5);
	ok(strcmp(seen_s, "ac") == 0, "strings: a \"more?\" flag before each character");
	replay(&qc_propdef_p_string_min, NULL, 0);
	ok(strcmp(seen_s, "aa") == 0, "strings: the first MIN characters have no flag");
	v[3] = 99;
	replay(&qc_propdef_p_string, v, 5);
	ok(strcmp(seen_s, "ac") == 0, "a character past the alphabet: its last");
}

static void
test_format(void)
{
	char buf[128];

	qc__fmt_str(buf, sizeof(buf), "a\"b\\\n\t\001\303\251?", 10);
	is_str(buf, "\"a\\\"b\\\\\\n\\t\\001\\303\\251?\"", "strings as escaped C literals");
	qc__fmt_char(buf, sizeof(buf), '\0');
	is_str(buf, "'\\0'", "char 0");
	qc__fmt_char(buf, sizeof(buf), '\'');
	is_str(buf, "'\\''", "a quote");
	qc__fmt_double(buf, sizeof(buf), 0.1);
	is_str(buf, "0.1", "the shortest double that reads back");
	qc__fmt_double(buf, sizeof(buf), 0.1 + 0.2);
	is_str(buf, "0.30000000000000004", "... up to 17 digits");
	qc__fmt_double(buf, sizeof(buf), 1);
	is_str(buf, "1.0", "an integral double says it is one");
	qc__fmt_double(buf, sizeof(buf), 1e300);
	is_str(buf, "1e+300", "large");
	qc__fmt_double(buf, sizeof(buf), -0.0);
	is_str(buf, "-0.0", "negative zero");

	probe = 0;
	ok(replay(&qc_propdef_p_shows, NULL, 0) == QC_FAIL, "a failing property");
	is_str(records(), "I:int x = 3;|I:char *s = \"a\\\"b\\n\";|I:char *z = NULL;"
	    "|I:int a[2] = {1, -1};|I:int a[2] = {1, -1};|I:int n = 2;"
	    "|I:double d = 0.5;|I:char c = '\\'';|I:unsigned u = 4000000000;"
	    "|I:double d[1] = {0.1};|I:int *e = malloc(0);|I:int m = 0;|I:double *f = malloc(0);"
	    "|I:struct p p = {1, 2};|E:0|G:1|N:a note",
	    "the counterexample as C declarations, then Expected, Got, notes; an empty"
	    " array as malloc(0) (no int a[0] before C23)");
	ok(Q.site > 60 && Q.site < 200, "the site is the assertion's line (%u)", Q.site);
}

static void
test_assertions(void)
{
	probe = 0;
	replay(&qc_propdef_p_check, NULL, 0);
	is_str(records(), "E:r >= 0|G:r = -1", "QC_CHECK_INT against a number");
	probe = 1;
	replay(&qc_propdef_p_check, NULL, 0);
	is_str(records(), "E:r > n|G:r = -1, n = 3", "QC_CHECK_INT of two variables");
	probe = 0;
	replay(&qc_propdef_p_expects, NULL, 0);
	is_str(records(), "E:1.0 (within 0.01)|G:1.5", "QC_EXPECT_DOUBLE: tolerance and NaN");
	probe = 1;
	replay(&qc_propdef_p_expects, NULL, 0);
	is_str(records(), "E:\"ab\"|G:NULL", "QC_EXPECT_STR with NULL");
	probe = 2;
	replay(&qc_propdef_p_expects, NULL, 0);
	is_str(records(), "E:{1, 2, 3}|G:{1, 2, 4}", "QC_EXPECT_INT_ARRAY");
	probe = 3;
	replay(&qc_propdef_p_expects, NULL, 0);
	is_str(records(), "M:assertion failed: 1 + 1 == 3", "QC_ASSERT");
	probe = 4;
	replay(&qc_propdef_p_expects, NULL, 0);
	is_str(records(), "E:a non-zero value (true)|G:0 (false)", "QC_EXPECT_BOOL");
	probe = 5;
	replay(&qc_propdef_p_expects, NULL, 0);
	is_str(records(), "E:1|G:4294967295", "QC_EXPECT_UNSIGNED");
	probe = 6;
	replay(&qc_propdef_p_expects, NULL, 0);
	is_str(records(), "M:custom 7", "QC_FAIL");
}

/* Runs p_blocks with PROBE in a child; returns its wait status. */
static int
blocks_child(int which)
{
	pid_t pid = fork();
	int status = 0;

	if (pid == 0) {
		probe = which;
		replay(&qc_propdef_p_blocks, NULL, 0);
		_exit(Q.status);
	}
	waitpid(pid, &status, 0);
	return status;
}

static void
test_blocks(void)
{
	int st;
	char buf[256];

	probe = 0;
	ok(replay(&qc_propdef_p_blocks, NULL, 0) == QC_PASS, "untouched blocks pass");
	probe = 1;
	ok(replay(&qc_propdef_p_blocks, NULL, 0) == QC_FAIL && Q.site == QC_SITE_FROZEN,
	    "a frozen block that changed fails");
	is_str(records(), "M:the function modified s, which must not change: it was"
	    " \"xxx\", it became \"xyx\"", "... saying what it was and became");
	probe = 2;
	ok(replay(&qc_propdef_p_blocks, NULL, 0) == QC_FAIL && Q.site == QC_SITE_BEFORE,
	    "a write before a block fails");
	is_str(records(), "M:the function wrote before the start of a (1 byte before it)",
	    "... saying how far");
	st = blocks_child(3);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a write past the end crashes at once");
	st = blocks_child(4);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "so does a read past a string's NUL");
	/* What the child's fault handler says of such an address. */
	probe = 0;
	Q.random = 0;
	Q.prefix = NULL;
	Q.nprefix = 0;
	Q.n = 0;
	{
		struct qc_block *b;

		/* A trial's blocks are released at its end: look during one. */
		Q.nblocks = 0;
		if (setjmp(Q.jb) == 0) {
			int *a = qc_alloc(&Q, 3, sizeof(int), "a");
			char *s = qc_string(&Q, 2, 2, "q");

			qc_name(&Q, s, "pw");
			b = &Q.blocks[0];
			qc__describe_fault(&Q, (uintptr_t)(a + 3), buf, sizeof(buf));
			is_str(buf, "read or wrote a[3], past the end of a (3 elements)",
			    "a fault in a block's guard page names the element");
			qc__describe_fault(&Q, (uintptr_t)(s + 3), buf, sizeof(buf));
			is_str(buf, "read or wrote past the end of the string pw (beyond the"
			    " '\\0' that ends it, at index 3)", "and for a string, the NUL");
			ok(qc__describe_fault(&Q, (uintptr_t)b->data - 8192, buf, sizeof(buf)) == 0,
			    "another address: nothing to say");
		}
		qc__blocks_release(&Q);
	}
	ok(replay(&qc_propdef_p_lists, NULL, 0) == QC_PASS && Q.nblocks == 0,
	    "a list of 100 lists of 100: 101 blocks in one trial");
	ok(replay(&qc_propdef_p_too_many_blocks, NULL, 0) == QC_AUTHOR &&
	    strstr(records(), "more than 1024 guarded blocks in one trial") != NULL,
	    "more than QC_MAX_BLOCKS: an author error that says so");
	/* In a fresh state, a large block first leaves slot 0 unopened: a
	 * small one in the next trial must still find its page usable. */
	{
		static struct qc q2;
		static uint64_t v2[QC_MAX_CHOICES], b2[QC_MAX_CHOICES];
		volatile int good = 0;

		if (qc__init(&q2, 0) == 0) {
			q2.values = v2;
			q2.bounds = b2;
			qc__trial_reset(&q2);
			if (setjmp(q2.jb) == 0) {
				unsigned char *big = qc_alloc(&q2, 3 * q2.page, 1, "big");
				unsigned char *small = qc_alloc(&q2, 10, 1, "small");

				big[0] = small[9] = 1;
			}
			qc__blocks_release(&q2);
			qc__trial_reset(&q2);
			if (setjmp(q2.jb) == 0) {
				unsigned char *small = qc_alloc(&q2, 10, 1, "small");

				small[9] = 2;
				good = small[9] == 2;
			}
			qc__blocks_release(&q2);
			qc__fini(&q2);
		}
		ok(good, "the pool's slots open in order, whatever came first");
	}
}

static void
test_statuses(void)
{
	unsigned size = 0;
	volatile uint64_t ticks = 0;
	volatile uint32_t passed = 0, discarded = 0;
	uint64_t v = 0;

	ok(replay(&qc_propdef_p_assume, &v, 1) == QC_DISCARD, "qc_assume(false): discarded");
	ok(qc__batch(&Q, &qc_propdef_p_assume, 1, 0, 0, 100, 100, 100, 20, &ticks,
	    &passed, &discarded, &size) == QC_DISCARD && discarded == 20,
	    "a batch gives up after max-discard rejections");
	ok(qc__batch(&Q, &qc_propdef_p_assume, 1, 0, 0, 100, 100, 100, 1000, &ticks,
	    &passed, &discarded, &size) == QC_PASS && ticks > 100,
	    "... or passes with enough room; each trial ticks");
	ok(replay(&qc_propdef_p_forever, NULL, 0) == QC_OVERRUN,
	    "a replay that needs too many choices: an overrun, not a failure");
	Q.random = 1;
	qc__seed(&Q, 1, 0, 0);
	ok(qc__trial(&Q, &qc_propdef_p_forever, 1) == QC_AUTHOR &&
	    strstr(records(), "more than 16384 choices") != NULL,
	    "in a random trial it is the author's mistake, explained");
	ok(replay(&qc_propdef_p_bad_range, NULL, 0) == QC_AUTHOR &&
	    strstr(records(), "wrong way round (3 > 1)") != NULL,
	    "bounds the wrong way round: an author error");
	is_int(qc__size_for(0, 0, 100, 100), 0, "the first trial has size 0");
	is_int(qc__size_for(99, 0, 100, 100), 100, "the last max-size");
	is_int(qc__size_for(50, 30, 100, 40), 23, "rejections grow the size a little");
	is_int(qc__size_for(9, 0, 10, 100), 100, "10 tests: the size reaches max-size too");
	{
		unsigned n0 = 0, top = 0;

		for (unsigned t = 0; t < 100; t++) {
			n0 += qc__size_for(t, 0, 10000, 100) == 0;
			top += qc__size_for(t, 0, 10000, 100) == 100;
		}
		ok(n0 == 1 && top == 1 && qc__size_for(50, 0, 10000, 100) == 50,
		    "10000 tests: the size grows over the first 100 as with 100 tests");
	}
	ok(qc__size_for(100, 0, 10000, 100) == 0 && qc__size_for(199, 0, 10000, 100) == 100 &&
	    qc__size_for(9999, 0, 10000, 100) == 100, "... then again over every 100");
	ok(qc__size_for(200, 0, 250, 100) == 0 && qc__size_for(249, 0, 250, 100) == 100 &&
	    qc__size_for(225, 0, 250, 100) > 40, "a last round of 50 grows twice as fast");
}

/* ---- Shrinking, in this process ---------------------------------------- */

struct target {
	const struct qc_property *p;
	uint32_t site;
	unsigned calls;
};

static int
shrink_test(void *ctx, const uint64_t *v, size_t n, struct qc_seq *used)
{
	struct target *t = ctx;
	int st = replay(t->p, v, n);

	t->calls++;
	memcpy(used->v, Q.values, Q.n * sizeof(*used->v));
	memcpy(used->max, Q.bounds, Q.n * sizeof(*used->max));
	used->n = Q.n;
	return st == QC_FAIL && Q.site == t->site;
}

/* Finds a failure of P (seed SEED) and shrinks it; the counterexample's
 * records, or "passed". */
static const char *
find_and_shrink(const struct qc_property *p, uint64_t seed, struct qc_shrink_stats *st)
{
	static uint64_t bv[QC_MAX_CHOICES], bm[QC_MAX_CHOICES];
	struct qc_seq best = { bv, bm, 0 };
	struct target t = { p, 0, 0 };
	volatile uint64_t ticks = 0;
	volatile uint32_t passed = 0, discarded = 0;
	unsigned size = 0;

	if (qc__batch(&Q, p, seed, 0, 0, 100, 100, 100, 1000, &ticks, &passed,
	    &discarded, &size) != QC_FAIL)
		return "passed";
	t.site = Q.site;
	memcpy(bv, Q.values, Q.n * sizeof(*bv));
	memcpy(bm, Q.bounds, Q.n * sizeof(*bm));
	best.n = Q.n;
	if (qc_shrink(&best, shrink_test, &t, 10000, 0, st) == -1)
		return "shrink failed";
	if (st->calls != t.calls)
		return "calls miscounted";
	replay(p, bv, best.n);
	return records();
}

/*
 * Synthetic failures on raw choices, for one pass at a time: the test
 * fails when FN says so; the choices used are the candidate's.
 */
struct synth {
	int (*fails)(const uint64_t *v, size_t n);
	const uint64_t *bounds;
};

static int
synth_test(void *ctx, const uint64_t *v, size_t n, struct qc_seq *used)
{
	const struct synth *y = ctx;

	if (!y->fails(v, n))
		return 0;
	memcpy(used->v, v, n * sizeof(*v));
	memcpy(used->max, y->bounds, n * sizeof(*v));
	used->n = n;
	return 1;
}

/* 60 fives, then {7, 3} or {3, 7}, then zeros: the swap is far along. */
static int
fails_far_pair(const uint64_t *v, size_t n)
{
	if (n != 80)
		return 0;
	for (size_t i = 0; i < 60; i++)
		if (v[i] != 5)
			return 0;
	return (v[60] == 7 && v[61] == 3) || (v[60] == 3 && v[61] == 7);
}

/* Two choices near 2^64 whose difference alone matters (it is 4). */
static int
fails_difference(const uint64_t *v, size_t n)
{
	return n == 2 && v[0] >= 10 && v[1] + 4 == v[0];
}

static void
test_shrink_passes(void)
{
	static uint64_t bv[QC_MAX_CHOICES], bm[QC_MAX_CHOICES], far[80];
	struct qc_seq best = { bv, bm, 80 };
	struct qc_shrink_stats st;
	struct synth y = { fails_far_pair, far };

	for (size_t i = 0; i < 80; i++)
		far[i] = 10;
	for (size_t i = 0; i < 80; i++)
		bv[i] = i < 60 ? 5 : 0;
	bv[60] = 7;
	bv[61] = 3;
	memcpy(bm, far, sizeof(far));
	qc_shrink(&best, synth_test, &y, 100000, 0, &st);
	ok(best.n == 80 && bv[60] == 3 && bv[61] == 7 && !st.stopped,
	    "a swap 60 choices along is tried (the pass goes on where it stopped):"
	    " {%llu, %llu} in %u calls", (unsigned long long)bv[60],
	    (unsigned long long)bv[61], st.calls);

	bv[0] = UINT64_MAX - 3;
	bv[1] = UINT64_MAX - 7;
	bm[0] = bm[1] = UINT64_MAX;
	best.n = 2;
	y.fails = fails_difference;
	y.bounds = bm;
	qc_shrink(&best, synth_test, &y, 100000, 0, &st);
	ok(best.n == 2 && bv[0] == 10 && bv[1] == 6 && !st.stopped && st.calls < 2000,
	    "two choices near 2^64, their difference alone mattering: {10, 6}: {%llu, %llu} in %u calls"
	    " (common offset, probing without overflow)", (unsigned long long)bv[0],
	    (unsigned long long)bv[1], st.calls);
}

static void
test_shrink(void)
{
	struct qc_shrink_stats st;
	int all = 1;

	for (uint64_t seed = 1; seed <= 10; seed++)
		all &= strcmp(find_and_shrink(&qc_propdef_p_max_zero, seed, &st),
		    "I:int a[1] = {-1};|I:int n = 1;|E:-1|G:0") == 0;
	ok(all, "max starting from 0: {-1}, for ten seeds");
	is_str(find_and_shrink(&qc_propdef_p_sum_small, 3, &st), "I:int a = 0;|I:int b = 1001;"
	    "|M:assertion failed: a + b <= 1000", "a + b > 1000: value moved to the last (0, 1001)");
	is_str(find_and_shrink(&qc_propdef_p_duplicates, 2, &st),
	    "I:int a[2] = {1, 1};|I:int n = 2;|M:assertion failed: a[i] == 0 || a[i] != a[j]",
	    "equal numbers lowered together: {1, 1}");
	ok(st.cached > 0, "some candidates came up twice and were not run again (%u)",
	    st.cached);
	{
		/* The budget: one call. */
		static uint64_t bv[QC_MAX_CHOICES], bm[QC_MAX_CHOICES];
		struct qc_seq best = { bv, bm, 2 };
		struct target t = { &qc_propdef_p_sum_small, 0, 0 };

		bv[0] = 900;
		bv[1] = 900;
		bm[0] = bm[1] = 10000;
		replay(&qc_propdef_p_sum_small, bv, 2);
		t.site = Q.site;
		qc_shrink(&best, shrink_test, &t, 1, 0, &st);
		ok(st.calls == 1 && st.stopped && !qc_seq_less(bv, 2, (uint64_t[]){ 0, 0 }, 2),
		    "a budget of calls stops the shrinker, which keeps a counterexample");
	}
	ok(qc_seq_less((uint64_t[]){ 5 }, 1, (uint64_t[]){ 0, 0 }, 2) &&
	    qc_seq_less((uint64_t[]){ 1, 2 }, 2, (uint64_t[]){ 1, 3 }, 2) &&
	    !qc_seq_less((uint64_t[]){ 1, 3 }, 2, (uint64_t[]){ 1, 3 }, 2),
	    "shortlex: shorter first, then smaller at the first difference");
}

/* ---- The report format ------------------------------------------------------ */

static void
test_report(void)
{
	char *buf = NULL, err[256];
	size_t len = 0, cap = 0;
	struct qc_report r;
	const char odd[] = "a\\b\nc\td\001\x7f\xc3\xa9";

	qc_report_put(&buf, &len, &cap, "assay-qc", "1", 1);
	qc_report_put(&buf, &len, &cap, "seed", "18446744073709551615", 20);
	qc_report_put(&buf, &len, &cap, "property", "p1", 2);
	qc_report_put(&buf, &len, &cap, "call", "f(x)", 4);
	qc_report_put(&buf, &len, &cap, "result", "falsified", 9);
	qc_report_put(&buf, &len, &cap, "tests", "12", 2);
	qc_report_put(&buf, &len, &cap, "signal", "11", 2);
	qc_report_put(&buf, &len, &cap, "shrink-stopped", "1", 1);
	qc_report_put(&buf, &len, &cap, "input", "int x = 1;", 10);
	qc_report_put(&buf, &len, &cap, "input", odd, sizeof(odd) - 1);
	qc_report_put(&buf, &len, &cap, "expected", "0", 1);
	qc_report_put(&buf, &len, &cap, "end", NULL, 0);
	qc_report_put(&buf, &len, &cap, "property", "p2", 2);
	qc_report_put(&buf, &len, &cap, "result", "passed", 6);
	qc_report_put(&buf, &len, &cap, "end", NULL, 0);
	qc_report_put(&buf, &len, &cap, "done", NULL, 0);
	ok(strchr(buf, '\001') == NULL && strstr(buf, "\\x01\\x7f") != NULL,
	    "values are escaped, one line each");
	ok(qc_report_parse(buf, len, &r, err, sizeof(err)) == 0, "a report reads back: %s", err);
	ok(r.done && r.seed == 18446744073709551615ULL && r.nprops == 2 &&
	    strcmp(r.props[0].name, "p1") == 0 && r.props[0].result == QC_RES_FALSIFIED &&
	    r.props[0].tests == 12 && r.props[0].signal == 11 &&
	    strcmp(r.props[0].expected, "0") == 0 && r.props[1].result == QC_RES_PASSED,
	    "with its fields");
	ok(r.props[0].shrink_stopped == 1 && r.props[1].shrink_stopped == 0,
	    "shrink-stopped: set when the runner says shrinking stopped at its budget");
	ok(r.props[0].input != NULL && strncmp(r.props[0].input, "int x = 1;\n", 11) == 0 &&
	    strcmp(r.props[0].input + 11, odd) == 0, "input lines joined, unescaped");
	qc_report_free(&r);

	{
		static const struct {
			const char *text, *why;
		} bad[] = {
			{ "", NULL },
			{ "assay-qc 2\n", "another version" },
			{ "assay-qc 1\nproperty p\nresult passed\n", "a property without end" },
			{ "assay-qc 1\nproperty p\nend\n", "a property without result" },
			{ "assay-qc 1\nproperty p\nresult maybe\nend\n", "an unknown result" },
			{ "assay-qc 1\nproperty p\nresult passed\nwhat 1\nend\n", "an unknown key" },
			{ "assay-qc 1\nproperty p\nresult passed\ntests x\nend\n", "a bad number" },
			{ "assay-qc 1\nproperty p\nresult passed\ntests 99999999999\nend\n",
			  "a number too large" },
			{ "assay-qc 1\nproperty p\nresult passed\ninput a\\q\nend\n", "a bad escape" },
			{ "assay-qc 1\nproperty p\nresult passed\ninput \\x4\nend\n", "a short escape" },
			{ "assay-qc 1\ninput x\n", "a field outside a property" },
			{ "assay-qc 1\ndone\nseed 1\n", "a line after the end" },
			{ "assay-qc 1\nseed 1", "a line cut off" },
			{ "assay-qc 1\nproperty p\nresult passed\nexpected 1\nexpected 2\nend\n",
			  "a field twice" },
		};
		int good = 1;

		for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
			int rc = qc_report_parse(bad[i].text, strlen(bad[i].text), &r, err,
			    sizeof(err));

			if (bad[i].why == NULL ? rc != 0 || r.done : rc != -1) {
				diag("accepted: %s", bad[i].why ? bad[i].why : "empty");
				good = 0;
			}
			qc_report_free(&r);
		}
		ok(good, "broken reports are refused (an empty one is not done)");
	}
	{
		const char t[] = "assay-qc 1\nerror cannot load: x\\x00y\ndone\n";

		ok(qc_report_parse(t, sizeof(t) - 1, &r, err, sizeof(err)) == 0 &&
		    r.error != NULL && strcmp(r.error, "cannot load: x?y") == 0,
		    "a run's error; a NUL byte never gets through");
		qc_report_free(&r);
	}
	free(buf);
}

int
main(void)
{
	size_t n;

	if (qc__init(&Q, 0) == -1) {
		ok(0, "qc__init");
		return tap_done();
	}
	Q.values = values;
	Q.bounds = bounds;
	qc__properties(&n);
	is_int(n, 25, "the properties of this file are registered, sorted by line");
	ok(qc__properties(&n)[0] == &qc_propdef_p_int_range &&
	    qc__properties(&n)[19] == &qc_propdef_p_duplicates &&
	    qc__properties(&n)[22] == &qc_propdef_p_uint16_high, "in the order of the file");
	test_ints();
	test_fixed();
	test_nested();
	test_doubles();
	test_strings();
	test_format();
	test_assertions();
	test_blocks();
	test_statuses();
	test_shrink();
	test_shrink_passes();
	test_report();
	qc__fini(&Q);
	return tap_done();
}
