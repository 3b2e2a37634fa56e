/*
 * props: tests/qc/props/halves.c
 * kind: crash (a recursion that never ends on negative numbers: n >> 1
 * of -1 is -1; the stack overflows).
 * result: crashed 11
 * minimal:
 *	int n = -1;
 */
int halves(int n)
{
	int k;

	if (n == 0)
		return 0;
	k = halves(n >> 1);
	return k < 0 ? k : k + 1;
}
