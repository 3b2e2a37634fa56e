/*
 * run_cache.c - the run tester's compiled boxes, shared on the host's
 * disk; see run_cache.h. An entry is one file (one inode made and one
 * removed per entry: on ext4 each new inode searches past the recently
 * removed ones, which costs more than the copy):
 *
 *   ASSAYRC1\n KEYLEN\n KEY, then per directory "d MODE PATH\n" and per
 *   file "f MODE SIZE PATH\n" and its SIZE bytes, a directory before what
 *   it holds (MODE octal, within 0755 as the jail's reclaim leaves it;
 *   PATH relative to the box, no "." or ".." part, no newline; one space
 *   between fields, so a name may begin with one).
 *
 * The box is packed by walking it with nftw(3) (no recursion of our own):
 * its callbacks take no user data, so the walk's state is this thread's
 * (pack_walk). An entry is read back with every length and path checked
 * (only root writes them, but a path must never leave the box).
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
#include "sandbox/util/b64.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/file.h"

/* A temporary entry (being written, or being removed) left this long by a
 * process that died is removed by the next run_cache_put(). */
#define RUN_CACHE_STALE_S 3600

/* The packing under way in this thread: the box (its path's length) into
 * OUT. */
struct pack_walk {
	size_t srclen;
	struct buf *out;
	size_t files;
	int unfit;		/* a link, a special file, too many, too large, too deep */
};

static __thread struct pack_walk *walk;

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
		/* base64: code of any bytes, valid UTF-8 or not */
		char *b64 = b64_encode(code != NULL ? code : "", code != NULL ? len : 0, NULL);

		key = b64 ? json_pack("{s:s, s:s, s:O}", "language", language, "code", b64,
		    "options", o) : NULL;
		free(b64);
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

#define MAGIC "ASSAYRC1\n"

/* Appends the regular file PATH (ST) to the walk's pack as REL. 0, or an
 * errno value. */
static int
pack_file(const char *path, const struct stat *st, const char *rel)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), e = 0;
	size_t start, want = (size_t)st->st_size, got = 0;
	ssize_t n;

	if (fd == -1)
		return errno;
	if (walk->out->len + want > RUN_CACHE_BYTES) {
		walk->unfit = 1;
		close(fd);
		return EFBIG;
	}
	buf_printf(walk->out, "f %o %zu %s\n", (unsigned)(st->st_mode & 0755), want, rel);
	start = walk->out->len;
	if (buf_grow(walk->out, want) == -1)
		e = ENOMEM;
	while (e == 0 && got < want && (n = read(fd, walk->out->data + start + got,
	    want - got)) != 0) {
		if (n == -1 && errno != EINTR)
			e = errno;
		got += n > 0 ? (size_t)n : 0;
	}
	close(fd);
	if (e == 0 && got != want)
		e = EAGAIN;	/* changed under us: not kept */
	walk->out->len = start + got;
	return e;
}

/* nftw: one entry of the box being packed (pre-order: a directory before
 * what it holds). */
static int
pack_one(const char *path, const struct stat *st, int type, struct FTW *f)
{
	const char *rel = path + walk->srclen;

	if (f->level == 0)
		return 0;
	rel += *rel == '/';
	if (f->level > RUN_CACHE_DEPTH || ++walk->files > RUN_CACHE_FILES ||
	    strchr(rel, '\n') != NULL) {
		walk->unfit = 1;
		return EMLINK;
	}
	if (type == FTW_D) {
		buf_printf(walk->out, "d %o %s\n", (unsigned)(st->st_mode & 0755), rel);
		return 0;
	}
	if (type == FTW_F && S_ISREG(st->st_mode))
		return pack_file(path, st, rel);
	walk->unfit = 1;	/* a link, a device, a directory it cannot read */
	return EPERM;
}

/* Packs the box BOX after MAGIC and K into OUT. 0; 1 when the box is not
 * fit to keep; or -1 (errno set). */
static int
pack(const char *box, const struct run_cache_key *k, struct buf *out)
{
	struct pack_walk w = { .srclen = strlen(box), .out = out };
	int e;

	buf_printf(out, MAGIC "%zu\n", k->len);
	buf_add(out, k->text, k->len);
	walk = &w;
	e = nftw(box, pack_one, 16, FTW_PHYS | FTW_MOUNT);
	walk = NULL;
	if (w.unfit)
		return 1;
	if (e != 0 || out->oom) {
		errno = out->oom ? ENOMEM : e == -1 ? errno : e;
		return -1;
	}
	return 0;
}

/* Is REL a path fit for the box: relative, parts neither empty nor "." nor
 * "..", at most RUN_CACHE_DEPTH of them? */
static int
fit_path(const char *rel)
{
	int parts = 0;

	if (*rel == '\0')
		return 0;
	for (const char *p = rel; *p != '\0'; parts++) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n + (p[n] == '/');
	}
	return parts <= RUN_CACHE_DEPTH;
}


/*
 * One record's head LINE: its kind ('d' or 'f') into *KIND, MODE, SIZE
 * (files) and the path into *REL. 0, or -1 when it is not well made.
 */
static int
record_head(char *line, int *kind, mode_t *mode, size_t *size, char **rel)
{
	char *p = line + 2, *q;
	unsigned long m;

	if ((line[0] != 'd' && line[0] != 'f') || line[1] != ' ' || *p < '0' || *p > '7')
		return -1;
	*kind = line[0];
	m = strtoul(p, &q, 8);
	if (*q != ' ' || (m & ~0755UL) != 0)
		return -1;
	*mode = (mode_t)m;
	*size = 0;
	if (*kind == 'f') {
		p = q + 1;
		if (*p < '0' || *p > '9')
			return -1;
		errno = 0;
		*size = strtoul(p, &q, 10);
		if (errno != 0 || *q != ' ')
			return -1;
	}
	*rel = q + 1;
	return fit_path(*rel) ? 0 : -1;
}

