/*
 * nested_lists.c - int total_length(const int *lens, int n): the sum of
 * lens[0..n-1]. The shrinking challenge "nested lists": a list of lists of
 * zeros; the claim that they hold at most 10 elements in all. Smallest
 * counterexample one list of 11 zeros (the challenge's page shows ten, but
 * it takes 11 to hold more than 10): shrinking must join the lists.
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

QC_FUNCTION(int, total_length, const int *, int);	/* the student's */
QC_PROPERTY(at_most_ten, "total_length(lens, n)")
{
	int ls[LISTS][MAXLEN], n = 0, *lens = qc_alloc(qc, LISTS, sizeof(int), "lens");
	struct qc_many outer;

	qc_many_init(qc, &outer, 0, LISTS);
	while (qc_many_more(qc, &outer)) {
		struct qc_many inner;

		lens[n] = 0;
		qc_many_init(qc, &inner, 0, MAXLEN);
		while (qc_many_more(qc, &inner))
			ls[n][lens[n]++] = qc_int_range(qc, 0, 0);
		n++;
	}
	show_lists(qc, ls, lens, n);
	QC_CHECK_INT(total_length(lens, n), <=, 10);
}
