/*
 * jail_box.c - boxes: the scratch directory of a grading, held under its
 * slot's lock (jail_box_create(), jail_box_put(), jail_box_free()); and
 * the cells kept between gradings, a freed box's cell waiting for the
 * slot's next box in the same thread (jail_box_run()). A writable run
 * borrows the box's directory (jail_sup_lend_box()).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "sandbox/jail/jail.h"
#include "sandbox/jail/jail_impl.h"
#include "sandbox/util/errmsg.h"
#include "sandbox/util/file.h"


static int
jail_box_remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	if (remove(path) == -1 && errno != ENOENT)
		return errno;
	return 0;
}



static int
jail_box_mkdir_p(char *path, mode_t mode)
{
	for (char *p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) == -1 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, mode) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

/* Removes PATH and everything in it, never following symbolic links nor
 * crossing mounts. A missing PATH is fine. Returns 0 or an errno value. */
static int
jail_box_tree_remove(const char *path)
{
	struct stat st;
	int e;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : errno;
	e = nftw(path, jail_box_remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	return e == -1 ? errno : e;
}

/* Is PATH a directory (not a link to one) of root's, mode 0755, with
 * nothing in it? Only a tmpfs box keeps one, and its tmpfs covers it: what
 * a run did to a directory it was lent never reaches the next box. */
static int
jail_box_is_empty(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int n = 0;

	if (lstat(path, &st) == -1 || !S_ISDIR(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & 07777) != 0755 || (d = opendir(path)) == NULL)
		return 0;
	while (n == 0 && (e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n == 0;
}

/* jail_box_create(); with KEEP_EMPTY, an empty directory of root's (mode
 * 0755) already there is the box's (a tmpfs box's mount point). */
static int
jail_box_make(const char *root, unsigned slot, int keep_empty, struct jail_box **out,
    char *err, size_t errlen)
{
	struct jail_box *b = NULL;
	char *dir = NULL, *real = NULL, *lock = NULL;
	const char *base;
	int e, rc = -1;

	*out = NULL;
	if ((b = calloc(1, sizeof(*b))) == NULL || (dir = strdup(root)) == NULL)
		goto nomem;
	b->lockfd = -1;
	if (dir[0] != '\0' && jail_box_mkdir_p(dir, 0700) == -1) {
		errmsg_set(err, errlen, "jail: creating %s: %s", root, strerror(errno));
		goto out;
	}
	if ((real = realpath(root, NULL)) == NULL) {
		errmsg_set(err, errlen, "jail: %s: %s", root, strerror(errno));
		goto out;
	}
	base = strcmp(real, "/") == 0 ? "" : real;
	if (asprintf(&b->path, "%s/box-%u", base, slot) == -1) {
		b->path = NULL;
		goto nomem;
	}
	if (asprintf(&lock, "%s/box-%u.lock", base, slot) == -1) {
		lock = NULL;
		goto nomem;
	}
	/* Two graders on one slot would remove each other's boxes and share
	 * a uid (and its process count): refuse, loudly. */
	if ((b->lockfd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1) {
		errmsg_set(err, errlen, "jail: %s: %s", lock, strerror(errno));
		goto out;
	}
	if (flock(b->lockfd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			errmsg_set(err, errlen, "jail: slot %u of %s is in use by"
			    " another grader", slot, real);
		else
			errmsg_set(err, errlen, "jail: flock %s: %s", lock,
			    strerror(errno));
		goto out;
	}
	/* What a crashed grader of this slot left; an empty directory (a tmpfs
	 * box's mount point, left for the next box) stays. */
	if (!(keep_empty && jail_box_is_empty(b->path)) &&
	    (e = jail_box_tree_remove(b->path)) != 0) {
		errmsg_set(err, errlen, "jail: removing the old box %s: %s", b->path,
		    strerror(e));
		goto out;
	}
	if ((mkdir(b->path, 0755) == -1 && (errno != EEXIST || !keep_empty ||
	    !jail_box_is_empty(b->path))) ||
	    chown(b->path, 0, 0) == -1 || chmod(b->path, 0755) == -1) {
		errmsg_set(err, errlen, "jail: creating the box %s: %s", b->path,
		    strerror(errno));
		goto out;
	}
	*out = b;
	b = NULL;
	rc = 0;
	goto out;
nomem:
	errmsg_set(err, errlen, "jail: out of memory");
out:
	if (b != NULL) {
		if (b->lockfd != -1)
			close(b->lockfd);
		free(b->path);
		free(b);
	}
	free(dir);
	free(real);
	free(lock);
	return rc;
}

int
jail_box_create(const char *root, unsigned slot, struct jail_box **out,
    char *err, size_t errlen)
{
	return jail_box_make(root, slot, 0, out, err, errlen);
}

/* An nftw callback: everything below the tree's top, not the top. */
static int
jail_box_empty_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return ftw->level == 0 ? 0 : jail_box_remove_one(path, st, type, ftw);
}

/* This process's own mount namespace, once (jail_box_create_tmpfs()): 0,
 * or an errno value, the same on every later call. */
static int
jail_box_own_mounts(void)
{
	static int done, e;

	if (!done) {
		done = 1;
		if (unshare(CLONE_NEWNS) == -1 ||
		    mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) == -1)
			e = errno;
	}
	return e;
}

int
jail_box_create_tmpfs(const char *root, unsigned slot, unsigned long size_kib,
    unsigned long inodes, struct jail_box **out, char *err, size_t errlen)
{
	char opts[96];
	int e;

	if (jail_box_make(root, slot, 1, out, err, errlen) == -1)
		return -1;
	snprintf(opts, sizeof(opts), "size=%luk,nr_inodes=%lu,mode=0755", size_kib, inodes);
	if ((e = jail_box_own_mounts()) != 0)
		errmsg_set(err, errlen, "jail: a mount namespace of its own for the box's"
		    " tmpfs: %s", strerror(e));
	else if (mount("assay-box", (*out)->path, "tmpfs", MS_NOSUID | MS_NODEV, opts) == -1)
		errmsg_set(err, errlen, "jail: a tmpfs on %s: %s", (*out)->path,
		    strerror(e = errno));
	if (e != 0) {
		(void)jail_box_free(*out, NULL, 0);
		*out = NULL;
		return -1;
	}
	(*out)->tmpfs = 1;
	return 0;
}

int
jail_box_put(const struct jail_box *box, const char *name, const void *data,
    size_t len, mode_t mode, char *err, size_t errlen)
{
	int dfd, rc = -1, e;

	if (name[0] == '\0' || strchr(name, '/') != NULL) {
		errmsg_set(err, errlen, "jail: bad file name \"%s\"", name);
		return -1;
	}
	if ((dfd = open(box->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		rc = file_write_new(dfd, name, mode, data, len);
		e = errno;
		close(dfd);
		errno = e;
	}
	if (rc == -1)
		errmsg_set(err, errlen, "jail: writing %s/%s: %s", box->path, name,
		    strerror(errno));
	return rc;
}

int
jail_box_remove(const struct jail_box *box, const char *name, char **data,
    size_t *len, char *err, size_t errlen)
{
	int dfd = -1, fd = -1, rc = -1;
	struct stat st;
	char *buf = NULL;
	size_t off = 0;

	if (data != NULL)
		*data = NULL;
	if (name[0] == '\0' || strchr(name, '/') != NULL) {
		errmsg_set(err, errlen, "jail: bad file name \"%s\"", name);
		return -1;
	}
	if ((dfd = open(box->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		goto err;
	if (data != NULL) {
		if ((fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
		    fstat(fd, &st) == -1)
			goto err;
		if (!S_ISREG(st.st_mode) || st.st_size > JAIL_BOX_TAKE_MAX) {
			errno = EFBIG;
			goto err;
		}
		if ((buf = malloc((size_t)st.st_size + 1)) == NULL)
			goto err;
		while (off < (size_t)st.st_size) {
			ssize_t n = read(fd, buf + off, (size_t)st.st_size - off);

			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0)
				goto err;
			off += (size_t)n;
		}
		buf[off] = '\0';
	}
	if (unlinkat(dfd, name, 0) == -1 && !(data == NULL && errno == ENOENT))
		goto err;
	if (data != NULL) {
		*data = buf;
		*len = off;
		buf = NULL;
	}
	rc = 0;
	goto out;
err:
	errmsg_set(err, errlen, "jail: taking %s/%s: %s", box->path, name,
	    strerror(errno));
out:
	free(buf);
	if (fd != -1)
		close(fd);
	if (dfd != -1)
		close(dfd);
	return rc;
}

/*
 * Cells kept between gradings. A grader grades its submissions one after
 * another in boxes of the same path: when a box is freed, its cell is
 * kept here, and the next box of the same path, uid and gid, in the same
 * thread (the init's parent-death signal belongs to the thread that made
 * it), takes it over, saving the building and the tearing down of a jail
 * per grading. What a run leaves is gone before the next run, whoever's it
 * is (jail.h); the new box is brought to the init with the next run. The
 * cells left at exit are closed then (their cgroups removed).
 */
#define MAX_KEPT 4

static struct jail_cell *kept[MAX_KEPT];
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;

static void
jail_box_kept_close_all(void)
{
	/* Held by another thread (or, in a forked child, by a thread of the
	 * parent): nothing to do that cannot wait for the kernel. */
	if (pthread_mutex_trylock(&kept_lock) != 0)
		return;
	for (int i = 0; i < MAX_KEPT; i++)
		/* A forked child's exit leaves its parent's cells alone. */
		if (kept[i] != NULL && kept[i]->owner_pid == getpid()) {
			jail_cell_close(kept[i]);
			kept[i] = NULL;
		}
	pthread_mutex_unlock(&kept_lock);
}

static void
jail_box_kept_init(void)
{
	(void)atexit(jail_box_kept_close_all);
}

/* Closes the kept cells of this process whose init is gone (its
 * thread ended: the parent-death signal). Under kept_lock. */
static void
jail_box_kept_sweep(void)
{
	for (int i = 0; i < MAX_KEPT; i++)
		if (kept[i] != NULL && kept[i]->owner_pid == getpid() &&
		    !jail_cell_alive(kept[i])) {
			jail_cell_close(kept[i]);
			kept[i] = NULL;
		}
}

/* Parks S (the cell of a box being freed), or closes it. */
static void
jail_box_keep(struct jail_cell *s)
{
	if (s == NULL)
		return;
	pthread_once(&kept_once, jail_box_kept_init);
	pthread_mutex_lock(&kept_lock);
	jail_box_kept_sweep();
	if (jail_cell_alive(s) && s->owner_pid == getpid())
		for (int i = 0; i < MAX_KEPT; i++)
			if (kept[i] == NULL) {
				kept[i] = s;
				s = NULL;
				break;
			}
	pthread_mutex_unlock(&kept_lock);
	jail_cell_close(s);
}

/* The kept cell for BOX, UID and GID of this thread, or NULL. */
static struct jail_cell *
jail_box_take_kept(const char *box, uid_t uid, gid_t gid)
{
	struct jail_cell *s = NULL, *dead = NULL;

	pthread_mutex_lock(&kept_lock);
	jail_box_kept_sweep();
	for (int i = 0; i < MAX_KEPT && s == NULL; i++) {
		struct jail_cell *p = kept[i];

		if (p == NULL || p->owner_pid != getpid() || p->owner_tid != gettid() ||
		    p->uid != uid || p->gid != gid || strcmp(p->box, box) != 0)
			continue;
		kept[i] = NULL;
		if (jail_cell_alive(p))
			s = p;
		else
			dead = p;
	}
	pthread_mutex_unlock(&kept_lock);
	jail_cell_close(dead);
	if (s != NULL)
		s->new_box = 1;
	return s;
}

int
jail_box_run(struct jail_box *box, const struct jail_config *cfg,
    struct jail_result *res, char *err, size_t errlen)
{
	memset(res, 0, sizeof(*res));
	res->code = -1;
	if (jail_check_config(cfg, err, errlen) == -1)
		return -1;
	if (box->cell == NULL &&
	    (box->cell = jail_box_take_kept(box->path, cfg->uid, cfg->gid)) != NULL) {
		int started;

		if (jail_cell_run(box->cell, cfg, res, err, errlen) == 0)
			return 0;
		started = box->cell->started;
		jail_cell_close(box->cell);
		box->cell = NULL;
		/* A kept cell that failed before the program could start
		 * (its init gone): once more in a new one. After, the failure
		 * is the run's. */
		if (started)
			return -1;
		jail_result_clear(res);
	}
	if (box->cell == NULL && jail_cell_open(box->path, cfg->uid,
	    cfg->gid, &box->cell, err, errlen) == -1)
		return -1;
	if (jail_cell_run(box->cell, cfg, res, err, errlen) == 0)
		return 0;
	jail_cell_close(box->cell);
	box->cell = NULL;
	return -1;
}

int
jail_box_free(struct jail_box *box, char *err, size_t errlen)
{
	int e;

	if (box == NULL)
		return 0;
	e = 0;
	/* A tmpfs is emptied first: the kept init's copy of the mount holds
	 * it (and would hold its pages) until the slot's next box. If it
	 * cannot be (a path too long for nftw), the cell goes instead of
	 * being kept, and the tmpfs with it. */
	if (box->tmpfs && nftw(box->path, jail_box_empty_one, 16, FTW_DEPTH | FTW_PHYS |
	    FTW_MOUNT) != 0) {
		e = errno != 0 ? errno : EIO;
		jail_cell_close(box->cell);
	} else {
		/* Kept for the slot's next box: the init's copy of this one's
		 * mount does not keep the directory from going. */
		jail_box_keep(box->cell);
	}
	box->cell = NULL;
	/* A tmpfs's mount point stays for the slot's next box: an ext4
	 * directory made and removed with each grading costs more than the
	 * grading's own files (its inode search). */
	if (box->tmpfs) {
		if (umount2(box->path, MNT_DETACH) == -1 && e == 0)
			e = errno;
	} else {
		e = jail_box_tree_remove(box->path);
	}
	if (e != 0)
		errmsg_set(err, errlen, "jail: removing %s: %s", box->path, strerror(e));
	close(box->lockfd);
	free(box->path);
	free(box);
	return e != 0 ? -1 : 0;
}
