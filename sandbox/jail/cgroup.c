/* cgroup.c - the control groups of a run; see cgroup.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "sandbox/jail/cgroup.h"
#include "sandbox/util/errmsg.h"
#include "sandbox/util/file.h"

static struct cgroup_host host;
static pthread_once_t host_once = PTHREAD_ONCE_INIT;

static const char *const names[CGROUP_NCTL] = { "memory", "pids", "cpu" };

const char *
cgroup_ctl_name(int ctl)
{
	return ctl >= 0 && ctl < CGROUP_NCTL ? names[ctl] : "?";
}

/* Reads file DIR/NAME into BUF (LEN bytes, NUL-terminated). 0 or -1. */
static int
cgroup_read_file(const char *dir, const char *name, char *buf, size_t len)
{
	char path[700];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return file_read_small(path, buf, len);
}

/* Writes S to DIR/NAME. 0 or -1 with errno. */
static int
cgroup_write_file(const char *dir, const char *name, const char *s)
{
	char path[700];
	ssize_t n;
	int fd, e;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return -1;
	n = write(fd, s, strlen(s));
	e = errno;
	close(fd);
	errno = e;
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static int
cgroup_has_word(const char *list, const char *word, const char *seps)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || strchr(seps, p[-1])) &&
		    (p[n] == '\0' || strchr(seps, p[n])))
			return 1;
	return 0;
}

/* Undoes mountinfo's octal escapes (\040 for a space) in place. */
static void
cgroup_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else
			*d++ = *s++;
	}
	*d = '\0';
}

/*
 * The directory of our group PATH in the hierarchy whose mount matches
 * WANT: "cgroup2" (WANT NULL) or the v1 controller WANT. Returns 0 and the
 * directory in DIR, or -1.
 */
static int
cgroup_find_mount(const char *want, const char *path, char *dir, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	int found = -1;

	if (f == NULL)
		return -1;
	while (found == -1 && fgets(line, sizeof(line), f) != NULL) {
		char *root, *mnt, *sep, *fstype, *opts, *save = NULL;
		size_t rl;

		strtok_r(line, " ", &save);	/* id */
		strtok_r(NULL, " ", &save);	/* parent */
		strtok_r(NULL, " ", &save);	/* major:minor */
		root = strtok_r(NULL, " ", &save);
		mnt = strtok_r(NULL, " ", &save);
		while ((sep = strtok_r(NULL, " ", &save)) != NULL && strcmp(sep, "-") != 0)
			;
		fstype = strtok_r(NULL, " ", &save);
		strtok_r(NULL, " ", &save);	/* source */
		opts = strtok_r(NULL, " \n", &save);
		if (root == NULL || mnt == NULL || fstype == NULL || opts == NULL)
			continue;
		if (want == NULL ? strcmp(fstype, "cgroup2") != 0 :
		    strcmp(fstype, "cgroup") != 0 || !cgroup_has_word(opts, want, ","))
			continue;
		cgroup_unescape(root);
		cgroup_unescape(mnt);
		rl = strcmp(root, "/") == 0 ? 0 : strlen(root);
		if (strncmp(path, root, rl) != 0 || (path[rl] != '/' && path[rl] != '\0'))
			continue;
		snprintf(dir, len, "%s%s", mnt, strcmp(path + rl, "/") == 0 ? "" : path + rl);
		found = 0;
	}
	fclose(f);
	return found;
}

