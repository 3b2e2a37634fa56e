/* expect: Accepted
 * exercise: c/echo
 * Tries to create files everywhere but /tmp. */
#include <fcntl.h>
#include <stdio.h>
int main(void)
{
	const char *paths[] = { "/x", "/usr/x", "/etc/x", "/dev/x", "/proc/x",
	    "x", "/tmp/box/x", "@DATA@/x", "@HOSTTMP@/x", "/tmp/../x" };
	int escaped = 0;
	for (unsigned i = 0; i < sizeof(paths) / sizeof(*paths); i++)
		if (open(paths[i], O_WRONLY | O_CREAT, 0644) >= 0 && i != 9)
			escaped = 1;
	puts(escaped ? "escaped" : "hi");
	return 0;
}
