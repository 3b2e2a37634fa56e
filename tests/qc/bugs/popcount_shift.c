/*
 * props: tests/qc/props/popcount.c
 * kind: endless loop (arithmetic shift of a negative int never reaches 0).
 * result: hung
 * minimal:
 *	int x = -1;
 */
int popcount(int x)
{
	int c = 0;

	while (x != 0) {
		c += x & 1;
		x >>= 1;
	}
	return c;
}
