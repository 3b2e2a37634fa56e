/*
 * jail.c - run commands in a jail, alone or as the runs of a cell; see
 * jail.h for the contract.
 *
 * Theory of operation
 * -------------------
 * A cell is the jail of a grading: its namespaces, its minimal root
 * and its init are built once, every run of the grading (the compile, then
 * each test) happens in it, and a grader keeps it for its next grading
 * (jail_box_run(): the next box's mount comes with its first run), so that
 * a grader builds and tears down a jail only now and then. jail_run() is a
 * cell of one run. Three processes take part:
 *
 *   supervisor   the caller's thread, root. For each run it prepares
 *       |        everything that needs memory before the run starts (pipes,
 *       |        the input, the run's cgroups, the rlimits; argv, envp and
 *       |        the seccomp filter, written into the cell's shared
 *       |        page) and sends the init a RUN message carrying the run's
 *       |        descriptors.
 *       | clone3(NEWPID | NEWNS | NEWIPC | NEWUTS), a pidfd: once per cell
 *       v
 *   init         pid 1 of a fresh pid namespace, still root, our own code (it
 *       |        never execs nor allocates). At the cell's start it sets
 *       |        up what the runs share, one setup_* step each: the empty
 *       |        network namespace of the runs, the minimal root
 *       |        (pivot_root), /proc, the host's name. For each run it
 *       |        mounts a fresh /tmp of the run's size with the box in it
 *       |        (read-only unless the run writes), resets the pid counter,
 *       |        starts the program and reaps whatever ends up as its child.
 *       |        When the program exits it kills every other process of the
 *       |        namespace (kill(-1) from pid 1 reaches them all), reaps them
 *       |        until it has no child left, unmounts /tmp, and reports the
 *       |        program's wait status, CPU time and peak memory through the
 *       |        message socket: after that report nothing of the run is
 *       |        left but its files in the box.
 *       | clone(CLONE_VM | CLONE_VFORK): no copy of the init's memory
 *       v
 *   program      pid 2. A straight sequence of setup_* steps, each for one
 *                reason (the run's cgroups, own POSIX session, standard fds,
 *                rlimits, CPU timer, OOM victim first, the box as working
 *                directory, unprivileged uid and gid, no new privileges, the
 *                seccomp filter), then execve(). Until execve it runs our
 *                code on a stack of its own in the init's memory, the init
 *                waiting (vfork): only the execve pays for a new address
 *                space. A failing step says which through the message
 *                socket, whose end is close-on-exec: the program never
 *                holds it.
 *
 * The supervisor polls the program's stdout and stderr pipes (so a flood can
 * never block the program, nor a silent program block us), the message
 * socket, the seccomp listener and the init's pidfd, with the nearest
 * deadline (wall clock, the next look at the box's CPU time) as timeout.
 * Past the wall deadline, the output limit or the CPU limit, or at a
 * forbidden system call, it stops the run: a queued signal to the init
 * naming the run, whose handler kills every process of the namespace; the
 * init's report follows. A run that does not end within seconds of that,
 * or an init that dies, ends the cell (SIGKILL to the init: the kernel
 * kills the namespace). Standard input is a sealed memfd: no writer, so no
 * pipe to deadlock on, and the program cannot change it.
 *
 * Between runs. Each guarantee of a run holds per run in a cell:
 *   - processes: the init reports a run only when it has no child left
 *     after kill(-1); every process of the namespace is the init's child or
 *     the descendant of one, so none is left. The pid counter is reset to 1
 *     (ns_last_pid, held open from the host's /proc): each program is pid 2,
 *     and no run can tell another how many processes it made through pids
 *     (pidfds, whose inode numbers count processes host-wide, are
 *     forbidden; other host-wide counters, such as pipes' inode numbers,
 *     remain, noisy with the rest of the host's activity). Where the
 *     counter cannot be reset, the cell is rebuilt before each run.
 *   - files: /tmp is a new tmpfs per run with the run's size, unmounted
 *     after it; the box is attached per run from a copy of the previous
 *     run's mount, read-only unless the run writes, and a writable run's
 *     files are given back to root before the next run. The root, /usr,
 *     /etc, /dev and /proc cannot be written; nothing else is mounted.
 *   - limits and counters: each run has a memory cgroup of its own,
 *     created before it and removed after it, which only its program joins
 *     (before it drops its privileges) and its processes inherit; the init
 *     stays out of it, so its counters (OOM kills, peak memory) and limit
 *     are the run's alone. The pids and CPU groups are the run's too, or,
 *     where cgroup v1 mounts them apart from memory, the cell's: empty
 *     between runs, pids.max written and the CPU time taken as zero again
 *     before each (their other counters, which no program reads, go on). rlimits, the CPU timer,
 *     the seccomp filter and its listener are the program's, made per run;
 *     a cgroup namespace per run shows it only its groups.
 *   - what the namespaces keep (the host's name, the ipc namespace, /proc's
 *     mount) the programs cannot change: no capability, and the filters
 *     forbid SysV IPC, message queues, mounts and sethostname's friends.
 *
 * Forbidden system calls (sysfilter.h). The filter's action for a call
 * outside the profile is a user notification: the program hands the
 * filter's listener to the supervisor (SCM_RIGHTS on the message socket)
 * right after loading it, the supervisor receives each notification with
 * the call's number, names it and stops the run while the caller waits. The
 * first execve of a profile without exec (the program's own start) is the
 * one notification the supervisor lets through; if the run was stopped
 * before it, that execve fails instead, so that the init, waiting for it
 * (vfork), can kill the run.
 *
 * Limits. The box's memory, tasks and CPU are cgroup limits where the host
 * has the controllers (cgroup.h): the memory limit is then exact (a process
 * over it is killed by the kernel, whose OOM counter tells us so for
 * certain: MemoryLimitExceeded), pids.max counts processes and threads, one
 * CPU at most, and the supervisor reads the box's CPU time while it runs.
 * File size, open files, stack and CPU time per process are rlimits, and so
 * are memory (RLIMIT_AS) and processes (RLIMIT_NPROC: the uid of a slot is
 * used by one run at a time, so its count is the run's own) when there is no
 * controller. RLIMIT_CPU counts whole seconds, so an ITIMER_PROF timer (it
 * survives execve) stops each process at its limit, to the scheduler tick;
 * RLIMIT_CPU stays as the backstop a second later. Root here lacks
 * CAP_SYS_RESOURCE: rlimits are capped at the host's hard limits.
 *
 * Two ways to fail, as in isolate: a step that fails in the init or the
 * program sends an error message and the run is a failure of the jail
 * (jail_cell_run() returns -1, MiscError upstream), which also ends the
 * cell; everything else is a fact about the program.
 *
 * Leftovers. Processes die with each run, and with the pid namespace at
 * the latest (the init has a parent-death signal: a supervisor killed with
 * SIGKILL takes the cell with it); the root, /tmp and /dev are in the
 * mount namespace, which dies with its last process; nothing of the host is
 * writable but the box of a writable run; SysV IPC and POSIX queues live in
 * the private ipc namespace; the run's cgroups are removed once its
 * processes are gone. A writable run can only leave files in the box, and
 * the supervisor gives them back to root afterwards.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "sandbox/util/errmsg.h"
#include "sandbox/jail/cgroup.h"
#include "sandbox/jail/jail.h"
#include "sandbox/jail/sysfilter.h"

/* The init's descriptors, at known numbers: the message socket (the
 * program's too, until execve) and the network namespace (joined, then
 * closed). A run's descriptors arrive with its RUN message. */
enum { FD_MSG = 6, FD_NET, FD_FIRST_FREE };

_Static_assert(FD_MSG == SYSFILTER_SEND_FD, "the filter allows sendmsg on FD_MSG");

enum {
	JAIL_MSG_STARTED = 1,	/* init: the parent-death signal is set */
	JAIL_MSG_READY,		/* init: the cell is built (flags) */
	JAIL_MSG_ERROR,		/* init or program: a step failed (err, what) */
	JAIL_MSG_LISTENER,	/* program: the filter's listener (SCM_RIGHTS) */
	JAIL_MSG_DONE,		/* init: the run is over (run, status, ...) */
	JAIL_MSG_RUN		/* supervisor: start run `run` (SCM_RIGHTS:
				   input, stdout, stderr, cgroups) */
};

/* JAIL_MSG_READY's flags. */
#define JAIL_READY_PID_RESET 1	/* the init can reset the pid counter */
/* JAIL_MSG_RUN's flags. */
#define JAIL_RUN_NEW_BOX 1	/* the last descriptor is the box to use from
				   now on (a detached mount: open_tree()) */

/* One message on the cell's SOCK_SEQPACKET socket. */
struct jail_msg {
	int kind;
	int err;		/* JAIL_MSG_ERROR: errno */
	unsigned run;		/* JAIL_MSG_RUN, JAIL_MSG_DONE: the run's number */
	int status;		/* JAIL_MSG_DONE: the program's wait status */
	int flags;		/* JAIL_MSG_READY, JAIL_MSG_RUN */
	int nfds;		/* JAIL_MSG_RUN: descriptors attached */
	long maxrss_kib;	/* JAIL_MSG_DONE: peak RSS of the run's processes */
	unsigned long long cpu_us;	/* JAIL_MSG_DONE: their user + system time */
	char what[200];		/* JAIL_MSG_ERROR: the step that failed */
};

#define JAIL_MAX_RLIMITS 10
#define JAIL_MAX_TOP 8
#define JAIL_MAX_ETC 4
#define JAIL_MAX_CG 4
#define JAIL_RUN_FDS (4 + JAIL_MAX_CG)	/* input, stdout, stderr, cgroups, a new box */

/* A directory of the host's root that programs expect (/bin, /lib64...):
 * a symbolic link to recreate, or a directory to bind read-only. */
struct jail_top_entry {
	char name[16];
	char target[64];	/* "" for a directory */
};

/* Facts about the host's root, found once per process. */
struct jail_host_root {
	struct jail_top_entry top[JAIL_MAX_TOP];
	int ntop;
	int has_ld_cache, has_alternatives;
	/* The JDKs' configuration directories (/etc/java-17-openjdk...): a
	 * JDK under /usr links its jvm.cfg and security files there. */
	char etc[JAIL_MAX_ETC][48];
	int netc;
};

