/* sum.c - long long sum(const int *a, int n): the exact sum of any ints. */
#include <limits.h>

#include "qc.h"

QC_FUNCTION(long long, sum, const int *, int);	/* the student's */
QC_PROPERTY(is_the_exact_sum, "sum(a, n)")
{
	size_t n;
	int *a = qc_int_array(qc, 0, 20, INT_MIN, INT_MAX, &n);
	long long want = 0;

	qc_name(qc, a, "a");
	QC_SHOW_INT_ARRAY(a, n);
	for (size_t i = 0; i < n; i++)
		want += a[i];
	QC_EXPECT_LONG(want, sum(a, (int)n));
}
