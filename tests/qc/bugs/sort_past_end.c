/*
 * props: content/c/sort.c
 * kind: crash (bubble sort comparing a[j] with a[j + 1] up to j = n - 1).
 * result: crashed 11
 * minimal:
 *	int a[1] = {0};
 *	int n = 1;
 */
void sort_ints(int *a, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			if (a[j] > a[j + 1]) {
				int t = a[j];

				a[j] = a[j + 1];
				a[j + 1] = t;
			}
}
