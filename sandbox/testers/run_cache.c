/*
 * run_cache.c - the run tester's compiled boxes, shared on the host's
 * disk; see run_cache.h. Trees are walked with nftw(3) (no recursion of
 * our own): its callbacks take no user data, so the walk's state is this
 * thread's (copy_walk).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "sandbox/testers/run_cache.h"
#include "sandbox/util/file.h"

/* A temporary entry (being written, or being removed) left this long by a
 * process that died is removed by the next run_cache_put(). */
#define RUN_CACHE_STALE_S 3600

/* The copy under way in this thread: from the tree SRC (SRCLEN bytes) into
 * the directory DST. */
struct copy_walk {
	size_t srclen;
	int dst;
	size_t files, bytes;
	int unfit;		/* a link, a special file, too many, too large, too deep */
};

static __thread struct copy_walk *walk;

/* A path into BUF (SIZE bytes) by FMT. 0, or -1 (ENAMETOOLONG) when it
 * does not fit. */
static int __attribute__((format(printf, 3, 4)))
pathf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
run_cache_key_make(const char *language, const json_t *options, const char *code,
    size_t len, struct run_cache_key *k)
{
	json_t *o = json_deep_copy(options), *key = NULL;
	uint64_t h = 0xcbf29ce484222325ULL;

	memset(k, 0, sizeof(*k));
	if (o != NULL) {
		(void)json_object_del(o, "run");
		(void)json_object_del(o, "input");
		key = json_pack("{s:s, s:s%, s:O}", "language", language, "code",
		    code != NULL ? code : "", code != NULL ? len : 0, "options", o);
	}
	if (key != NULL)
		k->text = json_dumps(key, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_decref(o);
	json_decref(key);
	if (k->text == NULL)
		return -1;
	k->len = strlen(k->text);
	for (size_t i = 0; i < k->len; i++)
		h = (h ^ (unsigned char)k->text[i]) * 0x100000001b3ULL;
	snprintf(k->name, sizeof(k->name), "%016llx", (unsigned long long)h);
	return 0;
}

void
run_cache_key_free(struct run_cache_key *k)
{
	free(k->text);
	memset(k, 0, sizeof(*k));
}

/* Copies the regular file PATH (ST) to REL under the walk's DST. 0, or an
 * errno value. */
static int
copy_file(const char *path, const struct stat *st, const char *rel)
{
	mode_t mode = (st->st_mode & 0111) ? 0755 : 0644;
	int in = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), out = -1, e = 0;
	char buf[65536];
	ssize_t n;

	if (in == -1)
		return errno;
	if ((out = openat(walk->dst, rel, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, mode)) == -1 || fchmod(out, mode) == -1)
		e = errno;
	while (e == 0 && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n == -1) {
			if (errno != EINTR)
				e = errno;
			continue;
		}
		if ((walk->bytes += (size_t)n) > RUN_CACHE_BYTES) {
			walk->unfit = 1;
			e = EFBIG;
		}
		for (ssize_t off = 0; e == 0 && off < n; ) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));

			if (w == -1 && errno != EINTR)
				e = errno;
			off += w > 0 ? w : 0;
		}
	}
	close(in);
	if (out != -1 && close(out) == -1 && e == 0)
		e = errno;
	return e;
}

/* nftw: one entry of the tree being copied (pre-order: a directory before
 * what it holds). */
static int
copy_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	const char *rel = path + walk->srclen;

	if (f->level == 0)
		return 0;
	rel += *rel == '/';
	if (f->level > RUN_CACHE_DEPTH || ++walk->files > RUN_CACHE_FILES) {
		walk->unfit = 1;
		return EMLINK;
	}
	if (type == FTW_D)
		return mkdirat(walk->dst, rel, 0755) == -1 ? errno : 0;
	if (type == FTW_F && S_ISREG(st->st_mode))
		return copy_file(path, st, rel);
	walk->unfit = 1;	/* a link, a device, a directory it cannot read */
	return EPERM;
}

/* Copies the tree SRC into the existing directory DST. 0; 1 when the tree
 * is not fit to keep; or -1 (errno set). */