/* Unpacks the records at P (up to END) into the directory BOX. 0, or -1
 * (errno set; EINVAL for an entry that is not well made). */
static int
unpack(const char *p, const char *end, const char *box)
{
	int dir = open(box, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), rc = 0;

	if (dir == -1)
		return -1;
	while (rc == 0 && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char line[4200], *rel;
		size_t size;
		mode_t mode;
		int kind;

		if (nl == NULL || (size_t)(nl - p) >= sizeof(line)) {
			errno = EINVAL;
			rc = -1;
			break;
		}
		memcpy(line, p, (size_t)(nl - p));
		line[nl - p] = '\0';
		p = nl + 1;
		if (record_head(line, &kind, &mode, &size, &rel) == -1 ||
		    size > (size_t)(end - p)) {
			errno = EINVAL;
			rc = -1;
		} else if (kind == 'd') {
			rc = mkdirat(dir, rel, 0700) == -1 || fchmodat(dir, rel, mode, 0) == -1 ?
			    -1 : 0;
		} else {
			rc = file_write_new(dir, rel, mode, p, size);
			p += size;
		}
	}
	close(dir);
	return rc;
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
	char path[4096], head[64];
	char *text = NULL;
	size_t len = 0;
	int n = 0, rc;

	if (pathf(path, sizeof(path), "%s/" RUN_CACHE_DIR "/%s", box_root, k->name) == -1 ||
	    file_read(path, &text, &len) == -1)
		return 0;
	snprintf(head, sizeof(head), MAGIC "%zu\n%n", k->len, &n);
	if (len < (size_t)n + k->len || memcmp(text, head, (size_t)n) != 0 ||
	    memcmp(text + n, k->text, k->len) != 0) {
		free(text);
		return 0;
	}
	rc = unpack(text + n + k->len, text + len, box);
	free(text);
	if (rc == 0)
		(void)utimensat(AT_FDCWD, path, NULL, 0);	/* used: the last to go */
	else if (errno == EINVAL)
		(void)unlink(path);	/* not well made: made again by the next compile */
	return rc == 0 ? 1 : -1;
}

/* Is NAME an entry's (16 hex digits)? */
static int
entry_name(const char *name)
{
	size_t n = strspn(name, "0123456789abcdef");

	return n == 16 && name[n] == '\0';
}

/* Removes DIR's entry NAME (a lookup that read it has it whole). */
static void
entry_remove(const char *dir, const char *name)
{
	char path[4096];

	if (pathf(path, sizeof(path), "%s/%s", dir, name) == 0)
		(void)unlink(path);
}

/* An entry seen by evict(): its name and when it was last used. */
struct seen {
	char name[17];
	struct timespec used;
};

static int
older(const void *a, const void *b)
{
	const struct timespec *x = &((const struct seen *)a)->used;
	const struct timespec *y = &((const struct seen *)b)->used;

	if (x->tv_sec != y->tv_sec)
		return x->tv_sec < y->tv_sec ? -1 : 1;
	return x->tv_nsec < y->tv_nsec ? -1 : x->tv_nsec > y->tv_nsec;
}

/*
 * Keeps at most RUN_CACHE_ENTRIES entries in DIR: removes the least
 * recently used past that (all of them, so that two processes keeping
 * entries at once never leave more), and temporary files older than
 * RUN_CACHE_STALE_S.
 */
static void
evict(const char *dir)
{
	static __thread struct seen all[RUN_CACHE_ENTRIES * 4];
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	time_t now = time(NULL);
	size_t n = 0;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (strncmp(e->d_name, ".new-", 5) == 0 && st.st_mtime < now - RUN_CACHE_STALE_S &&
		    pathf(path, sizeof(path), "%s/%s", dir, e->d_name) == 0)
			(void)unlink(path);
		else if (entry_name(e->d_name) && n < sizeof(all) / sizeof(*all)) {
			memcpy(all[n].name, e->d_name, sizeof(all[n].name));
			all[n++].used = st.st_mtim;
		}
	}
	closedir(d);
	if (n <= RUN_CACHE_ENTRIES)
		return;
	qsort(all, n, sizeof(*all), older);
	for (size_t i = 0; i < n - RUN_CACHE_ENTRIES; i++)
		entry_remove(dir, all[i].name);
}


int
run_cache_put(const char *box_root, const struct run_cache_key *k, const char *box)
{
	static __thread unsigned seq;
	char dir[4096], tmp[4096], name[4096];
	struct buf b = BUF_INIT;
	int rc, e = 0;

	if (pathf(dir, sizeof(dir), "%s/" RUN_CACHE_DIR, box_root) == -1 ||
	    pathf(tmp, sizeof(tmp), "%s/.new-%ld-%u", dir, (long)getpid(), seq++) == -1 ||
	    pathf(name, sizeof(name), "%s/%s", dir, k->name) == -1)
		return -1;
	if ((rc = pack(box, k, &b)) == 1) {
		buf_free(&b);
		return 0;	/* not fit to keep */
	}
	if (rc == -1 || (mkdir(dir, 0700) == -1 && errno != EEXIST) ||
	    file_write_new(AT_FDCWD, tmp, 0600, b.data, b.len) == -1) {
		e = errno;
		rc = -1;
	} else if (link(tmp, name) == -1) {
		/* Kept already (or another key's: two misses); link, unlike
		 * rename, never replaces an entry that a lookup may be using. */
		rc = errno == EEXIST ? 0 : -1;
		e = rc == -1 ? errno : 0;
	} else {
		rc = 1;
	}
	(void)unlink(tmp);
	buf_free(&b);
	if (rc == 1)
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
