/*
 * props: tests/qc/props/max.c
 * kind: wrong initial value (0 instead of a[0]): wrong when every number
 * is negative.
 * result: falsified
 * minimal:
 *	int a[1] = {-1};
 *	int n = 1;
 */
int max_int(const int *a, int n)
{
	int m = 0;

	for (int i = 0; i < n; i++)
		if (a[i] > m)
			m = a[i];
	return m;
}
