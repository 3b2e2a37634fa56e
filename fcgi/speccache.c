/* speccache.c - specs by content on a grader host; see speccache.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "fcgi/speccache.h"

int
speccache_hash(const char *text, size_t len, char out[SPECCACHE_HASH_LEN + 1])
{
	unsigned char d[32];
	unsigned n = 0;

	if (EVP_Digest(text, len, d, &n, EVP_sha256(), NULL) != 1 || n != 32)
		return -1;
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	return 0;
}

int
speccache_hash_valid(const char *hash)
{
	size_t i;

	for (i = 0; hash[i]; i++)
		if (!((hash[i] >= '0' && hash[i] <= '9') || (hash[i] >= 'a' && hash[i] <= 'f')))
			return 0;
	return i == SPECCACHE_HASH_LEN;
}

int
speccache_put(const char *dir, const char *hash, const char *text, size_t len)
{
	char got[SPECCACHE_HASH_LEN + 1], path[4096], tmp[4200];
	size_t off = 0;
	int fd;

	if (!speccache_hash_valid(hash) || speccache_hash(text, len, got) || strcmp(got, hash))
		return 1;
	snprintf(path, sizeof(path), "%s/%s.json", dir, hash);
	snprintf(tmp, sizeof(tmp), "%s/.%s.%ld", dir, hash, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return -1;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;

			close(fd);
			unlink(tmp);
			errno = e;
			return -1;
		}
		off += (size_t)n;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		int e = errno;

		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int
speccache_get(const char *dir, const char *hash, char **text, size_t *len)
{
	char path[4096];
	struct stat st;
	char *buf;
	size_t off = 0;
	int fd;

	*text = NULL;
	*len = 0;
	if (!speccache_hash_valid(hash))
		return 1;
	snprintf(path, sizeof(path), "%s/%s.json", dir, hash);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? 1 : -1;
	if (fstat(fd, &st) != 0 || (buf = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return -1;
	}
	while (off < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + off, (size_t)st.st_size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	buf[off] = '\0';
	utimensat(AT_FDCWD, path, NULL, 0);	/* used now: the last to go */
	*text = buf;
	*len = off;
	return 0;
}

struct entry {
	char name[SPECCACHE_HASH_LEN + 8];
	time_t used;
	off_t size;
};

static int
by_use(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return (x->used > y->used) - (x->used < y->used);
}

void
speccache_trim(const char *dir, unsigned long long max)
{
	DIR *d = opendir(dir);
	struct entry *e = NULL;
	size_t n = 0, cap = 0;
	unsigned long long total = 0;
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;

		if (strlen(de->d_name) != SPECCACHE_HASH_LEN + 5 || de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (n == cap) {
			struct entry *m = realloc(e, (cap = cap ? cap * 2 : 64) * sizeof(*e));

			if (m == NULL)
				break;
			e = m;
		}
		snprintf(e[n].name, sizeof(e[n].name), "%s", de->d_name);
		e[n].used = st.st_mtime;
		e[n].size = st.st_size;
		total += (unsigned long long)st.st_size;
		n++;
	}
	closedir(d);
	qsort(e, n, sizeof(*e), by_use);
	for (size_t i = 0; i < n && total > max; i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dir, e[i].name);
		if (unlink(path) == 0)
			total -= (unsigned long long)e[i].size;
	}
	free(e);
}
