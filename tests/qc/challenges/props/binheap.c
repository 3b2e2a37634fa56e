/*
 * binheap.c - int heap_to_sorted(const struct heap *h, int *out): writes
 * the keys of the heap H in ascending order to OUT, returns how many. The
 * shrinking challenge "binheap" (from QuickCheck's test suite via
 * SmartCheck): heaps of at most five levels (jqwik's bound: a size of at
 * most 20 halved at each level), each key at least its parent's.
 * Smallest counterexample, as the challenge states it: the four-key heap
 * (0, None, (0, (0, None, None), (1, None, None))); its mirror image fails
 * the same way and is one swap of two subtrees away.
 */
#include <limits.h>
#include <stdlib.h>

#include "qc.h"

struct heap {
	int head;
	const struct heap *left, *right;
};

#define DEPTH	5
#define NODES	((1 << DEPTH) - 1)

QC_FUNCTION(int, heap_to_sorted, const struct heap *, int *);	/* the student's */

static struct heap *
heap(struct qc *qc, struct qc_pool *pool, int min, unsigned depth)
{
	struct heap *h;

	if (!qc_branch(qc, pool, depth, DEPTH))
		return NULL;
	h = qc_pool_node(qc, pool);
	h->head = qc_int_range(qc, min, INT_MAX);
	h->left = heap(qc, pool, h->head, depth + 1);
	h->right = heap(qc, pool, h->head, depth + 1);
	return h;
}

static const char *
show(struct qc *qc, const struct heap *h)
{
	if (h == NULL)
		return "NULL";
	return qc_sprintf(qc, "heap(%d, %s, %s)", h->head, show(qc, h->left),
	    show(qc, h->right));
}

static void
keys(const struct heap *h, int *out, int *n)
{
	if (h == NULL)
		return;
	out[(*n)++] = h->head;
	keys(h->left, out, n);
	keys(h->right, out, n);
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

QC_PROPERTY(sorts_the_keys, "heap_to_sorted(h, out)")
{
	struct qc_pool pool;
	const struct heap *h;
	int want[NODES], n = 0, *out;

	qc_pool(qc, &pool, NODES, sizeof(struct heap), "h");
	h = heap(qc, &pool, 0, 0);
	qc_show(qc, "struct heap *h = %s;", show(qc, h));
	keys(h, want, &n);
	qsort(want, (size_t)n, sizeof(*want), cmp_int);
	out = qc_alloc(qc, (size_t)n, sizeof(*out), "out");
	QC_EXPECT_INT(n, heap_to_sorted(h, out));
	QC_EXPECT_INT_ARRAY(want, out, n);
}
