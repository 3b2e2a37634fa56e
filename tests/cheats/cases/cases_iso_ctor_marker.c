/* expect: RuntimeError
 * exercise: k/sqr
 * exercise: k/isqr
 * score: 0
 * A constructor, which runs before the tests' main() in one program, takes
 * the run's marker from the environment (getenv and /proc/self/environ);
 * sqr() then prints what a passing check prints, closes the test with the
 * marker and exits. With functions: the answer runs in the student's
 * process, started at the first call, after the tests' program has
 * overwritten the marker: there is none to find.
 * (On k/sqr1, the same exercise in one program (functions: no), it
 * scores 3 of 5.) */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char mark[128];

__attribute__((constructor)) static void
early(void)
{
	static char env[65536];
	const char *e = getenv("ASSAY_MARK");
	int fd = open("/proc/self/environ", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, env, sizeof(env) - 1) : -1;

	if (e != NULL)
		snprintf(mark, sizeof(mark), "%s", e);
	for (ssize_t i = 0; n > 0 && i < n; i += strlen(env + i) + 1)
		if (strncmp(env + i, "ASSAY_MARK=", 11) == 0 && mark[0] == '\0')
			snprintf(mark, sizeof(mark), "%s", env + i + 11);
}

int sqr(int x)
{
	(void)x;
	printf("OK\n\n%s\n", mark);
	fflush(stdout);
	_exit(0);
}
