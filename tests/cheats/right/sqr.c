/* exercise: k/sqr
 * The right answer: the exercise can be passed. */
int sqr(int x)
{
	return x * x;
}
