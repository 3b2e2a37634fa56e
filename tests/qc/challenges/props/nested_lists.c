/*
 * nested_lists.c - int total_length(const int *lens, int n): the sum of
 * lens[0..n-1]. The shrinking challenge "nested lists": a list of lists of
 * zeros; the claim that they hold at most 10 elements in all. Smallest
 * counterexample one list of 11 zeros (the challenge's page shows ten, but
 * it takes 11 to hold more than 10): shrinking must join the lists.
 */
#include "qc.h"

QC_FUNCTION(int, total_length, const int *, int);	/* the student's */
QC_PROPERTY(at_most_ten, "total_length(lens, n)")
{
	size_t n, *lens;
	int **ls = qc_int_lists(qc, 0, 10, 0, 20, 0, 0, &lens, &n);
	int *ilens = qc_alloc(qc, n, sizeof(*ilens), "lens");

	/* The function takes int lengths: the ones shown as int lens[]. */
	for (size_t i = 0; i < n; i++)
		ilens[i] = (int)lens[i];
	QC_SHOW_INT_LISTS(ls, lens, n);
	QC_CHECK_INT(total_length(ilens, (int)n), <=, 10);
}
