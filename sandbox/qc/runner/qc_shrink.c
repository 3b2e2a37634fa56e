/*
 * qc_shrink.c - shrinking a failing choice sequence to the shortlex-smallest
 * one the passes can reach; see qc_shrink.h for the contract and qc.h for why
 * shrinking choices (not values) works.
 *
 * Order: a sequence is simpler when it is shorter, or as long and smaller
 * at the first position where they differ. Every pass proposes candidates
 * that are simpler than the best so far; the test replays one and hands
 * back the choices the generators really used (values clamped, a shorter
 * or longer tail), which replace the best only when they are simpler
 * still. So every step strictly descends a well-founded order, and the
 * shrinker stops on its own; the budget only makes it stop sooner.
 *
 * Passes, in the order of a round (rounds repeat until one finds nothing):
 *   delete     runs of every length from 8 down to 1, from the end: drops
 *              elements of collections (a "more?" flag and the element's
 *              choices), wrappers such as add(lit(0), e) (three choices);
 *              quick rounds only 8, 4, 2 and 1
 *   zero       runs of 8, 4, 2, 1 choices set to 0: the simplest values
 *   minimise   each choice: 0, 1, 2, then a binary search below its value
 *              in steps of 2 (a signed integer's choices alternate signs:
 *              this keeps the sign), then one in steps of 1
 *   pairs      two choices close by lowered by a common offset, in steps
 *              of 2 (signs kept) and of 1 (signs changing together), as
 *              far as exponential probing and a binary search find (x and
 *              y near INT_MAX where only x - y matters); else by 1 and 2
 *              ({-1, INT_MIN} to {1, INT_MAX}); quick rounds only pairs
 *              of choices of 128 or more, which minimise would lower by a
 *              step a round
 *   together   equal choices lowered together (x == y stays true)
 *   sort       choices with the same bound sorted; then adjacent pairs of
 *              them swapped when out of order
 *   move       value moved from a choice to a later one of the same bound,
 *              as much as works (a binary search), in even amounts first
 *              (a + b > 10 becomes 0 + 11; two signed integers keep their
 *              signs); else a step of magnitude traded, 2 for 1 or 1 for
 *              2: the most negative value is the last choice of its range,
 *              one past the most positive, so {-2, -32767} becomes
 *              {-1, -32768}
 *   adjust     a run deleted while a choice before it is decremented: what
 *              a length drawn as a number needs
 *   search     a choice lowered while a later one, close by, tries small
 *              values: two coordinated changes ({1, 0} to {0, -1})
 *   swap       a block of up to 8 choices moved left over the up to 32
 *              before it, when it starts smaller: two subtrees or list
 *              elements exchanged (a heap's subtree from the left to the
 *              right, an empty list before a full one); at most 512
 *              candidates a round
 * The first six passes run every round; the others only when those found
 * nothing in the round.
 * Tried candidates are remembered (64-bit hashes), so no sequence is run
 * twice. Minimise is the costly pass (two binary searches per choice): in
 * quick rounds it skips a choice it could not lower before, at the same
 * value in a sequence of the same length; the shrinker stops only after a
 * full round, without that shortcut, finds nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "sandbox/qc/runner/qc_shrink.h"

struct shrinker {
	struct qc_seq *best;
	qc_shrink_test *test;
	void *ctx;
	unsigned max_calls;
	long long deadline;		/* ms, CLOCK_MONOTONIC; 0: none */
	struct qc_shrink_stats *stats;
	uint64_t *cand;			/* QC_MAX_CHOICES */
	uint64_t *base;			/* QC_MAX_CHOICES: a pass's start */
	struct qc_seq used;		/* QC_MAX_CHOICES each */
	uint64_t *seen;			/* hash set, 0 = empty */
	size_t seen_cap, seen_n;
	/* Choices minimise could not lower: at position i, value memo_v[i]
	 * in a sequence of memo_n[i] choices (0: none). Skipped in quick
	 * rounds; a last full round checks them all again. */
	uint64_t *memo_v;
	size_t *memo_n;
	int full;
	int stop;
	size_t swap_from;		/* where pass_swap goes on */
	int swap_more;			/* it stopped with candidates left */
};

