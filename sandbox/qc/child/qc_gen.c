/*
 * qc_gen.c - the property library's runtime: the choice source, the
 * generators, guarded blocks, assertions and one trial; see qc.h for the
 * ideas and qc_impl.h for the state.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "sandbox/qc/qc_impl.h"

#define CANARY_LEN	32
#define CANARY_BYTE	0xa5
#define CHUNK_MIN	(64 * 1024)

/* ---- Random numbers: xoshiro256**, seeded with splitmix64 ------------- */

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

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

void
qc__seed(struct qc *qc, uint64_t seed, uint32_t prop, uint32_t attempt)
{
	uint64_t x = seed ^ ((uint64_t)prop << 32 | attempt) * 0xd1342543de82ef95ULL;

	for (int i = 0; i < 4; i++)
		qc->rng[i] = splitmix(&x);
}

/* Uniform in [0, max]. */
static uint64_t
upto(struct qc *qc, uint64_t max)
{
	if (max == UINT64_MAX)
		return rnd(qc);
	return (uint64_t)(((unsigned __int128)rnd(qc) * (max + 1)) >> 64);
}

unsigned
qc__size_for(unsigned passed, unsigned discarded, unsigned max_success,
    unsigned max_size)
{
	unsigned long long s;

	if (max_success <= 1)
		return max_size;
	s = (unsigned long long)passed * max_size / (max_success - 1) + discarded / 10;
	return s > max_size ? max_size : (unsigned)s;
}

/* ---- The trial's memory --------------------------------------------------- */

void *
qc__alloc(struct qc *qc, size_t n)
{
	struct qc_chunk *c = qc->chunk;
	size_t need = (n + 15) & ~(size_t)15;

	if (need < n)
		qc__author(qc, "out of memory");
	while (c != NULL && c->cap - c->used < need) {
		c = c->next;
		if (c != NULL)
			c->used = 0;
	}
	if (c == NULL) {
		size_t cap = need > CHUNK_MIN ? need : CHUNK_MIN;

		if ((c = malloc(sizeof(*c) + cap)) == NULL) {
			/* No memory to say it in: the status says enough. */
			qc->status = QC_AUTHOR;
			longjmp(qc->jb, 1);
		}
		c->cap = cap;
		c->used = 0;
		/* After the current chunk, so that it is reused next time. */
		if (qc->chunk == NULL) {
			c->next = qc->chunks;
			qc->chunks = c;
		} else {
			c->next = qc->chunk->next;
			qc->chunk->next = c;
		}
	}
	qc->chunk = c;
	c->used += need;
	return c->data + c->used - need;
}

