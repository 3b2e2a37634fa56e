/* max.c - int max_int(const int *a, int n): the largest of a[0..n-1], n >= 1. */
#include <limits.h>

#include "qc.h"

QC_FUNCTION(int, max_int, const int *, int);	/* the student's */
QC_PROPERTY(is_the_largest, "max_int(a, n)")
{
	size_t n;
	int *a = qc_int_array(qc, 1, 20, INT_MIN, INT_MAX, &n);
	int want = a[0];

	qc_name(qc, a, "a");
	QC_SHOW_INT_ARRAY(a, n);
	qc_freeze(qc, a);
	for (size_t i = 1; i < n; i++)
		if (a[i] > want)
			want = a[i];
	QC_EXPECT_INT(want, max_int(a, (int)n));
}