/*
 * What a run is, written by the supervisor into the cell's shared page
 * (MAP_SHARED, mapped before the init was made, so at the same address in
 * both) before its RUN message, and read by the init and the program. The
 * pointers point into the arena.
 */
#define JAIL_DESC_BYTES (2u << 20)

struct jail_run_desc {
	int writable;
	unsigned tmp_kib;
	char tmp_opts[96];	/* mount options of /tmp */
	int rlim_res[JAIL_MAX_RLIMITS];
	struct rlimit rlim[JAIL_MAX_RLIMITS];
	size_t nrlim;
	int cpu_timer_on;
	struct itimerval cpu_timer;
	struct sock_fprog prog;	/* the profile's filter */
	char **argv, **envp;
	size_t used;		/* bytes of the arena in use */
	char arena[] __attribute__((aligned(16)));
};

#define JAIL_DESC_ARENA (JAIL_DESC_BYTES - sizeof(struct jail_run_desc))

/* What the init is given at the cell's start (its copy of the
 * supervisor's memory). */
struct jail_cell_ctx {
	const char *box;
	uid_t uid;
	gid_t gid;
	int fds[2];		/* message socket, network namespace (as
				   numbered in the supervisor) */
	const struct jail_host_root *host;
	struct jail_run_desc *desc;
	char passwd[160], group[96];
};

/* The init's own state. */
struct init_state {
	int boxfd;		/* the box's mount, detached between runs */
	int lastpid;		/* ns_last_pid, or -1 */
};

/* What the program is started with (on the init's stack; the program
 * shares the init's memory until execve). */
struct prog_ctx {
	const struct jail_cell_ctx *sc;
	const struct jail_run_desc *d;
	int in, out, err;	/* received descriptors */
	int cg[JAIL_MAX_CG], ncg;
	int newbox;		/* JAIL_RUN_NEW_BOX: the new box's mount, or -1 */
};

struct jail_cell {
	char *box;
	uid_t uid;
	gid_t gid;
	pid_t pid;		/* the init, or -1 */
	int pidfd, msgfd;
	struct jail_run_desc *desc;	/* the shared page */
	unsigned runs;		/* runs started in this init */
	int pid_reset;		/* its init resets the pid counter */
	unsigned shared;	/* controllers of the groups kept for every run */
	int shared_made;
	struct cgroup_run shared_cg;	/* those groups, once made */
	int new_box;		/* the box directory was made anew: the next
				   run brings the init its mount */
	int started;		/* the last run reached its init */
	pid_t owner_pid;	/* the process and thread that opened it */
	pid_t owner_tid;
	int broken;		/* a run failed: why says how */
	char why[256];
};

static char *const default_env[] = {
	"PATH=/usr/bin:/bin",
	"LANG=C.UTF-8",
	"HOME=/tmp",
	"TMPDIR=/tmp",
	NULL
};

/* ---- The init and the program: async-signal-safe calls only. ---- */

/* Appends S to DST (SIZE bytes, NUL-terminated): strlcat without libc. */
static void
jail_child_cat(char *dst, size_t size, const char *s)
{
	size_t n = 0;

	while (n < size && dst[n] != '\0')
		n++;
	while (n + 1 < size && *s != '\0')
		dst[n++] = *s++;
	if (n < size)
		dst[n] = '\0';
}

/*
 * Sends message M on the cell's socket FD with NFDS descriptors FDS
 * (SCM_RIGHTS; none when 0), retrying when interrupted. 0, or -1 with
 * errno. Async-signal-safe, allocates nothing: the init and the program
 * use it too. Always sendmsg(): under the program's filter it is the one
 * send call allowed (on FD_MSG), and a forbidden call before execve would
 * wait for a supervisor that cannot stop the run while the init waits for
 * the program (vfork).
 */
static int
jail_msg_send(int fd, const struct jail_msg *m, const int *fds, int nfds)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(JAIL_RUN_FDS * sizeof(int))];
	} ctl;
	struct msghdr mh;
	struct iovec iov;
	ssize_t n;

	if (nfds < 0 || nfds > JAIL_RUN_FDS) {
		errno = EINVAL;
		return -1;
	}
	iov.iov_base = (void *)m;
	iov.iov_len = sizeof(*m);
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (nfds > 0) {
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE((size_t)nfds * sizeof(int));
		CMSG_FIRSTHDR(&mh)->cmsg_level = SOL_SOCKET;
		CMSG_FIRSTHDR(&mh)->cmsg_type = SCM_RIGHTS;
		CMSG_FIRSTHDR(&mh)->cmsg_len = CMSG_LEN((size_t)nfds * sizeof(int));
		memcpy(CMSG_DATA(CMSG_FIRSTHDR(&mh)), fds, (size_t)nfds * sizeof(int));
	}
	while ((n = sendmsg(fd, &mh, MSG_NOSIGNAL)) == -1 && errno == EINTR)
		;
	if (n == -1)
		return -1;
	if (n != (ssize_t)sizeof(*m)) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

/*
 * Reports that step WHAT (and DETAIL, may be NULL) failed with errno, and
 * exits: the program's run is then a failure, the init's death the end of
 * the cell.
 */
static void __attribute__((noreturn))
jail_child_fail(int fd, const char *what, const char *detail)
{
	struct jail_msg m;

	memset(&m, 0, sizeof(m));
	m.kind = JAIL_MSG_ERROR;
	m.err = errno;
	jail_child_cat(m.what, sizeof(m.what), what);
	if (detail != NULL) {
		jail_child_cat(m.what, sizeof(m.what), " ");
		jail_child_cat(m.what, sizeof(m.what), detail);
	}
	if (jail_msg_send(fd, &m, NULL, 0) == -1) {
		/* Nobody to tell: the supervisor sees no report and says so. */
	}
	_exit(127);
}

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

/*
 * The init keeps exactly its own descriptors, at known numbers: any other
 * descriptor of the supervisor (another cell's socket, the worker's
 * database) must not reach a program. Standard input, output and error
 * become /dev/null: the init never uses them, and must not hold the
 * grader's for the cell's life; being open, they keep the descriptors
 * of each run (received above 2) away from 0, 1 and 2.
 */
static void
jail_init_setup_fds(const struct jail_cell_ctx *sc)
{
	int hi = FD_FIRST_FREE, tmp[2], null;

	for (int i = 0; i < 2; i++)
		if (sc->fds[i] >= hi)
			hi = sc->fds[i] + 1;
	for (int i = 0; i < 2; i++)
		if ((tmp[i] = fcntl(sc->fds[i], F_DUPFD_CLOEXEC, hi)) == -1)
			jail_child_fail(sc->fds[0], "setup_init_fds: fcntl", NULL);
	for (int i = 0; i < 2; i++)
		if (dup3(tmp[i], FD_MSG + i, O_CLOEXEC) == -1)
			jail_child_fail(tmp[0], "setup_init_fds: dup3", NULL);
	if (close_range(3, FD_MSG - 1, 0) == -1 ||
	    close_range(FD_FIRST_FREE, ~0U, 0) == -1)
		jail_child_fail(FD_MSG, "setup_init_fds: close_range", NULL);
	if ((null = open("/dev/null", O_RDWR)) == -1)
		jail_child_fail(FD_MSG, "setup_init_fds: /dev/null", NULL);
	for (int fd = 0; fd < 3; fd++)
		if (fd != null && dup2(null, fd) == -1)
			jail_child_fail(FD_MSG, "setup_init_fds: dup2", NULL);
	if (null > 2)
		close(null);
}

/*
 * The run the init is serving (0: none) and the last run the supervisor
 * asked to stop. Written by the init and its signal handler only.
 */
static volatile sig_atomic_t run_current, run_stopped;

/*
 * The supervisor stops run N with a queued signal carrying N: every process
 * of the namespace but the init is killed. A request for a run that is over
 * (it arrives late) kills nothing; one that arrives before the program
 * exists is remembered, and the init kills it once started (jail_init_run()).
 */
static void
jail_init_on_stop(int sig, siginfo_t *si, void *uc)
{
	int e = errno;

	(void)sig;
	(void)uc;
	if (si->si_code == SI_QUEUE && si->si_value.sival_int > run_stopped)
		run_stopped = si->si_value.sival_int;
	if (run_current != 0 && run_stopped == run_current)
		(void)kill(-1, SIGKILL);
	errno = e;
}

/* The signal that stops a run (queued: a late request for an earlier run
 * never hides the next one). */
static int
jail_stop_signal(void)
{
	return SIGRTMIN + 1;
}

/*
 * Default dispositions and an empty signal mask, inherited by the programs:
 * ignored signals and the mask survive execve, and a worker that ignores
 * SIGPIPE must not change how a student's program behaves. glibc's
 * sigaction() refuses its two internal signals (32 and 33), which a grader
 * may still have inherited as ignored: the raw system call resets them.
 * Then the handler of the stop signal, which each program resets first.
 */
static void
jail_init_setup_signals(void)
{
	struct {
		void *handler;
		unsigned long flags;
		void *restorer;
		uint64_t mask;
	} ksa;
	struct sigaction sa;
	sigset_t none;

	memset(&ksa, 0, sizeof(ksa));
	ksa.handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)syscall(SYS_rt_sigaction, sig, &ksa, NULL, sizeof(ksa.mask));
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) == -1)
		jail_child_fail(FD_MSG, "setup_signals: sigprocmask", NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = jail_init_on_stop;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask);
	if (sigaction(jail_stop_signal(), &sa, NULL) == -1)
		jail_child_fail(FD_MSG, "setup_signals: sigaction", NULL);
}

/*
 * If the supervisor dies (a worker killed with SIGKILL), nobody enforces the
 * wall limit any more: the init dies with it, and so does the box. The
 * STARTED message closes the race with a supervisor that died before the
 * prctl: its end of the socket is closed and the send fails.
 */
