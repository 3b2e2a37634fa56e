/*
 * reverse.c - void reverse(int *a, int n): reverses a[0..n-1] in place.
 * The shrinking challenge "reverse" (jlink/shrinking-challenge): the wrong
 * claim that a list reversed is the list itself; smallest counterexample
 * [0, 1].
 */
#include <limits.h>

#include "qc.h"

QC_FUNCTION(void, reverse, int *, int);	/* the student's */
QC_PROPERTY(reversed_is_the_same, "reverse(b, n)")
{
	size_t n;
	int *a = qc_int_array(qc, 0, 20, INT_MIN, INT_MAX, &n);
	int *b = qc_dup(qc, a, n, sizeof(*a), "b");

	QC_SHOW_INT_ARRAY(a, n);
	reverse(b, (int)n);
	QC_EXPECT_INT_ARRAY(a, b, n);
}
