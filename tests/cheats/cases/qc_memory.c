/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Uses all the memory there is, hoping the tests die first. */
#include <stdlib.h>
#include <string.h>
int strong(const char *pw)
{
	(void)pw;
	for (;;) {
		char *p = malloc(1 << 20);

		if (p == NULL)
			return 1;
		memset(p, 1, 1 << 20);
	}
}
