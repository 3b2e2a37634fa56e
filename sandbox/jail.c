/*
 * jail.c - run one command in a jail; see jail.h for the contract.
 *
 * Theory of operation
 * -------------------
 * Three processes take part in a run:
 *
 *   supervisor   the caller's thread, root. It prepares everything that needs
 *       |        memory (pipes, argv, limits, the input) before any fork, so
 *       |        that the children below never call malloc or take a lock.
 *       | clone3(NEWPID | NEWNS | NEWNET | NEWIPC | NEWUTS), a pidfd
 *       v
 *   init         pid 1 of a fresh pid namespace, still root, our own code (it
 *       |        never execs). It sets up what is shared by everything in the
 *       |        box: the mounts (the host read-only, a private /proc and
 *       |        /tmp, the box at /tmp/box, read-only or writable) and the
 *       |        host name.
 *       |        Then it forks the program, reaps whatever ends up as its
 *       |        child, and when the program exits it reports the program's
 *       |        wait status and peak memory through the message pipe and
 *       |        exits. The death of a pid namespace's init makes the kernel
 *       |        kill every other process in it, and the init's exit is not
 *       |        complete until they are gone: nothing the program started
 *       |        (daemons, double forks, setsid) survives the run.
 *       | clone3 (a plain fork)
 *       v
 *   program      pid 2. A straight sequence of setup_* steps, each for one
 *                reason (own session, standard fds, rlimits, CPU timer,
 *                unprivileged uid and gid, no new privileges), then
 *                execve(). It inherits default signal dispositions from the
 *                init. A failing step says which through the message pipe,
 *                whose end is close-on-exec: the program never holds it.
 *
 * The supervisor polls the program's stdout and stderr pipes (so a flood can
 * never block the program, nor a silent program block us) and the init's
 * pidfd, with the wall-clock deadline as timeout. Past the deadline, or past
 * the output limit, it kills the init, which kills the box. Standard input is
 * a sealed memfd: no writer, so no pipe to deadlock on, and the program
 * cannot change it.
 *
 * Limits. Memory (RLIMIT_AS), file size, open files, processes (RLIMIT_NPROC:
 * the uid of a slot is used by one run at a time, so its count is the run's
 * own) and CPU time are rlimits. RLIMIT_CPU counts whole seconds, so an
 * ITIMER_PROF timer (it survives execve) stops the program at its limit,
 * to the scheduler tick; RLIMIT_CPU stays as the backstop a second later.
 * Both count per process. The CPU time of the run is the supervisor's
 * wait4() of the init, which counts every process of the namespace (the
 * dying init reaps them all), so a run whose processes together passed the
 * limit is caught at the end (a cgroup, issue 3, will stop it on time).
 * Root here lacks CAP_SYS_RESOURCE: limits are capped at the host's hard
 * limits.
 *
 * Two ways to fail, as in isolate: a step that fails in the children sends
 * an error message and the run is a failure of the jail (jail_run() returns
 * -1, MiscError upstream); everything else is a fact about the program.
 *
 * Leftovers. Processes die with the pid namespace; /tmp is a tmpfs that dies
 * with the mount namespace; the rest of the host is mounted read-only for the
 * run; SysV IPC and POSIX queues live in the private ipc namespace. A
 * writable run can only leave files in the box, and jail_run() gives them
 * back to root afterwards.
 *
 * Issue 3 slots in here: setup_root (pivot_root into a minimal tree) replaces
 * setup_fs's read-only host; setup_cgroup joins a per-run cgroup between
 * setup_rlimits and setup_credentials; setup_seccomp comes last before
 * execve (it needs no_new_privs, which is already set).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/sched.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "jail.h"

/* The init's descriptors, renumbered so that the children know them. */
enum { FD_IN = 3, FD_OUT, FD_ERR, FD_MSG, FD_FIRST_FREE };

enum { MSG_STARTED = 1, MSG_ERROR, MSG_DONE };

/* One message of the init or the program to the supervisor (< PIPE_BUF, so
 * each write is atomic). */
struct msg {
	int kind;
	int err;		/* MSG_ERROR: errno */
	int status;		/* MSG_DONE: the program's wait status */
	long maxrss_kib;	/* MSG_DONE: peak RSS of the program's processes */
	char what[200];		/* MSG_ERROR: the step that failed */
};

#define MAX_RLIMITS 10

/* Everything the children need, prepared by the supervisor before the fork. */
struct ctx {
	const struct jail_config *cfg;
	char *const *envp;
	int fds[4];		/* input, stdout, stderr, message (as numbered
				   in the supervisor) */
	int rlim_res[MAX_RLIMITS];
	struct rlimit rlim[MAX_RLIMITS];
	size_t nrlim;
	struct itimerval cpu_timer;
	char tmp_opts[96];	/* mount options of /tmp */
};

static char *const default_env[] = {
	"PATH=/usr/bin:/bin",
	"LANG=C.UTF-8",
	"HOME=/tmp",
	"TMPDIR=/tmp",
	NULL
};

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- The children: only async-signal-safe calls below, until execve. ---- */

