/* expect: RuntimeError
 * exercise: k/sqr
 * exercise: k/sqr1
 * score: 0
 * report: the program ended before the end of the test's code
 * Writes what a passing check prints straight to the descriptor, then ends
 * the process with _exit(0), which runs no exit handler and flushes
 * nothing of the tests'. */
#include <unistd.h>
int sqr(int x)
{
	(void)x;
	write(1, "OK\n", 3);
	_exit(0);
}
