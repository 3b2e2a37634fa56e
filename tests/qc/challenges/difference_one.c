/*
 * props: tests/qc/challenges/props/difference_one.c
 * args: --max-success=1000
 * kind: the shrinking challenge "difference must not be one": a right
 * answer, a wrong claim (a difference of 1); two numbers that must come down
 * together.
 * result: falsified
 * minimal:
 *	int x = 10;
 *	int y = 9;
 */
int difference(int x, int y)
{
	return x > y ? x - y : y - x;
}
