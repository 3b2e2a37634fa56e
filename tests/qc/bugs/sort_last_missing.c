/*
 * props: content/c/sort.c
 * kind: off by one (selection sort that never looks at the last element).
 * result: falsified
 * minimal:
 *	int a[2] = {0, -1};
 *	int n = 2;
 */
void sort_ints(int *a, int n)
{
	for (int i = 0; i < n - 1; i++) {
		int m = i;

		for (int j = i + 1; j < n - 1; j++)
			if (a[j] < a[m])
				m = j;
		int t = a[i];
		a[i] = a[m];
		a[m] = t;
	}
}
