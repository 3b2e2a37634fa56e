/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Ends its own process from inside the function (abort()) after the first
 * call, as if that were the end of the tests. */
#include <stdlib.h>
#include <unistd.h>
int strong(const char *pw)
{
	(void)pw;
	abort();
	return 0;
}
