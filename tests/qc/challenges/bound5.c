/*
 * props: tests/qc/challenges/props/bound5.c
 * kind: the shrinking challenge "bound5": a short sum overflows; two
 * numbers far apart must come down together, the last one to the most
 * negative short, and move to the last list (empty lists first are
 * simpler: fewer "more?" flags set early).
 * result: falsified
 * minimal:
 *	short *p[5] = {malloc(0), malloc(0), malloc(0), malloc(0), (short[2]){-1, -32768}};
 *	int n[5] = {0, 0, 0, 0, 2};
 */
short sum16(const short *a, int n)
{
	short s = 0;

	for (int i = 0; i < n; i++)
		s = (short)(s + a[i]);
	return s;
}
