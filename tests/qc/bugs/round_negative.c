/*
 * props: tests/qc/props/round.c
 * kind: sign error (adding 0.5 rounds negative halves the wrong way).
 * result: falsified
 * minimal:
 *	double x = -0.5;
 */
int round_to_int(double x)
{
	return (int)(x + 0.5);
}