/* Appends S to DST (SIZE bytes, NUL-terminated): strlcat without libc. */
static void
child_cat(char *dst, size_t size, const char *s)
{
	size_t n = 0;

	while (n < size && dst[n] != '\0')
		n++;
	while (n + 1 < size && *s != '\0')
		dst[n++] = *s++;
	if (n < size)
		dst[n] = '\0';
}

/* Reports that step WHAT (and DETAIL, may be NULL) failed with errno, exits. */
static void __attribute__((noreturn))
child_fail(int fd, const char *what, const char *detail)
{
	struct msg m;

	memset(&m, 0, sizeof(m));
	m.kind = MSG_ERROR;
	m.err = errno;
	child_cat(m.what, sizeof(m.what), what);
	if (detail != NULL) {
		child_cat(m.what, sizeof(m.what), " ");
		child_cat(m.what, sizeof(m.what), detail);
	}
	if (write(fd, &m, sizeof(m)) != (ssize_t)sizeof(m)) {
		/* Nobody to tell: the supervisor sees no report and says so. */
	}
	_exit(127);
}

/* fork() without glibc's fork handlers, which may wait for locks held by
 * other threads of the supervisor. Returns as fork() does. */
static pid_t
raw_clone(uint64_t flags, int *pidfd, int exit_signal)
{
	struct clone_args ca;

	memset(&ca, 0, sizeof(ca));
	ca.flags = flags;
	ca.pidfd = (uint64_t)(uintptr_t)pidfd;
	ca.exit_signal = (uint64_t)exit_signal;
	return (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
}

/*
 * The init keeps exactly four descriptors, at known numbers: any other
 * descriptor of the supervisor (another run's pipes, the worker's database)
 * must not reach the program.
 */
static void
setup_init_fds(const struct ctx *c)
{
	int hi = FD_FIRST_FREE, tmp[4];

	for (int i = 0; i < 4; i++)
		if (c->fds[i] >= hi)
			hi = c->fds[i] + 1;
	for (int i = 0; i < 4; i++)
		if ((tmp[i] = fcntl(c->fds[i], F_DUPFD_CLOEXEC, hi)) == -1)
			child_fail(c->fds[3], "setup_init_fds: fcntl", NULL);
	for (int i = 0; i < 4; i++)
		if (dup3(tmp[i], FD_IN + i, O_CLOEXEC) == -1)
			child_fail(tmp[3], "setup_init_fds: dup3", NULL);
	if (close_range(FD_FIRST_FREE, ~0U, 0) == -1)
		child_fail(FD_MSG, "setup_init_fds: close_range", NULL);
}

/*
 * Default dispositions and an empty signal mask, inherited by the program:
 * ignored signals and the mask survive execve, and a worker that ignores
 * SIGPIPE must not change how a student's program behaves. glibc's
 * sigaction() refuses its two internal signals (32 and 33), which a grader
 * may still have inherited as ignored: the raw system call resets them.
 */
static void
setup_signals(void)
{
	struct {
		void *handler;
		unsigned long flags;
		void *restorer;
		uint64_t mask;
	} ksa;
	sigset_t none;

	memset(&ksa, 0, sizeof(ksa));
	ksa.handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)syscall(SYS_rt_sigaction, sig, &ksa, NULL, sizeof(ksa.mask));
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) == -1)
		child_fail(FD_MSG, "setup_signals: sigprocmask", NULL);
}

/*
 * If the supervisor dies (a worker killed with SIGKILL), nobody enforces the
 * wall limit any more: the init dies with it, and so does the box. The
 * STARTED message closes the race with a supervisor that died before the
 * prctl: its end of the pipe is closed and the write fails (a pid
 * namespace's init ignores SIGPIPE).
 */
static void
setup_parent_death(void)
{
	struct msg m;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) == -1)
		child_fail(FD_MSG, "setup_parent_death: prctl", NULL);
	memset(&m, 0, sizeof(m));
	m.kind = MSG_STARTED;
	if (write(FD_MSG, &m, sizeof(m)) != (ssize_t)sizeof(m))
		_exit(1);
}

/*
 * The file system of the run, in the private mount namespace:
 * - nothing propagates back to the host, whatever its defaults;
 * - the host is read-only and nosuid: the program can leave files nowhere a
 *   later run would find them, and set-id binaries give nothing;
 * - a /proc of the new pid namespace, so that the program sees only its own
 *   processes (hidepid: not even the init's details);
 * - a private, size-limited /tmp, which disappears with the namespace
 *   (read-only when tmp_kib is 0);
 * - the box, a mount of its own at JAIL_BOX_PATH whatever its path on the
 *   host (programs such as Python make their paths absolute, and the host's
 *   path may be under the /tmp that is now hidden), writable only when the
 *   run may write, and the working directory. open_tree() takes a copy of
 *   it before /tmp is covered.
 */
