/*
 * difference_zero.c - int difference(int x, int y): |x - y| for positive x
 * and y. The shrinking challenge "difference" (its test "difference must
 * not be zero"): the claim that, for x >= 10, the difference is not 0.
 * Smallest counterexample x = 10, y = 10.
 */
#include <limits.h>

#include "qc.h"

QC_FUNCTION(int, difference, int, int);	/* the student's */
QC_PROPERTY(difference_must_not_be_zero, "difference(x, y)")
{
	int x = qc_int_range(qc, 1, INT_MAX), y = qc_int_range(qc, 1, INT_MAX);
	int d;

	QC_SHOW_INT(x);
	QC_SHOW_INT(y);
	if (x < 10)
		return;
	d = difference(x, y);
	QC_CHECK_INT(d, !=, 0);
}
