/*
 * distinct.c - int count_distinct(const int *a, int n): how many different
 * values a[0..n-1] holds. The shrinking challenge "distinct": the claim that
 * a list holds fewer than three. Smallest counterexample [0, 1, -1] (the
 * challenge accepts it or [0, 1, 2]; qc.h's integer order says the first).
 */
#include <limits.h>

#include "qc.h"

QC_FUNCTION(int, count_distinct, const int *, int);	/* the student's */
QC_PROPERTY(fewer_than_three, "count_distinct(a, n)")
{
	size_t n;
	int *a = qc_int_array(qc, 0, 20, INT_MIN, INT_MAX, &n);

	QC_SHOW_INT_ARRAY(a, n);
	QC_CHECK_INT(count_distinct(a, (int)n), <, 3);
}
