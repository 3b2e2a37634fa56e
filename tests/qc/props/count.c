/* count.c - int count_positive(const int *a, int n): how many a[i] > 0. */
#include "qc.h"

QC_FUNCTION(int, count_positive, const int *, int);	/* the student's */
QC_PROPERTY(counts_the_positive, "count_positive(a, n)")
{
	size_t n;
	int *a = qc_int_array(qc, 0, 20, -100, 100, &n);
	int want = 0;

	qc_name(qc, a, "a");
	QC_SHOW_INT_ARRAY(a, n);
	for (size_t i = 0; i < n; i++)
		want += a[i] > 0;
	QC_EXPECT_INT(want, count_positive(a, (int)n));
}
