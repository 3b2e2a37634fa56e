/*
 * props: tests/qc/challenges/props/difference_zero.c
 * args: --max-success=1000
 * kind: the shrinking challenge "difference must not be zero": a right
 * answer, a wrong claim (equal numbers); two numbers that must come down
 * together.
 * result: falsified
 * minimal:
 *	int x = 10;
 *	int y = 10;
 */
int difference(int x, int y)
{
	return x > y ? x - y : y - x;
}
