/*
 * props: tests/qc/challenges/props/lengthlist.c
 * kind: the shrinking challenge "lengthlist": a right answer, a wrong claim
 * (every number below 900), the length drawn as a number.
 * result: falsified
 * minimal:
 *	int a[1] = {900};
 *	int n = 1;
 */
int max_int(const int *a, int n)
{
	int m = a[0];

	for (int i = 1; i < n; i++)
		if (a[i] > m)
			m = a[i];
	return m;
}
