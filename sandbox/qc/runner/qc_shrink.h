/*
 * qc_shrink.h - shrinking a failing choice sequence (qc_shrink.c): the
 * runner's shrinker, which unit tests also drive in one process. It knows
 * nothing of children or properties: TEST says whether a candidate still
 * fails the same way.
 */
#ifndef ASSAY_QC_SHRINK_H
#define ASSAY_QC_SHRINK_H

#include <stddef.h>
#include <stdint.h>

#include "sandbox/qc/qc_impl.h"

/* A choice sequence: values and their bounds. */
struct qc_seq {
	uint64_t *v;
	uint64_t *max;
	size_t n;
};

/*
 * Runs the property on the N choices V (values may exceed the bounds; the
 * generators clamp them) and says whether it failed the same way as the
 * counterexample being shrunk: 1, with the choices actually used in *USED
 * (USED's arrays hold QC_MAX_CHOICES); 0 when it did not; -1 to stop
 * shrinking (budget, error).
 */
typedef int qc_shrink_test(void *ctx, const uint64_t *v, size_t n,
    struct qc_seq *used);

struct qc_shrink_stats {
	unsigned calls;		/* runs of TEST */
	unsigned shrinks;	/* runs that found a smaller counterexample */
	unsigned cached;	/* candidates skipped: tried before */
	int stopped;		/* the budget ran out (or TEST said stop) */
};

/*
 * Shrinks BEST (its arrays hold QC_MAX_CHOICES) in place to the
 * shortlex-smallest failing sequence its passes can reach, within
 * MAX_CALLS runs of TEST and MAX_MS milliseconds (0: no limit). Returns 0,
 * or -1 on ENOMEM (BEST is then still a counterexample).
 */
int qc_shrink(struct qc_seq *best, qc_shrink_test *test, void *ctx,
    unsigned max_calls, unsigned max_ms, struct qc_shrink_stats *stats);

/* Is A shortlex-smaller than B? */
int qc_seq_less(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

#endif
