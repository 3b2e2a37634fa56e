/* exercise: k/sqr
 * exercise: k/sqr1
 * The right answer: the exercise can be passed. */
int sqr(int x)
{
	return x * x;
}
