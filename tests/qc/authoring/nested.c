/* nested.c - a list of lists (qc_int_lists) and a tree (qc_pool,
 * qc_branch) handed to the student's functions (test_authoring.py). */
#include <stddef.h>

#include "qc.h"

struct node {
	int v;
	struct node *l, *r;
};

QC_FUNCTION(long long, total, int *const *, const size_t *, size_t);
QC_FUNCTION(long long, tree_sum, const struct node *);

QC_PROPERTY(total_of_lists, "total(rows, lens, n)")
{
	size_t n, *lens;
	int **rows = qc_int_lists(qc, 0, 8, 0, 8, -99, 99, &lens, &n);
	long long want = 0;

	qc_name(qc, rows, "rows");
	QC_SHOW_INT_LISTS(rows, lens, n);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < lens[i]; j++)
			want += rows[i][j];
	QC_EXPECT_LONG(want, total(rows, lens, n));
}

static struct node *
tree(struct qc *qc, struct qc_pool *pool, unsigned depth)
{
	struct node *t;

	if (!qc_branch(qc, pool, depth, 5))
		return NULL;
	t = qc_pool_node(qc, pool);
	t->v = qc_int_range(qc, -99, 99);
	t->l = tree(qc, pool, depth + 1);
	t->r = tree(qc, pool, depth + 1);
	return t;
}

static const char *
show(struct qc *qc, const struct node *t)
{
	if (t == NULL)
		return "NULL";
	return qc_sprintf(qc, "NODE(%d, %s, %s)", t->v, show(qc, t->l), show(qc, t->r));
}

static long long
sum(const struct node *t)
{
	return t == NULL ? 0 : t->v + sum(t->l) + sum(t->r);
}

QC_PROPERTY(sum_of_tree, "tree_sum(t)")
{
	struct qc_pool pool;
	struct node *t;

	qc_pool(qc, &pool, 64, sizeof(struct node), "t");
	t = tree(qc, &pool, 0);
	qc_show(qc, "struct node *t = %s;", show(qc, t));
	QC_EXPECT_LONG(sum(t), tree_sum(t));
}
