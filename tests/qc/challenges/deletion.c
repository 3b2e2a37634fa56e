/*
 * props: tests/qc/challenges/props/deletion.c
 * kind: the shrinking challenge "deletion": removes only the first x;
 * duplicates must shrink together.
 * result: falsified
 * minimal:
 *	int a[2] = {0, 0};
 *	int n = 2;
 *	int i = 0;
 */
int remove_all(int *a, int n, int x)
{
	for (int i = 0; i < n; i++)
		if (a[i] == x) {
			for (int j = i + 1; j < n; j++)
				a[j - 1] = a[j];
			return n - 1;
		}
	return n;
}
