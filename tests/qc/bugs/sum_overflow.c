/*
 * props: tests/qc/props/sum.c
 * kind: overflow (the sum is kept in an int).
 * result: falsified
 * minimal:
 *	int a[2] = {1, 2147483647};
 *	int n = 2;
 */
long long sum(const int *a, int n)
{
	int s = 0;

	for (int i = 0; i < n; i++)
		s += a[i];
	return s;
}