static void
setup_fs(const struct ctx *c)
{
	struct mount_attr ro, boxattr, tmpro;
	int boxfd;

	memset(&ro, 0, sizeof(ro));
	ro.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID;
	memset(&boxattr, 0, sizeof(boxattr));
	boxattr.attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
	    (c->cfg->writable ? 0 : MOUNT_ATTR_RDONLY);
	/* Programs run from the box even when its host file system is
	 * mounted noexec (a hardened /tmp). */
	boxattr.attr_clr = MOUNT_ATTR_NOEXEC |
	    (c->cfg->writable ? MOUNT_ATTR_RDONLY : 0);
	memset(&tmpro, 0, sizeof(tmpro));
	tmpro.attr_set = MOUNT_ATTR_RDONLY;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		child_fail(FD_MSG, "setup_fs: mount --make-rprivate /", NULL);
	if ((boxfd = open_tree(AT_FDCWD, c->cfg->box, OPEN_TREE_CLONE |
	    OPEN_TREE_CLOEXEC)) == -1)
		child_fail(FD_MSG, "setup_fs: open_tree", c->cfg->box);
	if (mount_setattr(boxfd, "", AT_EMPTY_PATH, &boxattr,
	    sizeof(boxattr)) == -1)
		child_fail(FD_MSG, "setup_fs: mount_setattr of the box", NULL);
	if (mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof(ro)) == -1)
		child_fail(FD_MSG, "setup_fs: mount_setattr read-only /", NULL);
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    "hidepid=2") == -1)
		child_fail(FD_MSG, "setup_fs: mount /proc", NULL);
	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
	    c->tmp_opts) == -1)
		child_fail(FD_MSG, "setup_fs: mount /tmp", NULL);
	if (mkdir(JAIL_BOX_PATH, 0755) == -1)
		child_fail(FD_MSG, "setup_fs: mkdir", JAIL_BOX_PATH);
	if (move_mount(boxfd, "", AT_FDCWD, JAIL_BOX_PATH,
	    MOVE_MOUNT_F_EMPTY_PATH) == -1)
		child_fail(FD_MSG, "setup_fs: move_mount", JAIL_BOX_PATH);
	close(boxfd);
	if (c->cfg->limits.tmp_kib == 0 &&
	    mount_setattr(AT_FDCWD, "/tmp", 0, &tmpro, sizeof(tmpro)) == -1)
		child_fail(FD_MSG, "setup_fs: mount_setattr read-only /tmp", NULL);
	if (chdir(JAIL_BOX_PATH) == -1)
		child_fail(FD_MSG, "setup_fs: chdir", JAIL_BOX_PATH);
}

/* The host's name is none of the program's business. */
static void
setup_uts(void)
{
	if (sethostname("assay", 5) == -1)
		child_fail(FD_MSG, "setup_uts: sethostname", NULL);
}

/*
 * A session and process group of its own: no controlling terminal (no
 * TIOCSTI into the grader's terminal, no keyboard signals), and kill(0)
 * reaches only the program's processes.
 */
static void
setup_session(void)
{
	if (setsid() == -1)
		child_fail(FD_MSG, "setup_session: setsid", NULL);
}

/* Standard input, output and error; every other descriptor is closed (the
 * message pipe at execve). */
static void
setup_fds(void)
{
	if (dup2(FD_IN, 0) == -1 || dup2(FD_OUT, 1) == -1 || dup2(FD_ERR, 2) == -1)
		child_fail(FD_MSG, "setup_fds: dup2", NULL);
	if (close_range(FD_IN, FD_ERR, 0) == -1)
		child_fail(FD_MSG, "setup_fds: close_range", NULL);
}

/* The limits of jail_limits that rlimits express (prepared by limits_prepare). */
static void
setup_rlimits(const struct ctx *c)
{
	for (size_t i = 0; i < c->nrlim; i++)
		if (setrlimit(c->rlim_res[i], &c->rlim[i]) == -1)
			child_fail(FD_MSG, "setup_rlimits: setrlimit", NULL);
}

/*
 * RLIMIT_CPU counts whole seconds; this timer stops the program at its CPU
 * limit (SIGPROF), to the scheduler tick. It survives execve and counts all
 * the process's threads; a program that disarms it meets RLIMIT_CPU later.
 */
static void
setup_cpu_timer(const struct ctx *c)
{
	if (c->cfg->limits.cpu_ms == 0)
		return;
	if (setitimer(ITIMER_PROF, &c->cpu_timer, NULL) == -1)
		child_fail(FD_MSG, "setup_cpu_timer: setitimer", NULL);
}

/*
 * The unprivileged uid and gid of the slot, and no supplementary groups.
 * Raw system calls: glibc's wrappers would try to change the credentials of
 * every thread the supervisor had, which do not exist in this child.
 * Dropping uid 0 also empties the capability sets.
 */
static void
setup_credentials(const struct ctx *c)
{
	uid_t uid = c->cfg->uid;
	gid_t gid = c->cfg->gid;

	if (syscall(SYS_setgroups, 0, NULL) == -1)
		child_fail(FD_MSG, "setup_credentials: setgroups", NULL);
	if (syscall(SYS_setresgid, gid, gid, gid) == -1)
		child_fail(FD_MSG, "setup_credentials: setresgid", NULL);
	if (syscall(SYS_setresuid, uid, uid, uid) == -1)
		child_fail(FD_MSG, "setup_credentials: setresuid", NULL);
}

