/* rows.c - long long total(int *const *rows, int nrows, int ncols): a
 * list of 100 lists of 100 (101 guarded blocks) handed to the student's
 * function at once (test_authoring.py). */
#include "qc.h"

QC_FUNCTION(long long, total, int *const *, int, int);

QC_PROPERTY(total_of_rows, "total(rows, 100, 100)")
{
	int **rows = qc_alloc(qc, 100, sizeof(int *), "rows");
	long long want = 0;

	for (int i = 0; i < 100; i++) {
		rows[i] = qc_alloc(qc, 100, sizeof(int), NULL);
		for (int j = 0; j < 100; j++)
			want += rows[i][j] = qc_int_range(qc, -9, 9);
	}
	QC_EXPECT_LONG(want, total(rows, 100, 100));
}
