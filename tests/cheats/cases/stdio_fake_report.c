/* expect: WrongAnswer
 * exercise: s/sum
 * score: 0
 * report: 0 of 2 tests passed
 * Prints what the tester reports when every test passes, on standard
 * output and standard error, and exits with status 0. */
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
	const char *fake = "All 2 tests passed.\n\npublic 1: passed\nprivate 1: passed\n";

	fputs(fake, stdout);
	fputs(fake, stderr);
	exit(0);
}
