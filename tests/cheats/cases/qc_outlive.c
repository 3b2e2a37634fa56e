/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Tries to outlive the tests: drops its death with its parent, leaves the
 * parent's process group and session, then spins. */
#include <sys/prctl.h>
#include <unistd.h>
int strong(const char *pw)
{
	(void)pw;
	prctl(PR_SET_PDEATHSIG, 0);
	setpgid(0, 0);
	setsid();
	for (;;)
		;
}
