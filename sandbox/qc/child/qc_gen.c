/*
 * qc_gen.c - the generators: the random numbers of a random trial, the
 * choice primitive (draw) and every generator of qc.h built on it, from
 * qc_bool to qc_array; see qc.h for the ideas and qc_impl.h for the state.
 *
 * Every generator maps choices to values so that a smaller choice is a
 * simpler value and 0 the simplest; in a random trial it picks the choice
 * it wants (favouring small values, bounds and special values) and records
 * it, in a replay it takes the recorded one, clamped to its bound.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "sandbox/qc/qc_impl.h"

/* ---- Random numbers: xoshiro256** (seeded by qc__seed, qc_core.c) ----- */

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rnd(struct qc *qc)
{
	uint64_t *s = qc->rng, r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

/* Uniform in [0, max]. */
static uint64_t
upto(struct qc *qc, uint64_t max)
{
	if (max == UINT64_MAX)
		return rnd(qc);
	return (uint64_t)(((unsigned __int128)rnd(qc) * (max + 1)) >> 64);
}

/* ---- The choice primitive -------------------------------------------------- */

/*
 * The next choice in [0, MAX]: WANT in a random trial (the generator's
 * pick), the recorded value clamped in a replay, 0 past its end.
 */
static uint64_t
draw(struct qc *qc, uint64_t max, uint64_t want)
{
	uint64_t v;

	if (qc->n >= QC_MAX_CHOICES) {
		if (qc->random)
			qc__author(qc, "the generators drew more than %d choices for"
			    " one input: make the inputs smaller", QC_MAX_CHOICES);
		qc__stop(qc, QC_OVERRUN, 0);
	}
	if (qc->random)
		v = want;
	else
		v = qc->n < qc->nprefix ? qc->prefix[qc->n] : 0;
	if (v > max)
		v = max;
	qc->values[qc->n] = v;
	qc->bounds[qc->n] = max;
	qc->n++;
	if (qc->nshared != NULL)
		*qc->nshared = (uint32_t)qc->n;
	return v;
}

uint64_t
qc_choice(struct qc *qc, uint64_t max)
{
	return draw(qc, max, qc->random ? upto(qc, max) : 0);
}

unsigned
qc_size(struct qc *qc)
{
	return qc->size;
}

int
qc_bool(struct qc *qc)
{
	return (int)draw(qc, 1, qc->random ? rnd(qc) >> 63 : 0);
}

/*
 * A random choice in [0, MAX] the way generators like them: often within
 * the size, sometimes one of the ends, sometimes of any number of bits,
 * sometimes anywhere.
 */
static uint64_t
want_small(struct qc *qc, uint64_t max)
{
	uint64_t r = rnd(qc) & 15, v;
	unsigned k;

	if (r < 2) {
		static const int pick[] = { 0, 1, -1, -2 };
		int p = pick[rnd(qc) & 3];

		/* 0, 1, max, max - 1 */
		v = p >= 0 ? (uint64_t)p : max - (uint64_t)(-p - 1);
		return v > max ? max : v;
	}
	if (r < 10)
		return upto(qc, max < qc->size ? max : qc->size);
	if (r < 13) {
		k = (unsigned)upto(qc, 64);
		v = k == 64 ? rnd(qc) : rnd(qc) & ((1ULL << k) - 1);
		return v <= max ? v : upto(qc, max);
	}
	return upto(qc, max);
}

/* ---- Integers ---------------------------------------------------------- */

/*
 * A value of [LO, HI] (LO < 0 < HI) is one choice, in the order 0, 1, -1,
 * 2, -2, ... ("zigzag"), continuing on the longer side once the shorter is
 * used up: small magnitudes first, positive before negative, and no choice
 * that appears or disappears with the sign (which would shift every later
 * choice while shrinking).
 */
static int64_t
zigzag_value(int64_t lo, int64_t hi, uint64_t c)
{
	uint64_t p = (uint64_t)hi, q = 0 - (uint64_t)lo, m = p < q ? p : q;

	if (c <= 2 * m) {
		if (c % 2 == 1)
			return (int64_t)((c + 1) / 2);
		return c == 0 ? 0 : -(int64_t)(c / 2 - 1) - 1;
	}
	if (p > q)
		return (int64_t)(c - m);
	return (int64_t)(0 - (c - m));
}

/* The choice of X in the order above. */
static uint64_t
zigzag_choice(int64_t lo, int64_t hi, int64_t x)
{
	uint64_t p = (uint64_t)hi, q = 0 - (uint64_t)lo, m = p < q ? p : q, k;

	if (x == 0)
		return 0;
	if (x > 0) {
		k = (uint64_t)x;
		return k <= m ? 2 * k - 1 : k + m;
	}
	k = 0 - (uint64_t)x;
	return k <= m ? 2 * k : k + m;
}

int64_t
qc_int64_range(struct qc *qc, int64_t lo, int64_t hi)
{
	int64_t want = 0;
	uint64_t span;

	if (lo > hi)
		qc__author(qc, "an integer range with its bounds the wrong way round"
		    " (%lld > %lld)", (long long)lo, (long long)hi);
	span = (uint64_t)hi - (uint64_t)lo;
	if (lo >= 0)
		return lo + (int64_t)draw(qc, span, qc->random ? want_small(qc, span) : 0);
	if (hi <= 0)
		return hi - (int64_t)draw(qc, span, qc->random ? want_small(qc, span) : 0);
	if (qc->random) {
		uint64_t r = rnd(qc) & 15;

		if (r < 2) {
			const int64_t ends[] = { lo, hi, 0, 1, -1, lo + 1, hi - 1 };

			want = ends[upto(qc, 6)];
		} else {
			uint64_t mneg = 0 - (uint64_t)lo;
			uint64_t m = want_small(qc, mneg > (uint64_t)hi ? mneg : (uint64_t)hi);
			int neg = (int)(rnd(qc) >> 63);

			if (m > (uint64_t)hi)
				neg = 1;
			else if (m > mneg)
				neg = 0;
			want = neg ? (m >= mneg ? lo : -(int64_t)m) : (int64_t)m;
		}
	}
	/* The bound, (hi - lo), fits: at most 2^64 - 1. */
	return zigzag_value(lo, hi, draw(qc, (uint64_t)hi - (uint64_t)lo,
	    zigzag_choice(lo, hi, want)));
}

uint64_t
qc_uint64_range(struct qc *qc, uint64_t lo, uint64_t hi)
{
	uint64_t span;

	if (lo > hi)
		qc__author(qc, "an integer range with its bounds the wrong way round"
		    " (%llu > %llu)", (unsigned long long)lo, (unsigned long long)hi);
	span = hi - lo;
	return lo + draw(qc, span, qc->random ? want_small(qc, span) : 0);
}

int
qc_int_range(struct qc *qc, int lo, int hi)
{
	return (int)qc_int64_range(qc, lo, hi);
}

long
qc_long_range(struct qc *qc, long lo, long hi)
{
	return (long)qc_int64_range(qc, lo, hi);
}

unsigned
qc_unsigned_range(struct qc *qc, unsigned lo, unsigned hi)
{
	return (unsigned)qc_uint64_range(qc, lo, hi);
}

unsigned long
qc_ulong_range(struct qc *qc, unsigned long lo, unsigned long hi)
{
	return (unsigned long)qc_uint64_range(qc, lo, hi);
}

/* The other integer types: each a range of qc_int64_range's or
 * qc_uint64_range's, so that they encode and shrink alike. */
#define SIGNED_RANGE(name, type)					\
	type								\
	name(struct qc *qc, type lo, type hi)				\
	{								\
		return (type)qc_int64_range(qc, lo, hi);		\
	}
#define UNSIGNED_RANGE(name, type)					\
	type								\
	name(struct qc *qc, type lo, type hi)				\
	{								\
		return (type)qc_uint64_range(qc, lo, hi);		\
	}

SIGNED_RANGE(qc_schar_range, signed char)
SIGNED_RANGE(qc_short_range, short)
SIGNED_RANGE(qc_llong_range, long long)
SIGNED_RANGE(qc_int8_range, int8_t)
SIGNED_RANGE(qc_int16_range, int16_t)
SIGNED_RANGE(qc_int32_range, int32_t)
UNSIGNED_RANGE(qc_uchar_range, unsigned char)
UNSIGNED_RANGE(qc_ushort_range, unsigned short)
UNSIGNED_RANGE(qc_ullong_range, unsigned long long)
UNSIGNED_RANGE(qc_uint8_range, uint8_t)
UNSIGNED_RANGE(qc_uint16_range, uint16_t)
UNSIGNED_RANGE(qc_uint32_range, uint32_t)
UNSIGNED_RANGE(qc_size_range, size_t)

int
qc_int(struct qc *qc)
{
	return qc_int_range(qc, INT_MIN, INT_MAX);
}

long
qc_long(struct qc *qc)
{
	return qc_long_range(qc, LONG_MIN, LONG_MAX);
}

unsigned
qc_unsigned(struct qc *qc)
{
	return qc_unsigned_range(qc, 0, UINT_MAX);
}

unsigned long
qc_ulong(struct qc *qc)
{
	return qc_ulong_range(qc, 0, ULONG_MAX);
}

size_t
qc_oneof(struct qc *qc, const unsigned *weights, size_t n)
{
	uint64_t want = 0;

	if (n == 0)
		qc__author(qc, "qc_oneof: no alternative to choose from");
	if (qc->random) {
		if (weights == NULL) {
			want = upto(qc, n - 1);
		} else {
			uint64_t total = 0, r;

			for (size_t i = 0; i < n; i++)
				total += weights[i];
			if (total == 0)
				qc__author(qc, "qc_oneof: every weight is 0");
			r = upto(qc, total - 1);
			while (r >= weights[want])
				r -= weights[want++];
		}
	}
	return (size_t)draw(qc, n - 1, want);
}

/* ---- Doubles ------------------------------------------------------------ */

#define FRAC_BITS 52
#define INT_PART_MAX (1ULL << 53)
#define FINITE_BITS_MAX 0x7fefffffffffffffULL	/* DBL_MAX */

/* The low 52 bits of X in reverse order: fractions with few binary digits
 * (0.5, 0.25, 0.75) come from small choices. */
static uint64_t
rev52(uint64_t x)
{
	uint64_t r = 0;

	for (int i = 0; i < FRAC_BITS; i++) {
		r = (r << 1) | (x & 1);
		x >>= 1;
	}
	return r;
}

static uint64_t
dbits(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u;
}

static double
bitsd(uint64_t u)
{
	double d;

	memcpy(&d, &u, sizeof(d));
	return d;
}

/*
 * A non-negative finite double. Choices: the kind (0: an integral part up
 * to 2^53 and a fraction of 52 bits, 1: any finite bit pattern), then the
 * parts. WANT (>= 0) is what a random trial asks for.
 */
static double
magnitude_double(struct qc *qc, double want)
{
	int simple = 1;
	uint64_t ip = 0, fr = 0;

	if (qc->random) {
		double i = floor(want), f = want - i;
		uint64_t fb = (uint64_t)ldexp(f, FRAC_BITS);

		simple = want < (double)INT_PART_MAX && ldexp((double)fb, -FRAC_BITS) == f;
		if (simple) {
			ip = (uint64_t)i;
			fr = rev52(fb);
		}
	}
	if (draw(qc, 1, !simple) == 0) {
		ip = draw(qc, INT_PART_MAX, ip);
		fr = draw(qc, (1ULL << FRAC_BITS) - 1, fr);
		return (double)ip + ldexp((double)rev52(fr), -FRAC_BITS);
	}
	return bitsd(draw(qc, FINITE_BITS_MAX, qc->random ? dbits(want) : 0));
}

/* A random non-negative double as generators like them, within BOUND. */
static double
want_double(struct qc *qc, double bound)
{
	uint64_t r = rnd(qc) & 15;
	double d;

	if (!(bound > 0))
		return 0;
	switch (r) {
	case 0:
		d = (double)(rnd(qc) & 1);		/* 0 or 1 */
		break;
	case 1: {
		static const double ends[] = { DBL_MIN, DBL_MAX, DBL_EPSILON, 0.5, 1e-300 };

		d = ends[upto(qc, 4)];
		break;
	}
	case 2: case 3: case 4: case 5:		/* small integers */
		d = (double)upto(qc, qc->size);
		break;
	case 6: case 7: case 8:			/* simple fractions */
		d = (double)upto(qc, qc->size) + ldexp((double)upto(qc, 15), -4);
		break;
	case 9: case 10: case 11:		/* any real within the size */
		d = ldexp((double)(rnd(qc) >> 11), -53) * (qc->size + 1);
		break;
	default:				/* any magnitude */
		d = bitsd(upto(qc, FINITE_BITS_MAX));
		break;
	}
	return d <= bound ? d : fmod(d, bound);
}

/* A double of [0, BOUND], shrinking toward 0. */
static double
bounded_double(struct qc *qc, double bound, double want)
{
	double d = magnitude_double(qc, want);

	return d <= bound ? d : bound;
}

double
qc_double_range(struct qc *qc, double lo, double hi)
{
	double want = 0, d;

	if (!(lo <= hi) || !isfinite(lo) || !isfinite(hi))
		qc__author(qc, "qc_double_range: the bounds must be finite, lo <= hi"
		    " (%g, %g)", lo, hi);
	if (lo >= 0) {
		if (qc->random)
			want = want_double(qc, hi - lo);
		d = lo + bounded_double(qc, hi - lo, want);
		return d <= hi ? d : hi;
	}
	if (hi <= 0) {
		if (qc->random)
			want = want_double(qc, hi - lo);
		d = hi - bounded_double(qc, hi - lo, want);
		return d >= lo ? d : lo;
	}
	if (qc->random) {
		want = want_double(qc, -lo > hi ? -lo : hi);
		if ((rnd(qc) >> 63 && want <= -lo) || want > hi)
			want = -want;
	}
	d = bounded_double(qc, -lo > hi ? -lo : hi, fabs(want));
	if (d == 0)
		return 0;
	if (draw(qc, 1, want < 0))
		return -d >= lo ? -d : lo;
	return d <= hi ? d : hi;
}

double
qc_double(struct qc *qc)
{
	return qc_double_range(qc, -DBL_MAX, DBL_MAX);
}

double
qc_double_any(struct qc *qc)
{
	static const double specials[] = { NAN, INFINITY, -INFINITY, -0.0 };
	uint64_t want = 0;

	if (qc->random && (rnd(qc) & 7) == 0)
		want = 1 + upto(qc, 3);
	want = draw(qc, 4, want);
	if (want == 0)
		return qc_double(qc);
	return specials[want - 1];
}

/* ---- Collections ---------------------------------------------------------- */

/* The length a random trial wants in [MIN, MAX]. */
static size_t
want_length(struct qc *qc, size_t min, size_t max)
{
	uint64_t r = rnd(qc) & 15;
	size_t top;

	if (r == 0)
		return min;
	if (r == 1 && max - min <= 4 * (size_t)qc->size + 16)
		return max;
	top = max - min < qc->size ? max : min + qc->size;
	return min + (size_t)upto(qc, top - min);
}

void
qc_many_init(struct qc *qc, struct qc_many *m, size_t min, size_t max)
{
	if (min > max)
		qc__author(qc, "a length range with its bounds the wrong way round"
		    " (%zu > %zu)", min, max);
	if (min > QC_MAX_CHOICES)
		qc__author(qc, "a minimum length of %zu is more than the %d choices an"
		    " input may use", min, QC_MAX_CHOICES);
	m->min = min;
	m->max = max;
	m->count = 0;
	m->target = qc->random ? want_length(qc, min, max) : 0;
}

int
qc_many_more(struct qc *qc, struct qc_many *m)
{
	if (m->count < m->min) {
		m->count++;
		return 1;
	}
	if (m->count >= m->max)
		return 0;
	if (draw(qc, 1, m->count < m->target) == 0)
		return 0;
	m->count++;
	return 1;
}

char
qc_char(struct qc *qc, const char *alphabet)
{
	size_t n;

	if (alphabet == NULL)
		alphabet = QC_PRINTABLE;
	if ((n = strlen(alphabet)) == 0)
		qc__author(qc, "qc_char: an empty alphabet");
	return alphabet[draw(qc, n - 1, qc->random ? upto(qc, n - 1) : 0)];
}

/* ---- Strings and arrays ------------------------------------------------ */

char *
qc_string(struct qc *qc, size_t min_len, size_t max_len, const char *alphabet)
{
	struct qc_many m;
	size_t n = 0, cap = 16, alen;
	char *tmp, *grown;
	struct qc_block *b;

	if (alphabet == NULL)
		alphabet = QC_PRINTABLE;
	if ((alen = strlen(alphabet)) == 0)
		qc__author(qc, "qc_string: an empty alphabet");
	qc_many_init(qc, &m, min_len, max_len);
	tmp = qc__alloc(qc, cap);
	while (qc_many_more(qc, &m)) {
		if (n == cap) {
			grown = qc__alloc(qc, cap * 2);
			memcpy(grown, tmp, n);
			tmp = grown;
			cap *= 2;
		}
		tmp[n++] = alphabet[draw(qc, alen - 1, qc->random ? upto(qc, alen - 1) : 0)];
	}
	b = qc__block_new(qc, n + 1, 1, QC_BLOCK_STRING, NULL);
	memcpy(b->data, tmp, n);
	b->data[n] = '\0';
	return (char *)b->data;
}

void *
qc_array(struct qc *qc, size_t min_len, size_t max_len, size_t elsize,
    void (*gen)(struct qc *, void *, void *), void *arg, size_t *len)
{
	struct qc_many m;
	size_t n = 0, cap = 16;
	unsigned char *tmp, *grown;
	struct qc_block *b;

	if (elsize == 0 || elsize > 4096 || gen == NULL)
		qc__author(qc, "qc_array: an element size of 1 to 4096 bytes and a"
		    " generator are needed");
	qc_many_init(qc, &m, min_len, max_len);
	tmp = qc__alloc(qc, cap * elsize);
	while (qc_many_more(qc, &m)) {
		if (n == cap) {
			grown = qc__alloc(qc, cap * 2 * elsize);
			memcpy(grown, tmp, n * elsize);
			tmp = grown;
			cap *= 2;
		}
		memset(tmp + n * elsize, 0, elsize);
		gen(qc, tmp + n * elsize, arg);
		n++;
	}
	b = qc__block_new(qc, n * elsize, elsize, QC_BLOCK_RAW, NULL);
	if (n > 0)
		memcpy(b->data, tmp, n * elsize);
	if (len != NULL)
		*len = n;
	return b->data;
}

struct int_range {
	int lo, hi;
};

static void
gen_int(struct qc *qc, void *elem, void *arg)
{
	const struct int_range *r = arg;
	int v = qc_int_range(qc, r->lo, r->hi);

	memcpy(elem, &v, sizeof(v));
}

int *
qc_int_array(struct qc *qc, size_t min_len, size_t max_len, int lo, int hi,
    size_t *len)
{
	struct int_range r = { lo, hi };
	int *a;

	if (lo > hi)
		qc__author(qc, "qc_int_array: bounds the wrong way round (%d > %d)", lo, hi);
	a = qc_array(qc, min_len, max_len, sizeof(int), gen_int, &r, len);
	qc->blocks[qc->nblocks - 1].kind = QC_BLOCK_INTS;
	return a;
}

struct double_range {
	double lo, hi;
};

static void
gen_double(struct qc *qc, void *elem, void *arg)
{
	const struct double_range *r = arg;
	double v = qc_double_range(qc, r->lo, r->hi);

	memcpy(elem, &v, sizeof(v));
}

double *
qc_double_array(struct qc *qc, size_t min_len, size_t max_len, double lo,
    double hi, size_t *len)
{
	struct double_range r = { lo, hi };
	double *a;

	a = qc_array(qc, min_len, max_len, sizeof(double), gen_double, &r, len);
	qc->blocks[qc->nblocks - 1].kind = QC_BLOCK_DOUBLES;
	return a;
}

/* ---- Nested collections ------------------------------------------------ */

int **
qc_int_lists(struct qc *qc, size_t min_len, size_t max_len, size_t inner_min,
    size_t inner_max, int lo, int hi, size_t **lens, size_t *len)
{
	struct qc_many m;
	size_t n = 0, cap = 16;
	int **rows = qc__alloc(qc, cap * sizeof(*rows)), **grown;
	size_t *ls = qc__alloc(qc, cap * sizeof(*ls)), *lgrown;
	struct qc_block *b, *lb;

	if (lo > hi || inner_min > inner_max)
		qc__author(qc, "qc_int_lists: bounds the wrong way round");
	qc_many_init(qc, &m, min_len, max_len);
	while (qc_many_more(qc, &m)) {
		if (n == cap) {
			grown = qc__alloc(qc, 2 * cap * sizeof(*rows));
			lgrown = qc__alloc(qc, 2 * cap * sizeof(*ls));
			memcpy(grown, rows, n * sizeof(*rows));
			memcpy(lgrown, ls, n * sizeof(*ls));
			rows = grown;
			ls = lgrown;
			cap *= 2;
		}
		rows[n] = qc_int_array(qc, inner_min, inner_max, lo, hi, &ls[n]);
		n++;
	}
	b = qc__block_new(qc, n * sizeof(*rows), sizeof(*rows), QC_BLOCK_RAW, NULL);
	lb = qc__block_new(qc, n * sizeof(*ls), sizeof(*ls), QC_BLOCK_RAW, NULL);
	if (n > 0) {
		memcpy(b->data, rows, n * sizeof(*rows));
		memcpy(lb->data, ls, n * sizeof(*ls));
	}
	if (lens != NULL)
		*lens = (size_t *)lb->data;
	if (len != NULL)
		*len = n;
	return (int **)b->data;
}

/* ---- Recursive structures ---------------------------------------------- */

void *
qc_pool(struct qc *qc, struct qc_pool *pool, size_t cap, size_t size,
    const char *name)
{
	if (cap == 0 || size == 0)
		qc__author(qc, "qc_pool: a pool of at least one node of at least a"
		    " byte");
	pool->base = qc_alloc(qc, cap, size, name);
	pool->cap = cap;
	pool->size = size;
	pool->used = 0;
	return pool->base;
}

void *
qc_pool_node(struct qc *qc, struct qc_pool *pool)
{
	if (pool->base == NULL)
		qc__author(qc, "qc_pool_node: a pool not set up with qc_pool");
	if (pool->used == pool->cap)
		qc__author(qc, "qc_pool_node: more than the %zu nodes of the pool:"
		    " bound the depth (qc_branch) or make the pool larger", pool->cap);
	return (unsigned char *)pool->base + pool->size * pool->used++;
}

int
qc_branch(struct qc *qc, struct qc_pool *pool, unsigned depth,
    unsigned max_depth)
{
	uint64_t want = 0;

	if (depth >= max_depth || (pool != NULL && pool->used >= pool->cap))
		return 0;
	/* Random trials: likelier near the root, and deeper as the size
	 * grows; a replay takes the recorded choice, 0 (a leaf) past it. */
	if (qc->random)
		want = upto(qc, (uint64_t)qc->size + 2 * depth + 1) <
		    (uint64_t)qc->size / 2 + 1;
	return (int)draw(qc, 1, want);
}

char *
qc_sprintf(struct qc *qc, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = qc__vprintf(qc, fmt, ap);
	va_end(ap);
	return s;
}
