/* dist.c - int dist(int a, int b): the distance |a - b| of two numbers of
 * [-1000000, 1000000]. */
#include "qc.h"

QC_FUNCTION(int, dist, int, int);	/* the student's */
QC_PROPERTY(is_the_distance, "dist(a, b)")
{
	int a = qc_int_range(qc, -1000000, 1000000);
	int b = qc_int_range(qc, -1000000, 1000000);

	QC_SHOW_INT(a);
	QC_SHOW_INT(b);
	QC_EXPECT_INT(a > b ? a - b : b - a, dist(a, b));
}
