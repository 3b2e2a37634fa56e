/*
 * similarity.h - how much of each pair of submissions is the same code:
 * k-gram fingerprints of normalised token streams (simtok.h), winnowed.
 *
 * The method (Schleimer, Wilkerson and Aiken's winnowing, 2003; the
 * measures Dolos publishes):
 *   - every run of K consecutive tokens (a k-gram) is hashed (64-bit FNV-1a
 *     of the kinds); of every window of W consecutive k-gram hashes the
 *     smallest (the rightmost of equals) is selected: a submission's
 *     fingerprints. A shared run of at least W + K - 1 tokens is sure to
 *     share a fingerprint; shorter ones may.
 *   - fingerprints that count for nothing: every k-gram of the exercise's
 *     skeleton (similarity_skeleton()), and any fingerprint found in more
 *     than COMMON (default 0.5) of all submissions and in at least 3 of
 *     them (so that one copied pair, in a class of 2 or 3, is still seen).
 *     Starter code is not plagiarism.
 *   - a pair's matches are its shared fingerprints; matches on the same
 *     diagonal (position in A minus position in B, in tokens) no more than
 *     W tokens apart are one fragment, which covers the tokens from its
 *     first k-gram's start to its last one's end on both sides, grown by
 *     up to W - 1 tokens at each end where the tokens still agree (what
 *     winnowing did not select: identical code is 100%, not 90%).
 *   - similarity = (covered in A + covered in B) / (tokens of A + of B).
 *   - a pair is flagged when its similarity is at or above THRESHOLD, or
 *     when its longest fragment holds at least FRAGMENT tokens (on A's
 *     side; 0 turns this off): one function copied among much else is
 *     flagged though its share of the pair is small. The similarity is
 *     named as the reason when both hold.
 *   - clusters: the connected components of the flagged pairs.
 *
 * The defaults, measured on tests/similarity/corpus with
 * tests/similarity/sweep.py (4 exercises of 17 to 105 lines: 27
 * independent solutions, 6 of them to a short task where independent code
 * is naturally close, and 20 disguised copies, 26 copying pairs with two
 * copies of one original counted; see README.md "Similarity"): K = 10 and
 * W = 8. On the first corpus (3 exercises, 7 copies renamed, reformatted,
 * reordered, with dead code or a loop rewritten) every K from 8 to 23 with
 * W 4 or 8 put all copies above every independent pair, and K = 15 left
 * the widest gap (0.76 against 0.17; K = 10: 0.72 against 0.24). The
 * harder copies (partial, statements reordered, helpers inlined and
 * outlined, C++ of C, heavy dead code, Python loops rewritten) and the
 * short task changed that: at the threshold 0.5 every K from 8 to 23 and
 * W from 4 to 12 keeps precision 1.00, but
 *     K = 15, W = 8: recall 0.54, weakest copy 0.18, strongest independent
 *                    pair 0.30 (the short task's), gap -0.12;
 *     K = 10, W = 8: recall 0.65, weakest copy 0.23, strongest independent
 *                    pair 0.20, gap +0.03 (the widest of the grid);
 *     K = 8: recall 0.65 but independent pairs up to 0.41 at W = 4;
 *     K >= 18: the C++ copy against the partial copy of the same C
 *              original falls to 0.09 or less.
 * A smaller K keeps the short runs a rewritten copy still shares, and more
 * of the short task's common code becomes common fingerprints that count
 * for nothing. The copies below 0.5 are partial copies, heavy dead code and
 * C++ rewrites of C, which a symmetric measure of the whole pair ranks low
 * by design; the threshold stays 0.5 (0.3 would take recall to 0.85 at
 * precision 1.00 here, but only 0.10 above the strongest independent pair
 * in classes of 9 to 12), and the ranking below it is for staff to read.
 *
 * FRAGMENT = 45 tokens, the second criterion, was chosen with
 * tests/similarity/criteria.py among four measured on the 9 copying pairs
 * the similarity misses at K = 10, W = 8 (each: the weakest of them it
 * finds, the strongest independent pair, the margin, precision and
 * recall of "similarity >= 0.5 or criterion" at its best setting):
 *     longest fragment, tokens: finds 6 (56 against 33, margin +23):
 *                    precision 1.00, recall 0.88 from 34 to 56 tokens;
 *     the same in lines: 8 against 7 (+1), recall 0.85;
 *     the larger one-sided coverage (covered in A / tokens of A, or B's):
 *                    all 9 at 0.24 to 0.26 (recall 1.00), but 0.26
 *                    against 0.23, +0.03, and 0 or less at W 4, 6 or
 *                    12 and at K = 8: no margin;
 *     shared tokens (covered in A + in B): 159 against 169, -10.
 * The longest fragment is the criterion; 45 lies near the middle of the
 * window, 12 tokens (36%) above the strongest independent pair's (33, in
 * c/rpn) and 11 under the weakest partial copy's (56, in py/anagrams). At
 * K 8 or 12 (W 8) and W 4 or 6 (K 10) the margin stays +13 to +27 with 45
 * inside it. The three pairs of the C++ port stay missed: its rewritten
 * input and output cut every shared run to 26 tokens or less, shorter
 * than what independent code shares. The short task's copies (40 to 45
 * tokens at most) are flagged by their similarity, its independent pairs
 * (27 at most) not at all. A pair flagged by its fragment keeps its rank
 * by similarity; staff read "why".
 *
 * Cost: an index from fingerprint to the submissions holding it, so only
 * pairs that share a fingerprint are compared, and each at the cost of its
 * matches: no comparison of everything with everything.
 *
 * Memory: the engine copies what it is given; similarity_free() frees all.
 * Returns: 0, or -1 when memory runs out.
 */
