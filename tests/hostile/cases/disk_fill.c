/* expect: Accepted
 * exercise: c/echo
 * Fills /tmp with 100 KiB files until it is full; the box is read-only. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void)
{
	static char buf[100 * 1024];
	char name[64];
	long total = 0;
	int e = 0;
	memset(buf, 'x', sizeof(buf));
	for (int i = 0; i < 1000 && e == 0; i++) {
		snprintf(name, sizeof(name), "/tmp/fill-%d", i);
		int fd = open(name, O_WRONLY | O_CREAT, 0644);
		if (fd < 0) { e = errno; break; }
		ssize_t n = write(fd, buf, sizeof(buf));
		if (n < (ssize_t)sizeof(buf)) e = n < 0 ? errno : ENOSPC;
		total += n > 0 ? n : 0;
		close(fd);
	}
	int boxfd = open("fill", O_WRONLY | O_CREAT, 0644);
	puts(e == ENOSPC && total <= 2 * 1024 * 1024 && boxfd < 0 ? "hi" : "escaped");
	return 0;
}
