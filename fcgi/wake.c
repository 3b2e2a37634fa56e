/* wake.c - nudging graders through a FIFO; see wake.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fcgi/wake.h"

static int
fifo_path(const char *rundir, char *buf, size_t len)
{
	return (size_t)snprintf(buf, len, "%s/wake", rundir) < len ? 0 : -1;
}

int
wake_listen(const char *rundir)
{
	char path[PATH_MAX];
	int fd;

	if (fifo_path(rundir, path, sizeof(path))) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (mkdir(rundir, 0755) && errno != EEXIST)
		return -1;
	if (mkfifo(path, 0622) && errno != EEXIST)
		return -1;
	/* O_RDWR on a FIFO (Linux): a reader that is also a writer never sees EOF. */
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	return fd;
}

void
wake_poke(const char *rundir)
{
	char path[PATH_MAX];
	int fd;

	if (fifo_path(rundir, path, sizeof(path)))
		return;
	fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return;		/* no grader is listening: it will poll */
	(void)!write(fd, "!", 1);
	close(fd);
}

void
wake_wait(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[1];

	if (poll(&p, 1, ms) > 0 && (p.revents & POLLIN))
		/* Take one nudge: the others are for other graders. */
		(void)!read(fd, buf, sizeof(buf));
}