#ifndef ASSAY_SIMILARITY_H
#define ASSAY_SIMILARITY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "fcgi/simtok.h"

#define SIMILARITY_K 10
#define SIMILARITY_W 8
#define SIMILARITY_COMMON 0.5
#define SIMILARITY_THRESHOLD 0.5
#define SIMILARITY_FRAGMENT 45

struct similarity_opts {
	unsigned k, w;		/* 1..64 and 1..1024; 0: the default */
	double common;		/* 0..1, the share that makes a fingerprint common */
	double threshold;	/* a pair at or above it is flagged */
	unsigned fragment;	/* a pair whose longest fragment has at least
				   this many tokens is flagged too; 0: off */
	double min;		/* pairs below are not kept unless flagged (0
				   keeps every pair with a fragment) */
};

/* Fills O with the defaults (min 0). */
void similarity_defaults(struct similarity_opts *o);

/* A fragment: lines from..to (from 1, inclusive) on both sides. */
struct similarity_fragment {
	uint32_t a_from, a_to, b_from, b_to;
	uint32_t tokens;	/* its length in tokens, on A's side */
};

/* Why a pair is flagged; the similarity first when both flag it. */
enum similarity_why {
	SIMILARITY_NOT_FLAGGED,
	SIMILARITY_BY_SIMILARITY,	/* at or above the threshold */
	SIMILARITY_BY_FRAGMENT,		/* its longest fragment is long enough */
};

struct similarity_pair {
	size_t a, b;		/* submissions, a < b (similarity_name()) */
	double similarity;	/* 0..1 */
	uint32_t longest;	/* the longest fragment's tokens */
	uint32_t longest_lines;	/* and its lines on A's side */
	uint32_t covered_a, covered_b;	/* tokens covered by the fragments */
	enum similarity_why why;	/* flagged, and by what */
	struct similarity_fragment *fragments;	/* by a_from */
	size_t nfragments;
};

struct similarity;

/* A new engine with options O (NULL: the defaults). NULL when out of memory. */
struct similarity *similarity_new(const struct similarity_opts *o);

/* Frees S; S may be NULL. */
void similarity_free(struct similarity *s);

/* The exercise's skeleton (its tokens): its k-grams count for nothing. May be called more than once. */
int similarity_skeleton(struct similarity *s, const struct simtok *t, size_t n);

/* Adds a submission named NAME (a login) with tokens T[0..N). Its index is the count before. */
int similarity_add(struct similarity *s, const char *name, const struct simtok *t, size_t n);

/*
 * Compares every submission with every other: the pairs with a similarity
 * of at least the options' min and the flagged ones, ranked (highest
 * similarity first, then by names), and the clusters. Run once, after
 * every add.
 */
int similarity_run(struct similarity *s);

size_t similarity_count(const struct similarity *s);
const char *similarity_name(const struct similarity *s, size_t i);
size_t similarity_tokens(const struct similarity *s, size_t i);

size_t similarity_npairs(const struct similarity *s);
const struct similarity_pair *similarity_pair(const struct similarity *s, size_t i);

/*
 * The clusters, largest first: cluster I's N members as submission
 * indexes, by name. A cluster is a connected component of the flagged
 * pairs.
 */
size_t similarity_nclusters(const struct similarity *s);
const size_t *similarity_cluster(const struct similarity *s, size_t i, size_t *n);

/*
 * The report as JSON: {"exercise", "k", "w", "common", "threshold",
 * "fragment", "submissions", "pairs": [{"a", "b", "similarity", "longest"
 * (lines), "longest_tokens", "flagged" (true or false), "why"
 * ("similarity", "fragment" or null), "fragments": [{"a": [from, to],
 * "b": [from, to], "tokens"}]}], "clusters": [[logins]]}. A new
 * reference, NULL when out of memory.
 */
json_t *similarity_to_json(const struct similarity *s, const char *exercise);

#endif
