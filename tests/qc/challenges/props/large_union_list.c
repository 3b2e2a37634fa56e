/*
 * large_union_list.c - int count_distinct(const int *a, int n): how many
 * different values a[0..n-1] holds. The shrinking challenge "large union
 * list" (from Hypothesis's shrink quality tests): a list of lists of ints;
 * the claim that together they hold fewer than five values. Smallest
 * counterexample [[0, 1, -1, 2, -2]] (Hypothesis's report): shrinking must
 * join the lists. The property hands their concatenation to the function.
 */
#include <limits.h>

#include "qc.h"

QC_FUNCTION(int, count_distinct, const int *, int);	/* the student's */
QC_PROPERTY(fewer_than_five, "count_distinct(all, total)")
{
	size_t n, *lens, total = 0;
	int **ls = qc_int_lists(qc, 0, 10, 0, 20, INT_MIN, INT_MAX, &lens, &n);
	int *all;

	QC_SHOW_INT_LISTS(ls, lens, n);
	for (size_t i = 0; i < n; i++)
		total += lens[i];
	all = qc_alloc(qc, total, sizeof(*all), "all");
	for (size_t i = 0, k = 0; i < n; i++)
		for (size_t j = 0; j < lens[i]; j++)
			all[k++] = ls[i][j];
	QC_CHECK_INT(count_distinct(all, (int)total), <, 5);
}
