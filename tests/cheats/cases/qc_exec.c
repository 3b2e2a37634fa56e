/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Starts a shell from the function. */
#include <unistd.h>
int strong(const char *pw)
{
	char *argv[] = { "/bin/sh", "-c", "cat /tmp/box/*.c", 0 };

	(void)pw;
	execv("/bin/sh", argv);
	return 0;
}
