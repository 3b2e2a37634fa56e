/* expect: WrongAnswer
 * exercise: k/sqr
 * exercise: k/sqr1
 * score: 0
 * Looks for the tester's end-of-test marker in its own program file and in
 * its environment, and prints, with forged markers, what passing tests
 * would print, then ends the program: the tester must not believe a cut
 * made at markers the program wrote itself. Without a marker to forge, it
 * answers 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static int
find_marker(const char *path, char *m, size_t len)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t n;
	char *p;

	if (f == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	for (p = buf; p + 8 < buf + n; p++)
		if (memcmp(p, "#<assay-", 8) == 0 && p + 42 <= buf + n &&
		    strspn(p + 8, "0123456789abcdef") == 32 && memcmp(p + 40, ">#", 2) == 0 &&
		    len > 42) {
			memcpy(m, p, 42);
			m[42] = '\0';
			return 1;
		}
	return 0;
}

int sqr(int x)
{
	char m[128], out[1024], self[256] = "";
	ssize_t k = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int found = find_marker("/proc/self/exe", m, sizeof(m)) ||
	    find_marker("cases.c", m, sizeof(m)) || find_marker("/proc/self/environ", m, sizeof(m));

	for (char **e = environ; !found && *e != NULL; e++)
		if (strstr(*e, "#<assay-") != NULL) {
			snprintf(m, sizeof(m), "%s", strstr(*e, "#<assay-"));
			found = 1;
		}
	if (!found || k <= 0)
		return 0;
	/* The outputs of the group's two tests, each closed by the marker:
	 * the shown ones' (seen in an earlier report), or a guess at the
	 * hidden ones'. */
	if (strstr(self, "hidden") != NULL)
		snprintf(out, sizeof(out), "OK\n\n%s\n0\n\n%s\n", m, m);
	else
		snprintf(out, sizeof(out), "9\n\n%s\nOK\n\n%s\n", m, m);
	fflush(stdout);
	write(1, out, strlen(out));
	_exit(0);
}
