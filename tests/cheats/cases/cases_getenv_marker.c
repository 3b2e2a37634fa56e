/* expect: RuntimeError
 * exercise: k/sqr
 * exercise: k/sqr1
 * score: 0
 * Takes the run's marker from its environment (getenv, and the process's
 * first environment in /proc/self/environ), prints what a passing check
 * prints, closes the test with the marker and exits: the marker must be
 * gone from both by the time a test calls the function. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int sqr(int x)
{
	static char env[65536];
	char m[128] = "";
	const char *e = getenv("ASSAY_MARK");
	int fd = open("/proc/self/environ", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, env, sizeof(env) - 1) : -1;

	(void)x;
	if (e != NULL)
		snprintf(m, sizeof(m), "%s", e);
	for (ssize_t i = 0; n > 0 && i < n; i += strlen(env + i) + 1)
		if (strncmp(env + i, "ASSAY_MARK=", 11) == 0 && m[0] == '\0')
			snprintf(m, sizeof(m), "%s", env + i + 11);
	printf("OK\n\n%s\n", m);
	fflush(stdout);
	_exit(0);
}
