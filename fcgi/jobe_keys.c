/* jobe_keys.c - the Jobe API's keys and token buckets; see jobe_keys.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fcgi/jobe_keys.h"

struct jobe_key {
	char key[JOBE_KEY_MAX + 1];
	long rate;
};

struct jobe_keys {
	struct jobe_key *list;
	size_t n;
};

/* The address's part of a bucket's file name, hex-encoded: 2 x 48 + 1 + 2 x 64 < NAME_MAX. */
#define ADDRESS_MAX 48	/* an IPv6 address has at most 45 */

static int
add_key(struct jobe_keys *k, const char *key, size_t keylen, long rate)
{
	struct jobe_key *list;

	list = realloc(k->list, (k->n + 1) * sizeof(*list));
	if (list == NULL)
		return -1;
	k->list = list;
	memcpy(list[k->n].key, key, keylen);
	list[k->n].key[keylen] = '\0';
	list[k->n].rate = rate;
	k->n++;
	return 0;
}

/* Parses one line (no newline): 0 (added or blank), 1 malformed, 2 repeated, -1 ENOMEM. */
static int
parse_line(struct jobe_keys *k, const char *p, size_t len)
{
	size_t i = 0, start, keylen;
	long rate = 0, dummy;
	int digits = 0;

	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
		i++;
	if (i == len || p[i] == '#')
		return 0;
	for (start = i; i < len && p[i] > ' ' && p[i] < 0x7f; i++)
		;
	keylen = i - start;
	if (keylen == 0 || keylen > JOBE_KEY_MAX || i == len || (p[i] != ' ' && p[i] != '\t'))
		return 1;
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	for (; i < len && p[i] >= '0' && p[i] <= '9'; i++, digits++) {
		if (rate > 100000000)
			return 1;
		rate = rate * 10 + (p[i] - '0');
	}
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
		i++;
	if (digits == 0 || i != len)
		return 1;
	{
		char key[JOBE_KEY_MAX + 1];

		memcpy(key, p + start, keylen);
		key[keylen] = '\0';
		if (jobe_keys_find(k, key, &dummy))
			return 2;
	}
	return add_key(k, p + start, keylen, rate);
}

int
jobe_keys_parse(const char *text, size_t len, struct jobe_keys **keys, char *err, size_t errlen)
{
	struct jobe_keys *k = calloc(1, sizeof(*k));
	size_t pos = 0, line = 0;

	*keys = NULL;
	if (k == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		int rc;

		line++;
		rc = memchr(text + pos, '\0', end - pos) ? 1 : parse_line(k, text + pos, end - pos);
		if (rc) {
			if (rc < 0)
				snprintf(err, errlen, "out of memory");
			else
				snprintf(err, errlen, "line %zu: %s", line,
				    rc == 2 ? "a key given twice" : "not \"KEY RUNS_PER_HOUR\"");
			jobe_keys_free(k);
			return -1;
		}
		pos = end + 1;
	}
	*keys = k;
	return 0;
}

int
jobe_keys_load(const char *path, struct jobe_keys **keys, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t len = 0, cap = 0, r;
	int rc;

	*keys = NULL;
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - len < 4096) {
			char *t = cap > (1 << 20) ? NULL : realloc(text, cap + 4096);

			if (t == NULL) {
				snprintf(err, errlen, "%s: too large or out of memory", path);
				free(text);
				fclose(f);
				return -1;
			}
			text = t;
			cap += 4096;
		}
		r = fread(text + len, 1, cap - len, f);
		len += r;
	} while (r > 0);
	rc = ferror(f);
	fclose(f);
	if (rc) {
		snprintf(err, errlen, "%s: cannot be read", path);
		free(text);
		return -1;
	}
	rc = jobe_keys_parse(text, len, keys, err, errlen);
	free(text);
	return rc;
}

void
jobe_keys_free(struct jobe_keys *keys)
{
	if (keys == NULL)
		return;
	free(keys->list);
	free(keys);
}

size_t
jobe_keys_count(const struct jobe_keys *keys)
{
	return keys ? keys->n : 0;
}

int
jobe_keys_find(const struct jobe_keys *keys, const char *key, long *rate)
{
	if (keys == NULL || key == NULL)
		return 0;
	for (size_t i = 0; i < keys->n; i++)
		if (strcmp(keys->list[i].key, key) == 0) {
			*rate = keys->list[i].rate;
			return 1;
		}
	return 0;
}

static void
hex(char *out, const char *s, size_t max)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; s[i] != '\0' && i < max; i++) {
		*out++ = digits[(unsigned char)s[i] >> 4];
		*out++ = digits[(unsigned char)s[i] & 15];
	}
	*out = '\0';
}

/* Reads the bucket "tokens time" of FD; a new bucket (or a garbled one) is full. */
static void
bucket_read(int fd, long rate, double now, double *tokens, double *when)
{
	char buf[128];
	ssize_t r = pread(fd, buf, sizeof(buf) - 1, 0);

	*tokens = (double)rate;
	*when = now;
	if (r <= 0)
		return;
	buf[r] = '\0';
	if (sscanf(buf, "%lf %lf", tokens, when) != 2 || !(*tokens >= 0) || *tokens > (double)rate ||
	    !(*when <= now)) {
		*tokens = (double)rate;
		*when = now;
	}
}

int
jobe_keys_take(const char *dir, const char *address, const char *key, long rate, double now)
{
	char name[2 * ADDRESS_MAX + 2 * JOBE_KEY_MAX + 2], path[PATH_MAX], buf[128];
	double tokens, when;
	int fd, allowed, n, e;

	if (mkdir(dir, 0700) && errno != EEXIST)
		return -1;
	hex(name, address ? address : "", ADDRESS_MAX);
	strcat(name, "-");
	hex(name + strlen(name), key, JOBE_KEY_MAX);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	bucket_read(fd, rate, now, &tokens, &when);
	tokens += (now - when) * (double)rate / 3600.0;
	if (tokens > (double)rate)
		tokens = (double)rate;
	allowed = tokens >= 1.0;
	if (allowed)
		tokens -= 1.0;
	n = snprintf(buf, sizeof(buf), "%.6f %.6f\n", tokens, now);
	if (pwrite(fd, buf, (size_t)n, 0) != n || ftruncate(fd, n)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	close(fd);	/* releases the lock */
	return allowed;
}
