/*
 * props: tests/qc/challenges/props/difference_small.c
 * args: --max-success=1000
 * kind: the shrinking challenge "difference must not be small": a right
 * answer, a wrong claim (a difference between 1 and 4); two numbers that must come down
 * together.
 * result: falsified
 * minimal:
 *	int x = 10;
 *	int y = 6;
 */
int difference(int x, int y)
{
	return x > y ? x - y : y - x;
}
