/*
 * nested_lists.c - size_t total_length(const size_t *lens, size_t n): the sum of
 * lens[0..n-1]. The shrinking challenge "nested lists": a list of lists of
 * zeros; the claim that they hold at most 10 elements in all. Smallest
 * counterexample one list of 11 zeros (the challenge's page shows ten, but
 * it takes 11 to hold more than 10): shrinking must join the lists.
 */
#include "qc.h"

QC_FUNCTION(size_t, total_length, const size_t *, size_t);	/* the student's */
QC_PROPERTY(at_most_ten, "total_length(lens, n)")
{
	size_t n, *lens;
	int **ls = qc_int_lists(qc, 0, 10, 0, 20, 0, 0, &lens, &n);

	QC_SHOW_INT_LISTS(ls, lens, n);
	QC_CHECK_INT((long long)total_length(lens, n), <=, 10);
}
