/* expect: WrongAnswer
 * exercise: k/sqr
 * exercise: k/sqr1
 * score: 0
 * Signals its parent, the init of its jail and every process it may
 * signal, hoping to end the tester or the checks of the test. */
#include <signal.h>
#include <unistd.h>
int sqr(int x)
{
	(void)x;
	kill(getppid(), SIGKILL);
	kill(1, SIGKILL);
	kill(-1, SIGKILL);
	return 0;
}
