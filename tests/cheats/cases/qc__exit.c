/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Ends its own process from inside the function (_exit(0)) after the first
 * call, as if that were the end of the tests. */
#include <stdlib.h>
#include <unistd.h>
int strong(const char *pw)
{
	(void)pw;
	_exit(0);
	return 0;
}
