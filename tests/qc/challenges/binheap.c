/*
 * props: tests/qc/challenges/props/binheap.c
 * kind: the shrinking challenge "binheap": after the root, the merged
 * subtrees are listed in their tree order instead of popped in key order;
 * the smallest heap has its subtree on the right (the mirror fails too).
 * result: falsified
 * minimal:
 *	struct heap *h = heap(0, NULL, heap(0, heap(0, NULL, NULL), heap(1, NULL, NULL)));
 */
#include <stddef.h>

struct heap {
	int head;
	const struct heap *left, *right;
};

static struct heap pool[256];
static int used;

static const struct heap *
merge(const struct heap *a, const struct heap *b)
{
	struct heap *h;

	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	if (a->head > b->head) {
		const struct heap *t = a;

		a = b;
		b = t;
	}
	h = &pool[used++];
	h->head = a->head;
	h->left = merge(a->right, b);
	h->right = a->left;
	return h;
}

/* In the order of a stack: the node, then its right subtree, then its
 * left one. */
static void
to_list(const struct heap *h, int *out, int *n)
{
	const struct heap *stack[256];
	int top = 0;

	stack[top++] = h;
	while (top > 0) {
		h = stack[--top];
		if (h == NULL)
			continue;
		out[(*n)++] = h->head;
		stack[top++] = h->left;
		stack[top++] = h->right;
	}
}

int heap_to_sorted(const struct heap *h, int *out)
{
	int n = 0;

	used = 0;
	if (h == NULL)
		return 0;
	out[n++] = h->head;
	to_list(merge(h->left, h->right), out, &n);
	return n;
}
