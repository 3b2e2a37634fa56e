/* halves.c - int halves(int n): how many times n can be halved (integer
 * division by 2) before it reaches 0; 0 for n <= 0. */
#include "qc.h"

QC_FUNCTION(int, halves, int);	/* the student's */
static int
reference(int n)
{
	int k = 0;

	for (; n > 0; n /= 2)
		k++;
	return k;
}

QC_PROPERTY(counts_the_halvings, "halves(n)")
{
	int n = qc_int_range(qc, -1000, 1000);

	QC_SHOW_INT(n);
	QC_EXPECT_INT(reference(n), halves(n));
}