int
qc_seq_less(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	if (na != nb)
		return na < nb;
	for (size_t i = 0; i < na; i++)
		if (a[i] != b[i])
			return a[i] < b[i];
	return 0;
}

/* splitmix64's finaliser: every bit of X reaches every bit of the result. */
static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * The sequence's hash, mixed in full at each choice: two choices changed
 * by the same offset in their high bits (a common offset near 2^63) must
 * not cancel out, or a candidate would pass for one already tried.
 */
static uint64_t
hash_seq(const uint64_t *v, size_t n)
{
	uint64_t h = mix64(0xcbf29ce484222325ULL ^ n);

	for (size_t i = 0; i < n; i++)
		h = mix64(h ^ v[i]) + i;
	return h ? h : 1;
}

/* Adds H to the set; returns 1 when it was there already, -1 on ENOMEM. */
static int
seen_add(struct shrinker *s, uint64_t h)
{
	size_t i;

	if (2 * (s->seen_n + 1) > s->seen_cap) {
		size_t cap = s->seen_cap ? 2 * s->seen_cap : 4096;
		uint64_t *t = calloc(cap, sizeof(*t));

		if (t == NULL)
			return -1;
		for (size_t k = 0; k < s->seen_cap; k++) {
			if (s->seen[k] == 0)
				continue;
			for (i = s->seen[k] & (cap - 1); t[i] != 0; i = (i + 1) & (cap - 1))
				;
			t[i] = s->seen[k];
		}
		free(s->seen);
		s->seen = t;
		s->seen_cap = cap;
	}
	for (i = h & (s->seen_cap - 1); s->seen[i] != 0; i = (i + 1) & (s->seen_cap - 1))
		if (s->seen[i] == h)
			return 1;
	s->seen[i] = h;
	s->seen_n++;
	return 0;
}

/* Runs candidate V (N choices). Returns 1 when it became the best. */
static int
try(struct shrinker *s, const uint64_t *v, size_t n)
{
	struct qc_seq *b = s->best;
	int r;

	if (s->stop || !qc_seq_less(v, n, b->v, b->n))
		return 0;
	if ((r = seen_add(s, hash_seq(v, n))) != 0) {
		if (r == 1)
			s->stats->cached++;
		else
			s->stop = 1;
		return 0;
	}
	if (s->stats->calls >= s->max_calls ||
	    (s->deadline != 0 && qc__now_ms() >= s->deadline)) {
		s->stop = 1;
		s->stats->stopped = 1;
		return 0;
	}
	s->stats->calls++;
	s->used.n = 0;
	r = s->test(s->ctx, v, n, &s->used);
	if (r < 0) {
		s->stop = 1;
		s->stats->stopped = 1;
		return 0;
	}
	if (r == 0 || s->used.n > QC_MAX_CHOICES ||
	    !qc_seq_less(s->used.v, s->used.n, b->v, b->n))
		return 0;
	(void)seen_add(s, hash_seq(s->used.v, s->used.n));
	memcpy(b->v, s->used.v, s->used.n * sizeof(*b->v));
	memcpy(b->max, s->used.max, s->used.n * sizeof(*b->max));
	b->n = s->used.n;
	s->stats->shrinks++;
	return 1;
}

/* The best with [I, I + K) removed, and (when DEC < I) choice DEC less 1. */
static int
try_delete(struct shrinker *s, size_t i, size_t k, size_t dec)
{
	struct qc_seq *b = s->best;
	size_t n = b->n - k;

	memcpy(s->cand, b->v, i * sizeof(*s->cand));
	memcpy(s->cand + i, b->v + i + k, (b->n - i - k) * sizeof(*s->cand));
	if (dec < i) {
		if (s->cand[dec] == 0)
			return 0;
		s->cand[dec]--;
	}
	return try(s, s->cand, n);
}

/*
 * Runs of every length from DELETE_MAX down to 1: a wrapper such as
 * add(lit(0), e) is three choices, a list element with two fields is three.
 * Quick rounds try the powers of two only; the others come in full rounds,
 * when the quick ones are stuck (half the calls on a typical string).
 */
#define DELETE_MAX	8

