/*
 * props: tests/qc/props/gcd.c
 * kind: endless loop (subtraction never moves when one number is 0).
 * result: hung
 * minimal:
 *	int a = 0;
 *	int b = 1;
 */
int gcd(int a, int b)
{
	while (a != b)
		if (a > b)
			a -= b;
		else
			b -= a;
	return a;
}
