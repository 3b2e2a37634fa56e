/* file.c - reading files whole; see file.h. */
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
