/* expect: RuntimeError
 * exercise: k/sqr
 * score: 0
 * Prints what a passing test prints, then ends the program with exit(0)
 * before the test's own code can check anything. */
#include <stdio.h>
#include <stdlib.h>
int sqr(int x)
{
	(void)x;
	printf("OK\n");
	exit(0);
}
