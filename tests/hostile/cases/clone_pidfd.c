/* expect: RuntimeError
 * report: forbidden system call: clone
 * exercise: c/echo */
/* A pidfd's inode number counts processes host-wide (Linux 6.9): a run
 * could tell the next how many processes it made. clone(CLONE_PIDFD) is
 * forbidden. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void)
{
	int fd = -1;
	long pid = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &fd, 0, 0);

	if (pid == 0)
		_exit(0);
	puts(pid > 0 ? "escaped" : "hi");
	return 0;
}
