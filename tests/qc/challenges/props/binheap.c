/*
 * binheap.c - int heap_to_sorted(const struct heap *h, int *out): writes
 * the keys of the heap H in ascending order to OUT, returns how many. The
 * shrinking challenge "binheap" (from QuickCheck's test suite via
 * SmartCheck): heaps drawn as jqwik draws them (a size 0..20 halved at each
 * level; a node is absent one time in eight; a key at least its parent's).
 * Smallest counterexample, as the challenge states it: the four-key heap
 * (0, None, (0, (0, None, None), (1, None, None))); its mirror image fails
 * the same way and is one swap of two subtrees away. Drawn by hand: a pool
 * of nodes, constructor calls for the display.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "qc.h"

struct heap {
	int head;
	const struct heap *left, *right;
};

#define NODES	64

QC_FUNCTION(int, heap_to_sorted, const struct heap *, int *);	/* the student's */

static struct heap *
gen(struct qc *qc, struct heap *pool, int *used, int min, int size)
{
	struct heap *h;

	if (size <= 0 || qc_int_range(qc, 1, 8) == 1)
		return NULL;
	h = &pool[(*used)++];
	h->head = qc_int_range(qc, min, INT_MAX);
	h->left = gen(qc, pool, used, h->head, size / 2);
	h->right = gen(qc, pool, used, h->head, size / 2);
	return h;
}

static size_t
show_heap(char *buf, size_t size, size_t k, const struct heap *h)
{
	if (k >= size)
		return k;
	if (h == NULL)
		return k + (size_t)snprintf(buf + k, size - k, "NULL");
	k += (size_t)snprintf(buf + k, size - k, "heap(%d, ", h->head);
	k = show_heap(buf, size, k, h->left);
	if (k < size)
		k += (size_t)snprintf(buf + k, size - k, ", ");
	k = show_heap(buf, size, k, h->right);
	if (k < size)
		k += (size_t)snprintf(buf + k, size - k, ")");
	return k;
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
	struct heap *pool = qc_alloc(qc, NODES, sizeof(*pool), "h");
	int used = 0, want[NODES], n = 0, *out;
	const struct heap *h = gen(qc, pool, &used, 0, qc_int_range(qc, 0, 20));
	char buf[4096];

	show_heap(buf, sizeof(buf), 0, h);
	qc_show(qc, "struct heap *h = %s;", buf);
	keys(h, want, &n);
	qsort(want, (size_t)n, sizeof(*want), cmp_int);
	out = qc_alloc(qc, (size_t)n, sizeof(*out), "out");
	QC_EXPECT_INT(n, heap_to_sorted(h, out));
	QC_EXPECT_INT_ARRAY(want, out, n);
}
