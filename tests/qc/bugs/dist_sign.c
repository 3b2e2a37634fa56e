/*
 * props: tests/qc/props/dist.c
 * kind: sign error (a - b without the absolute value).
 * result: falsified
 * minimal:
 *	int a = 0;
 *	int b = 1;
 */
int dist(int a, int b)
{
	return a - b;
}
