/*
 * props: tests/qc/props/count.c
 * kind: off by one in a comparison (>= 0 instead of > 0).
 * result: falsified
 * minimal:
 *	int a[1] = {0};
 *	int n = 1;
 */
int count_positive(const int *a, int n)
{
	int c = 0;

	for (int i = 0; i < n; i++)
		if (a[i] >= 0)
			c++;
	return c;
}
