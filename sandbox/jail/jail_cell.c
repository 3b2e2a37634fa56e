/*
 * jail_cell.c - a cell's life, on the supervisor's side: jail_cell_open()
 * clones its init into new namespaces (the init's code is jail_child.c)
 * and waits until the init says the cell is built; jail_cell_run() hands
 * each run to jail_sup_run(), first building a new init when the last one
 * cannot serve another run; jail_cell_close() kills the init, and with it
 * every process of the cell. What every cell is built from is found once
 * per process: the host's root (what programs expect under /) and the
 * runs' network namespace.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/sched.h>
#include <sys/mman.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "sandbox/jail/cgroup.h"
#include "sandbox/jail/jail.h"
#include "sandbox/jail/jail_impl.h"
#include "sandbox/util/deadline.h"
#include "sandbox/util/errmsg.h"

/* How long an init may take to build the cell. */
#define READY_MS 10000

/* fork() without glibc's fork handlers, which may wait for locks held by
 * other threads of the supervisor. Returns as fork() does. */
static pid_t
jail_cell_clone(uint64_t flags, int *pidfd, int exit_signal)
{
	struct clone_args ca;

	memset(&ca, 0, sizeof(ca));
	ca.flags = flags;
	ca.pidfd = (uint64_t)(uintptr_t)pidfd;
	ca.exit_signal = (uint64_t)exit_signal;
	return (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
}

static struct jail_host_root host_root;
static pthread_once_t host_root_once = PTHREAD_ONCE_INIT;

/* What the host's root holds that programs expect (merged /usr or not). */
static void
jail_cell_find_host_root(void)
{
	static const char *const names[] = { "bin", "sbin", "lib", "lib32",
	    "lib64", "libx32" };
	struct stat st;
	struct dirent *e;
	DIR *etc;

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		struct jail_top_entry *t = &host_root.top[host_root.ntop];
		char path[32];
		ssize_t n;

		snprintf(path, sizeof(path), "/%s", names[i]);
		if (lstat(path, &st) == -1)
			continue;
		snprintf(t->name, sizeof(t->name), "%s", names[i]);
		if (S_ISLNK(st.st_mode)) {
			n = readlink(path, t->target, sizeof(t->target) - 1);
			if (n <= 0 || (size_t)n >= sizeof(t->target) - 1)
				continue;
			t->target[n] = '\0';
		} else if (S_ISDIR(st.st_mode))
			t->target[0] = '\0';
		else
			continue;
		host_root.ntop++;
	}
	host_root.has_ld_cache = lstat("/etc/ld.so.cache", &st) == 0 &&
	    S_ISREG(st.st_mode);
	host_root.has_alternatives = lstat("/etc/alternatives", &st) == 0 &&
	    S_ISDIR(st.st_mode);
	host_root.has_pylintrc = lstat("/etc/pylintrc", &st) == 0 && S_ISREG(st.st_mode);
	host_root.has_ghc = lstat("/var/lib/ghc", &st) == 0 && S_ISDIR(st.st_mode);
	if ((etc = opendir("/etc")) != NULL) {
		while ((e = readdir(etc)) != NULL && host_root.netc < JAIL_MAX_ETC) {
			char *slot = host_root.etc[host_root.netc], path[300];

			if (strncmp(e->d_name, "java-", 5) != 0 ||
			    strlen(e->d_name) + 5 >= sizeof(host_root.etc[0]))
				continue;
			snprintf(path, sizeof(path), "/etc/%s", e->d_name);
			if (lstat(path, &st) == -1 || !S_ISDIR(st.st_mode))
				continue;
			snprintf(slot, sizeof(host_root.etc[0]), "etc/%s", e->d_name);
			host_root.netc++;
		}
		closedir(etc);
	}
}

static int netns_fd = -1;
static char netns_err[160];
static pthread_once_t netns_once = PTHREAD_ONCE_INIT;

/* The runs' network namespace (see jail_init_setup_net()): a child made in
 * a new one holds it while we open it, then exits (it only reads and
 * exits: async-signal-safe, as jail_child.c); the descriptor keeps it. */