/* No set-uid binary or file capability can give privileges back (and
 * seccomp, issue 3, requires it). */
static void
setup_no_new_privs(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		child_fail(FD_MSG, "setup_no_new_privs: prctl", NULL);
}

static void __attribute__((noreturn))
program_main(const struct ctx *c)
{
	setup_session();
	setup_fds();
	setup_rlimits(c);
	setup_cpu_timer(c);
	setup_credentials(c);
	setup_no_new_privs();
	execve(c->cfg->argv[0], c->cfg->argv, c->envp);
	child_fail(FD_MSG, "execve", c->cfg->argv[0]);
}

static void __attribute__((noreturn))
init_main(const struct ctx *c)
{
	struct rusage ru;
	struct msg m;
	pid_t child, r;
	int status = 0;

	setup_init_fds(c);
	setup_signals();
	setup_parent_death();
	setup_fs(c);
	setup_uts();

	if ((child = raw_clone(0, NULL, SIGCHLD)) == -1)
		child_fail(FD_MSG, "init: clone3", NULL);
	if (child == 0)
		program_main(c);
	close(FD_IN);
	close(FD_OUT);
	close(FD_ERR);

	/* Reap everything (orphans come to us) until the program is done. */
	for (;;) {
		r = waitpid(-1, &status, __WALL);
		if (r == child)
			break;
		if (r == -1 && errno != EINTR)
			child_fail(FD_MSG, "init: waitpid", NULL);
	}
	if (getrusage(RUSAGE_CHILDREN, &ru) == -1)
		child_fail(FD_MSG, "init: getrusage", NULL);
	memset(&m, 0, sizeof(m));
	m.kind = MSG_DONE;
	m.status = status;
	m.maxrss_kib = ru.ru_maxrss;
	if (write(FD_MSG, &m, sizeof(m)) != (ssize_t)sizeof(m))
		_exit(1);
	_exit(0);
}

/* ---- The supervisor. ---- */

