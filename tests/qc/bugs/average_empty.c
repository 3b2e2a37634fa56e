/*
 * props: tests/qc/props/average.c
 * kind: crash (division by zero when no number is positive).
 * result: crashed 8
 * minimal:
 *	int *a = malloc(0);
 *	int n = 0;
 */
int average_positive(const int *a, int n)
{
	int s = 0, c = 0;

	for (int i = 0; i < n; i++)
		if (a[i] > 0) {
			s += a[i];
			c++;
		}
	return s / c;
}
