/*
 * coupling.c - int has_swap(const int *a, int n): whether some i has
 * a[a[i]] == i with a[i] != i, for a[0..n-1] all in [0, n). The shrinking
 * challenge "coupling": the claim that no list of indices has such a pair.
 * Smallest counterexample [1, 0].
 */
#include "qc.h"

QC_FUNCTION(int, has_swap, const int *, int);	/* the student's */
QC_PROPERTY(no_swapped_pair, "has_swap(a, n)")
{
	size_t n;
	int *a = qc_int_array(qc, 0, 10, 0, 10, &n);

	for (size_t i = 0; i < n; i++)
		qc_assume(qc, a[i] < (int)n);
	QC_SHOW_INT_ARRAY(a, n);
	QC_EXPECT_BOOL(0, has_swap(a, (int)n));
}
