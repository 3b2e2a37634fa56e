/*
 * deletion.c - int remove_all(int *a, int n, int x): removes every x from
 * a[0..n-1], returns the new length. The shrinking challenge "deletion":
 * once an element is removed it is no longer in the list, false for a
 * remove that takes out only the first. Smallest counterexample
 * ([0, 0], 0): two equal elements that must shrink together.
 */
#include <limits.h>

#include "qc.h"

QC_FUNCTION(int, remove_all, int *, int, int);	/* the student's */
QC_PROPERTY(removed_is_gone, "remove_all(b, n, a[i])")
{
	size_t n;
	int *a = qc_int_array(qc, 0, 20, INT_MIN, INT_MAX, &n);
	int i = qc_int_range(qc, 0, 10), m;
	int *b;

	qc_assume(qc, i < (int)n);
	QC_SHOW_INT_ARRAY(a, n);
	QC_SHOW_INT(i);
	b = qc_dup(qc, a, n, sizeof(*a), "b");
	m = remove_all(b, (int)n, a[i]);
	for (int k = 0; k < m; k++)
		QC_ASSERT_MSG(b[k] != a[i], "no a[i] left in b[0..%d)", m);
}
