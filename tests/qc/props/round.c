/* round.c - int round_to_int(double x): x rounded to the nearest integer,
 * halves away from zero (2.5 -> 3, -2.5 -> -3), for x in [-1000, 1000]. */
#include <math.h>

#include "qc.h"

QC_FUNCTION(int, round_to_int, double);	/* the student's */
QC_PROPERTY(rounds_half_away_from_zero, "round_to_int(x)")
{
	double x = qc_double_range(qc, -1000, 1000);

	QC_SHOW_DOUBLE(x);
	QC_EXPECT_INT(lround(x), round_to_int(x));
}