static int
pass_delete(struct shrinker *s)
{
	int found = 0;

	for (size_t k = DELETE_MAX; k >= 1; k--) {
		if (!s->full && (k & (k - 1)) != 0)
			continue;	/* quick rounds: 8, 4, 2, 1 */
		for (size_t i = s->best->n; i-- > 0 && !s->stop; )
			if (i + k <= s->best->n)
				found |= try_delete(s, i, k, SIZE_MAX);
	}
	return found;
}

/* The best with the choices at the positions POS[0..NPOS) set to X. */
static int
try_set(struct shrinker *s, const size_t *pos, size_t npos, uint64_t x)
{
	struct qc_seq *b = s->best;

	memcpy(s->cand, b->v, b->n * sizeof(*s->cand));
	for (size_t j = 0; j < npos; j++) {
		if (pos[j] >= b->n)
			return 0;
		s->cand[pos[j]] = x;
	}
	return try(s, s->cand, b->n);
}

static int
pass_zero(struct shrinker *s)
{
	size_t pos[8];
	int found = 0;

	for (size_t k = 8; k >= 1; k /= 2)
		for (size_t i = s->best->n; i-- > 0 && !s->stop; ) {
			int any = 0;

			if (i + k > s->best->n)
				continue;
			for (size_t j = 0; j < k; j++) {
				pos[j] = i + j;
				any |= s->best->v[i + j] != 0;
			}
			if (any)
				found |= try_set(s, pos, k, 0);
		}
	return found;
}

/*
 * Lowers the choices at POS (all equal to the best's value at POS[0]) as
 * far as a binary search finds, in steps of STRIDE: the value is taken to
 * fail from some point up, which is often true and costs little when it
 * is not. A stride of 2 keeps the parity, which for a signed integer (one
 * zigzag choice: 0, 1, -1, 2, -2...) is its sign.
 */
static int
lower_by(struct shrinker *s, const size_t *pos, size_t npos, uint64_t stride)
{
	uint64_t v, lo, hi;	/* in steps: v - stride * lo fails, hi does not */
	int found = 0;

	if (pos[0] >= s->best->n || (v = s->best->v[pos[0]]) < stride)
		return 0;
	hi = v / stride;
	if (try_set(s, pos, npos, v - stride * hi))
		return 1;
	lo = 0;
	while (lo + 1 < hi && !s->stop) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (try_set(s, pos, npos, v - stride * mid)) {
			found = 1;
			if (pos[0] >= s->best->n || s->best->v[pos[0]] != v - stride * mid)
				break;
			lo = mid;
		} else {
			hi = mid;
		}
	}
	return found;
}

static int
lower(struct shrinker *s, const size_t *pos, size_t npos)
{
	uint64_t lo, hi;
	int found = 0;

	if (pos[0] >= s->best->n || (hi = s->best->v[pos[0]]) == 0)
		return 0;
	for (uint64_t small = 0; small < 3 && small < hi; small++)
		if (try_set(s, pos, npos, small))
			return 1;
	/* Keeping the parity first (a signed integer keeps its sign, and
	 * the search is then about its magnitude), then any value. */
	found = lower_by(s, pos, npos, 2);
	if (pos[0] >= s->best->n || (hi = s->best->v[pos[0]]) < 4)
		return found;
	for (size_t j = 1; j < npos; j++)
		if (pos[j] >= s->best->n || s->best->v[pos[j]] != hi)
			return found;
	lo = 2;
	while (lo + 1 < hi && !s->stop) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (try_set(s, pos, npos, mid)) {
			found = 1;
			if (pos[0] >= s->best->n || s->best->v[pos[0]] > mid)
				break;
			hi = s->best->v[pos[0]];
			for (size_t j = 1; j < npos; j++)
				if (pos[j] >= s->best->n || s->best->v[pos[j]] != hi)
					return found;
		} else {
			lo = mid;
		}
	}
	return found;
}

