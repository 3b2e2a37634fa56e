/*
 * props: tests/qc/challenges/props/bound5.c
 * kind: the shrinking challenge "bound5": a short sum overflows; two
 * numbers far apart must come down together, the last one to the most
 * negative short.
 * result: falsified
 * minimal:
 *	short *p[5] = {(short []){-1}, (short []){-32768}, NULL, NULL, NULL};
 *	int n[5] = {1, 1, 0, 0, 0};
 */
short sum16(const short *a, int n)
{
	short s = 0;

	for (int i = 0; i < n; i++)
		s = (short)(s + a[i]);
	return s;
}
