/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Signals every process it can name: its parent, the process group, -1,
 * the pids of the box; stops and kills them. It may signal itself only. */
#include <signal.h>
#include <unistd.h>
int strong(const char *pw)
{
	(void)pw;
	kill(getppid(), SIGSTOP);
	kill(getppid(), SIGSEGV);
	kill(0, SIGSTOP);
	for (int pid = 1; pid < 64; pid++)
		if (pid != getpid())
			kill(pid, SIGKILL);
	kill(-1, SIGKILL);
	return 0;
}