static int
pass_minimise(struct shrinker *s)
{
	int found = 0;

	for (size_t i = 0; i < s->best->n && !s->stop; i++) {
		int f;

		if (!s->full && s->memo_n[i] == s->best->n &&
		    s->memo_v[i] == s->best->v[i])
			continue;
		f = lower(s, &i, 1);
		if (!f && i < s->best->n) {
			s->memo_n[i] = s->best->n;
			s->memo_v[i] = s->best->v[i];
		}
		found |= f;
	}
	return found;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Equal non-zero choices, lowered together (the largest groups first). */
static int
pass_together(struct shrinker *s)
{
	size_t n = s->best->n, *pos, npos, groups = 0;
	uint64_t *vals;
	int found = 0;

	if (n < 2)
		return 0;
	if ((vals = malloc(n * sizeof(*vals))) == NULL ||
	    (pos = malloc(n * sizeof(*pos))) == NULL) {
		free(vals);
		return 0;
	}
	memcpy(vals, s->best->v, n * sizeof(*vals));
	qsort(vals, n, sizeof(*vals), cmp_u64);
	for (size_t i = 0; i < n && !s->stop && groups < 32; ) {
		size_t j = i;
		uint64_t x = vals[i];

		while (j < n && vals[j] == x)
			j++;
		if (x != 0 && j - i >= 2) {
			npos = 0;
			for (size_t k = 0; k < s->best->n; k++)
				if (s->best->v[k] == x)
					pos[npos++] = k;
			if (npos >= 2)
				found |= lower(s, pos, npos);
			groups++;
		}
		i = j;
	}
	free(vals);
	free(pos);
	return found;
}

/* The positions after I with the bound of I, at most MAX of them, looking
 * at most 64 positions ahead. */
static size_t
same_bound(const struct qc_seq *b, size_t i, size_t *pos, size_t max)
{
	size_t n = 0;

	for (size_t k = i + 1; k < b->n && k <= i + 64 && n < max; k++)
		if (b->max[k] == b->max[i])
			pos[n++] = k;
	return n;
}

static int
cmp_by_bound(const void *a, const void *b, void *arg)
{
	const uint64_t *max = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (max[x] != max[y])
		return max[x] < max[y] ? -1 : 1;
	return (x > y) - (x < y);
}

/*
 * Choices of the same bound (elements of one collection, usually) sorted,
 * then neighbours of a group swapped when out of order. The groups are
 * worked out once: after a success the pass ends and the round goes on.
 */
static int
pass_sort(struct shrinker *s)
{
	size_t n = s->best->n, *idx, a, b;
	uint64_t *vals = NULL;
	int found = 0;

	if (n < 2 || (idx = malloc(n * sizeof(*idx))) == NULL)
		return 0;
	if ((vals = malloc(n * sizeof(*vals))) == NULL) {
		free(idx);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	qsort_r(idx, n, sizeof(*idx), cmp_by_bound, s->best->max);
	for (int swap = 0; swap < 2 && !found; swap++)
		for (a = 0; a < n && !found && !s->stop; a = b) {
			uint64_t bound = s->best->max[idx[a]];
			int sorted = 1;

			for (b = a + 1; b < n && s->best->max[idx[b]] == bound; b++)
				if (s->best->v[idx[b]] < s->best->v[idx[b - 1]])
					sorted = 0;
			if (sorted)
				continue;
			if (!swap) {
				for (size_t k = a; k < b; k++)
					vals[k - a] = s->best->v[idx[k]];
				qsort(vals, b - a, sizeof(*vals), cmp_u64);
				memcpy(s->cand, s->best->v, n * sizeof(*s->cand));
				for (size_t k = a; k < b; k++)
					s->cand[idx[k]] = vals[k - a];
				found = try(s, s->cand, n);
				continue;
			}
			for (size_t k = a + 1; k < b && !found && !s->stop; k++) {
				size_t i = idx[k - 1], j = idx[k];

				if (s->best->v[i] <= s->best->v[j])
					continue;
				memcpy(s->cand, s->best->v, n * sizeof(*s->cand));
				s->cand[i] = s->best->v[j];
				s->cand[j] = s->best->v[i];
				found = try(s, s->cand, n);
			}
		}
	free(idx);
	free(vals);
	return found;
}

/* Takes D from choice I and gives E to choice J of the best. */
static int
try_trade(struct shrinker *s, size_t i, size_t j, uint64_t d, uint64_t e)
{
	struct qc_seq *b = s->best;

	if (i >= b->n || j >= b->n || b->v[i] < d || b->max[j] - b->v[j] < e)
		return 0;
	memcpy(s->cand, b->v, b->n * sizeof(*s->cand));
	s->cand[i] -= d;
	s->cand[j] += e;
	return try(s, s->cand, b->n);
}

/* Moves D from choice I to choice J of the best. */
static int
try_move(struct shrinker *s, size_t i, size_t j, uint64_t d)
{
	return try_trade(s, i, j, d, d);
}

/*
 * Moves as much value as it can from choice I to choice J, in multiples of
 * STRIDE: all of it (or what J has room for), else the largest amount a
 * binary search finds, taking each amount that works and looking for
 * more. A stride of 2 keeps both signs of two signed integers.
 */
static int
move_most(struct shrinker *s, size_t i, size_t j, uint64_t stride)
{
	uint64_t lo = 0, hi;	/* moving lo more steps works (0 does), hi fails */
	int found = 0;

	if (i >= s->best->n || j >= s->best->n)
		return 0;
	hi = s->best->v[i] < s->best->max[j] - s->best->v[j] ? s->best->v[i] :
	    s->best->max[j] - s->best->v[j];
	hi /= stride;
	if (hi == 0)
		return 0;
	if (try_move(s, i, j, hi * stride))
		return 1;
	while (lo + 1 < hi && !s->stop) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (try_move(s, i, j, (mid - lo) * stride)) {
			found = 1;
			lo = mid;
		} else {
			hi = mid;
		}
	}
	return found;
}

static int
pass_move(struct shrinker *s)
{
	size_t pos[4];
	int found = 0;

	for (size_t i = 0; i < s->best->n && !s->stop; i++) {
		size_t npos;

		if (s->best->v[i] == 0)
			continue;
		npos = same_bound(s->best, i, pos, 4);
		for (size_t k = 0; k < npos && !s->stop; k++) {
			if (move_most(s, i, pos[k], 2) || move_most(s, i, pos[k], 1)) {
				found = 1;
				continue;
			}
			/* One step of magnitude in the signed order (0, 1, -1,
			 * 2, -2...) is 2 choices, but 1 at the end of a
			 * range's longer side: {-2, -32767} becomes
			 * {-1, -32768} for shorts, {2, 32767} becomes {1, -32768}. */
			found |= try_trade(s, i, pos[k], 2, 1) ||
			    try_trade(s, i, pos[k], 1, 2);
		}
	}
	return found;
}

/*
 * A choice lowered (by one, or to 0) while a later one, close by, takes a
 * small value instead of its own: what no single-choice pass can do when
 * the failure needs the simpler earlier value and a particular later one
 * ({1, 0} unsorted becomes {0, -1}).
 */
static int
pass_lower_search(struct shrinker *s)
{
	for (size_t i = 0; i < s->best->n && !s->stop; i++) {
		uint64_t lows[2];
		size_t nlows = 0;

		if (s->best->v[i] == 0)
			continue;
		lows[nlows++] = s->best->v[i] - 1;
		if (s->best->v[i] > 1)
			lows[nlows++] = 0;
		for (size_t l = 0; l < nlows && !s->stop; l++)
			for (size_t j = i + 1; j < s->best->n && j <= i + 4 && !s->stop; j++)
				for (uint64_t t = 0; t <= 8 && t <= s->best->max[j] && !s->stop;
				    t++) {
					if (t == s->best->v[j])
						continue;
					memcpy(s->cand, s->best->v, s->best->n * sizeof(*s->cand));
					s->cand[i] = lows[l];
					s->cand[j] = t;
					if (try(s, s->cand, s->best->n))
						return 1;
				}
	}
	return 0;
}

/* BASE (N choices) with D * STRIDE taken from choices I and J. */
static int
try_offset(struct shrinker *s, const uint64_t *base, size_t n, size_t i,
    size_t j, uint64_t d, uint64_t stride)
{
	memcpy(s->cand, base, n * sizeof(*s->cand));
	s->cand[i] -= d * stride;
	s->cand[j] -= d * stride;
	return try(s, s->cand, n);
}

/*
 * Lowers choices I and J together by a common offset, in multiples of
 * STRIDE (2 keeps two signed integers' signs, 1 changes both at once), as
 * far as it works: all the way, else by exponential probing (1, 2, 4...
 * steps) and then a binary search between the last step that worked and
 * the first that did not. Two numbers near INT_MAX whose difference alone
 * matters come down in about 60 runs.
 */
static int
lower_two(struct shrinker *s, size_t i, size_t j, uint64_t stride)
{
	size_t n = s->best->n;
	uint64_t room, lo = 0, hi;	/* lo steps work (0 does), hi do not */
	int found = 0;

	if (i >= n || j >= n)
		return 0;
	room = s->best->v[i] < s->best->v[j] ? s->best->v[i] : s->best->v[j];
	if ((room /= stride) == 0)
		return 0;
	memcpy(s->base, s->best->v, n * sizeof(*s->base));
	if (try_offset(s, s->base, n, i, j, room, stride))
		return 1;
	for (hi = 1; hi < room && !s->stop; lo = hi, hi = hi > room / 2 ? room : 2 * hi) {
		if (!try_offset(s, s->base, n, i, j, hi, stride))
			break;
		found = 1;
	}
	if (hi > room)
		hi = room;
	while (lo + 1 < hi && !s->stop) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (try_offset(s, s->base, n, i, j, mid, stride)) {
			found = 1;
			lo = mid;
		} else {
			hi = mid;
		}
	}
	return found;
}