static void
jail_cell_make_netns(void)
{
	char path[64], c;
	int p[2], st;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) == -1) {
		snprintf(netns_err, sizeof(netns_err), "pipe: %s", strerror(errno));
		return;
	}
	if ((pid = jail_cell_clone(CLONE_NEWNET, NULL, SIGCHLD)) == 0) {
		close(p[1]);
		_exit(read(p[0], &c, 1) == -1);
	}
	if (pid == -1)
		snprintf(netns_err, sizeof(netns_err), "clone3(CLONE_NEWNET): %s",
		    strerror(errno));
	else {
		snprintf(path, sizeof(path), "/proc/%ld/ns/net", (long)pid);
		if ((netns_fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			snprintf(netns_err, sizeof(netns_err), "%s: %s", path,
			    strerror(errno));
	}
	close(p[0]);
	close(p[1]);
	if (pid > 0)
		while (waitpid(pid, &st, __WALL) == -1 && errno == EINTR)
			;
}


/*
 * Builds S's init (clone3() into new pid, mount, ipc and uts namespaces,
 * with a pidfd; its code is jail_init_main()) and waits until it says the
 * cell is ready (or why not). 0, or -1 with ERR and no init left.
 */
static int
jail_cell_start(struct jail_cell *s, char *err, size_t errlen)
{
	struct jail_cell_ctx sc;
	struct jail_watch w;
	int msgp[2] = { -1, -1 };
	long long deadline;

	pthread_once(&host_root_once, jail_cell_find_host_root);
	pthread_once(&netns_once, jail_cell_make_netns);
	if (netns_fd == -1) {
		errmsg_set(err, errlen, "jail: the network namespace: %s", netns_err);
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, msgp) == -1) {
		errmsg_set(err, errlen, "jail: socketpair: %s", strerror(errno));
		return -1;
	}
	memset(&sc, 0, sizeof(sc));
	sc.box = s->box;
	sc.uid = s->uid;
	sc.gid = s->gid;
	sc.fds[0] = msgp[1];
	sc.fds[1] = netns_fd;
	sc.host = &host_root;
	sc.desc = s->desc;
	snprintf(sc.passwd, sizeof(sc.passwd), "root:x:0:0:root:/root:/usr/sbin/nologin\n"
	    "assay:x:%u:%u:assay:/tmp:/usr/sbin/nologin\n", (unsigned)s->uid,
	    (unsigned)s->gid);
	snprintf(sc.group, sizeof(sc.group), "root:x:0:\nassay:x:%u:\n",
	    (unsigned)s->gid);

	s->pid = jail_cell_clone(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS |
	    CLONE_PIDFD, &s->pidfd, 0);
	if (s->pid == -1) {
		errmsg_set(err, errlen, "jail: clone3: %s", strerror(errno));
		close(msgp[0]);
		close(msgp[1]);
		return -1;
	}
	if (s->pid == 0)
		jail_init_main(&sc);
	close(msgp[1]);
	s->msgfd = msgp[0];
	s->runs = 0;

	memset(&w, 0, sizeof(w));
	w.pidfd = s->pidfd;
	w.msgfd = s->msgfd;
	w.notifyfd = -1;
	deadline = deadline_now() + READY_MS;
	while (!w.ready && !w.failed) {
		struct pollfd p[2] = { { s->msgfd, POLLIN, 0 }, { s->pidfd, POLLIN, 0 } };
		long long left = deadline - deadline_now();
		int r;

		if (left <= 0) {
			errmsg_set(err, errlen, "jail: the cell was not built within %d s",
			    READY_MS / 1000);
			goto fail;
		}
		if ((r = poll(p, 2, (int)left)) == -1 && errno != EINTR) {
			errmsg_set(err, errlen, "jail: poll: %s", strerror(errno));
			goto fail;
		}
		if (r <= 0)
			continue;
		if (jail_sup_read_messages(&w, err, errlen) == -1)
			goto fail;
		if (!w.ready && !w.failed && p[1].revents != 0) {
			if (jail_sup_read_messages(&w, err, errlen) == -1)
				goto fail;
			if (!w.failed) {
				errmsg_set(err, errlen, "jail: the init died while building the"
				    " cell");
				goto fail;
			}
		}
	}
	if (w.failed) {
		errmsg_set(err, errlen, "jail: %s", w.why);
		goto fail;
	}
	s->pid_reset = (w.ready_flags & JAIL_READY_PID_RESET) != 0;
	return 0;
fail:
	jail_sup_stop_cell(s);
	return -1;
}

