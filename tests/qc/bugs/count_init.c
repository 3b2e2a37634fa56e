/*
 * props: tests/qc/props/count.c
 * kind: wrong initial value (the count starts at 1).
 * result: falsified
 * minimal:
 *	int *a = malloc(0);
 *	int n = 0;
 */
int count_positive(const int *a, int n)
{
	int c = 1;

	for (int i = 0; i < n; i++)
		if (a[i] > 0)
			c++;
	return c;
}
