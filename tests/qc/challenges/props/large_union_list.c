/*
 * large_union_list.c - int count_distinct(const int *a, int n): how many
 * different values a[0..n-1] holds. The shrinking challenge "large union
 * list" (from Hypothesis's shrink quality tests): a list of lists of ints;
 * the claim that together they hold fewer than five values. Smallest
 * counterexample [[0, 1, -1, 2, -2]] (Hypothesis's report): shrinking must
 * join the lists. The lists are drawn by hand (one block for all, not one
 * per list) and the property hands their concatenation to the function.
 */
#include <limits.h>
#include <stdio.h>

#include "qc.h"

#define LISTS	10
#define MAXLEN	20

/* "int *ls[2] = {(int []){0, 1}, NULL};" and "int lens[2] = {2, 0};" */
static void
show_lists(struct qc *qc, int ls[LISTS][MAXLEN], const int *lens, int n)
{
	char buf[4096];
	size_t k = 0;

	if (n == 0) {
		qc_show(qc, "int **ls = NULL;");
		qc_show(qc, "int *lens = NULL;");
		return;
	}
	k += (size_t)snprintf(buf + k, sizeof(buf) - k, "int *ls[%d] = {", n);
	for (int i = 0; i < n; i++) {
		if (lens[i] == 0)
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "NULL");
		for (int j = 0; j < lens[i]; j++)
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%d",
			    j ? ", " : "(int []){", ls[i][j]);
		if (lens[i] > 0)
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "}");
		k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s",
		    i + 1 < n ? ", " : "};");
	}
	qc_show(qc, "%s", buf);
	k = (size_t)snprintf(buf, sizeof(buf), "int lens[%d] = {", n);
	for (int i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%d",
		    i ? ", " : "", lens[i]);
	qc_show(qc, "%s};", buf);
}

QC_FUNCTION(int, count_distinct, const int *, int);	/* the student's */
QC_PROPERTY(fewer_than_five, "count_distinct(all, total)")
{
	int ls[LISTS][MAXLEN], lens[LISTS], n = 0, total = 0, *all;
	struct qc_many outer;

	qc_many_init(qc, &outer, 0, LISTS);
	while (qc_many_more(qc, &outer)) {
		struct qc_many inner;

		lens[n] = 0;
		qc_many_init(qc, &inner, 0, MAXLEN);
		while (qc_many_more(qc, &inner))
			ls[n][lens[n]++] = qc_int(qc);
		total += lens[n++];
	}
	show_lists(qc, ls, lens, n);
	all = qc_alloc(qc, (size_t)total, sizeof(*all), "all");
	for (int i = 0, k = 0; i < n; i++)
		for (int j = 0; j < lens[i]; j++)
			all[k++] = ls[i][j];
	QC_CHECK_INT(count_distinct(all, total), <, 5);
}