static char *
vprintf_arena(struct qc *qc, const char *fmt, va_list ap)
{
	va_list ap2;
	char small[256], *s;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	s = qc__alloc(qc, (size_t)n + 1);
	if ((size_t)n < sizeof(small))
		memcpy(s, small, (size_t)n + 1);
	else
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *
qc__printf(struct qc *qc, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vprintf_arena(qc, fmt, ap);
	va_end(ap);
	return s;
}

int
qc__init(struct qc *qc)
{
	long page = sysconf(_SC_PAGESIZE);

	memset(qc, 0, sizeof(*qc));
	qc->page = page > 0 ? (size_t)page : 4096;
	qc->pool = mmap(NULL, QC_MAX_BLOCKS * 2 * qc->page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (qc->pool == MAP_FAILED) {
		qc->pool = NULL;
		return -1;
	}
	for (size_t i = 0; i < QC_MAX_BLOCKS; i++)
		if (mprotect(qc->pool + (2 * i + 1) * qc->page, qc->page, PROT_NONE) == -1) {
			qc__fini(qc);
			return -1;
		}
	if ((qc->text = qc->own_text = malloc(QC_TEXT_MAX)) == NULL) {
		qc__fini(qc);
		return -1;
	}
	return 0;
}

void
qc__fini(struct qc *qc)
{
	struct qc_chunk *c, *next;

	if (qc->pool != NULL)
		munmap(qc->pool, QC_MAX_BLOCKS * 2 * qc->page);
	for (c = qc->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(qc->own_text);
	memset(qc, 0, sizeof(*qc));
}

/* ---- Ending a trial ---------------------------------------------------- */

void
qc__stop(struct qc *qc, int status, uint32_t site)
{
	qc->status = status;
	qc->site = site;
	longjmp(qc->jb, 1);
}

void
qc__author(struct qc *qc, const char *fmt, ...)
{
	va_list ap;

	/* The message must not need memory that may have run out. */
	qc->status = QC_AUTHOR;
	qc->message = NULL;
	va_start(ap, fmt);
	if (qc->chunk == NULL || qc->chunk->cap - qc->chunk->used > 1024)
		qc->message = vprintf_arena(qc, fmt, ap);
	va_end(ap);
	qc__stop(qc, QC_AUTHOR, 0);
}

void
qc_assume(struct qc *qc, int cond)
{
	if (!cond)
		qc__stop(qc, QC_DISCARD, 0);
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

/* ---- Guarded blocks ------------------------------------------------------ */

/*
 * A block of SIZE bytes whose end touches a page without access, with
 * CANARY_LEN bytes of pattern before it. Up to a page (minus the canary):
 * a slot of the pool; larger: a mapping of its own, unmapped after the
 * trial.
 */
static struct qc_block *
block_new(struct qc *qc, size_t size, size_t elsize, int kind, const char *name)
{
	struct qc_block *b;
	unsigned char *end;

	if (qc->nblocks == QC_MAX_BLOCKS)
		qc__author(qc, "more than %d guarded blocks in one trial", QC_MAX_BLOCKS);
	b = &qc->blocks[qc->nblocks];
	memset(b, 0, sizeof(*b));
	if (size + CANARY_LEN <= qc->page) {
		end = qc->pool + (2 * qc->nblocks + 1) * qc->page;
	} else {
		size_t pages = (size + CANARY_LEN + qc->page - 1) / qc->page;

		if (size > ((size_t)1 << 40))
			qc__author(qc, "a block of %zu bytes is too large", size);
		b->maplen = (pages + 1) * qc->page;
		b->map = mmap(NULL, b->maplen, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b->map == MAP_FAILED) {
			b->map = NULL;
			qc__author(qc, "out of memory for a block of %zu bytes", size);
		}
		end = b->map + pages * qc->page;
		if (mprotect(end, qc->page, PROT_NONE) == -1) {
			munmap(b->map, b->maplen);
			b->map = NULL;
			qc__author(qc, "cannot guard a block");
		}
	}
	b->data = end - size;
	b->size = size;
	b->elsize = elsize ? elsize : 1;
	b->kind = kind;
	b->name = name;
	memset(b->data - CANARY_LEN, CANARY_BYTE, CANARY_LEN);
	qc->nblocks++;
	return b;
}

static struct qc_block *
block_find(struct qc *qc, const void *p)
{
	for (size_t i = 0; i < qc->nblocks; i++)
		if (qc->blocks[i].data == p)
			return &qc->blocks[i];
	return NULL;
}

static const char *
arena_strdup(struct qc *qc, const char *s)
{
	size_t n;
	char *d;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	d = qc__alloc(qc, n + 1);
	memcpy(d, s, n + 1);
	return d;
}

/* N elements of SIZE bytes, checked for overflow. */
static size_t
array_bytes(struct qc *qc, size_t n, size_t size)
{
	if (size == 0 || n > ((size_t)1 << 40) / size)
		qc__author(qc, "a block of %zu elements of %zu bytes", n, size);
	return n * size;
}

void *
qc_alloc(struct qc *qc, size_t n, size_t size, const char *name)
{
	size_t bytes = array_bytes(qc, n, size);
	struct qc_block *b = block_new(qc, bytes, size, QC_BLOCK_RAW,
	    arena_strdup(qc, name));

	memset(b->data, 0, bytes);
	return b->data;
}

void *
qc_dup(struct qc *qc, const void *p, size_t n, size_t size, const char *name)
{
	size_t bytes = array_bytes(qc, n, size);
	struct qc_block *b = block_new(qc, bytes, size, QC_BLOCK_RAW,
	    arena_strdup(qc, name));

	if (bytes > 0)
		memcpy(b->data, p, bytes);
	return b->data;
}

void
qc_name(struct qc *qc, const void *block, const char *name)
{
	struct qc_block *b = block_find(qc, block);

	if (b == NULL)
		qc__author(qc, "qc_name: not a block from a generator or qc_alloc");
	b->name = arena_strdup(qc, name);
}

void
qc_freeze(struct qc *qc, const void *block)
{
	struct qc_block *b = block_find(qc, block);

	if (b == NULL)
		qc__author(qc, "qc_freeze: not a block from a generator or qc_alloc");
	b->frozen = qc__alloc(qc, b->size ? b->size : 1);
	memcpy(b->frozen, b->data, b->size);
}

static const char *
block_name(const struct qc_block *b)
{
	return b->name != NULL ? b->name : "the input";
}

/* The contents of B (or its frozen copy) as C, for a report. */
static const char *
block_text(struct qc *qc, const struct qc_block *b, const unsigned char *data)
{
	char buf[2048];
	size_t off = 0;

	switch (b->kind) {
	case QC_BLOCK_STRING:
		qc__fmt_str(buf, sizeof(buf), (const char *)data, strnlen((const char *)data, b->size));
		return arena_strdup(qc, buf);
	case QC_BLOCK_INTS:
		off += (size_t)snprintf(buf, sizeof(buf), "{");
		for (size_t i = 0; i * sizeof(int) < b->size && off < sizeof(buf); i++) {
			int v;

			memcpy(&v, data + i * sizeof(int), sizeof(v));
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%d",
			    i ? ", " : "", v);
		}
		if (off < sizeof(buf))
			snprintf(buf + off, sizeof(buf) - off, "}");
		return arena_strdup(qc, buf);
	default:
		return NULL;
	}
}

/* Checks the canaries and frozen copies; fails the trial at the first
 * block that was damaged. */
void
qc_check_blocks(struct qc *qc)
{
	for (size_t i = 0; i < qc->nblocks; i++) {
		struct qc_block *b = &qc->blocks[i];
		size_t at;

		for (at = 0; at < CANARY_LEN; at++)
			if ((b->data - CANARY_LEN)[at] != CANARY_BYTE)
				break;
		if (at < CANARY_LEN) {
			qc->message = qc__printf(qc, "the function wrote before the start"
			    " of %s (%zu byte%s before it)", block_name(b), CANARY_LEN - at,
			    CANARY_LEN - at == 1 ? "" : "s");
			qc__stop(qc, QC_FAIL, QC_SITE_BEFORE);
		}
		if (b->frozen != NULL && memcmp(b->frozen, b->data, b->size) != 0) {
			const char *was = block_text(qc, b, b->frozen);
			const char *now = block_text(qc, b, b->data);

			if (was != NULL && now != NULL)
				qc->message = qc__printf(qc, "the function modified %s, which"
				    " must not change: it was %s, it became %s", block_name(b),
				    was, now);
			else
				qc->message = qc__printf(qc, "the function modified %s, which"
				    " must not change", block_name(b));
			qc__stop(qc, QC_FAIL, QC_SITE_FROZEN);
		}
	}
}

static void
blocks_release(struct qc *qc)
{
	for (size_t i = 0; i < qc->nblocks; i++)
		if (qc->blocks[i].map != NULL)
			munmap(qc->blocks[i].map, qc->blocks[i].maplen);
	qc->nblocks = 0;
}

/* Async-signal-safe appending, for the fault handler. */
static size_t
cat(char *buf, size_t len, size_t off, const char *s)
{
	while (*s != '\0' && off + 1 < len)
		buf[off++] = *s++;
	if (off < len)
		buf[off] = '\0';
	return off;
}

static size_t
catu(char *buf, size_t len, size_t off, size_t v)
{
	char d[24];
	size_t i = sizeof(d) - 1;

	d[i] = '\0';
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && i > 0);
	return cat(buf, len, off, d + i);
}

size_t
qc__describe_fault(const struct qc *qc, uintptr_t addr, char *buf, size_t len)
{
	for (size_t i = 0; i < qc->nblocks; i++) {
		const struct qc_block *b = &qc->blocks[i];
		uintptr_t end = (uintptr_t)(b->data + b->size);
		const char *name = block_name(b);
		size_t off = 0, index;

		if (addr < end || addr >= end + qc->page)
			continue;
		index = (size_t)(addr - (uintptr_t)b->data) / b->elsize;
		if (b->kind == QC_BLOCK_STRING) {
			off = cat(buf, len, off, "read or wrote past the end of the string ");
			off = cat(buf, len, off, name);
			off = cat(buf, len, off, " (beyond the '\\0' that ends it, at index ");
			off = catu(buf, len, off, index);
			off = cat(buf, len, off, ")");
		} else {
			size_t n = b->size / b->elsize;

			off = cat(buf, len, off, "read or wrote ");
			off = cat(buf, len, off, name);
			off = cat(buf, len, off, "[");
			off = catu(buf, len, off, index);
			off = cat(buf, len, off, "], past the end of ");
			off = cat(buf, len, off, name);
			off = cat(buf, len, off, " (");
			off = catu(buf, len, off, n);
			off = cat(buf, len, off, n == 1 ? " element)" : " elements)");
		}
		return off;
	}
	return 0;
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
	b = block_new(qc, n + 1, 1, QC_BLOCK_STRING, NULL);
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
	b = block_new(qc, n * elsize, elsize, QC_BLOCK_RAW, NULL);
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

/* ---- Assertions ---------------------------------------------------------- */

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
	qc->message = vprintf_arena(qc, fmt, ap);
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
		qc->expected = arena_strdup(qc, eb);
	}
	qc->got = arena_strdup(qc, gb);
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
	return arena_strdup(qc, buf);
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
	return arena_strdup(qc, buf);
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

/* ---- A trial ---------------------------------------------------------------- */

void
qc__record(struct qc *qc, int tag, const char *s, size_t n)
{
	if (qc->text_len + 3 > QC_TEXT_MAX)
		return;
	if (n > QC_TEXT_MAX - 3 - qc->text_len)
		n = QC_TEXT_MAX - 3 - qc->text_len;
	if (n > 0xffff)
		n = 0xffff;
	qc->text[qc->text_len++] = (char)tag;
	qc->text[qc->text_len++] = (char)(n & 0xff);
	qc->text[qc->text_len++] = (char)(n >> 8);
	memcpy(qc->text + qc->text_len, s, n);
	qc->text_len += n;
	if (qc->eager != NULL)
		qc->eager->text_len = (uint32_t)qc->text_len;
}

static void
record_str(struct qc *qc, int tag, const char *s)
{
	if (s != NULL)
		qc__record(qc, tag, s, strlen(s));
}

int
qc__trial(struct qc *qc, const struct qc_property *p, int text)
{
	qc->n = 0;
	qc->status = QC_PASS;
	qc->site = 0;
	qc->expected = qc->got = qc->message = NULL;
	qc->chunk = qc->chunks;
	if (qc->chunk != NULL)
		qc->chunk->used = 0;
	qc->nblocks = 0;
	qc->shows = NULL;
	qc->show_tail = &qc->shows;
	qc->text = qc->eager != NULL ? qc->eager->text : qc->own_text;
	qc->text_len = 0;
	if (qc->eager != NULL)
		qc->eager->text_len = 0;
	qc->prop = p;
	if (qc->nshared != NULL)
		*qc->nshared = 0;
	if (setjmp(qc->jb) == 0) {
		p->fn(qc);
		qc_check_blocks(qc);
	}
	blocks_release(qc);
	if (text && (qc->status == QC_FAIL || qc->status == QC_AUTHOR)) {
		/* The failure's texts are in the arena, which formatting the
		 * shows may extend but not move; running out of memory there
		 * only shortens the report. */
		volatile int status = qc->status;
		volatile uint32_t site = qc->site;

		if (qc->eager == NULL && setjmp(qc->jb) == 0)
			qc__format_shows(qc, NULL, QC_TAG_INPUT, 0);
		record_str(qc, QC_TAG_EXPECTED, qc->expected);
		record_str(qc, QC_TAG_GOT, qc->got);
		record_str(qc, QC_TAG_MESSAGE, qc->message);
		if (setjmp(qc->jb) == 0)
			qc__format_shows(qc, NULL, 0, QC_TAG_NOTE);
		qc->status = status;
		qc->site = site;
	}
	return qc->status;
}
