/* expect: WrongAnswer
 * exercise: k/sqr
 * exercise: k/isqr
 * score: 0
 * absent: READABLE
 * Opens the tests' program in the box (prog, hidden) to read the tests'
 * code: with functions: the program is executable only, and its process
 * is not dumpable (/proc/PID/exe, mem). It says so in its output if it
 * could; the answer is wrong anyway. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int sqr(int x)
{
	static const char *const paths[] = {
		"prog", "hidden", "/tmp/box/prog", "/tmp/box/hidden", NULL
	};
	char p[64], c;

	for (int i = 0; paths[i] != NULL; i++) {
		int fd = open(paths[i], O_RDONLY);

		if (fd >= 0 && read(fd, &c, 1) == 1)
			printf("READABLE %s\n", paths[i]);
		if (fd >= 0)
			close(fd);
	}
	/* The other processes of the box (not its own: qc-callee). */
	for (int pid = 1; pid < 16; pid++) {
		const char *what[] = { "exe", "mem", "maps", NULL };

		if (pid == getpid())
			continue;
		for (int k = 0; what[k] != NULL; k++) {
			int fd;

			snprintf(p, sizeof(p), "/proc/%d/%s", pid, what[k]);
			if ((fd = open(p, O_RDONLY)) >= 0 && read(fd, &c, 1) == 1)
				printf("READABLE %s\n", p);
			if (fd >= 0)
				close(fd);
		}
	}
	return x;
}
