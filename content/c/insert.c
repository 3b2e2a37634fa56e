/*
 * insert.c - the properties of c/insert (never published).
 *
 * Sorted arrays come from a generator of the author's own: a first value,
 * then steps of 0 or more, so every array is sorted and they shrink toward
 * short arrays of small, equal numbers. The array handed to the student
 * is a guarded block of exactly n + 1 ints.
 */
#include <stdio.h>
#include <string.h>

#include "qc.h"

QC_FUNCTION(int, insert_sorted, int *, int, int);	/* the student's */
static size_t
sorted_array(struct qc *qc, int *a, size_t max)
{
	struct qc_many m;
	size_t n = 0;

	qc_many_init(qc, &m, 0, max);
	while (qc_many_more(qc, &m)) {
		a[n] = n == 0 ? qc_int_range(qc, -1000, 1000) :
		    a[n - 1] + qc_int_range(qc, 0, 100);
		n++;
	}
	return n;
}

/* "int a[4] = {1, 3, 5};", with room for one more. */
static void
show_with_room(struct qc *qc, const int *a, size_t n)
{
	char list[20 * 16] = "";
	size_t off = 0;

	for (size_t i = 0; i < n && off < sizeof(list); i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%d",
		    i ? ", " : "", a[i]);
	qc_show(qc, "int a[%zu] = {%s};", n + 1, list);
}

QC_PROPERTY(inserts_in_order, "insert_sorted(a, n, x)")
{
	int src[20], want[21];
	size_t n = sorted_array(qc, src, 20), at = 0;
	int x = qc_int_range(qc, -1100, 1100);
	int *a = qc_alloc(qc, n + 1, sizeof(int), "a");

	memcpy(a, src, n * sizeof(int));
	show_with_room(qc, a, n);
	qc_show(qc, "int n = %zu;", n);
	QC_SHOW_INT(x);
	while (at < n && src[at] <= x)
		at++;
	memcpy(want, src, at * sizeof(int));
	want[at] = x;
	memcpy(want + at + 1, src + at, (n - at) * sizeof(int));
	QC_EXPECT_INT((long long)n + 1, insert_sorted(a, (int)n, x));
	QC_EXPECT_INT_ARRAY(want, a, n + 1);
}
