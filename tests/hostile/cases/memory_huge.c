/* expect: MemoryLimitExceeded
 * report: memory limit of 256 MiB exceeded
 * exercise: c/procs
 * A gigabyte at once, touched, in four processes. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(void)
{
	fork();
	fork();
	char *volatile p = malloc(1UL << 30);
	if (p != NULL)
		memset(p, 1, 1UL << 30);
	return p != NULL && p[12345] == 7;
}