/*
 * Two choices lowered together: by a common offset (x and y near INT_MAX
 * where only x - y matters), else by 1 and 2 or 2 and 1, a step of
 * magnitude for each in the signed order, one changing sign:
 * {-1, INT_MIN} (choices 2 and the last) becomes {1, INT_MAX}.
 */
#define PAIRS_QUICK	128	/* quick rounds: pairs of choices this large */

static int
pass_pairs(struct shrinker *s)
{
	static const uint64_t steps[][2] = { { 1, 2 }, { 2, 1 } };
	int found = 0;

	for (size_t i = 0; i < s->best->n && !s->stop; i++) {
		if (s->best->v[i] == 0 || (!s->full && s->best->v[i] < PAIRS_QUICK))
			continue;
		for (size_t j = i + 1; j < s->best->n && j <= i + 8 && !s->stop; j++) {
			if (s->best->v[j] == 0 || (!s->full && s->best->v[j] < PAIRS_QUICK))
				continue;
			if (lower_two(s, i, j, 2) | lower_two(s, i, j, 1)) {
				found = 1;
				continue;
			}
			for (size_t k = 0; k < 2 && !s->stop; k++) {
				if (i >= s->best->n || j >= s->best->n ||
				    s->best->v[i] < steps[k][0] || s->best->v[j] < steps[k][1])
					continue;
				memcpy(s->cand, s->best->v, s->best->n * sizeof(*s->cand));
				s->cand[i] -= steps[k][0];
				s->cand[j] -= steps[k][1];
				if (try(s, s->cand, s->best->n)) {
					found = 1;
					break;
				}
			}
		}
	}
	return found;
}

