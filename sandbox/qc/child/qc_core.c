/*
 * qc_core.c - the trial core: the state trials run in (qc__init), what a
 * trial starts from (its seed, its size), the trial's memory (an arena of
 * chunks reused from trial to trial; an allocation never moves), ending a
 * trial (qc__stop, qc__author, qc_assume) and its report records. Every
 * other file of the child runtime builds on this one; it calls none of
 * them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "sandbox/qc/qc_impl.h"

#define CHUNK_MIN	(64 * 1024)

/* ---- Seeds and sizes ------------------------------------------------- */

/* The state of xoshiro256** (qc_gen.c) comes from splitmix64. */

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
qc__seed(struct qc *qc, uint64_t seed, uint32_t prop, uint32_t attempt)
{
	uint64_t x = seed ^ ((uint64_t)prop << 32 | attempt) * 0xd1342543de82ef95ULL;

	for (int i = 0; i < 4; i++)
		qc->rng[i] = splitmix(&x);
}

/*
 * QuickCheck's schedule: the size grows from 0 to max-size over every
 * QC_SIZE_PERIOD tests and starts again, whatever max-success is, so that
 * 10,000 tests are not 100 at size 0 first, and small inputs keep coming
 * up among large ones. A last, shorter round (max-success not a multiple
 * of the period, or below it) grows faster so that it still ends at
 * max-size. Each rejection since the last test that passed adds a tenth
 * (QuickCheck's rule), so many rejections over a long run do not pin the
 * size at max-size.
 */
unsigned
qc__size_for(unsigned passed, unsigned discarded, unsigned max_success,
    unsigned max_size)
{
	unsigned long long s, round = QC_SIZE_PERIOD, at = passed % QC_SIZE_PERIOD;

	if (passed / QC_SIZE_PERIOD == max_success / QC_SIZE_PERIOD)
		round = max_success % QC_SIZE_PERIOD;
	if (round <= 1)
		return max_size;
	s = at * max_size / (round - 1) + discarded / 10;
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

char *
qc__vprintf(struct qc *qc, const char *fmt, va_list ap)
{
	va_list ap2;
	char small[256], *s;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0) {		/* a bad format: an empty string */
		n = 0;
		small[0] = '\0';
	}
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
	s = qc__vprintf(qc, fmt, ap);
	va_end(ap);
	return s;
}

const char *
qc__strdup(struct qc *qc, const char *s)
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

int
qc__init(struct qc *qc, int fixed)
{
	long page = sysconf(_SC_PAGESIZE);

	memset(qc, 0, sizeof(*qc));
	qc->page = page > 0 ? (size_t)page : 4096;
	/* The pool of small blocks (two pages each) must leave half the
	 * arena to large ones: pages of 16 KiB or more would not. */
	if (QC_POOL_BYTES(qc->page) > QC_ARENA_SIZE / 2)
		return -1;
	/* The whole arena reserved without access; the pool's pages are made
	 * usable as blocks need them (qc_block.c), its guard pages left as
	 * they are. */
	qc->arena = mmap(fixed ? (void *)QC_ARENA_ADDR : NULL, QC_ARENA_SIZE,
	    PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
	    (fixed ? MAP_FIXED_NOREPLACE : 0), -1, 0);
	if (qc->arena == MAP_FAILED || (fixed &&
	    qc->arena != (unsigned char *)QC_ARENA_ADDR)) {
		if (qc->arena != MAP_FAILED)
			munmap(qc->arena, QC_ARENA_SIZE);
		qc->arena = NULL;
		return -1;
	}
	qc->arena_fixed = fixed;
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

	if (qc->arena != NULL)
		munmap(qc->arena, QC_ARENA_SIZE);
	for (c = qc->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(qc->own_text);
	memset(qc, 0, sizeof(*qc));
}

void
qc__trial_reset(struct qc *qc)
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
		qc->message = qc__vprintf(qc, fmt, ap);
	va_end(ap);
	qc__stop(qc, QC_AUTHOR, 0);
}

void
qc_assume(struct qc *qc, int cond)
{
	if (!cond)
		qc__stop(qc, QC_DISCARD, 0);
}

/* ---- Report records -------------------------------------------------- */

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
