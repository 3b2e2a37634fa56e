/* popcount.c - int popcount(int x): the number of 1 bits of x, as an
 * unsigned (so -1 has 32 of them). */
#include "qc.h"

QC_FUNCTION(int, popcount, int);	/* the student's */
QC_PROPERTY(counts_the_bits, "popcount(x)")
{
	int x = qc_int(qc);
	unsigned u = (unsigned)x;
	int want = 0;

	QC_SHOW_INT(x);
	for (; u != 0; u >>= 1)
		want += u & 1;
	QC_EXPECT_INT(want, popcount(x));
}
