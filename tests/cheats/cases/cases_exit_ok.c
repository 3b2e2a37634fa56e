/* expect: RuntimeError
 * exercise: k/sqr
 * exercise: k/sqr1
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
