/* expect: MemoryLimitExceeded
 * report: memory limit of 64 MiB exceeded
 * exercise: c/echo
 * Allocates and touches 1 MiB after 1 MiB. */
#include <stdlib.h>
#include <string.h>
int main(void)
{
	for (;;) {
		char *p = malloc(1 << 20);
		if (p == NULL)
			return 3;
		memset(p, 1, 1 << 20);
	}
}
