/* expect: TimeLimitExceeded
 * exercise: k/sqr
 * score: 0
 * Stops its own process (the student's, in the default mode) with SIGSTOP
 * inside the call, hoping the tests' program, waiting for the answer,
 * takes the stop for a return or waits past the time limit unnoticed. */
#include <signal.h>
int sqr(int x)
{
	raise(SIGSTOP);
	return x * x;
}
