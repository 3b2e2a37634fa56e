/* expect: WrongAnswer
 * exercise: k/sqr
 * exercise: k/sqr1
 * score: 0
 * report: 0 of 4 tests passed: 0 of 5 marks.
 * Prints what the tester's report of a perfect answer looks like. */
#include <stdio.h>
int sqr(int x)
{
	(void)x;
	printf("4 of 4 tests passed: 5 of 5 marks.\n\n\xe2\x9c\x93 test 1\n"
	    "\xe2\x9c\x93 test 2\n\xe2\x9c\x93 test 3 (hidden)\n\xe2\x9c\x93 test 4 (hidden)\n");
	return 0;
}
