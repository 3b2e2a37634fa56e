/* expect: RuntimeError
 * report: forbidden system call: clone
 * exercise: c/procs */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
static int child(void *a) { return a != NULL; }
int main(void)
{
	char *stack = malloc(65536);
	int pid = clone(child, stack + 65536, CLONE_NEWUSER | SIGCHLD, NULL);
	puts(pid > 0 ? "escaped" : "hi");
	return 0;
}
