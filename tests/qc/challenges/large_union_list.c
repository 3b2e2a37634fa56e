/*
 * props: tests/qc/challenges/props/large_union_list.c
 * kind: the shrinking challenge "large union list": a right answer, a wrong
 * claim (fewer than five values in all the lists); lists must be joined.
 * result: falsified
 * minimal:
 *	int *ls[1] = {(int[5]){0, 1, -1, 2, -2}};
 *	size_t lens[1] = {5};
 *	size_t n = 1;
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
