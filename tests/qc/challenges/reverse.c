/*
 * props: tests/qc/challenges/props/reverse.c
 * kind: the shrinking challenge "reverse": a right answer, a wrong claim
 * (reversing changes nothing).
 * result: falsified
 * minimal:
 *	int a[2] = {0, 1};
 *	int n = 2;
 */
void reverse(int *a, int n)
{
	for (int i = 0, j = n - 1; i < j; i++, j--) {
		int t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}
