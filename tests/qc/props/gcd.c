/* gcd.c - int gcd(int a, int b): the greatest common divisor of two numbers
 * of [0, 10000] (gcd(0, 0) is 0). */
#include "qc.h"

QC_FUNCTION(int, gcd, int, int);	/* the student's */
static int
reference(int a, int b)
{
	while (b != 0) {
		int t = a % b;

		a = b;
		b = t;
	}
	return a;
}

QC_PROPERTY(is_the_gcd, "gcd(a, b)")
{
	int a = qc_int_range(qc, 0, 10000), b = qc_int_range(qc, 0, 10000);

	QC_SHOW_INT(a);
	QC_SHOW_INT(b);
	QC_EXPECT_INT(reference(a, b), gcd(a, b));
}
