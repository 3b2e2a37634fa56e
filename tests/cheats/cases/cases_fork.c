/* expect: WrongAnswer
 * exercise: k/sqr
 * exercise: k/sqr1
 * score: 0
 * Forks a child meant to outlive the test and print a pass after it: a
 * case's run allows one process, and nothing outlives a run. */
#include <stdio.h>
#include <unistd.h>
int sqr(int x)
{
	(void)x;
	if (fork() == 0) {
		sleep(1);
		puts("OK");
		_exit(0);
	}
	return 0;
}
