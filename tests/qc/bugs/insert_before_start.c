/*
 * props: content/c/insert.c
 * kind: off by one writing before the array (a[i] = x with i = -1).
 * result: falsified
 * minimal:
 *	int a[1] = {};
 *	int n = 0;
 *	int x = 0;
 */
int insert_sorted(int *a, int n, int x)
{
	int i = n - 1;

	while (i >= 0 && a[i] > x) {
		a[i + 1] = a[i];
		i--;
	}
	a[i] = x;
	return n + 1;
}
