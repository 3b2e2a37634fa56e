/* expect: Accepted
 * exercise: c/procs
 * A daemon that tries to outlive the run and write afterwards. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	if (fork() == 0) {
		setsid();
		if (fork() == 0) {
			close(0); close(1); close(2);
			sleep(2);
			open("@HOSTTMP@/daemon-was-here", O_WRONLY | O_CREAT, 0644);
			for (;;) pause();
		}
		_exit(0);
	}
	puts("hi");
	return 0;
}
