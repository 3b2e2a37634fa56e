/*
 * props: tests/qc/props/find.c
 * kind: crash (binary search with hi = n reads a[n]).
 * result: crashed 11
 * minimal:
 *	int *a = malloc(0);
 *	int n = 0;
 *	int x = 0;
 */
int find(const int *a, int n, int x)
{
	int lo = 0, hi = n;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (a[mid] == x)
			return mid;
		if (a[mid] < x)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}
