/* expect: TimeLimitExceeded
 * exercise: k/sqr1
 * score: 0
 * Stops its own process group with SIGSTOP, hoping the tester waits
 * forever or takes a stopped run for a finished one.
 * (One program only: in the default mode the answer's process may signal
 * only itself, the kill fails and the answer is right: Accepted.) */
#include <signal.h>
int sqr(int x)
{
	kill(0, SIGSTOP);
	return x * x;
}