struct capture {
	int fd;
	int eof;
	char *buf;
	size_t len, cap;
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned
tv_ms(struct timeval tv)
{
	return (unsigned)(tv.tv_sec * 1000 + tv.tv_usec / 1000);
}

static int
check_config(const struct jail_config *cfg, char *err, size_t errlen)
{
	if (geteuid() != 0) {
		seterr(err, errlen, "jail: needs root (namespaces, mounts, setuid);"
		    " running as uid %u", (unsigned)geteuid());
		return -1;
	}
	if (cfg->argv == NULL || cfg->argv[0] == NULL) {
		seterr(err, errlen, "jail: no program to run");
		return -1;
	}
	if (cfg->box == NULL || cfg->box[0] != '/') {
		seterr(err, errlen, "jail: the box must be an absolute path");
		return -1;
	}
	if (cfg->uid == 0 || cfg->gid == 0 || cfg->uid == (uid_t)-1 ||
	    cfg->gid == (gid_t)-1) {
		seterr(err, errlen, "jail: refusing to run a program as root");
		return -1;
	}
	if (cfg->limits.wall_ms == 0 || cfg->limits.output_kib == 0) {
		seterr(err, errlen, "jail: a run needs a wall time and an output limit");
		return -1;
	}
	if (cfg->input == NULL && cfg->input_len > 0) {
		seterr(err, errlen, "jail: no input buffer");
		return -1;
	}
	return 0;
}

/* Adds rlimit RES = SOFT/HARD (bytes or units), capped at the host's hard
 * limit, which root without CAP_SYS_RESOURCE cannot raise. */
static int
add_rlimit(struct ctx *c, int res, rlim_t soft, rlim_t hard)
{
	struct rlimit cur;

	if (c->nrlim == MAX_RLIMITS) {
		errno = ENOSPC;
		return -1;
	}
	if (getrlimit(res, &cur) == -1)
		return -1;
	if (hard > cur.rlim_max)
		hard = cur.rlim_max;
	if (soft > hard)
		soft = hard;
	c->rlim_res[c->nrlim] = res;
	c->rlim[c->nrlim].rlim_cur = soft;
	c->rlim[c->nrlim].rlim_max = hard;
	c->nrlim++;
	return 0;
}

static int
limits_prepare(struct ctx *c, char *err, size_t errlen)
{
	const struct jail_limits *l = &c->cfg->limits;
	const rlim_t kib = 1024;
	struct rlimit stack;

	c->nrlim = 0;
	if (getrlimit(RLIMIT_STACK, &stack) == -1)
		goto err;
	if (l->cpu_ms > 0) {
		rlim_t s = (l->cpu_ms + 999) / 1000 + 1;

		if (add_rlimit(c, RLIMIT_CPU, s, s + 1) == -1)
			goto err;
		c->cpu_timer.it_value.tv_sec = l->cpu_ms / 1000;
		c->cpu_timer.it_value.tv_usec = (l->cpu_ms % 1000) * 1000;
	}
	if (l->memory_kib > 0 &&
	    add_rlimit(c, RLIMIT_AS, l->memory_kib * kib, l->memory_kib * kib) == -1)
		goto err;
	if (l->stack_kib > 0 || l->memory_kib > 0) {
		/* The hard limit stays high enough for gcc, which raises its
		 * own soft limit to 64 MiB; RLIMIT_AS bounds it anyway. */
		rlim_t soft = l->stack_kib > 0 ? l->stack_kib * kib :
		    (l->memory_kib < 65536 ? l->memory_kib : 65536) * kib;
		rlim_t hard = l->memory_kib > 0 ? l->memory_kib * kib : stack.rlim_max;

		if (hard < soft)
			hard = soft;
		if (add_rlimit(c, RLIMIT_STACK, soft, hard) == -1)
			goto err;
	}
	if (l->fsize_kib > 0 &&
	    add_rlimit(c, RLIMIT_FSIZE, l->fsize_kib * kib, l->fsize_kib * kib) == -1)
		goto err;
	if (l->files > 0 && add_rlimit(c, RLIMIT_NOFILE, l->files, l->files) == -1)
		goto err;
	if (l->processes > 0 &&
	    add_rlimit(c, RLIMIT_NPROC, l->processes, l->processes) == -1)
		goto err;
	/* No core dumps, and 1 rather than 0: a core_pattern that pipes to
	 * a helper (systemd-coredump, apport) ignores 0 but honours 1 (see
	 * core(5)), and 1 byte is too little for a core file. No locked
	 * memory either. */
	if (add_rlimit(c, RLIMIT_CORE, 1, 1) == -1 ||
	    add_rlimit(c, RLIMIT_MEMLOCK, 0, 0) == -1)
		goto err;
	snprintf(c->tmp_opts, sizeof(c->tmp_opts), "size=%uk,nr_inodes=1024,mode=1777",
	    l->tmp_kib > 0 ? l->tmp_kib : 4);
	return 0;
err:
	seterr(err, errlen, "jail: getrlimit: %s", strerror(errno));
	return -1;
}

/* Standard input: a sealed memfd holding INPUT. Returns the fd or -1. */
static int
input_open(const char *input, size_t len, char *err, size_t errlen)
{
	int fd;
	size_t off = 0;

	if ((fd = memfd_create("stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING)) == -1) {
		seterr(err, errlen, "jail: memfd_create: %s", strerror(errno));
		return -1;
	}
	while (off < len) {
		ssize_t n = write(fd, input + off, len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			seterr(err, errlen, "jail: writing the input: %s", strerror(errno));
			goto err;
		}
		off += (size_t)n;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
	    F_SEAL_SEAL) == -1 || lseek(fd, 0, SEEK_SET) == -1) {
		seterr(err, errlen, "jail: sealing the input: %s", strerror(errno));
		goto err;
	}
	return fd;
err:
	close(fd);
	return -1;
}

/* Reads what is available on CAP's pipe. Returns the number of bytes past
 * the limit (then stops keeping them), 0, or -1 on error. */
static int
capture_read(struct capture *cap, size_t *total, size_t limit)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(cap->fd, buf, sizeof(buf));
		size_t keep;

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return 0;
		if (n == -1)
			return -1;
		if (n == 0) {
			cap->eof = 1;
			return 0;
		}
		keep = (size_t)n;
		if (*total + keep > limit)
			keep = limit - *total;
		if (cap->len + keep + 1 > cap->cap) {
			size_t ncap = cap->cap ? cap->cap : 4096;
			char *p;

			while (ncap < cap->len + keep + 1)
				ncap *= 2;
			if ((p = realloc(cap->buf, ncap)) == NULL)
				return -1;
			cap->buf = p;
			cap->cap = ncap;
		}
		memcpy(cap->buf + cap->len, buf, keep);
		cap->len += keep;
		cap->buf[cap->len] = '\0';
		*total += keep;
		if (keep < (size_t)n)
			return 1;
	}
}

/* Why the supervisor killed the box. */
enum kill_reason { KILL_NONE, KILL_WALL, KILL_OUTPUT };

/*
 * Watches the run until the init is gone and the pipes are drained, killing
 * the box past the wall deadline or the output limit. Returns 0 and the
 * reason of a kill in *KILLED and the end time in *END, or -1 with a
 * message (the caller then kills and reaps the init).
 */
