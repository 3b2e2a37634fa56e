/* file.c - reading files whole, writing new ones; see file.h. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "sandbox/util/file.h"

int
file_read(const char *path, char **out, size_t *len)
{
	struct stat st;
	char *data = NULL;
	size_t n = 0, cap;
	int fd, saved;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto err;
	/* The size is a hint: a pipe or a file of /proc says 0, a growing file
	 * more than it had. */
	cap = (size_t)st.st_size + 1;
	if ((data = malloc(cap)) == NULL)
		goto err;
	for (;;) {
		ssize_t got;

		if (n + 1 == cap) {
			char *d = realloc(data, cap * 2);

			if (d == NULL)
				goto err;
			data = d;
			cap *= 2;
		}
		got = read(fd, data + n, cap - n - 1);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1)
			goto err;
		if (got == 0)
			break;
		n += (size_t)got;
	}
	data[n] = '\0';
	close(fd);
	*out = data;
	*len = n;
	return 0;
err:
	saved = errno;
	free(data);
	close(fd);
	errno = saved;
	return -1;
}

int
file_read_small(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	do
		n = read(fd, buf, len - 1);
	while (n == -1 && errno == EINTR);
	saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		return -1;
	}
	buf[n] = '\0';
	return 0;
}

int
file_write_new(int dir, const char *name, mode_t mode, const void *data, size_t len)
{
	int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	size_t off = 0;
	int e = 0;

	if (fd == -1)
		return -1;
	while (e == 0 && off < len) {
		ssize_t n = write(fd, (const char *)data + off, len - off);

		if (n == -1 && errno != EINTR)
			e = errno;
		else if (n == 0)
			e = EIO;
		off += n > 0 ? (size_t)n : 0;
	}
	if (e == 0 && fchmod(fd, mode) == -1)
		e = errno;
	if (close(fd) == -1 && e == 0)
		e = errno;
	errno = e;
	return e == 0 ? 0 : -1;
}
