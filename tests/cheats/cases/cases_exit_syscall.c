/* expect: RuntimeError
 * exercise: k/sqr
 * exercise: k/sqr1
 * score: 0
 * Ends the process with the raw exit_group system call after printing what
 * a passing check prints: no C library function the tests could watch. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
int sqr(int x)
{
	(void)x;
	fputs("OK\n", stdout);
	fflush(stdout);
	syscall(SYS_exit_group, 0);
	return 0;
}
