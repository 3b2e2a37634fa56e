/*
 * difference_small.c - int difference(int x, int y): |x - y| for positive x
 * and y. The shrinking challenge "difference" (its test "difference must
 * not be small"): the claim that, for x >= 10, the difference is not between 1 and 4.
 * Smallest counterexample x = 10, y = 6.
 */
#include <limits.h>

#include "qc.h"

QC_FUNCTION(int, difference, int, int);	/* the student's */
QC_PROPERTY(difference_must_not_be_small, "difference(x, y)")
{
	int x = qc_int_range(qc, 1, INT_MAX), y = qc_int_range(qc, 1, INT_MAX);
	int d;

	QC_SHOW_INT(x);
	QC_SHOW_INT(y);
	if (x < 10)
		return;
	d = difference(x, y);
	QC_ASSERT_MSG(d < 1 || d > 4, "a difference not between 1 and 4");
}