static int
pass_adjust(struct shrinker *s)
{
	int found = 0;

	for (size_t k = 4; k >= 1; k /= 2)
		for (size_t i = s->best->n; i-- > 0 && !s->stop; ) {
			size_t tries = 0;

			if (i + k > s->best->n)
				continue;
			/* The two nearest non-zero choices before the run. */
			for (size_t d = i; d-- > 0 && tries < 2 && !s->stop; ) {
				if (s->best->v[d] == 0)
					continue;
				tries++;
				if (try_delete(s, i, k, d)) {
					found = 1;
					break;
				}
			}
		}
	return found;
}

/*
 * A block of choices moved left, in front of the block before it: two
 * subtrees or list elements swapped (a heap's subtree from the left to the
 * right, an empty list before a full one), when the moved block starts
 * with a smaller choice. Blocks of SWAP_BLOCK choices at most, moved over
 * SWAP_OVER at most. At most SWAP_TRIES candidates run a round (cached ones
 * do not count) and SWAP_MADE made (they do), as the pass is the last
 * resort of a stuck round; the next round goes on where it stopped, and
 * the shrinker does not end while the pass has candidates left.
 */
#define SWAP_BLOCK	8
#define SWAP_OVER	32
#define SWAP_TRIES	512
#define SWAP_MADE	8192	/* candidates made, cached ones too */