static int
supervise(int pidfd, struct capture *out, struct capture *errc,
    const struct jail_limits *l, long long start, enum kill_reason *killed,
    long long *end, char *err, size_t errlen)
{
	long long deadline = start + l->wall_ms, drain_deadline = 0;
	size_t total = 0, limit = (size_t)l->output_kib * 1024;
	int exited = 0;

	*killed = KILL_NONE;
	while (!exited || !out->eof || !errc->eof) {
		struct pollfd p[3];
		struct capture *caps[2];
		int n = 0, ncap = 0, timeout, r;
		long long now = now_ms();

		if (!exited && *killed == KILL_NONE && now >= deadline) {
			if (pidfd_send_signal(pidfd, SIGKILL, NULL, 0) == -1)
				goto kill_err;
			*killed = KILL_WALL;
		}
		if (exited && drain_deadline == 0)
			drain_deadline = now + 1000;
		if (exited && now >= drain_deadline)
			break;	/* a stray copy of a write end; keep what we have */
		/* Once killed, the box dies promptly: poll in 1 s steps. */
		if (exited)
			timeout = (int)(drain_deadline - now);
		else if (*killed != KILL_NONE)
			timeout = 1000;
		else
			timeout = (int)(deadline - now);

		if (!out->eof) {
			p[n].fd = out->fd;
			p[n++].events = POLLIN;
			caps[ncap++] = out;
		}
		if (!errc->eof) {
			p[n].fd = errc->fd;
			p[n++].events = POLLIN;
			caps[ncap++] = errc;
		}
		if (!exited) {
			p[n].fd = pidfd;
			p[n++].events = POLLIN;
		}
		r = poll(p, (nfds_t)n, timeout);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			seterr(err, errlen, "jail: poll: %s", strerror(errno));
			return -1;
		}
		for (int i = 0; i < ncap; i++) {
			int over;

			if (p[i].revents == 0)
				continue;
			if ((over = capture_read(caps[i], &total, limit)) == -1) {
				seterr(err, errlen, "jail: reading the output: %s",
				    strerror(errno));
				return -1;
			}
			if (over > 0) {
				/* Nothing more is kept: stop listening. */
				out->eof = errc->eof = 1;
				if (*killed == KILL_NONE) {
					if (pidfd_send_signal(pidfd, SIGKILL,
					    NULL, 0) == -1)
						goto kill_err;
					*killed = KILL_OUTPUT;
				}
			}
		}
		if (!exited && (p[n - 1].revents & (POLLIN | POLLHUP | POLLERR))) {
			exited = 1;
			*end = now_ms();
		}
	}
	if (!exited)
		*end = now_ms();
	return 0;
kill_err:
	seterr(err, errlen, "jail: pidfd_send_signal: %s", strerror(errno));
	return -1;
}

/* nftw callbacks have no user data: both below need none. */
static int
reclaim_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	mode_t mode;

	(void)ftw;
	if (type == FTW_NS)
		return ENOENT;
	if (lchown(path, 0, 0) == -1)
		return errno;
	if (type == FTW_SL || type == FTW_SLN)
		return 0;
	mode = st->st_mode & 0777 & ~(mode_t)(S_IWGRP | S_IWOTH);
	if (chmod(path, mode) == -1)
		return errno;
	return 0;
}

static int
remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	if (remove(path) == -1 && errno != ENOENT)
		return errno;
	return 0;
}

