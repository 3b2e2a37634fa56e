/* average.c - int average_positive(const int *a, int n): the average of
 * the positive numbers of a[0..n-1] (rounded toward 0), 0 when there is
 * none. */
#include "qc.h"

QC_FUNCTION(int, average_positive, const int *, int);	/* the student's */
QC_PROPERTY(is_the_average_of_the_positive, "average_positive(a, n)")
{
	size_t n;
	int *a = qc_int_array(qc, 0, 20, -1000, 1000, &n);
	long long s = 0, c = 0;

	qc_name(qc, a, "a");
	QC_SHOW_INT_ARRAY(a, n);
	for (size_t i = 0; i < n; i++)
		if (a[i] > 0) {
			s += a[i];
			c++;
		}
	QC_EXPECT_INT(c ? s / c : 0, average_positive(a, (int)n));
}
