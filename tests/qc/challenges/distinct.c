/*
 * props: tests/qc/challenges/props/distinct.c
 * kind: the shrinking challenge "distinct": a right answer, a wrong claim
 * (fewer than three values); the elements must come out in order.
 * result: falsified
 * minimal:
 *	int a[3] = {0, 1, -1};
 *	int n = 3;
 */
int count_distinct(const int *a, int n)
{
	int c = 0;

	for (int i = 0; i < n; i++) {
		int j = 0;

		while (j < i && a[j] != a[i])
			j++;
		c += j == i;
	}
	return c;
}
