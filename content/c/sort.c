/*
 * sort.c - the properties of c/sort (never published).
 *
 * Arrays of 0 to 20 ints of any value (INT_MIN and INT_MAX come up often:
 * comparisons by subtraction overflow) are sorted by the student's function
 * and compared with qsort's answer. The array is a guarded block: a read or
 * a write of a[n] crashes at once, a write of a[-1] is reported.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "qc.h"

QC_FUNCTION(void, sort_ints, int *, int);	/* the student's */
static int
cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return (a > b) - (a < b);
}

QC_PROPERTY(sorts_ascending, "sort_ints(a, n)")
{
	size_t n;
	int *a = qc_int_array(qc, 0, 20, INT_MIN, INT_MAX, &n);
	int *want = qc_dup(qc, a, n, sizeof(int), "want");

	qc_name(qc, a, "a");
	QC_SHOW_INT_ARRAY(a, n);
	qsort(want, n, sizeof(int), cmp_int);
	sort_ints(a, (int)n);
	QC_EXPECT_INT_ARRAY(want, a, n);
}