static int
copy_tree(const char *src, const char *dst)
{
	struct copy_walk w = { .srclen = strlen(src), .dst = -1 };
	int e;

	if ((w.dst = open(dst, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	walk = &w;
	e = nftw(src, copy_one, 16, FTW_PHYS | FTW_MOUNT);
	walk = NULL;
	close(w.dst);
	if (w.unfit)
		return 1;
	if (e != 0) {
		errno = e == -1 ? errno : e;
		return -1;
	}
	return 0;
}

static int
remove_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	return remove(path) == -1 && errno != ENOENT ? errno : 0;
}

/* Removes the tree PATH (never following links nor crossing mounts); a
 * missing one is fine. 0, or -1 (errno set). */
static int
remove_tree(const char *path)
{
	struct stat st;
	int e;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if ((e = nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT)) > 0)
		errno = e;
	return e == 0 ? 0 : -1;
}

int
run_cache_get(const char *box_root, const struct run_cache_key *k, const char *box)
{
	char path[4096];
	char *text = NULL;
	size_t len = 0;
	int same, rc;

	if (pathf(path, sizeof(path), "%s/" RUN_CACHE_DIR "/%s/key", box_root, k->name) == -1 ||
	    file_read(path, &text, &len) == -1)
		return 0;
	same = len == k->len && memcmp(text, k->text, len) == 0;
	free(text);
	if (!same)
		return 0;
	if (pathf(path, sizeof(path), "%s/" RUN_CACHE_DIR "/%s", box_root, k->name) == -1)
		return 0;
	(void)utimensat(AT_FDCWD, path, NULL, 0);	/* used: the last to go */
	rc = pathf(path, sizeof(path), "%s/" RUN_CACHE_DIR "/%s/box", box_root, k->name) == -1 ?
	    0 : copy_tree(path, box);
	return rc == 0 ? 1 : -1;
}

/* Is NAME an entry's (16 hex digits)? */
static int
entry_name(const char *name)
{
	size_t n = strspn(name, "0123456789abcdef");

	return n == 16 && name[n] == '\0';
}

/* Removes DIR's entry NAME: renamed first, so that no lookup starts on it. */
static void
entry_remove(const char *dir, const char *name)
{
	char from[4096], to[4096];
	static __thread unsigned n;

	if (pathf(from, sizeof(from), "%s/%s", dir, name) == 0 &&
	    pathf(to, sizeof(to), "%s/.old-%ld-%u", dir, (long)getpid(), n++) == 0 &&
	    rename(from, to) == 0)
		(void)remove_tree(to);
}

/*
 * Keeps at most RUN_CACHE_ENTRIES entries in DIR: removes the least
 * recently used past that, and temporary entries older than
 * RUN_CACHE_STALE_S.
 */
static void
evict(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char oldest[32] = "", path[4096];
	time_t old = 0, now = time(NULL);
	size_t n = 0;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			continue;
		if (e->d_name[0] == '.' && e->d_name[1] != '\0' && e->d_name[1] != '.' &&
		    st.st_mtime < now - RUN_CACHE_STALE_S) {
			if (pathf(path, sizeof(path), "%s/%s", dir, e->d_name) == 0)
				(void)remove_tree(path);
		} else if (entry_name(e->d_name)) {
			if (n++ == 0 || st.st_mtime < old) {
				old = st.st_mtime;
				memcpy(oldest, e->d_name, 17);
			}
		}
	}
	closedir(d);
	if (n > RUN_CACHE_ENTRIES && oldest[0] != '\0')
		entry_remove(dir, oldest);
}

/* Writes K's text to DIR/key. 0, or -1 (errno set). */
static int
write_key(const char *dir, const struct run_cache_key *k)
{
	char path[4096];
	size_t off = 0;
	int fd, e = 0;

	if (pathf(path, sizeof(path), "%s/key", dir) == -1 || (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1)
		return -1;
	while (e == 0 && off < k->len) {
		ssize_t w = write(fd, k->text + off, k->len - off);

		if (w == -1 && errno != EINTR)
			e = errno;
		off += w > 0 ? (size_t)w : 0;
	}
	if (close(fd) == -1 && e == 0)
		e = errno;
	errno = e;
	return e == 0 ? 0 : -1;
}

int
run_cache_put(const char *box_root, const struct run_cache_key *k, const char *box)
{
	static __thread unsigned seq;
	char dir[4096], tmp[4096], sub[4096], name[4096];
	int rc = -1, e = 0;

	if (pathf(dir, sizeof(dir), "%s/" RUN_CACHE_DIR, box_root) == -1 ||
	    pathf(tmp, sizeof(tmp), "%s/.new-%ld-%u", dir, (long)getpid(), seq++) == -1 ||
	    pathf(sub, sizeof(sub), "%s/box", tmp) == -1 ||
	    pathf(name, sizeof(name), "%s/%s", dir, k->name) == -1)
		return -1;
	if ((mkdir(dir, 0700) == -1 && errno != EEXIST) || mkdir(tmp, 0700) == -1)
		return -1;
	if (mkdir(sub, 0755) == -1 || write_key(tmp, k) == -1 ||
	    (rc = copy_tree(box, sub)) == -1) {
		e = errno;
		rc = -1;
	} else if (rc == 1) {
		rc = 0;		/* not fit to keep */
	} else if (rename(tmp, name) == -1) {
		if (errno == EEXIST || errno == ENOTEMPTY)
			rc = 0;	/* kept already (or another key's: two misses) */
		else
			e = errno, rc = -1;
	} else {
		rc = 1;
	}
	if (rc != 1)
		(void)remove_tree(tmp);
	evict(dir);
	errno = e;
	return rc;
}

int
run_cache_clear(const char *box_root)
{
	char dir[4096];

	return pathf(dir, sizeof(dir), "%s/" RUN_CACHE_DIR, box_root) == -1 ? -1 :
	    remove_tree(dir);
}