static void
jail_init_setup_parent_death(void)
{
	struct jail_msg m;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) == -1)
		jail_child_fail(FD_MSG, "setup_parent_death: prctl", NULL);
	memset(&m, 0, sizeof(m));
	m.kind = JAIL_MSG_STARTED;
	if (jail_msg_send(FD_MSG, &m, NULL, 0) == -1)
		_exit(1);
}

/*
 * The network: an empty namespace with no interface up (not even
 * loopback), made once per grader process and shared by its runs (making
 * one per run costs about a millisecond). Runs cannot meet in it: no socket
 * can be made in a box (seccomp), and nothing else there is shared.
 */
static void
jail_init_setup_net(void)
{
	if (setns(FD_NET, CLONE_NEWNET) == -1)
		jail_child_fail(FD_MSG, "setup_net: setns", NULL);
	close(FD_NET);
}

/*
 * The pid counter of the namespace, reset before each run so that every
 * program is pid 2, as in a namespace of its own: otherwise a run could
 * tell a later one something (a private test's input to a public test's
 * output) by how many processes it made. ns_last_pid acts on the writer's
 * pid namespace; it is opened from the host's /proc, before the root is
 * replaced. Without it (a read-only /proc/sys), the supervisor rebuilds the
 * cell before each run instead.
 */
static void
jail_init_setup_pid_counter(struct init_state *st)
{
	st->lastpid = open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC);
	if (st->lastpid != -1 && pwrite(st->lastpid, "1", 1, 0) != 1) {
		close(st->lastpid);
		st->lastpid = -1;
	}
}

/*
 * Nothing mounted from here on may propagate back to the host, whatever its
 * defaults (systemd makes / shared): every mount of the new namespace is
 * made private. When / is not a mount point (a chroot) that fails with
 * EINVAL: the init, root in its own mount namespace, then climbs to the
 * namespace's real root (the classic chroot escape, harmless here: it sees
 * only what the grader could) and makes everything private from there. The
 * minimal root is then built from *HOSTROOT, the root the grader was given,
 * opened before the climb. Returns the directory to mount the new root on.
 */
static const char *
jail_init_setup_private_mounts(int *hostroot)
{
	struct stat a, b;

	if ((*hostroot = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		jail_child_fail(FD_MSG, "setup_private_mounts: open /", NULL);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
		return "/tmp";
	if (errno != EINVAL)
		jail_child_fail(FD_MSG, "setup_private_mounts: mount --make-rprivate /",
		    NULL);
	if (chdir("/") == -1 || chroot("usr") == -1)
		jail_child_fail(FD_MSG, "setup_private_mounts: leaving the chroot", NULL);
	for (int i = 0; i < 256; i++) {
		if (stat(".", &a) == -1 || stat("..", &b) == -1)
			jail_child_fail(FD_MSG, "setup_private_mounts: stat ..", NULL);
		if (a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			break;
		if (chdir("..") == -1)
			jail_child_fail(FD_MSG, "setup_private_mounts: chdir ..", NULL);
	}
	if (chroot(".") == -1 || chdir("/") == -1)
		jail_child_fail(FD_MSG, "setup_private_mounts: chroot to the real root",
		    NULL);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		jail_child_fail(FD_MSG, "setup_private_mounts: mount --make-rprivate"
		    " of the real root", NULL);
	return access("/tmp", F_OK) == 0 ? "/tmp" : "/mnt";
}

/*
 * Binds HOSTROOT's PATH (a directory, RECURSIVE with what is mounted under
 * it, or a file) at PATH of the new root (the working directory),
 * read-only, nosuid, and nodev unless DEV. The target must exist.
 */
static void
jail_init_bind_ro(int hostroot, const char *path, int recursive, int dev)
{
	struct mount_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
	    (dev ? MOUNT_ATTR_NOEXEC : MOUNT_ATTR_NODEV);
	attr.propagation = MS_PRIVATE;
	if ((fd = open_tree(hostroot, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
	    (recursive ? AT_RECURSIVE : 0))) == -1)
		jail_child_fail(FD_MSG, "setup_root: open_tree", path);
	if (mount_setattr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0),
	    &attr, sizeof(attr)) == -1)
		jail_child_fail(FD_MSG, "setup_root: mount_setattr", path);
	if (move_mount(fd, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) == -1)
		jail_child_fail(FD_MSG, "setup_root: move_mount", path);
	close(fd);
}

/* Creates file PATH (mode 0644) holding TEXT, or empty when TEXT is NULL. */
static void
jail_init_put_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd == -1)
		jail_child_fail(FD_MSG, "setup_root: creating", path);
	if (text != NULL && write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		jail_child_fail(FD_MSG, "setup_root: writing", path);
	close(fd);
}

static void
jail_init_make_dir(const char *path, mode_t mode)
{
	if (mkdir(path, mode) == -1)
		jail_child_fail(FD_MSG, "setup_root: mkdir", path);
}

/*
 * The file system of the cell: a minimal root of its own, so that the
 * programs see only what a program needs, and nothing of the host that they
 * could read (the data directory, other boxes, the specs, /etc/shadow) or
 * write:
 * - a small tmpfs, read-only once built, holding:
 * - /usr read-only and nosuid, and the host's /bin, /sbin, /lib* links (or
 *   directories, bound read-only): the compiler, the interpreter, libraries;
 * - /etc with ld.so.cache, alternatives and the JDKs' java-* directories
 *   (read-only: configuration the JDK under /usr links to, no secret), and
 *   a passwd, group and nsswitch.conf of our own that name only root and
 *   the runs' uid;
 * - /dev with null, zero and urandom (bound from the host) and the fd links;
 * - /proc of the new pid namespace, showing only its processes
 *   (hidepid=invisible: a program sees only its own uid's, never the init)
 *   and nothing but them (subset=pid: no /proc/sys, no kernel tables);
 * - /tmp, empty: each run mounts its own (jail_init_setup_tmp());
 * - the box, as a detached copy of its mount (open_tree() of the host's
 *   directory), in ST->boxfd until the first run attaches it.
 * pivot_root() makes that tree the root and the old root is detached: not
 * hidden under a mount, gone from the namespace.
 */
static void
jail_init_setup_root(const struct jail_cell_ctx *sc, struct init_state *st)
{
	struct mount_attr ro;
	const char *stage;
	int hostroot;

	memset(&ro, 0, sizeof(ro));
	ro.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;

	if ((st->boxfd = open_tree(AT_FDCWD, sc->box, OPEN_TREE_CLONE |
	    OPEN_TREE_CLOEXEC)) == -1)
		jail_child_fail(FD_MSG, "setup_root: open_tree", sc->box);
	stage = jail_init_setup_private_mounts(&hostroot);

	if (mount("tmpfs", stage, "tmpfs", MS_NOSUID | MS_NODEV,
	    "size=256k,nr_inodes=256,mode=755") == -1)
		jail_child_fail(FD_MSG, "setup_root: mount the root tmpfs on", stage);
	if (chdir(stage) == -1)
		jail_child_fail(FD_MSG, "setup_root: chdir", stage);

	jail_init_make_dir("usr", 0755);
	jail_init_bind_ro(hostroot, "usr", 1, 0);
	for (int i = 0; i < sc->host->ntop; i++) {
		const struct jail_top_entry *t = &sc->host->top[i];

		if (t->target[0] != '\0') {
			if (symlink(t->target, t->name) == -1)
				jail_child_fail(FD_MSG, "setup_root: symlink", t->name);
		} else {
			jail_init_make_dir(t->name, 0755);
			jail_init_bind_ro(hostroot, t->name, 1, 0);
		}
	}

	jail_init_make_dir("etc", 0755);
	jail_init_put_file("etc/passwd", sc->passwd);
	jail_init_put_file("etc/group", sc->group);
	jail_init_put_file("etc/nsswitch.conf", "passwd: files\ngroup: files\n");
	if (sc->host->has_ld_cache) {
		jail_init_put_file("etc/ld.so.cache", NULL);
		jail_init_bind_ro(hostroot, "etc/ld.so.cache", 0, 0);
	}
	if (sc->host->has_alternatives) {
		jail_init_make_dir("etc/alternatives", 0755);
		jail_init_bind_ro(hostroot, "etc/alternatives", 0, 0);
	}
	for (int i = 0; i < sc->host->netc; i++) {
		jail_init_make_dir(sc->host->etc[i], 0755);
		jail_init_bind_ro(hostroot, sc->host->etc[i], 1, 0);
	}

	jail_init_make_dir("dev", 0755);
	jail_init_put_file("dev/null", NULL);
	jail_init_bind_ro(hostroot, "dev/null", 0, 1);
	jail_init_put_file("dev/zero", NULL);
	jail_init_bind_ro(hostroot, "dev/zero", 0, 1);
	jail_init_put_file("dev/urandom", NULL);
	jail_init_bind_ro(hostroot, "dev/urandom", 0, 1);
	if (symlink("/proc/self/fd", "dev/fd") == -1 ||
	    symlink("/proc/self/fd/0", "dev/stdin") == -1 ||
	    symlink("/proc/self/fd/1", "dev/stdout") == -1 ||
	    symlink("/proc/self/fd/2", "dev/stderr") == -1)
		jail_child_fail(FD_MSG, "setup_root: symlink in /dev", NULL);
	close(hostroot);

	jail_init_make_dir("proc", 0555);
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    "hidepid=invisible,subset=pid") == -1 &&
	    mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    "hidepid=2") == -1)
		jail_child_fail(FD_MSG, "setup_root: mount /proc", NULL);

	jail_init_make_dir("tmp", 01777);

	if (syscall(SYS_pivot_root, ".", ".") == -1)
		jail_child_fail(FD_MSG, "setup_root: pivot_root", NULL);
	if (umount2(".", MNT_DETACH) == -1)
		jail_child_fail(FD_MSG, "setup_root: detaching the old root", NULL);
	if (chdir("/") == -1)
		jail_child_fail(FD_MSG, "setup_root: chdir /", NULL);
	if (mount_setattr(AT_FDCWD, "/", 0, &ro, sizeof(ro)) == -1)
		jail_child_fail(FD_MSG, "setup_root: mount_setattr read-only /", NULL);
}