/* Is S's init still there? Its pidfd turns readable when it ends. */
int
jail_cell_alive(const struct jail_cell *s)
{
	struct pollfd p = { s->pidfd, POLLIN, 0 };

	return s->pid > 0 && !s->broken && poll(&p, 1, 0) == 0;
}

int
jail_cell_open(const char *box, uid_t uid, gid_t gid,
    struct jail_cell **out, char *err, size_t errlen)
{
	struct jail_cell *s;
	void *desc;

	*out = NULL;
	if (jail_check_who(box, uid, gid, err, errlen) == -1)
		return -1;
	if ((s = calloc(1, sizeof(*s))) == NULL || (s->box = strdup(box)) == NULL) {
		free(s);
		errmsg_set(err, errlen, "jail: out of memory");
		return -1;
	}
	s->uid = uid;
	s->gid = gid;
	s->owner_pid = getpid();
	s->owner_tid = gettid();
	s->pid = -1;
	s->pidfd = s->msgfd = -1;
	desc = mmap(NULL, JAIL_DESC_BYTES, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (desc == MAP_FAILED) {
		errmsg_set(err, errlen, "jail: mmap: %s", strerror(errno));
		free(s->box);
		free(s);
		return -1;
	}
	s->desc = desc;
	if (jail_cell_start(s, err, errlen) == -1) {
		jail_cell_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

int
jail_cell_run(struct jail_cell *s, const struct jail_config *cfg,
    struct jail_result *res, char *err, size_t errlen)
{
	memset(res, 0, sizeof(*res));
	res->code = -1;
	if (s == NULL) {
		errmsg_set(err, errlen, "jail: no cell");
		return -1;
	}
	s->started = 0;
	if (s->broken) {
		errmsg_set(err, errlen, "jail: the cell failed before: %s", s->why);
		return -1;
	}
	if (jail_check_config(cfg, err, errlen) == -1)
		goto fail;
	if (strcmp(cfg->box, s->box) != 0 || cfg->uid != s->uid || cfg->gid != s->gid) {
		errmsg_set(err, errlen, "jail: a run of the cell of %s (uid %u) for"
		    " %s (uid %u)", s->box, (unsigned)s->uid, cfg->box,
		    (unsigned)cfg->uid);
		goto fail;
	}
	/* An init that cannot reset the pid counter serves one run. */
	if (s->pid == -1 || (s->runs > 0 && !s->pid_reset)) {
		jail_sup_stop_cell(s);
		if (jail_cell_start(s, err, errlen) == -1)
			goto fail;
	}
	if (jail_sup_run(s, cfg, res, err, errlen) == 0)
		return 0;
fail:
	s->broken = 1;
	snprintf(s->why, sizeof(s->why), "%s", err != NULL && errlen > 0 ? err :
	    "a run failed");
	jail_sup_stop_cell(s);
	return -1;
}

void
jail_cell_close(struct jail_cell *s)
{
	if (s == NULL)
		return;
	if (s->owner_pid != getpid()) {
		/* A forked child's copy: the cell is its parent's, which
		 * goes on using it. Only the copies of the descriptors go. */
		if (s->pidfd != -1)
			close(s->pidfd);
		if (s->msgfd != -1)
			close(s->msgfd);
		for (int i = 0; s->shared_made && i < 4; i++)
			if (s->shared_cg.procs[i] != -1)
				close(s->shared_cg.procs[i]);
		if (s->shared_made && s->shared_cg.usage_fd != -1)
			close(s->shared_cg.usage_fd);
		if (s->desc != NULL)
			munmap(s->desc, JAIL_DESC_BYTES);
		free(s->box);
		free(s);
		return;
	}
	jail_sup_stop_cell(s);
	if (s->shared_made) {
		struct cgroup_stats st;

		/* Empty: the init, and with it every process, is gone. */
		(void)cgroup_run_finish(&s->shared_cg, &st, NULL, 0);
	}
	if (s->desc != NULL)
		munmap(s->desc, JAIL_DESC_BYTES);
	free(s->box);
	free(s);
}
