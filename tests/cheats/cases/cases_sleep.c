/* expect: TimeLimitExceeded
 * exercise: k/sqr
 * exercise: k/sqr1
 * score: 0
 * Sleeps, hoping a hang passes as a test that simply took long. */
#include <unistd.h>
int sqr(int x)
{
	sleep(30);
	return x * x;
}
