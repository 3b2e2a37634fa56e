/*
 * props: content/c/insert.c
 * kind: off by one (stops before a[0]: x smaller than everything lands
 * second).
 * result: falsified
 * minimal:
 *	int a[2] = {0};
 *	int n = 1;
 *	int x = -1;
 */
int insert_sorted(int *a, int n, int x)
{
	int i = n;

	while (i > 1 && a[i - 1] > x) {
		a[i] = a[i - 1];
		i--;
	}
	a[i] = x;
	return n + 1;
}