/* Can we create and remove a group under DIR? 0, or -1 with WHY. */
static int
cgroup_try_group(const char *dir, char *why, size_t len)
{
	char path[700];

	snprintf(path, sizeof(path), "%s/assay-probe-%ld", dir, (long)getpid());
	if (mkdir(path, 0755) == -1) {
		snprintf(why, len, "cannot create a group under %.180s: %s", dir, strerror(errno));
		return -1;
	}
	if (rmdir(path) == -1) {
		snprintf(why, len, "cannot remove %.180s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* v2: is controller NAME enabled for the children of DIR (or can it be)? */
static int
cgroup_v2_enable(const char *dir, const char *name, char *why, size_t len)
{
	char buf[512], cmd[32];

	if (cgroup_read_file(dir, "cgroup.controllers", buf, sizeof(buf)) == -1 ||
	    !cgroup_has_word(buf, name, " \n")) {
		snprintf(why, len, "the cgroup v2 group %.180s has no %s controller", dir, name);
		return -1;
	}
	if (cgroup_read_file(dir, "cgroup.subtree_control", buf, sizeof(buf)) == 0 &&
	    cgroup_has_word(buf, name, " \n"))
		return 0;
	snprintf(cmd, sizeof(cmd), "+%s", name);
	if (cgroup_write_file(dir, "cgroup.subtree_control", cmd) == -1) {
		/* EBUSY: the group has processes of its own (the "no internal
		 * processes" rule); the grader must run in a delegated group
		 * whose controllers are already enabled for its children. */
		snprintf(why, len, "cannot enable %s in %.160s/cgroup.subtree_control: %s",
		    name, dir, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Removes the groups of graders that are gone ("assay-PID-N" whose PID no
 * longer runs): a grader killed in the middle of a run leaves one. Its
 * processes died with it (the box's init has PR_SET_PDEATHSIG), so the
 * group is empty. Best effort.
 */
static void
cgroup_remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[800];
		long pid;

		if (sscanf(e->d_name, "assay-%ld-", &pid) != 1 || pid <= 0 ||
		    (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		(void)rmdir(path);
	}
	closedir(d);
}

static void
cgroup_probe_host(void)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[1024], v2path[512] = "", v1path[CGROUP_NCTL + 1][512];
	int have_v2 = 0;

	memset(v1path, 0, sizeof(v1path));
	for (int i = 0; i < CGROUP_NCTL; i++)
		snprintf(host.ctl[i].why, sizeof(host.ctl[i].why),
		    "no %s controller in /proc/self/cgroup", names[i]);
	if (f == NULL) {
		for (int i = 0; i < CGROUP_NCTL; i++)
			snprintf(host.ctl[i].why, sizeof(host.ctl[i].why),
			    "/proc/self/cgroup: %s", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *c1 = strchr(line, ':'), *c2, *nl;

		if (c1 == NULL || (c2 = strchr(c1 + 1, ':')) == NULL)
			continue;
		*c2 = '\0';
		if ((nl = strchr(c2 + 1, '\n')) != NULL)
			*nl = '\0';
		if (c1[1] == '\0') {
			snprintf(v2path, sizeof(v2path), "%s", c2 + 1);
			have_v2 = 1;
			continue;
		}
		for (int i = 0; i < CGROUP_NCTL; i++)
			if (cgroup_has_word(c1 + 1, names[i], ","))
				snprintf(v1path[i], sizeof(v1path[i]), "%s", c2 + 1);
		if (cgroup_has_word(c1 + 1, "cpuacct", ","))
			snprintf(v1path[CGROUP_NCTL], sizeof(v1path[0]), "%s", c2 + 1);
	}
	fclose(f);

	for (int i = 0; i < CGROUP_NCTL; i++) {
		struct cgroup_ctl *c = &host.ctl[i];
		char v2dir[512], why2[256] = "";

		/* cgroup v2 first, where the unified tree has the controller. */
		if (have_v2 && cgroup_find_mount(NULL, v2path, v2dir, sizeof(v2dir)) == 0) {
			if (cgroup_v2_enable(v2dir, names[i], why2, sizeof(why2)) == 0 &&
			    cgroup_try_group(v2dir, why2, sizeof(why2)) == 0) {
				c->version = 2;
				snprintf(c->dir, sizeof(c->dir), "%s", v2dir);
				snprintf(c->acct_dir, sizeof(c->acct_dir), "%s", v2dir);
				c->why[0] = '\0';
				continue;
			}
		}
		if (v1path[i][0] == '\0' ||
		    cgroup_find_mount(names[i], v1path[i], c->dir, sizeof(c->dir)) == -1) {
			snprintf(c->why, sizeof(c->why), "%s%sno %s controller in cgroup v1",
			    why2, why2[0] ? "; " : "", names[i]);
			c->dir[0] = '\0';
			continue;
		}
		if (i == CGROUP_CPU) {
			/* v1 counts CPU time in cpuacct, often co-mounted. */
			if (v1path[CGROUP_NCTL][0] == '\0' ||
			    cgroup_find_mount("cpuacct", v1path[CGROUP_NCTL], c->acct_dir,
			    sizeof(c->acct_dir)) == -1) {
				snprintf(c->why, sizeof(c->why), "no cpuacct controller in"
				    " cgroup v1 to count CPU time");
				continue;
			}
		}
		if (cgroup_try_group(c->dir, c->why, sizeof(c->why)) == -1 ||
		    (i == CGROUP_CPU && strcmp(c->acct_dir, c->dir) != 0 &&
		    cgroup_try_group(c->acct_dir, c->why, sizeof(c->why)) == -1))
			continue;
		c->version = 1;
		c->why[0] = '\0';
	}
	for (int i = 0; i < CGROUP_NCTL; i++)
		if (host.ctl[i].version != 0) {
			cgroup_remove_stale(host.ctl[i].dir);
			if (strcmp(host.ctl[i].acct_dir, host.ctl[i].dir) != 0)
				cgroup_remove_stale(host.ctl[i].acct_dir);
		}
}

const struct cgroup_host *
cgroup_probe(void)
{
	pthread_once(&host_once, cgroup_probe_host);
	return &host;
}

static int
cgroup_add_dir(struct cgroup_run *r, const char *parent, unsigned long n, char *err,
    size_t errlen)
{
	char *d = r->dirs[r->ndirs];

	snprintf(d, sizeof(r->dirs[0]), "%s/assay-%ld-%lu", parent, (long)getpid(), n);
	for (int i = 0; i < r->ndirs; i++)
		if (strcmp(r->dirs[i], d) == 0)
			return i;	/* co-mounted, or v2: one group */
	if (mkdir(d, 0755) == -1) {
		/* Left by a run of ours that failed to remove it: empty now. */
		if (errno != EEXIST || rmdir(d) == -1 || mkdir(d, 0755) == -1) {
			errmsg_set(err, errlen, "cgroup: creating %s: %s", d, strerror(errno));
			return -1;
		}
	}
	return r->ndirs++;
}


static int cgroup_open_procs(struct cgroup_run *r, const struct cgroup_host *h,
    const char **what);
static unsigned long long cgroup_keyed(const char *text, const char *key);

/* A hundred lines and a few, kept whole: one case per controller, a few
 * writes each, so that every limit a run's groups get is read in one place. */
int
cgroup_run_create(struct cgroup_run *r, const struct cgroup_host *h,
    unsigned which, unsigned long memory_kib, unsigned tasks, int cpu_quota,
    char *err, size_t errlen)
{
	static unsigned long counter;
	unsigned long n = __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
	char num[64];
	int idx, e = 0;
	const char *what = "";

	memset(r, 0, sizeof(*r));
	r->usage_fd = -1;
	for (int i = 0; i < 4; i++)
		r->procs[i] = -1;
	for (int i = 0; i < CGROUP_NCTL; i++) {
		const struct cgroup_ctl *c = &h->ctl[i];

		if (c->version == 0 || !(which & CGROUP_BIT(i)))
			continue;
		if ((idx = cgroup_add_dir(r, c->dir, n, err, errlen)) == -1)
			goto fail;
		r->active[i] = 1;
		switch (i) {
		case CGROUP_MEMORY:
			if (memory_kib == 0)
				break;
			snprintf(num, sizeof(num), "%llu", (unsigned long long)memory_kib * 1024);
			if (c->version == 2) {
				what = "memory.max";
				if (cgroup_write_file(r->dirs[idx], what, num) == -1)
					goto wfail;
				/* No swap: a box over its limit is ended, not slowed. */
				(void)cgroup_write_file(r->dirs[idx], "memory.swap.max", "0");
			} else {
				what = "memory.limit_in_bytes";
				if (cgroup_write_file(r->dirs[idx], what, num) == -1)
					goto wfail;
				/* With swap accounting, memory + swap at the same
				 * limit: no swap either. */
				if (cgroup_write_file(r->dirs[idx], "memory.memsw.limit_in_bytes",
				    num) == -1 && errno != ENOENT) {
					what = "memory.memsw.limit_in_bytes";
					goto wfail;
				}
			}
			break;
		case CGROUP_PIDS:
			if (tasks == 0)
				break;
			snprintf(num, sizeof(num), "%u", tasks);
			what = "pids.max";
			if (cgroup_write_file(r->dirs[idx], what, num) == -1)
				goto wfail;
			break;
		case CGROUP_CPU:
			if (cpu_quota) {
				if (c->version == 2) {
					what = "cpu.max";
					if (cgroup_write_file(r->dirs[idx], what,
					    "100000 100000") == -1)
						goto wfail;
				} else {
					what = "cpu.cfs_period_us";
					if (cgroup_write_file(r->dirs[idx], what, "100000") == -1)
						goto wfail;
					/* EINVAL: the grader's own group has a smaller
					 * quota (a host in a container of under one CPU),
					 * which bounds the box already. */
					what = "cpu.cfs_quota_us";
					if (cgroup_write_file(r->dirs[idx], what, "100000") == -1 &&
					    errno != EINVAL)
						goto wfail;
				}
			}
			if (c->version == 1 && (idx = cgroup_add_dir(r, c->acct_dir, n, err,
			    errlen)) == -1)
				goto fail;
			{
				char path[700];

				snprintf(path, sizeof(path), "%s/%s", r->dirs[idx],
				    c->version == 2 ? "cpu.stat" : "cpuacct.usage");
				if ((r->usage_fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
					what = c->version == 2 ? "cpu.stat" : "cpuacct.usage";
					goto wfail;
				}
				r->usage_v2 = c->version == 2;
			}
			break;
		}
	}
	if (cgroup_open_procs(r, h, &what) == -1)
		goto wfail;
	return 0;
wfail:
	e = errno;
	errmsg_set(err, errlen, "cgroup: writing %s: %s", what, strerror(e));
fail:
	{
		struct cgroup_stats st;

		cgroup_run_finish(r, &st, NULL, 0);
	}
	return -1;
}

/* Opens the membership file of each of R's groups into r->procs. 0, or -1
 * with errno and *WHAT. */
static int
cgroup_open_procs(struct cgroup_run *r, const struct cgroup_host *h, const char **what)
{
	for (int i = 0; i < 4; i++)
		if (r->procs[i] != -1) {
			close(r->procs[i]);
			r->procs[i] = -1;
		}
	r->nprocs = 0;
	for (int i = 0; i < r->ndirs; i++) {
		char path[700];
		int v1 = 0;

		/* v1: the init moves itself through "tasks" (one thread: it is
		 * single-threaded), which spares the global threadgroup lock
		 * that "cgroup.procs" takes, an RCU grace period (~10 ms here)
		 * per run. v2 has only cgroup.procs. */
		for (int c = 0; c < CGROUP_NCTL; c++) {
			const struct cgroup_ctl *k = &h->ctl[c];

			if (k->version == 1 && ((k->dir[0] != '\0' &&
			    strncmp(r->dirs[i], k->dir, strlen(k->dir)) == 0) ||
			    (k->acct_dir[0] != '\0' && strncmp(r->dirs[i],
			    k->acct_dir, strlen(k->acct_dir)) == 0)))
				v1 = 1;
		}
		snprintf(path, sizeof(path), "%s/%s", r->dirs[i], v1 ? "tasks" :
		    "cgroup.procs");
		if ((r->procs[i] = open(path, O_WRONLY | O_CLOEXEC)) == -1) {
			*what = v1 ? "tasks" : "cgroup.procs";
			return -1;
		}
		r->nprocs++;
	}
	return 0;
}

unsigned
cgroup_shareable(const struct cgroup_host *h)
{
	const struct cgroup_ctl *m = &h->ctl[CGROUP_MEMORY];
	unsigned bits = 0;

	for (int i = 0; i < CGROUP_NCTL; i++) {
		const struct cgroup_ctl *c = &h->ctl[i];

		if (i == CGROUP_MEMORY || c->version != 1)
			continue;
		if (m->version == 2 || (m->version == 1 &&
		    (strcmp(c->dir, m->dir) == 0 || strcmp(c->acct_dir, m->dir) == 0)))
			continue;
		bits |= CGROUP_BIT(i);
	}
	return bits;
}

int
cgroup_run_restart(struct cgroup_run *r, unsigned tasks, char *err,
    size_t errlen)
{
	const struct cgroup_host *h = cgroup_probe();
	const char *what = "pids.max";
	char num[32];

	if (r->active[CGROUP_PIDS]) {
		snprintf(num, sizeof(num), "%u", tasks);
		for (int i = 0; i < r->ndirs; i++)
			if (strncmp(r->dirs[i], h->ctl[CGROUP_PIDS].dir,
			    strlen(h->ctl[CGROUP_PIDS].dir)) == 0 &&
			    cgroup_write_file(r->dirs[i], what, tasks ? num : "max") == -1)
				goto fail;
	}
	if (r->usage_fd != -1) {
		/* The new run's zero: without it, the runs before would be
		 * charged to this one. */
		char buf[1024];
		ssize_t n = pread(r->usage_fd, buf, sizeof(buf) - 1, 0);

		what = r->usage_v2 ? "cpu.stat" : "cpuacct.usage";
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			errmsg_set(err, errlen, "cgroup: reading %s: %s", what, strerror(errno));
			return -1;
		}
		buf[n] = '\0';
		r->cpu_base = r->usage_v2 ? cgroup_keyed(buf, "usage_usec") * 1000 :
		    strtoull(buf, NULL, 10);
	}
	if (cgroup_open_procs(r, h, &what) == -1)
		goto fail;
	return 0;
fail:
	errmsg_set(err, errlen, "cgroup: writing %s: %s", what, strerror(errno));
	return -1;
}

int
cgroup_run_join(const int *procs, int nprocs)
{
	int rc = 0;

	for (int i = 0; i < nprocs; i++) {
		/* "0": the writer itself, whatever its pid namespace. */
		if (write(procs[i], "0", 1) != 1)
			rc = -1;
		close(procs[i]);
	}
	return rc;
}

/* The number after KEY (a line "KEY N") in TEXT, or 0. */
static unsigned long long
cgroup_keyed(const char *text, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = text; p != NULL && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, key, n) == 0 && p[n] == ' ')
			return strtoull(p + n + 1, NULL, 10);
	return 0;
}

unsigned long long
cgroup_run_cpu_ns(const struct cgroup_run *r)
{
	char buf[1024];
	ssize_t n;

	unsigned long long ns;

	if (r->usage_fd == -1 || (n = pread(r->usage_fd, buf, sizeof(buf) - 1, 0)) <= 0)
		return 0;
	buf[n] = '\0';
	ns = r->usage_v2 ? cgroup_keyed(buf, "usage_usec") * 1000 : strtoull(buf, NULL, 10);
	return ns > r->cpu_base ? ns - r->cpu_base : 0;
}

int
cgroup_run_finish(struct cgroup_run *r, struct cgroup_stats *st, char *err,
    size_t errlen)
{
	int rc = 0;

	memset(st, 0, sizeof(*st));
	if (r->active[CGROUP_CPU] && r->usage_fd != -1) {
		st->cpu_ns = cgroup_run_cpu_ns(r);
		st->has_cpu = 1;
	}
	if (r->active[CGROUP_MEMORY]) {
		const struct cgroup_host *h = cgroup_probe();
		char buf[1024], dir[sizeof(h->ctl[0].dir) + 16];

		snprintf(dir, sizeof(dir), "%.500s/assay-", h->ctl[CGROUP_MEMORY].dir);
		for (int i = 0; i < r->ndirs; i++) {
			if (strncmp(r->dirs[i], dir, strlen(dir)) != 0)
				continue;
			st->has_memory = 1;
			if (h->ctl[CGROUP_MEMORY].version == 2) {
				if (cgroup_read_file(r->dirs[i], "memory.peak", buf,
				    sizeof(buf)) == 0)
					st->memory_peak = strtoull(buf, NULL, 10);
				if (cgroup_read_file(r->dirs[i], "memory.events", buf,
				    sizeof(buf)) == 0)
					st->oom_kills = cgroup_keyed(buf, "oom_kill");
				else
					rc = -1;
			} else {
				if (cgroup_read_file(r->dirs[i], "memory.max_usage_in_bytes", buf,
				    sizeof(buf)) == 0)
					st->memory_peak = strtoull(buf, NULL, 10);
				if (cgroup_read_file(r->dirs[i], "memory.oom_control", buf,
				    sizeof(buf)) == 0)
					st->oom_kills = cgroup_keyed(buf, "oom_kill");
				else
					rc = -1;
			}
			if (rc == -1)
				errmsg_set(err, errlen, "cgroup: reading the OOM counter of %s: %s",
				    r->dirs[i], strerror(errno));
			break;
		}
	}
	for (int i = 0; i < 4; i++)
		if (r->procs[i] != -1) {
			close(r->procs[i]);
			r->procs[i] = -1;
		}
	if (r->usage_fd != -1) {
		close(r->usage_fd);
		r->usage_fd = -1;
	}
	/* The processes are gone (the box's init has been reaped), but a
	 * group stays busy for a moment while the kernel finishes them. */
	for (int i = r->ndirs - 1; i >= 0; i--) {
		struct timespec ts = { 0, 200000 };
		int tries = 0;

		while (rmdir(r->dirs[i]) == -1 && errno != ENOENT) {
			if (errno != EBUSY || ++tries > 2000) {
				if (rc == 0)
					errmsg_set(err, errlen, "cgroup: removing %s: %s",
					    r->dirs[i], strerror(errno));
				rc = -1;
				break;
			}
			nanosleep(&ts, NULL);
		}
	}
	r->ndirs = 0;
	return rc;
}