static int
pass_swap(struct shrinker *s)
{
	unsigned calls = s->stats->calls;	/* candidates run, not cached */
	size_t made = 0, start = s->swap_from;

	/* From where the last round's pass stopped, so that a long
	 * sequence's later blocks get their turn; to the end. */
	for (size_t i = start; i < s->best->n && !s->stop; i++) {
		if (s->best->v[i] == 0)
			continue;
		for (size_t j = i + 1; j < s->best->n && j <= i + SWAP_OVER && !s->stop; j++) {
			const uint64_t *v = s->best->v;
			size_t n = s->best->n;

			if (v[j] >= v[i])
				continue;
			for (size_t l = 1; l <= SWAP_BLOCK && j + l <= n && !s->stop; l++) {
				if (s->stats->calls - calls >= SWAP_TRIES ||
				    ++made >= SWAP_MADE) {
					s->swap_from = i;
					s->swap_more = 1;
					return 0;
				}
				memcpy(s->cand, v, i * sizeof(*s->cand));
				memcpy(s->cand + i, v + j, l * sizeof(*s->cand));
				memcpy(s->cand + i + l, v + i, (j - i) * sizeof(*s->cand));
				memcpy(s->cand + j + l, v + j + l, (n - j - l) * sizeof(*s->cand));
				if (try(s, s->cand, n)) {
					s->swap_from = i;
					return 1;
				}
			}
		}
	}
	/* At the end: done only when this sweep began at the start. */
	s->swap_more = start > 0;
	s->swap_from = 0;
	return 0;
}

int
qc_shrink(struct qc_seq *best, qc_shrink_test *test, void *ctx,
    unsigned max_calls, unsigned max_ms, struct qc_shrink_stats *stats)
{
	static int (*const passes[])(struct shrinker *) = {
		pass_delete, pass_zero, pass_minimise, pass_pairs, pass_together,
		pass_sort, pass_move, pass_adjust, pass_lower_search, pass_swap,
	};
	struct shrinker s;
	int rc = -1;

	memset(stats, 0, sizeof(*stats));
	memset(&s, 0, sizeof(s));
	s.best = best;
	s.test = test;
	s.ctx = ctx;
	s.max_calls = max_calls ? max_calls : ~0U;
	s.deadline = max_ms ? qc__now_ms() + max_ms : 0;
	s.stats = stats;
	s.cand = malloc(QC_MAX_CHOICES * sizeof(*s.cand));
	s.base = malloc(QC_MAX_CHOICES * sizeof(*s.base));
	s.used.v = malloc(QC_MAX_CHOICES * sizeof(*s.used.v));
	s.used.max = malloc(QC_MAX_CHOICES * sizeof(*s.used.max));
	s.memo_v = calloc(QC_MAX_CHOICES, sizeof(*s.memo_v));
	s.memo_n = calloc(QC_MAX_CHOICES, sizeof(*s.memo_n));
	if (s.cand == NULL || s.base == NULL || s.used.v == NULL || s.used.max == NULL ||
	    s.memo_v == NULL || s.memo_n == NULL)
		goto out;
	(void)seen_add(&s, hash_seq(best->v, best->n));
	for (;;) {
		int found = 0;

		for (size_t p = 0; p < sizeof(passes) / sizeof(*passes) && !s.stop; p++) {
			/* The cheap passes first; the costly ones only when
			 * the cheap ones are stuck. Pairs is among the first:
			 * when minimise lowers two coupled numbers by 2 a
			 * round, only pairs gets them down at once. */
			if (p >= 6 && found)
				break;
			found |= passes[p](&s);
		}
		if (s.stop)
			break;
		if (found) {
			s.full = 0;
			continue;
		}
		if (s.full && !s.swap_more)
			break;		/* a full round found nothing: done */
		s.full = 1;
	}
	rc = 0;
out:
	free(s.memo_v);
	free(s.memo_n);
	free(s.cand);
	free(s.base);
	free(s.used.v);
	free(s.used.max);
	free(s.seen);
	return rc;
}
