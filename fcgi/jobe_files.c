/* jobe_files.c - the Jobe API's file cache; see jobe_files.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/jobe_files.h"
#include "sandbox/util/b64.h"

/* Temporary files begin with this: never an ID, so never served. */
#define TMP_PREFIX ".tmp-"

int
jobe_files_id_ok(const char *id)
{
	size_t n = 0;

	for (; id[n] != '\0'; n++) {
		char c = id[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return 0;
		if (n >= JOBE_FILES_ID_MAX)
			return 0;
	}
	return n > 0;
}

int
jobe_files_b64(const char *s, size_t n, char **out, size_t *outlen)
{
	size_t len = 0, pad;
	char *t = malloc(n + 3);

	*out = NULL;
	*outlen = 0;
	if (t == NULL)
		return -1;
	/* PHP's strict mode, as the shared decoder's strict RFC 4648: white
	 * space dropped, the padding a last group without any is given. */
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			t[len++] = s[i];
	pad = memchr(t, '=', len) == NULL && len % 4 > 1 ? 4 - len % 4 : 0;
	memset(t + len, '=', pad);
	len += pad;
	errno = 0;
	*out = b64_decode(t, len, outlen);
	free(t);
	if (*out != NULL)
		return 0;
	return errno == ENOMEM ? -1 : 1;
}

static int
file_path(char *buf, size_t size, const char *dir, const char *name)
{
	if ((size_t)snprintf(buf, size, "%s/%s", dir, name) >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int
jobe_files_put(const char *dir, const char *id, const void *data, size_t len)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	int fd, e;

	if (!jobe_files_id_ok(id)) {
		errno = EINVAL;
		return -1;
	}
	if (mkdir(dir, 0700) && errno != EEXIST)
		return -1;
	if (file_path(path, sizeof(path), dir, id) || file_path(tmp, sizeof(tmp), dir, TMP_PREFIX "XXXXXX"))
		return -1;
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	if (write_all(fd, data, len) || fsync(fd)) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
	if (close(fd) || rename(tmp, path)) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int
jobe_files_size(const char *dir, const char *id, size_t *size)
{
	char path[PATH_MAX];
	struct stat st;

	*size = 0;
	if (!jobe_files_id_ok(id))
		return 1;
	if (file_path(path, sizeof(path), dir, id))
		return -1;
	if (stat(path, &st))
		return errno == ENOENT ? 1 : -1;
	if (!S_ISREG(st.st_mode))
		return 1;
	*size = (size_t)st.st_size;
	return 0;
}

int
jobe_files_exists(const char *dir, const char *id)
{
	size_t size;

	return jobe_files_size(dir, id, &size) == 0;
}

/* Reads all of FD (a regular file of SIZE bytes when opened). */
static int
read_all(int fd, size_t size, char **data, size_t *len)
{
	char *p = malloc(size + 1);
	size_t got = 0;

	if (p == NULL)
		return -1;
	while (got < size) {
		ssize_t r = read(fd, p + got, size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(p);
			return -1;
		}
		if (r == 0)
			break;	/* shorter than it was: replaced meanwhile, take what is there */
		got += (size_t)r;
	}
	p[got] = '\0';
	*data = p;
	*len = got;
	return 0;
}

int
jobe_files_get(const char *dir, const char *id, char **data, size_t *len)
{
	char path[PATH_MAX];
	struct stat st;
	int fd, rc, e;

	*data = NULL;
	*len = 0;
	if (!jobe_files_id_ok(id))
		return 1;
	if (file_path(path, sizeof(path), dir, id))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? 1 : -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return 1;
	}
	rc = read_all(fd, (size_t)st.st_size, data, len);
	e = errno;
	/* Used now: the modification time is the cache's clock of use. */
	if (rc == 0)
		(void)futimens(fd, NULL);
	close(fd);
	errno = e;
	return rc;
}

struct entry {
	char name[JOBE_FILES_ID_MAX + 1];
	unsigned long long size;
	struct timespec used;
};

static int
by_use(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
	if (x->used.tv_nsec != y->used.tv_nsec)
		return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Lists DIR's files into *LIST (*N of them, total bytes *TOTAL); removes stale temporaries. */
static int
list_files(const char *dir, struct entry **list, size_t *n, unsigned long long *total)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0;
	time_t now = time(NULL);

	*list = NULL;
	*n = 0;
	*total = 0;
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		struct entry *e;

		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode))
			continue;
		if (strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0) {
			if (st.st_mtime < now - 3600)
				(void)unlinkat(dirfd(d), de->d_name, 0);
			continue;
		}
		if (!jobe_files_id_ok(de->d_name))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			e = realloc(*list, cap * sizeof(**list));
			if (e == NULL)
				break;	/* evict what was listed */
			*list = e;
		}
		e = &(*list)[(*n)++];
		memcpy(e->name, de->d_name, strlen(de->d_name) + 1);	/* an ID: it fits */
		e->size = (unsigned long long)st.st_size;
		e->used = st.st_mtim;
		*total += e->size;
	}
	closedir(d);
	return 0;
}

long
jobe_files_evict(const char *dir, unsigned long long max, const char *keep)
{
	struct entry *list;
	unsigned long long total;
	size_t n;
	long removed = 0;
	char path[PATH_MAX];

	if (list_files(dir, &list, &n, &total))
		return -1;
	if (max > 0 && total > max) {
		qsort(list, n, sizeof(*list), by_use);
		for (size_t i = 0; i < n && total > max; i++) {
			if (keep != NULL && strcmp(list[i].name, keep) == 0)
				continue;
			if (file_path(path, sizeof(path), dir, list[i].name) == 0 && unlink(path) == 0) {
				total -= list[i].size;
				removed++;
			}
		}
	}
	free(list);
	return removed;
}
