/* exercise: k/isqr */
int sqr(int x)
{
	return x * x;
}
