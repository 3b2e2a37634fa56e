/* expect: TimeLimitExceeded
 * exercise: k/sqr
 * score: 0
 * Stops its own process group with SIGSTOP, hoping the tester waits
 * forever or takes a stopped run for a finished one. */
#include <signal.h>
int sqr(int x)
{
	kill(0, SIGSTOP);
	return x * x;
}