/* The host's name is none of the program's business. */
static void
jail_init_setup_uts(void)
{
	if (sethostname("assay", 5) == -1)
		jail_child_fail(FD_MSG, "setup_uts: sethostname", NULL);
}

/* The cell is built: the supervisor may send runs. */
static void
jail_init_ready(const struct init_state *st)
{
	struct jail_msg m;

	memset(&m, 0, sizeof(m));
	m.kind = JAIL_MSG_READY;
	m.flags = st->lastpid != -1 ? JAIL_READY_PID_RESET : 0;
	if (jail_msg_send(FD_MSG, &m, NULL, 0) == -1)
		_exit(1);
}

/*
 * The run's /tmp: a new tmpfs of its size (read-only when it has none),
 * and the box at JAIL_BOX_PATH, attached from ST->boxfd: writable only when
 * the run may write, nosuid and nodev, but executable even when its host
 * file system is mounted noexec (a hardened /tmp).
 */
static void
jail_init_setup_tmp(const struct jail_run_desc *d, struct init_state *st)
{
	struct mount_attr boxattr, ro;

	memset(&boxattr, 0, sizeof(boxattr));
	boxattr.attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
	    (d->writable ? 0 : MOUNT_ATTR_RDONLY);
	boxattr.attr_clr = MOUNT_ATTR_NOEXEC | (d->writable ? MOUNT_ATTR_RDONLY : 0);
	boxattr.propagation = MS_PRIVATE;
	memset(&ro, 0, sizeof(ro));
	ro.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;

	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, d->tmp_opts) == -1)
		jail_child_fail(FD_MSG, "setup_tmp: mount /tmp", NULL);
	if (mkdir(JAIL_BOX_PATH, 0755) == -1)
		jail_child_fail(FD_MSG, "setup_tmp: mkdir", JAIL_BOX_PATH);
	if (mount_setattr(st->boxfd, "", AT_EMPTY_PATH, &boxattr, sizeof(boxattr)) == -1)
		jail_child_fail(FD_MSG, "setup_tmp: mount_setattr of the box", NULL);
	if (move_mount(st->boxfd, "", AT_FDCWD, JAIL_BOX_PATH,
	    MOVE_MOUNT_F_EMPTY_PATH) == -1)
		jail_child_fail(FD_MSG, "setup_tmp: move_mount", JAIL_BOX_PATH);
	close(st->boxfd);
	st->boxfd = -1;
	if (d->tmp_kib == 0 && mount_setattr(AT_FDCWD, "/tmp", 0, &ro, sizeof(ro)) == -1)
		jail_child_fail(FD_MSG, "setup_tmp: mount_setattr read-only /tmp", NULL);
}

/*
 * After a run: a copy of the box's mount is kept for the next run (a
 * detached one: nothing can reach it), then /tmp goes, with all the run
 * wrote there and the box's mount. No process is left to hold either.
 */
static void
jail_init_teardown_tmp(struct init_state *st)
{
	if ((st->boxfd = open_tree(AT_FDCWD, JAIL_BOX_PATH, OPEN_TREE_CLONE |
	    OPEN_TREE_CLOEXEC)) == -1)
		jail_child_fail(FD_MSG, "teardown_tmp: open_tree", JAIL_BOX_PATH);
	if (umount2("/tmp", MNT_DETACH) == -1)
		jail_child_fail(FD_MSG, "teardown_tmp: umount /tmp", NULL);
}

/*
 * The program: the stop signal's handler, inherited from the init, goes
 * first (execve would reset it, but a signal before would run it here).
 */
static void
jail_prog_setup_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	if (sigaction(jail_stop_signal(), &sa, NULL) == -1)
		jail_child_fail(FD_MSG, "setup_program_signals: sigaction", NULL);
}

/*
 * The run's cgroups, joined first, so that every page and process of the
 * run is counted (its processes inherit them) and none of the init's; then
 * a cgroup namespace rooted there, so that the program sees "/" in
 * /proc/self/cgroup and nothing of the host's hierarchy.
 */
static void
jail_prog_setup_cgroup(const struct prog_ctx *pc)
{
	if (cgroup_run_join(pc->cg, pc->ncg) == -1)
		jail_child_fail(FD_MSG, "setup_cgroup: joining the run's cgroups", NULL);
	if (unshare(CLONE_NEWCGROUP) == -1)
		jail_child_fail(FD_MSG, "setup_cgroup: unshare(CLONE_NEWCGROUP)", NULL);
}

/*
 * A session and process group of its own: no controlling terminal (no
 * TIOCSTI into the grader's terminal, no keyboard signals), and kill(0)
 * reaches only the program's processes.
 */
static void
jail_prog_setup_session(void)
{
	if (setsid() == -1)
		jail_child_fail(FD_MSG, "setup_session: setsid", NULL);
}

/* Standard input, output and error; every other descriptor is closed (the
 * message socket at execve). The run's descriptors are above 2 (the
 * init's 0, 1 and 2 are open). */
static void
jail_prog_setup_fds(const struct prog_ctx *pc)
{
	if (dup2(pc->in, 0) == -1 || dup2(pc->out, 1) == -1 || dup2(pc->err, 2) == -1)
		jail_child_fail(FD_MSG, "setup_fds: dup2", NULL);
	if (close_range(3, FD_MSG - 1, 0) == -1 ||
	    close_range(FD_MSG + 1, ~0U, 0) == -1)
		jail_child_fail(FD_MSG, "setup_fds: close_range", NULL);
}

/* The limits of jail_limits that rlimits express (prepared by jail_sup_limits). */
static void
jail_prog_setup_rlimits(const struct jail_run_desc *d)
{
	for (size_t i = 0; i < d->nrlim; i++)
		if (setrlimit(d->rlim_res[i], &d->rlim[i]) == -1)
			jail_child_fail(FD_MSG, "setup_rlimits: setrlimit", NULL);
}

/*
 * RLIMIT_CPU counts whole seconds; this timer stops the program at its CPU
 * limit (SIGPROF), to the scheduler tick. It survives execve and counts all
 * the process's threads; a program that disarms it meets RLIMIT_CPU later.
 */
static void
jail_prog_setup_cpu_timer(const struct jail_run_desc *d)
{
	if (!d->cpu_timer_on)
		return;
	if (setitimer(ITIMER_PROF, &d->cpu_timer, NULL) == -1)
		jail_child_fail(FD_MSG, "setup_cpu_timer: setitimer", NULL);
}

/*
 * When the box passes its memory limit, the kernel's OOM killer must pick
 * one of the program's processes: the program and its children are the
 * first victims, on the host too. Raising one's own score needs no
 * privilege.
 */
static void
jail_prog_setup_oom_victim(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);

	if (fd == -1 || write(fd, "1000", 4) != 4)
		jail_child_fail(FD_MSG, "setup_oom_victim: /proc/self/oom_score_adj", NULL);
	close(fd);
}

/* The box is the working directory. */
static void
jail_prog_setup_cwd(void)
{
	if (chdir(JAIL_BOX_PATH) == -1)
		jail_child_fail(FD_MSG, "setup_cwd: chdir", JAIL_BOX_PATH);
}

/*
 * The unprivileged uid and gid of the slot, and no supplementary groups.
 * Raw system calls: glibc's wrappers would try to change the credentials of
 * every thread the supervisor had, which do not exist in this child.
 * Dropping uid 0 also empties the capability sets.
 */
static void
jail_prog_setup_credentials(const struct jail_cell_ctx *sc)
{
	uid_t uid = sc->uid;
	gid_t gid = sc->gid;

	if (syscall(SYS_setgroups, 0, NULL) == -1)
		jail_child_fail(FD_MSG, "setup_credentials: setgroups", NULL);
	if (syscall(SYS_setresgid, gid, gid, gid) == -1)
		jail_child_fail(FD_MSG, "setup_credentials: setresgid", NULL);
	if (syscall(SYS_setresuid, uid, uid, uid) == -1)
		jail_child_fail(FD_MSG, "setup_credentials: setresuid", NULL);
}

/* No set-uid binary or file capability can give privileges back, and
 * seccomp requires it of an unprivileged process. */
static void
jail_prog_setup_no_new_privs(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		jail_child_fail(FD_MSG, "setup_no_new_privs: prctl", NULL);
}

/*
 * The profile's allowlist (sysfilter.h), last before execve: the steps
 * above make calls the program may not. Its listener goes to the
 * supervisor at once (the filter allows sendmsg on FD_MSG only), and is
 * closed here: a program holding it could answer its own notifications.
 */
static void
jail_prog_setup_seccomp(const struct jail_run_desc *d)
{
	struct jail_msg m;
	int lfd;

	lfd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER, &d->prog);
	if (lfd == -1)
		jail_child_fail(FD_MSG, "setup_seccomp: seccomp", NULL);
	memset(&m, 0, sizeof(m));
	m.kind = JAIL_MSG_LISTENER;
	if (jail_msg_send(FD_MSG, &m, &lfd, 1) == -1)
		jail_child_fail(FD_MSG, "setup_seccomp: sending the listener", NULL);
	close(lfd);
}

/*
 * The program, from clone() to execve() on its own stack, in the init's
 * memory (CLONE_VM): it writes nothing there but that stack (and errno,
 * the init's, while the init waits).
 */
static int
jail_prog_main(void *arg)
{
	const struct prog_ctx *pc = arg;
	const struct jail_run_desc *d = pc->d;

	jail_prog_setup_signals();
	jail_prog_setup_cgroup(pc);
	jail_prog_setup_session();
	jail_prog_setup_fds(pc);
	jail_prog_setup_rlimits(d);
	jail_prog_setup_cpu_timer(d);
	jail_prog_setup_oom_victim();
	jail_prog_setup_cwd();
	jail_prog_setup_credentials(pc->sc);
	jail_prog_setup_no_new_privs();
	jail_prog_setup_seccomp(d);
	execve(d->argv[0], d->argv, d->envp);
	jail_child_fail(FD_MSG, "execve", d->argv[0]);
}

/* The program's stack until execve: the init's, one run at a time. */
static char program_stack[128 * 1024] __attribute__((aligned(64)));

/*
 * Waits for the next RUN message into *PC (its descriptors, close-on-exec)
 * and returns its number; 0 when the supervisor closed the cell.
 */