/* Lends the box to the uid for a writable run. */
static int
box_lend(const struct jail_config *cfg, char *err, size_t errlen)
{
	if (chown(cfg->box, cfg->uid, cfg->gid) == -1 || chmod(cfg->box, 0700) == -1) {
		seterr(err, errlen, "jail: lending the box %s: %s", cfg->box,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Takes the box back after a writable run: every file root's, no set-id
 * bits, no write access for others. */
static int
box_reclaim(const struct jail_config *cfg, char *err, size_t errlen)
{
	int e = nftw(cfg->box, reclaim_one, 16, FTW_PHYS | FTW_MOUNT);

	if (e == 0 && chmod(cfg->box, 0755) == -1)
		e = errno;
	if (e != 0) {
		seterr(err, errlen, "jail: taking back the box %s: %s", cfg->box,
		    strerror(e == -1 ? errno : e));
		return -1;
	}
	return 0;
}

/* Decides what the program did. */
static void
classify(struct jail_result *res, const struct jail_limits *l,
    enum kill_reason killed, int done, int status)
{
	int sig = done && WIFSIGNALED(status) ? WTERMSIG(status) : 0;

	res->code = -1;
	res->signal = killed != KILL_NONE ? SIGKILL : sig;
	if (killed == KILL_OUTPUT)
		res->status = JAIL_OUTPUT_LIMIT;
	else if (l->cpu_ms > 0 && (res->cpu_ms > l->cpu_ms ||
	    sig == SIGPROF || sig == SIGXCPU))
		res->status = JAIL_CPU_LIMIT;
	else if (killed == KILL_WALL)
		res->status = JAIL_WALL_LIMIT;
	else if (WIFEXITED(status)) {
		res->status = JAIL_EXITED;
		res->code = WEXITSTATUS(status);
	} else
		res->status = JAIL_SIGNALED;

	if (l->memory_kib > 0 && res->memory_kib * 2 >= l->memory_kib &&
	    (res->status == JAIL_SIGNALED ||
	    (res->status == JAIL_EXITED && res->code != 0)))
		res->memory_suspect = 1;
}

int
jail_run(const struct jail_config *cfg, struct jail_result *res,
    char *err, size_t errlen)
{
	struct ctx c;
	struct capture out = { .fd = -1 }, errc = { .fd = -1 };
	int in_fd = -1, outp[2] = { -1, -1 }, errp[2] = { -1, -1 },
	    msgp[2] = { -1, -1 }, pidfd = -1, lent = 0, rc = -1, status = 0,
	    done = 0, failed = 0;
	pid_t pid = -1;
	long long start, end = 0;
	enum kill_reason killed = KILL_NONE;
	struct rusage ru;
	struct msg m;
	char why[256] = "";

	memset(res, 0, sizeof(*res));
	res->code = -1;
	memset(&c, 0, sizeof(c));
	c.cfg = cfg;
	if (check_config(cfg, err, errlen) == -1)
		goto out;
	c.envp = cfg->envp != NULL ? cfg->envp : default_env;
	if (limits_prepare(&c, err, errlen) == -1)
		goto out;
	if ((in_fd = input_open(cfg->input, cfg->input_len, err, errlen)) == -1)
		goto out;
	if (pipe2(outp, O_CLOEXEC) == -1 || pipe2(errp, O_CLOEXEC) == -1 ||
	    pipe2(msgp, O_CLOEXEC) == -1) {
		seterr(err, errlen, "jail: pipe: %s", strerror(errno));
		goto out;
	}
	/* Only our ends are non-blocking: the program's writes must block. */
	if (fcntl(outp[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(errp[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(msgp[0], F_SETFL, O_NONBLOCK) == -1) {
		seterr(err, errlen, "jail: fcntl: %s", strerror(errno));
		goto out;
	}
	c.fds[0] = in_fd;
	c.fds[1] = outp[1];
	c.fds[2] = errp[1];
	c.fds[3] = msgp[1];
	if (cfg->writable) {
		if (box_lend(cfg, err, errlen) == -1)
			goto out;
		lent = 1;
	}

	start = now_ms();
	pid = raw_clone(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC |
	    CLONE_NEWUTS | CLONE_PIDFD, &pidfd, 0);
	if (pid == -1) {
		seterr(err, errlen, "jail: clone3: %s", strerror(errno));
		goto out;
	}
	if (pid == 0)
		init_main(&c);

	close(outp[1]);
	close(errp[1]);
	close(msgp[1]);
	close(in_fd);
	outp[1] = errp[1] = msgp[1] = in_fd = -1;
	out.fd = outp[0];
	errc.fd = errp[0];

	if (supervise(pidfd, &out, &errc, &cfg->limits, start, &killed, &end,
	    err, errlen) == -1)
		goto out;
	while (wait4(pid, &status, __WALL, &ru) == -1) {
		if (errno != EINTR) {
			seterr(err, errlen, "jail: wait4: %s", strerror(errno));
			goto out;
		}
	}
	pid = -1;
	res->wall_ms = (unsigned)(end - start);
	res->cpu_ms = tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);

	/* The init's and the program's reports. The first error wins. */
	for (;;) {
		ssize_t n = read(msgp[0], &m, sizeof(m));

		if (n == -1 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(m))
			break;
		if (m.kind == MSG_ERROR && !failed) {
			m.what[sizeof(m.what) - 1] = '\0';
			snprintf(why, sizeof(why), "%s: %s", m.what, strerror(m.err));
			failed = 1;
		} else if (m.kind == MSG_DONE) {
			done = 1;
			status = m.status;
			res->memory_kib = (unsigned long)m.maxrss_kib;
		}
	}
	if (failed) {
		seterr(err, errlen, "jail: %s", why);
		goto out;
	}
	if (!done && killed == KILL_NONE) {
		seterr(err, errlen, "jail: the init ended without a report"
		    " (wait status %#x)", status);
		goto out;
	}

	classify(res, &cfg->limits, killed, done, status);
	res->out = out.buf;
	res->out_len = out.len;
	res->err = errc.buf;
	res->err_len = errc.len;
	out.buf = errc.buf = NULL;
	/* Callers may rely on the buffers being strings. */
	if ((res->out == NULL && (res->out = strdup("")) == NULL) ||
	    (res->err == NULL && (res->err = strdup("")) == NULL)) {
		seterr(err, errlen, "jail: out of memory");
		goto out;
	}
	rc = 0;
out:
	if (pid > 0) {
		/* Something failed after the start: no process may survive. */
		if (pidfd_send_signal(pidfd, SIGKILL, NULL, 0) == -1)
			(void)kill(pid, SIGKILL);
		while (waitpid(pid, NULL, __WALL) == -1 && errno == EINTR)
			;
	}
	if (lent && box_reclaim(cfg, rc == 0 ? err : NULL, errlen) == -1)
		rc = -1;
	free(out.buf);
	free(errc.buf);
	for (int i = 0; i < 2; i++) {
		if (outp[i] != -1)
			close(outp[i]);
		if (errp[i] != -1)
			close(errp[i]);
		if (msgp[i] != -1)
			close(msgp[i]);
	}
	if (in_fd != -1)
		close(in_fd);
	if (pidfd != -1)
		close(pidfd);
	return rc;
}

void
jail_result_clear(struct jail_result *res)
{
	if (res == NULL)
		return;
	free(res->out);
	free(res->err);
	memset(res, 0, sizeof(*res));
}

/* ---- Boxes. ---- */

static int
mkdir_p(char *path, mode_t mode)
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
tree_remove(const char *path)
{
	struct stat st;
	int e;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : errno;
	e = nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	return e == -1 ? errno : e;
}

int
jail_box_create(const char *root, unsigned slot, struct jail_box **out,
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
	if (dir[0] != '\0' && mkdir_p(dir, 0700) == -1) {
		seterr(err, errlen, "jail: creating %s: %s", root, strerror(errno));
		goto out;
	}
	if ((real = realpath(root, NULL)) == NULL) {
		seterr(err, errlen, "jail: %s: %s", root, strerror(errno));
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
		seterr(err, errlen, "jail: %s: %s", lock, strerror(errno));
		goto out;
	}
	if (flock(b->lockfd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			seterr(err, errlen, "jail: slot %u of %s is in use by"
			    " another grader", slot, real);
		else
			seterr(err, errlen, "jail: flock %s: %s", lock,
			    strerror(errno));
		goto out;
	}
	/* What a crashed grader of this slot left. */
	if ((e = tree_remove(b->path)) != 0) {
		seterr(err, errlen, "jail: removing the old box %s: %s", b->path,
		    strerror(e));
		goto out;
	}
	if (mkdir(b->path, 0755) == -1 || chmod(b->path, 0755) == -1) {
		seterr(err, errlen, "jail: creating the box %s: %s", b->path,
		    strerror(errno));
		goto out;
	}
	*out = b;
	b = NULL;
	rc = 0;
	goto out;
nomem:
	seterr(err, errlen, "jail: out of memory");
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
jail_box_put(const struct jail_box *box, const char *name, const void *data,
    size_t len, mode_t mode, char *err, size_t errlen)
{
	int dfd = -1, fd = -1, rc = -1;
	size_t off = 0;

	if (name[0] == '\0' || strchr(name, '/') != NULL) {
		seterr(err, errlen, "jail: bad file name \"%s\"", name);
		return -1;
	}
	if ((dfd = open(box->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1)
		goto err;
	while (off < len) {
		ssize_t n = write(fd, (const char *)data + off, len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			goto err;
		off += (size_t)n;
	}
	if (fchmod(fd, mode) == -1)
		goto err;
	if (close(fd) == -1) {
		fd = -1;
		goto err;
	}
	fd = -1;
	rc = 0;
	goto out;
err:
	seterr(err, errlen, "jail: writing %s/%s: %s", box->path, name,
	    strerror(errno));
out:
	if (fd != -1)
		close(fd);
	if (dfd != -1)
		close(dfd);
	return rc;
}

int
jail_box_free(struct jail_box *box, char *err, size_t errlen)
{
	int e;

	if (box == NULL)
		return 0;
	if ((e = tree_remove(box->path)) != 0)
		seterr(err, errlen, "jail: removing %s: %s", box->path, strerror(e));
	close(box->lockfd);
	free(box->path);
	free(box);
	return e != 0 ? -1 : 0;
}

/* ---- Signals. ---- */

static const struct {
	int sig;
	const char *name, *meaning;
} signals[] = {
	{ SIGHUP, "SIGHUP", "" },
	{ SIGINT, "SIGINT", "" },
	{ SIGQUIT, "SIGQUIT", "" },
	{ SIGILL, "SIGILL", "illegal instruction" },
	{ SIGTRAP, "SIGTRAP", "trap, e.g. __builtin_trap()" },
	{ SIGABRT, "SIGABRT", "aborted, e.g. by a failed assert() or a corrupted heap" },
	{ SIGBUS, "SIGBUS", "bus error: misaligned or invalid memory access" },
	{ SIGFPE, "SIGFPE", "arithmetic error, e.g. an integer division by zero" },
	{ SIGKILL, "SIGKILL", "killed" },
	{ SIGUSR1, "SIGUSR1", "" },
	{ SIGSEGV, "SIGSEGV", "invalid memory access" },
	{ SIGUSR2, "SIGUSR2", "" },
	{ SIGPIPE, "SIGPIPE", "wrote to a closed pipe" },
	{ SIGALRM, "SIGALRM", "alarm clock" },
	{ SIGTERM, "SIGTERM", "terminated" },
	{ SIGCHLD, "SIGCHLD", "" },
	{ SIGXCPU, "SIGXCPU", "CPU time limit exceeded" },
	{ SIGXFSZ, "SIGXFSZ", "file size limit exceeded" },
	{ SIGVTALRM, "SIGVTALRM", "" },
	{ SIGPROF, "SIGPROF", "CPU time limit exceeded" },
	{ SIGSYS, "SIGSYS", "forbidden system call" },
};

const char *
jail_signal_name(int sig)
{
	for (size_t i = 0; i < sizeof(signals) / sizeof(*signals); i++)
		if (signals[i].sig == sig)
			return signals[i].name;
	return NULL;
}

const char *
jail_signal_meaning(int sig)
{
	for (size_t i = 0; i < sizeof(signals) / sizeof(*signals); i++)
		if (signals[i].sig == sig)
			return signals[i].meaning;
	return "";
}
