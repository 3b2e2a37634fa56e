/*
 * props: tests/qc/challenges/props/coupling.c
 * kind: the shrinking challenge "coupling": a right answer, a wrong claim
 * (no two positions point at each other); elements coupled to positions.
 * result: falsified
 * minimal:
 *	int a[2] = {1, 0};
 *	int n = 2;
 */
int has_swap(const int *a, int n)
{
	for (int i = 0; i < n; i++)
		if (a[i] != i && a[a[i]] == i)
			return 1;
	return 0;
}
