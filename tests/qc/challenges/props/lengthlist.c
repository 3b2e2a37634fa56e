/*
 * lengthlist.c - int max_int(const int *a, int n): the largest of
 * a[0..n-1]. The shrinking challenge "lengthlist": a length drawn first
 * (1 to 100), then that many numbers in [0, 1000]; the claim that all are
 * below 900. Smallest counterexample [900]: shrinking must lower the length
 * while it deletes the elements.
 */
#include "qc.h"

QC_FUNCTION(int, max_int, const int *, int);	/* the student's */
QC_PROPERTY(all_below_900, "max_int(a, n)")
{
	int n = qc_int_range(qc, 1, 100);
	int *a = qc_alloc(qc, (size_t)n, sizeof(*a), "a");

	for (int i = 0; i < n; i++)
		a[i] = qc_int_range(qc, 0, 1000);
	QC_SHOW_INT_ARRAY(a, n);
	QC_CHECK_INT(max_int(a, n), <, 900);
}
