/*
 * jail_child.c - what runs in a cell's init and in the program until its
 * execve(): the init builds what the runs share (jail_init_setup_*), then
 * serves run after run (jail_init_run()); the program is one straight
 * sequence of steps (jail_prog_main()). See jail.c's theory of operation.
 *
 * Async-signal-safe calls only, in this file and in what it calls (system
 * calls, memcpy, memset, strlen...): no malloc, no stdio, no locks. The
 * init is a clone of a supervisor that may have other threads, which may
 * have held any lock at that instant, and the program runs in the init's
 * memory until execve (CLONE_VM | CLONE_VFORK). Whatever needs memory is
 * made by the supervisor before a run (jail_sup.c) and read here from the
 * cell's shared page. A step that fails says which through the message
 * socket (jail_child_fail()).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <linux/seccomp.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "sandbox/jail/cgroup.h"
#include "sandbox/jail/jail.h"
#include "sandbox/jail/jail_impl.h"
#include "sandbox/jail/sysfilter.h"

/* The init's descriptors, at known numbers: the message socket (the
 * program's too, until execve) and the network namespace (joined, then
 * closed). A run's descriptors arrive with its RUN message. */
enum { FD_MSG = 6, FD_NET, FD_FIRST_FREE };

_Static_assert(FD_MSG == SYSFILTER_SEND_FD, "the filter allows sendmsg on FD_MSG");

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

/* Room for the descriptors of a message (a RUN's, the most), aligned for
 * its cmsghdr. */
union run_ctl {
	struct cmsghdr h;
	char buf[CMSG_SPACE(JAIL_RUN_FDS * sizeof(int))];
};

/*
 * Sets MH up for one message M and the control buffer CTL of CTLLEN bytes
 * (none when NULL), for sendmsg() or recvmsg(). Async-signal-safe.
 */
void
jail_msg_header(struct msghdr *mh, struct iovec *iov, const struct jail_msg *m,
    void *ctl, size_t ctllen)
{
	memset(mh, 0, sizeof(*mh));
	iov->iov_base = (void *)m;
	iov->iov_len = sizeof(*m);
	mh->msg_iov = iov;
	mh->msg_iovlen = 1;
	mh->msg_control = ctl;
	mh->msg_controllen = ctllen;
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
int
jail_msg_send(int fd, const struct jail_msg *m, const int *fds, int nfds)
{
	union run_ctl ctl;
	struct msghdr mh;
	struct iovec iov;
	ssize_t n;

	if (nfds < 0 || nfds > JAIL_RUN_FDS) {
		errno = EINVAL;
		return -1;
	}
	jail_msg_header(&mh, &iov, m, NULL, 0);
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
int
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
 * cell before each run instead. Pidfds, whose inode numbers count processes
 * host-wide, are forbidden (sysfilter.c); other host-wide counters, such as
 * pipes' inode numbers, remain, noisy with the rest of the host's activity.
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
 * - /etc with ld.so.cache, alternatives, the JDKs' java-* directories
 *   (read-only: configuration the JDK under /usr links to, no secret) and
 *   pylintrc when the host has one (pylint's site configuration, which
 *   CodeRunner's Python questions that run pylint expect, as Jobe's), and
 *   a passwd, group and nsswitch.conf of our own that name only root and
 *   the runs' uid;
 * - /var/lib/ghc when the host has it (GHC's package database, which
 *   /usr/lib/ghc links to: read-only, no secret);
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
	if (sc->host->has_pylintrc) {
		jail_init_put_file("etc/pylintrc", NULL);
		jail_init_bind_ro(hostroot, "etc/pylintrc", 0, 0);
	}
	for (int i = 0; i < sc->host->netc; i++) {
		jail_init_make_dir(sc->host->etc[i], 0755);
		jail_init_bind_ro(hostroot, sc->host->etc[i], 1, 0);
	}

	if (sc->host->has_ghc) {
		jail_init_make_dir("var", 0755);
		jail_init_make_dir("var/lib", 0755);
		jail_init_make_dir("var/lib/ghc", 0755);
		jail_init_bind_ro(hostroot, "var/lib/ghc", 1, 0);
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
 *
 * So no run sees the files of the one before: /tmp is new for each run and
 * goes after it (jail_init_teardown_tmp()), the box's mount is a copy of
 * the previous run's, and a writable run's files in the box are given back
 * to root before the next run (jail_sup_reclaim_box()). The root, /usr, /etc,
 * /dev and /proc cannot be written; nothing else is mounted.
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
 * The program, pid 2, from clone() to execve() on its own stack, in the
 * init's memory (CLONE_VM): it writes nothing there but that stack (and
 * errno, the init's, while the init waits). Only the execve pays for a new
 * address space. One straight sequence of steps, each for one reason, the
 * seccomp filter last; a failing step says which through the message
 * socket (jail_child_fail()), whose end is close-on-exec: the program
 * never holds it.
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
	union run_ctl ctl;
	struct msghdr mh;
	struct iovec iov;
	struct cmsghdr *cm;
	struct jail_msg m;
	int fds[JAIL_RUN_FDS], nfds = 0;
	ssize_t n;

	jail_msg_header(&mh, &iov, &m, ctl.buf, sizeof(ctl.buf));
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
 * One run: its /tmp and box, the pid counter reset, the program (clone
 * with CLONE_VM | CLONE_VFORK: no copy of the init's memory), then
 * everything it left killed and reaped, /tmp gone, and the report. Each
 * wait4() gives the CPU time and peak memory of a process and of the
 * children it reaped itself.
 *
 * No process of a run outlives its report: the init reports a run only
 * when, after kill(-1) (which from pid 1 reaches every other process of
 * the namespace), it has no child left; and every process of the namespace
 * is the init's child or the descendant of one. After the report, nothing
 * of the run is left but its files in the box.
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

/*
 * The init: pid 1 of the cell's new pid namespace, still root, our own code
 * (it never execs nor allocates). It builds what the cell's runs share, one
 * step each (its descriptors and signals, the parent-death signal, the
 * runs' network namespace, the pid counter, the minimal root with /proc,
 * the host's name), says the cell is ready, then serves each RUN message
 * until the supervisor closes the socket. What the runs share they cannot
 * change (the host's name, the ipc namespace, /proc's mount): no
 * capability, and the filters forbid SysV IPC, message queues, mounts and
 * sethostname's friends.
 */
void __attribute__((noreturn))
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