static unsigned
jail_init_receive_run(const struct jail_cell_ctx *sc, struct prog_ctx *pc)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(JAIL_RUN_FDS * sizeof(int))];
	} ctl;
	struct msghdr mh;
	struct iovec iov;
	struct cmsghdr *cm;
	struct jail_msg m;
	int fds[JAIL_RUN_FDS], nfds = 0;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	iov.iov_base = &m;
	iov.iov_len = sizeof(m);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.buf;
	mh.msg_controllen = sizeof(ctl.buf);
	while ((n = recvmsg(FD_MSG, &mh, MSG_CMSG_CLOEXEC)) == -1 && errno == EINTR)
		;
	if (n == 0)
		return 0;
	if (n == -1)
		jail_child_fail(FD_MSG, "init: receiving a run", NULL);
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
			nfds = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			memcpy(fds, CMSG_DATA(cm), (size_t)nfds * sizeof(int));
		}
	if (n != (ssize_t)sizeof(m) || m.kind != JAIL_MSG_RUN || m.run == 0 ||
	    (mh.msg_flags & MSG_CTRUNC) || nfds != m.nfds ||
	    nfds < ((m.flags & JAIL_RUN_NEW_BOX) ? 4 : 3)) {
		errno = EPROTO;
		jail_child_fail(FD_MSG, "init: a malformed run message", NULL);
	}
	memset(pc, 0, sizeof(*pc));
	pc->sc = sc;
	pc->d = sc->desc;
	pc->in = fds[0];
	pc->out = fds[1];
	pc->err = fds[2];
	pc->newbox = -1;
	if (m.flags & JAIL_RUN_NEW_BOX)
		pc->newbox = fds[--nfds];
	pc->ncg = nfds - 3;
	for (int i = 0; i < pc->ncg; i++)
		pc->cg[i] = fds[3 + i];
	return m.run;
}

/* Adds what reaped process RU used to the run's counts. */
static void
jail_init_account(const struct rusage *ru, unsigned long long *cpu_us, long *maxrss)
{
	*cpu_us += (unsigned long long)ru->ru_utime.tv_sec * 1000000 +
	    (unsigned long long)ru->ru_utime.tv_usec +
	    (unsigned long long)ru->ru_stime.tv_sec * 1000000 +
	    (unsigned long long)ru->ru_stime.tv_usec;
	if (ru->ru_maxrss > *maxrss)
		*maxrss = ru->ru_maxrss;
}

/*
 * One run: its /tmp and box, the program, then everything it left killed
 * and reaped, /tmp gone, and the report. Each wait4() gives the CPU time
 * and peak memory of a process and of the children it reaped itself.
 */
static void
jail_init_run(const struct jail_cell_ctx *sc, struct init_state *st, unsigned run,
    struct prog_ctx *pc)
{
	struct rusage ru;
	struct jail_msg m;
	unsigned long long cpu_us = 0;
	long maxrss = 0;
	pid_t child, r;
	int status = 0, s;

	if (pc->newbox != -1) {
		/* The grading's box was made anew (a cell kept between
		 * gradings): the old one's mount goes. */
		if (st->boxfd != -1)
			close(st->boxfd);
		st->boxfd = pc->newbox;
		pc->newbox = -1;
	}
	jail_init_setup_tmp(sc->desc, st);
	if (st->lastpid != -1 && pwrite(st->lastpid, "1", 1, 0) != 1)
		jail_child_fail(FD_MSG, "init: resetting the pid counter", NULL);
	child = clone(jail_prog_main, program_stack + sizeof(program_stack),
	    CLONE_VM | CLONE_VFORK | SIGCHLD, pc);
	if (child == -1)
		jail_child_fail(FD_MSG, "init: clone", NULL);
	/* Stopped before the program existed (see jail_init_on_stop()). */
	if (run_stopped >= (sig_atomic_t)run)
		(void)kill(-1, SIGKILL);
	close(pc->in);
	close(pc->out);
	close(pc->err);
	for (int i = 0; i < pc->ncg; i++)
		close(pc->cg[i]);

	/* Reap everything (orphans come to us) until the program is done. */
	for (;;) {
		r = wait4(-1, &s, __WALL, &ru);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			jail_child_fail(FD_MSG, "init: wait4", NULL);
		jail_init_account(&ru, &cpu_us, &maxrss);
		if (r == child) {
			status = s;
			break;
		}
	}
	/* Then what it left: after kill(-1) nothing can fork, and when the
	 * init has no child, the namespace has no other process. */
	(void)kill(-1, SIGKILL);
	for (;;) {
		r = wait4(-1, &s, __WALL, &ru);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1 && errno == ECHILD)
			break;
		if (r == -1)
			jail_child_fail(FD_MSG, "init: wait4", NULL);
		jail_init_account(&ru, &cpu_us, &maxrss);
	}
	run_current = 0;
	jail_init_teardown_tmp(st);

	memset(&m, 0, sizeof(m));
	m.kind = JAIL_MSG_DONE;
	m.run = run;
	m.status = status;
	m.maxrss_kib = maxrss;
	m.cpu_us = cpu_us;
	if (jail_msg_send(FD_MSG, &m, NULL, 0) == -1)
		_exit(1);
}

