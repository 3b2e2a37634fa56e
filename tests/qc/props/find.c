/* find.c - int find(const int *a, int n, int x): an index of x in the
 * ascending a[0..n-1], or -1. */
#include "qc.h"

QC_FUNCTION(int, find, const int *, int, int);	/* the student's */
QC_PROPERTY(finds_or_says_missing, "find(a, n, x)")
{
	struct qc_many m;
	int tmp[20];
	size_t n = 0;
	int *a, x, r, want = 0;

	qc_many_init(qc, &m, 0, 20);
	while (qc_many_more(qc, &m)) {
		tmp[n] = n == 0 ? qc_int_range(qc, -50, 50) : tmp[n - 1] + qc_int_range(qc, 0, 5);
		n++;
	}
	x = qc_int_range(qc, -60, 100);
	a = qc_dup(qc, tmp, n, sizeof(int), "a");
	QC_SHOW_INT_ARRAY(a, n);
	QC_SHOW_INT(x);
	for (size_t i = 0; i < n; i++)
		want |= a[i] == x;
	r = find(a, (int)n, x);
	if (want) {
		QC_ASSERT_MSG(r >= 0 && r < (int)n && a[r] == x,
		    "find returned %d, which is not an index of %d", r, x);
	} else {
		QC_EXPECT_INT(-1, r);
	}
}
