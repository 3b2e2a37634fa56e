/*
 * props: tests/qc/props/max.c
 * kind: off by one (the last element is never looked at).
 * result: falsified
 * minimal:
 *	int a[2] = {0, 1};
 *	int n = 2;
 */
int max_int(const int *a, int n)
{
	int m = a[0];

	for (int i = 1; i < n - 1; i++)
		if (a[i] > m)
			m = a[i];
	return m;
}