static void __attribute__((noreturn))
jail_init_main(const struct jail_cell_ctx *sc)
{
	struct init_state st = { .boxfd = -1, .lastpid = -1 };
	struct prog_ctx pc;
	unsigned run;

	/* Named for ps and top: otherwise a copy of the grader's name. */
	(void)prctl(PR_SET_NAME, "assay-jail");
	jail_init_setup_fds(sc);
	jail_init_setup_signals();
	jail_init_setup_parent_death();
	jail_init_setup_net();
	jail_init_setup_pid_counter(&st);
	jail_init_setup_root(sc, &st);
	jail_init_setup_uts();
	jail_init_ready(&st);
	while ((run = jail_init_receive_run(sc, &pc)) != 0) {
		run_current = (sig_atomic_t)run;
		jail_init_run(sc, &st, run, &pc);
	}
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
jail_sup_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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

/* The runs' network namespace (see jail_init_setup_net()): a child made in a new one
 * holds it while we open it, then exits; the descriptor keeps it. */
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

/* Who may be jailed: root supervising, an absolute box, no root inside. */
static int
jail_check_who(const char *box, uid_t uid, gid_t gid, char *err, size_t errlen)
{
	if (geteuid() != 0) {
		errmsg_set(err, errlen, "jail: needs root (namespaces, mounts, setuid);"
		    " running as uid %u", (unsigned)geteuid());
		return -1;
	}
	if (box == NULL || box[0] != '/') {
		errmsg_set(err, errlen, "jail: the box must be an absolute path");
		return -1;
	}
	if (uid == 0 || gid == 0 || uid == (uid_t)-1 || gid == (gid_t)-1) {
		errmsg_set(err, errlen, "jail: refusing to run a program as root");
		return -1;
	}
	return 0;
}

static int
jail_check_config(const struct jail_config *cfg, char *err, size_t errlen)
{
	if (jail_check_who(cfg->box, cfg->uid, cfg->gid, err, errlen) == -1)
		return -1;
	if (cfg->argv == NULL || cfg->argv[0] == NULL) {
		errmsg_set(err, errlen, "jail: no program to run");
		return -1;
	}
	if (cfg->limits.wall_ms == 0 || cfg->limits.output_kib == 0) {
		errmsg_set(err, errlen, "jail: a run needs a wall time and an output limit");
		return -1;
	}
	if (cfg->input == NULL && cfg->input_len > 0) {
		errmsg_set(err, errlen, "jail: no input buffer");
		return -1;
	}
	return 0;
}

/* Adds rlimit RES = SOFT/HARD (bytes or units), capped at the host's hard
 * limit, which root without CAP_SYS_RESOURCE cannot raise. */
static int
jail_sup_add_rlimit(struct jail_run_desc *d, int res, rlim_t soft, rlim_t hard)
{
	struct rlimit cur;

	if (d->nrlim == JAIL_MAX_RLIMITS) {
		errno = ENOSPC;
		return -1;
	}
	if (getrlimit(res, &cur) == -1)
		return -1;
	if (hard > cur.rlim_max)
		hard = cur.rlim_max;
	if (soft > hard)
		soft = hard;
	d->rlim_res[d->nrlim] = res;
	d->rlim[d->nrlim].rlim_cur = soft;
	d->rlim[d->nrlim].rlim_max = hard;
	d->nrlim++;
	return 0;
}

/* The rlimits of a run, the CPU timer and /tmp's options, into D.
 * MEMORY_CGROUP: the box's memory is the cgroup's to limit, exactly;
 * RLIMIT_AS would make allocations fail first, an ambiguous end. */
static int
jail_sup_limits(struct jail_run_desc *d, const struct jail_limits *l, int memory_cgroup,
    char *err, size_t errlen)
{
	const rlim_t kib = 1024;
	struct rlimit stack;

	d->nrlim = 0;
	d->cpu_timer_on = 0;
	memset(&d->cpu_timer, 0, sizeof(d->cpu_timer));
	if (getrlimit(RLIMIT_STACK, &stack) == -1)
		goto err;
	if (l->cpu_ms > 0) {
		rlim_t s = (l->cpu_ms + 999) / 1000 + 1;

		if (jail_sup_add_rlimit(d, RLIMIT_CPU, s, s + 1) == -1)
			goto err;
		d->cpu_timer_on = 1;
		d->cpu_timer.it_value.tv_sec = l->cpu_ms / 1000;
		d->cpu_timer.it_value.tv_usec = (l->cpu_ms % 1000) * 1000;
	}
	if (l->memory_kib > 0 && !memory_cgroup &&
	    jail_sup_add_rlimit(d, RLIMIT_AS, l->memory_kib * kib,
	    l->memory_kib * kib) == -1)
		goto err;
	if (l->stack_kib > 0 || l->memory_kib > 0) {
		/* The hard limit stays high enough for gcc, which raises its
		 * own soft limit to 64 MiB; the memory limit bounds it anyway.
		 * By default half the memory: a runaway recursion is a stack
		 * overflow (SIGSEGV), not the box's memory limit. */
		rlim_t soft = l->stack_kib > 0 ? l->stack_kib * kib :
		    (l->memory_kib / 2 < 65536 ? l->memory_kib / 2 : 65536) * kib;
		rlim_t hard = l->memory_kib > 0 ? l->memory_kib * kib : stack.rlim_max;

		if (hard < soft)
			hard = soft;
		if (jail_sup_add_rlimit(d, RLIMIT_STACK, soft, hard) == -1)
			goto err;
	}
	if (l->fsize_kib > 0 &&
	    jail_sup_add_rlimit(d, RLIMIT_FSIZE, l->fsize_kib * kib,
	    l->fsize_kib * kib) == -1)
		goto err;
	if (l->files > 0 && jail_sup_add_rlimit(d, RLIMIT_NOFILE, l->files, l->files) == -1)
		goto err;
	/* Also with the pids cgroup: a second count, by uid, costs nothing. */
	if (l->processes > 0 &&
	    jail_sup_add_rlimit(d, RLIMIT_NPROC, l->processes, l->processes) == -1)
		goto err;
	/* No core dumps, and 1 rather than 0: a core_pattern that pipes to
	 * a helper (systemd-coredump, apport) ignores 0 but honours 1 (see
	 * core(5)), and 1 byte is too little for a core file. No locked
	 * memory either. */
	if (jail_sup_add_rlimit(d, RLIMIT_CORE, 1, 1) == -1 ||
	    jail_sup_add_rlimit(d, RLIMIT_MEMLOCK, 0, 0) == -1)
		goto err;
	d->tmp_kib = l->tmp_kib;
	snprintf(d->tmp_opts, sizeof(d->tmp_opts), "size=%uk,nr_inodes=1024,mode=1777",
	    l->tmp_kib > 0 ? l->tmp_kib : 4);
	return 0;
err:
	errmsg_set(err, errlen, "jail: getrlimit: %s", strerror(errno));
	return -1;
}

/* N bytes of D's arena (16-aligned), or NULL when it is full. */
static void *
jail_sup_desc_alloc(struct jail_run_desc *d, size_t n)
{
	size_t off = (d->used + 15) & ~(size_t)15;

	if (off > JAIL_DESC_ARENA || n > JAIL_DESC_ARENA - off)
		return NULL;
	d->used = off + n;
	return d->arena + off;
}

/* A copy of the NULL-terminated vector V (strings included) in D. */
static char **
jail_sup_desc_strings(struct jail_run_desc *d, char *const *v)
{
	size_t n = 0;
	char **a;

	while (v[n] != NULL)
		n++;
	if ((a = jail_sup_desc_alloc(d, (n + 1) * sizeof(*a))) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;

		if ((a[i] = jail_sup_desc_alloc(d, len)) == NULL)
			return NULL;
		memcpy(a[i], v[i], len);
	}
	a[n] = NULL;
	return a;
}

/* What CFG runs, with FILTER, into D. 0, or -1 with ERR. */
static int
jail_sup_desc_fill(struct jail_run_desc *d, const struct jail_config *cfg,
    const struct sysfilter *filter, char *err, size_t errlen)
{
	size_t n = filter->prog.len * sizeof(struct sock_filter);
	void *bpf;

	d->used = 0;
	d->writable = cfg->writable != 0;
	if ((bpf = jail_sup_desc_alloc(d, n)) == NULL ||
	    (d->argv = jail_sup_desc_strings(d, cfg->argv)) == NULL ||
	    (d->envp = jail_sup_desc_strings(d, cfg->envp != NULL ? cfg->envp :
	    default_env)) == NULL) {
		errmsg_set(err, errlen, "jail: the arguments and environment pass %u KiB",
		    (unsigned)(JAIL_DESC_ARENA / 1024));
		return -1;
	}
	memcpy(bpf, filter->prog.filter, n);
	d->prog.len = filter->prog.len;
	d->prog.filter = bpf;
	return 0;
}

/* Standard input: a sealed memfd holding INPUT. Returns the fd or -1. */
static int
jail_sup_input(const char *input, size_t len, char *err, size_t errlen)
{
	int fd;
	size_t off = 0;

	if ((fd = memfd_create("stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING)) == -1) {
		errmsg_set(err, errlen, "jail: memfd_create: %s", strerror(errno));
		return -1;
	}
	while (off < len) {
		ssize_t n = write(fd, input + off, len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			errmsg_set(err, errlen, "jail: writing the input: %s", strerror(errno));
			goto err;
		}
		off += (size_t)n;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
	    F_SEAL_SEAL) == -1 || lseek(fd, 0, SEEK_SET) == -1) {
		errmsg_set(err, errlen, "jail: sealing the input: %s", strerror(errno));
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
jail_sup_capture_read(struct capture *cap, size_t *total, size_t limit)
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

/* Why the supervisor stopped the run. */
enum jail_kill_reason {
	JAIL_KILL_NONE, JAIL_KILL_WALL, JAIL_KILL_OUTPUT, JAIL_KILL_CPU,
	JAIL_KILL_SYSCALL
};

/* How long a stopped run may take to end before the cell is given up. */
#define STOP_GRACE_MS 5000
/* How long an init may take to build the cell. */
#define READY_MS 10000

/* The state of a run (or of a cell's start), as the supervisor watches it. */
struct jail_watch {
	int pidfd, msgfd, notifyfd;
	unsigned run;		/* the run's number; 0 while starting */
	const struct sysfilter *filter;
	const struct cgroup_run *cg;
	int exec_seen;		/* the program's own execve went through */
	int ready, ready_flags;	/* JAIL_MSG_READY */
	int done, failed;	/* JAIL_MSG_DONE (status...), JAIL_MSG_ERROR (why) */
	int init_died;		/* the init's pidfd said so */
	int status;
	long maxrss_kib;
	unsigned long long cpu_us;
	char why[256];
	enum jail_kill_reason killed;
	long long stop_deadline;
	char syscall[48];	/* JAIL_KILL_SYSCALL: its name */
};

/* Stops the run: the init kills every other process of the namespace
 * (jail_init_on_stop()). */
static int
jail_sup_stop(struct jail_watch *w, enum jail_kill_reason why, char *err, size_t errlen)
{
	siginfo_t si;

	if (w->killed != JAIL_KILL_NONE)
		return 0;
	memset(&si, 0, sizeof(si));
	si.si_signo = jail_stop_signal();
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = (int)w->run;
	if (pidfd_send_signal(w->pidfd, jail_stop_signal(), &si, 0) == -1 &&
	    errno != ESRCH) {
		errmsg_set(err, errlen, "jail: pidfd_send_signal: %s", strerror(errno));
		return -1;
	}
	w->killed = why;
	w->stop_deadline = jail_sup_now_ms() + STOP_GRACE_MS;
	return 0;
}

/* Reads the messages waiting on the socket. 0, or -1 with ERR. */
static int
jail_sup_read_messages(struct jail_watch *w, char *err, size_t errlen)
{
	for (;;) {
		union {
			struct cmsghdr h;
			char buf[CMSG_SPACE(sizeof(int))];
		} ctl;
		struct msghdr mh;
		struct iovec iov;
		struct cmsghdr *cm;
		struct jail_msg m;
		ssize_t n;
		int fd = -1;

		memset(&mh, 0, sizeof(mh));
		iov.iov_base = &m;
		iov.iov_len = sizeof(m);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		n = recvmsg(w->msgfd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n == -1) {
			errmsg_set(err, errlen, "jail: reading the messages: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
				memcpy(&fd, CMSG_DATA(cm), sizeof(int));
		if (n != (ssize_t)sizeof(m)) {
			if (fd != -1)
				close(fd);
			continue;
		}
		if (m.kind == JAIL_MSG_LISTENER && fd != -1 && w->notifyfd == -1) {
			w->notifyfd = fd;
			fd = -1;
		} else if (m.kind == JAIL_MSG_ERROR && !w->failed && w->why[0] == '\0') {
			m.what[sizeof(m.what) - 1] = '\0';
			snprintf(w->why, sizeof(w->why), "%s: %s", m.what, strerror(m.err));
			/* After a stop, a step that fails (the denied execve)
			 * is the stop's doing. */
			w->failed = w->killed == JAIL_KILL_NONE;
		} else if (m.kind == JAIL_MSG_READY) {
			w->ready = 1;
			w->ready_flags = m.flags;
		} else if (m.kind == JAIL_MSG_DONE) {
			if (m.run != w->run) {
				errmsg_set(err, errlen, "jail: the init reported run %u during"
				    " run %u", m.run, w->run);
				if (fd != -1)
					close(fd);
				return -1;
			}
			w->done = 1;
			w->status = m.status;
			w->maxrss_kib = m.maxrss_kib;
			w->cpu_us = m.cpu_us;
		}
		if (fd != -1)
			close(fd);
	}
}

/*
 * A notification of the filter: the program's own first execve goes on
 * (or fails, when the run was stopped before it: the init waits for that
 * execve before it can kill anything); any other call is forbidden, named,
 * and stops the run (the caller waits in the kernel until it is killed:
 * the call never runs).
 */
static int
jail_sup_notification(struct jail_watch *w, char *err, size_t errlen)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	memset(&req, 0, sizeof(req));
	if (ioctl(w->notifyfd, SECCOMP_IOCTL_NOTIF_RECV, &req) == -1) {
		/* ENOENT: the caller died (killed) before we read it. */
		if (errno == EINTR || errno == ENOENT)
			return 0;
		errmsg_set(err, errlen, "jail: receiving a seccomp notification: %s",
		    strerror(errno));
		return -1;
	}
	if (w->filter->exec_once && !w->exec_seen &&
	    sysfilter_is_execve(req.data.arch, req.data.nr)) {
		/* Before its execve the program is our own code, alone under
		 * the filter: this is that execve. */
		w->exec_seen = 1;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		if (w->killed == JAIL_KILL_NONE)
			resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		else
			resp.error = -EPERM;
		if (ioctl(w->notifyfd, SECCOMP_IOCTL_NOTIF_SEND, &resp) == -1 &&
		    errno != ENOENT) {
			errmsg_set(err, errlen, "jail: answering a seccomp notification: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	if (w->killed == JAIL_KILL_NONE)
		sysfilter_call_name(req.data.arch, req.data.nr, w->syscall,
		    sizeof(w->syscall));
	return jail_sup_stop(w, JAIL_KILL_SYSCALL, err, errlen);
}

/*
 * Watches the run until the init reported it (or died) and the pipes are
 * drained, stopping the run past the wall deadline, the output limit or the
 * CPU limit, or at a forbidden system call. Returns 0 and the end time in
 * *END, or -1 with a message (the caller then ends the cell).
 */
static int
jail_sup_watch(struct jail_watch *w, struct capture *out, struct capture *errc,
    const struct jail_limits *l, long long start, long long *end, char *err,
    size_t errlen)
{
	long long deadline = start + l->wall_ms, drain_deadline = 0, cpu_check = 0;
	unsigned long long cpu_limit_ns = (unsigned long long)l->cpu_ms * 1000000;
	size_t total = 0, limit = (size_t)l->output_kib * 1024;
	int exited = 0;

	/* The box's CPU time can be watched while it runs: looked at when it
	 * could first have reached the limit (at most one CPU), then again
	 * when the rest could have been used. */
	if (w->cg != NULL && w->cg->usage_fd != -1 && l->cpu_ms > 0)
		cpu_check = start + l->cpu_ms;

	while (!exited || !out->eof || !errc->eof) {
		struct pollfd p[5];
		struct capture *caps[2];
		int n = 0, ncap = 0, ipid = -1, imsg = -1, inot = -1, timeout, r;
		long long now = jail_sup_now_ms();

		if (!exited && now >= deadline &&
		    jail_sup_stop(w, JAIL_KILL_WALL, err, errlen) == -1)
			return -1;
		if (!exited && cpu_check > 0 && now >= cpu_check) {
			unsigned long long used = cgroup_run_cpu_ns(w->cg);

			if (used >= cpu_limit_ns) {
				if (jail_sup_stop(w, JAIL_KILL_CPU, err, errlen) == -1)
					return -1;
				cpu_check = 0;
			} else
				cpu_check = now + 1 + (long long)((cpu_limit_ns - used) / 1000000);
		}
		if (!exited && w->killed != JAIL_KILL_NONE && now >= w->stop_deadline) {
			errmsg_set(err, errlen, "jail: the run did not end within %d s of"
			    " being stopped", STOP_GRACE_MS / 1000);
			return -1;
		}
		if (exited && drain_deadline == 0)
			drain_deadline = now + 1000;
		if (exited && now >= drain_deadline)
			break;	/* a stray copy of a write end; keep what we have */
		if (exited)
			timeout = (int)(drain_deadline - now);
		else if (w->killed != JAIL_KILL_NONE)
			timeout = (int)(w->stop_deadline - now);
		else {
			timeout = (int)(deadline - now);
			if (cpu_check > 0 && cpu_check - now < timeout)
				timeout = (int)(cpu_check - now);
		}
		if (timeout < 0)
			timeout = 0;

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
			ipid = n;
			p[n].fd = w->pidfd;
			p[n++].events = POLLIN;
			imsg = n;
			p[n].fd = w->msgfd;
			p[n++].events = POLLIN;
			if (w->notifyfd != -1) {
				inot = n;
				p[n].fd = w->notifyfd;
				p[n++].events = POLLIN;
			}
		}
		r = poll(p, (nfds_t)n, timeout);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			errmsg_set(err, errlen, "jail: poll: %s", strerror(errno));
			return -1;
		}
		for (int i = 0; i < ncap; i++) {
			int over;

			if (p[i].revents == 0)
				continue;
			if ((over = jail_sup_capture_read(caps[i], &total, limit)) == -1) {
				errmsg_set(err, errlen, "jail: reading the output: %s",
				    strerror(errno));
				return -1;
			}
			if (over > 0) {
				/* Nothing more is kept: stop listening. */
				out->eof = errc->eof = 1;
				if (jail_sup_stop(w, JAIL_KILL_OUTPUT, err, errlen) == -1)
					return -1;
			}
		}
		if (imsg != -1 && p[imsg].revents != 0 &&
		    jail_sup_read_messages(w, err, errlen) == -1)
			return -1;
		if (inot != -1 && (p[inot].revents & POLLIN) &&
		    jail_sup_notification(w, err, errlen) == -1)
			return -1;
		if (inot != -1 && (p[inot].revents & (POLLHUP | POLLERR)) &&
		    !(p[inot].revents & POLLIN)) {
			/* Nobody is under the filter any more. */
			close(w->notifyfd);
			w->notifyfd = -1;
		}
		if (ipid != -1 && (p[ipid].revents & (POLLIN | POLLHUP | POLLERR)))
			w->init_died = 1;
		if (!exited && (w->done || w->init_died)) {
			exited = 1;
			*end = jail_sup_now_ms();
		}
	}
	if (!exited)
		*end = jail_sup_now_ms();
	return jail_sup_read_messages(w, err, errlen);
}

/* nftw callbacks have no user data: both below need none. */
static int
jail_box_reclaim_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
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
jail_box_remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
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
jail_box_lend(const struct jail_config *cfg, char *err, size_t errlen)
{
	if (chown(cfg->box, cfg->uid, cfg->gid) == -1 || chmod(cfg->box, 0700) == -1) {
		errmsg_set(err, errlen, "jail: lending the box %s: %s", cfg->box,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Takes the box back after a writable run: every file root's, no set-id
 * bits, no write access for others. */
static int
jail_box_reclaim(const struct jail_config *cfg, char *err, size_t errlen)
{
	int e = nftw(cfg->box, jail_box_reclaim_one, 16, FTW_PHYS | FTW_MOUNT);

	if (e == 0 && chmod(cfg->box, 0755) == -1)
		e = errno;
	if (e != 0) {
		errmsg_set(err, errlen, "jail: taking back the box %s: %s", cfg->box,
		    strerror(e == -1 ? errno : e));
		return -1;
	}
	return 0;
}

/* Decides what the program did, from the supervisor's jail_watch W and the
 * cgroups' counts ST. */
static void
jail_sup_classify(struct jail_result *res, const struct jail_limits *l,
    const struct jail_watch *w, const struct cgroup_stats *st)
{
	int status = w->status;
	int sig = w->done && WIFSIGNALED(status) ? WTERMSIG(status) : 0;

	res->code = -1;
	res->signal = w->killed != JAIL_KILL_NONE ? SIGKILL : sig;
	if (w->killed == JAIL_KILL_SYSCALL) {
		res->status = JAIL_SIGNALED;
		res->signal = SIGSYS;
		snprintf(res->syscall, sizeof(res->syscall), "%s", w->syscall);
	} else if (w->killed == JAIL_KILL_OUTPUT)
		res->status = JAIL_OUTPUT_LIMIT;
	else if (st->oom_kills > 0)
		/* The kernel killed a process of the box at its memory limit:
		 * certain, whatever the program did after. */
		res->status = JAIL_MEMORY_LIMIT;
	else if (l->cpu_ms > 0 && (w->killed == JAIL_KILL_CPU || res->cpu_ms > l->cpu_ms ||
	    sig == SIGPROF || sig == SIGXCPU))
		res->status = JAIL_CPU_LIMIT;
	else if (w->killed == JAIL_KILL_WALL)
		res->status = JAIL_WALL_LIMIT;
	else if (WIFEXITED(status)) {
		res->status = JAIL_EXITED;
		res->code = WEXITSTATUS(status);
	} else
		res->status = JAIL_SIGNALED;

	/* Without a memory cgroup, RLIMIT_AS makes allocations fail: a bad
	 * end after using much of the limit may be that. */
	if (!st->has_memory && l->memory_kib > 0 &&
	    res->memory_kib * 2 >= l->memory_kib &&
	    (res->status == JAIL_SIGNALED ||
	    (res->status == JAIL_EXITED && res->code != 0)))
		res->memory_suspect = 1;
}

/* Ends S's init, if any: SIGKILL ends its namespace (every process of the
 * cell) and its mount namespace; then it is reaped. */
static void
jail_cell_stop(struct jail_cell *s)
{
	if (s->pid > 0) {
		if (pidfd_send_signal(s->pidfd, SIGKILL, NULL, 0) == -1)
			(void)kill(s->pid, SIGKILL);
		while (waitpid(s->pid, NULL, __WALL) == -1 && errno == EINTR)
			;
		s->pid = -1;
	}
	if (s->pidfd != -1)
		close(s->pidfd);
	if (s->msgfd != -1)
		close(s->msgfd);
	s->pidfd = s->msgfd = -1;
	s->runs = 0;
}

/*
 * Builds S's init and waits until it says the cell is ready (or why
 * not). 0, or -1 with ERR and no init left.
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
	deadline = jail_sup_now_ms() + READY_MS;
	while (!w.ready && !w.failed) {
		struct pollfd p[2] = { { s->msgfd, POLLIN, 0 }, { s->pidfd, POLLIN, 0 } };
		long long left = deadline - jail_sup_now_ms();
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
	jail_cell_stop(s);
	return -1;
}

/* Sends run RUN's message with its descriptors FDS. 0, or -1 with ERR. */
static int
jail_sup_send_run(struct jail_cell *s, unsigned run, int flags, const int *fds,
    int nfds, char *err, size_t errlen)
{
	struct jail_msg m;

	memset(&m, 0, sizeof(m));
	m.kind = JAIL_MSG_RUN;
	m.run = run;
	m.flags = flags;
	m.nfds = nfds;
	if (jail_msg_send(s->msgfd, &m, fds, nfds) == -1) {
		errmsg_set(err, errlen, "jail: sending the run to the init: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* One run in S's init (the body of jail_cell_run()). On -1, S's init
 * has been ended. */
static int
jail_sup_run(struct jail_cell *s, const struct jail_config *cfg,
    struct jail_result *res, char *err, size_t errlen)
{
	struct capture out = { .fd = -1 }, errc = { .fd = -1 };
	struct cgroup_run cg;
	struct cgroup_stats st;
	struct jail_watch w;
	const struct cgroup_host *cgh;
	const struct jail_limits *l = &cfg->limits;
	int in_fd = -1, outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, fds[JAIL_RUN_FDS],
	    nfds = 0, lent = 0, rc = -1, cg_made = 0, started = 0, boxfd = -1;
	long long start, end = 0;

	memset(&w, 0, sizeof(w));
	memset(&st, 0, sizeof(st));
	w.pidfd = s->pidfd;
	w.msgfd = s->msgfd;
	w.notifyfd = -1;
	w.run = s->runs + 1;
	if (sysfilter_get(cfg->profile, &w.filter, err, errlen) == -1)
		goto out;
	if (jail_sup_desc_fill(s->desc, cfg, w.filter, err, errlen) == -1)
		goto out;

	/*
	 * The run's cgroups, which only its processes join: a memory group of
	 * its own (its peak and OOM counter cannot be reset), and where the
	 * host allows, the cell's pids and CPU groups, empty between runs,
	 * their limits and counters set again (making and removing groups is
	 * a good part of a run's cost).
	 */
	cgh = cgroup_probe();
	if (!s->shared_made && (s->shared = cgroup_shareable(cgh)) != 0) {
		if (cgroup_run_create(&s->shared_cg, cgh, s->shared, 0, 0, 1, err,
		    errlen) == -1)
			goto out;
		s->shared_made = 1;
	}
	if (s->shared_made && cgroup_run_restart(&s->shared_cg, l->processes,
	    err, errlen) == -1)
		goto out;
	if (cgroup_run_create(&cg, cgh, CGROUP_ALL & ~s->shared, l->memory_kib,
	    l->processes, 1, err, errlen) == -1)
		goto out;
	cg_made = 1;
	w.cg = s->shared & CGROUP_BIT(CGROUP_CPU) ? &s->shared_cg : &cg;
	if (jail_sup_limits(s->desc, l, cg.active[CGROUP_MEMORY], err, errlen) == -1)
		goto out;
	if ((in_fd = jail_sup_input(cfg->input, cfg->input_len, err, errlen)) == -1)
		goto out;
	if (pipe2(outp, O_CLOEXEC) == -1 || pipe2(errp, O_CLOEXEC) == -1) {
		errmsg_set(err, errlen, "jail: pipe: %s", strerror(errno));
		goto out;
	}
	/* Only our ends are non-blocking: the program's writes must block. */
	if (fcntl(outp[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(errp[0], F_SETFL, O_NONBLOCK) == -1) {
		errmsg_set(err, errlen, "jail: fcntl: %s", strerror(errno));
		goto out;
	}
	fds[nfds++] = in_fd;
	fds[nfds++] = outp[1];
	fds[nfds++] = errp[1];
	for (int i = 0; i < cg.nprocs && nfds < 3 + JAIL_MAX_CG; i++)
		fds[nfds++] = cg.procs[i];
	for (int i = 0; s->shared_made && i < s->shared_cg.nprocs &&
	    nfds < 3 + JAIL_MAX_CG; i++)
		fds[nfds++] = s->shared_cg.procs[i];
	if (s->new_box) {
		/* The box directory's mount, for the init to use from now on. */
		if ((boxfd = open_tree(AT_FDCWD, s->box, OPEN_TREE_CLONE |
		    OPEN_TREE_CLOEXEC)) == -1) {
			errmsg_set(err, errlen, "jail: open_tree %s: %s", s->box,
			    strerror(errno));
			goto out;
		}
		fds[nfds++] = boxfd;
	}
	if (cfg->writable) {
		if (jail_box_lend(cfg, err, errlen) == -1)
			goto out;
		lent = 1;
	}

	start = jail_sup_now_ms();
	s->runs++;
	started = 1;
	if (jail_sup_send_run(s, w.run, boxfd != -1 ? JAIL_RUN_NEW_BOX : 0, fds, nfds, err,
	    errlen) == -1)
		goto out;
	s->new_box = 0;
	s->started = 1;
	/* The init holds its own copies now. */
	close(outp[1]);
	close(errp[1]);
	close(in_fd);
	outp[1] = errp[1] = in_fd = -1;
	for (int i = 0; i < cg.nprocs; i++) {
		close(cg.procs[i]);
		cg.procs[i] = -1;
	}
	for (int i = 0; s->shared_made && i < s->shared_cg.nprocs; i++) {
		close(s->shared_cg.procs[i]);
		s->shared_cg.procs[i] = -1;
	}
	out.fd = outp[0];
	errc.fd = errp[0];

	if (jail_sup_watch(&w, &out, &errc, l, start, &end, err, errlen) == -1)
		goto out;
	if (w.failed) {
		errmsg_set(err, errlen, "jail: %s", w.why);
		goto out;
	}
	if (!w.done) {
		/* Its last words, if any, say why. */
		errmsg_set(err, errlen, "jail: the cell's init ended during the run%s%s",
		    w.why[0] ? ": " : "", w.why);
		goto out;
	}
	cg_made = 0;
	if (cgroup_run_finish(&cg, &st, err, errlen) == -1)
		goto out;
	if (s->shared & CGROUP_BIT(CGROUP_CPU)) {
		st.cpu_ns = cgroup_run_cpu_ns(&s->shared_cg);
		st.has_cpu = 1;
	}
	for (int i = 0; i < CGROUP_NCTL; i++)
		cg.active[i] |= s->shared_made && s->shared_cg.active[i];
	res->wall_ms = (unsigned)(end - start);
	res->cpu_ms = st.has_cpu ? (unsigned)(st.cpu_ns / 1000000) :
	    (unsigned)(w.cpu_us / 1000);
	res->memory_kib = st.has_memory && st.memory_peak > 0 ?
	    (unsigned long)(st.memory_peak / 1024) : (unsigned long)w.maxrss_kib;
	res->layers = JAIL_LAYER_UID | JAIL_LAYER_NAMESPACES | JAIL_LAYER_ROOT |
	    JAIL_LAYER_SECCOMP | JAIL_LAYER_RLIMITS |
	    (cg.active[CGROUP_MEMORY] ? JAIL_LAYER_CGROUP_MEMORY : 0) |
	    (cg.active[CGROUP_PIDS] ? JAIL_LAYER_CGROUP_PIDS : 0) |
	    (cg.active[CGROUP_CPU] ? JAIL_LAYER_CGROUP_CPU : 0);

	jail_sup_classify(res, l, &w, &st);
	res->out = out.buf;
	res->out_len = out.len;
	res->err = errc.buf;
	res->err_len = errc.len;
	out.buf = errc.buf = NULL;
	/* Callers may rely on the buffers being strings. */
	if ((res->out == NULL && (res->out = strdup("")) == NULL) ||
	    (res->err == NULL && (res->err = strdup("")) == NULL)) {
		errmsg_set(err, errlen, "jail: out of memory");
		goto out;
	}
	rc = 0;
out:
	if (rc == -1 && started)
		/* Something failed after the start: no process may survive. */
		jail_cell_stop(s);
	if (cg_made && cgroup_run_finish(&cg, &st, rc == 0 ? err : NULL, errlen) == -1)
		rc = -1;
	if (lent && jail_box_reclaim(cfg, rc == 0 ? err : NULL, errlen) == -1)
		rc = -1;
	free(out.buf);
	free(errc.buf);
	for (int i = 0; i < 2; i++) {
		if (outp[i] != -1)
			close(outp[i]);
		if (errp[i] != -1)
			close(errp[i]);
	}
	if (in_fd != -1)
		close(in_fd);
	if (boxfd != -1)
		close(boxfd);
	if (w.notifyfd != -1)
		close(w.notifyfd);
	if (rc == -1) {
		free(res->out);
		free(res->err);
		res->out = res->err = NULL;
	}
	return rc;
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
		jail_cell_stop(s);
		if (jail_cell_start(s, err, errlen) == -1)
			goto fail;
	}
	if (jail_sup_run(s, cfg, res, err, errlen) == 0)
		return 0;
fail:
	s->broken = 1;
	snprintf(s->why, sizeof(s->why), "%s", err != NULL && errlen > 0 ? err :
	    "a run failed");
	jail_cell_stop(s);
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
	jail_cell_stop(s);
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

int
jail_run(const struct jail_config *cfg, struct jail_result *res,
    char *err, size_t errlen)
{
	struct jail_cell *s;
	int rc;

	memset(res, 0, sizeof(*res));
	res->code = -1;
	if (jail_check_config(cfg, err, errlen) == -1 ||
	    jail_cell_open(cfg->box, cfg->uid, cfg->gid, &s, err, errlen) == -1)
		return -1;
	rc = jail_cell_run(s, cfg, res, err, errlen);
	jail_cell_close(s);
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
	/* What a crashed grader of this slot left. */
	if ((e = jail_box_tree_remove(b->path)) != 0) {
		errmsg_set(err, errlen, "jail: removing the old box %s: %s", b->path,
		    strerror(e));
		goto out;
	}
	if (mkdir(b->path, 0755) == -1 || chmod(b->path, 0755) == -1) {
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
jail_box_put(const struct jail_box *box, const char *name, const void *data,
    size_t len, mode_t mode, char *err, size_t errlen)
{
	int dfd = -1, fd = -1, rc = -1;
	size_t off = 0;

	if (name[0] == '\0' || strchr(name, '/') != NULL) {
		errmsg_set(err, errlen, "jail: bad file name \"%s\"", name);
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
	errmsg_set(err, errlen, "jail: writing %s/%s: %s", box->path, name,
	    strerror(errno));
out:
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

/* Is S's init still there? Its pidfd turns readable when it ends. */
static int
jail_cell_alive(const struct jail_cell *s)
{
	struct pollfd p = { s->pidfd, POLLIN, 0 };

	return s->pid > 0 && !s->broken && poll(&p, 1, 0) == 0;
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
	/* Kept for the slot's next box: the init's copy of this one's mount
	 * does not keep the directory from going. */
	jail_box_keep(box->cell);
	box->cell = NULL;
	if ((e = jail_box_tree_remove(box->path)) != 0)
		errmsg_set(err, errlen, "jail: removing %s: %s", box->path, strerror(e));
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
