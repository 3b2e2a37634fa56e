/*
 * sysfilter.c - the profiles' system call allowlists; see sysfilter.h.
 *
 * The lists were taken from strace of gcc (cc1, as, collect2, ld), of
 * python3 (-I, with the usual modules), of compiled C programs (stdio, math,
 * malloc, threads, fork/pipe2/wait4/kill/poll/setitimer/timer_* as a
 * property-test runner uses them) and of the shell utilities the unit tests
 * run; then every entry was read for what it lets a program reach.
 *
 * Forbidden everywhere (not listed, so notified and named), and why:
 *   socket, socketpair, connect...  no network, no AF_VSOCK to the host (a
 *                        network namespace does not stop vsock on a VM),
 *                        no netlink; socket(AF_UNIX) fails with
 *                        EAFNOSUPPORT instead (see sysfilter_special_rules())
 *   ptrace, process_vm_readv/writev, kcmp, pidfd_getfd
 *                        no looking into other processes
 *   mount, umount2, pivot_root, chroot, open_tree, move_mount, fsopen,
 *   fsmount, fsconfig, fspick, mount_setattr
 *                        the file system stays as the jail built it
 *   unshare, setns, clone with a CLONE_NEW* flag
 *                        no new namespaces (an unprivileged user namespace
 *                        would give the program capabilities in it)
 *   bpf, perf_event_open, io_uring_setup/enter/register, userfaultfd
 *                        large kernel attack surface, no use in a program
 *   memfd_create         anonymous executable files (exec is forbidden too)
 *   keyctl, add_key, request_key   the kernel keyrings are shared
 *   kexec_load, kexec_file_load, init_module, finit_module, delete_module,
 *   reboot, swapon, swapoff, acct, syslog, quotactl, settimeofday,
 *   clock_settime, adjtimex, clock_adjtime, iopl, ioperm, modify_ldt
 *                        administration of the host, or hardware
 *   seccomp, prctl(PR_SET_SECCOMP)
 *                        a filter of the program's own could answer our
 *                        notifications (SECCOMP_USER_NOTIF_FLAG_CONTINUE)
 *   execve, execveat     after the first (except for the compiler, the
 *                        default profile and jvm-exec): a compiled program
 *                        or Python has no business starting a shell
 *   setuid, setgid, capset, chown...   credentials and ownership stay
 *   name_to_handle_at, open_by_handle_at   opening files by handle escapes
 *                        mounts (CAP_DAC_READ_SEARCH, but still)
 *   SysV IPC, POSIX message queues, inotify, fanotify, mknod, personality,
 *   NUMA policy calls    nothing a submission needs
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <termios.h>

#include <seccomp.h>

#include "sandbox/jail/sysfilter.h"

#define NPROFILES 7

static const char *const profile_names[NPROFILES] = {
	"default", "c", "python", "compiler", "jvm", "qc", "jvm-exec",
};

/*
 * What every profile allows: what a compiled C program, the Python
 * interpreter and a property-test runner with its child processes do.
 */
static const char *const base_calls[] = {
	/* Files, through the descriptors and paths the jail left visible:
	 * the read-only tree, the box, the private /tmp. */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "preadv",
	"pwritev", "preadv2", "pwritev2", "lseek", "close", "close_range", "dup",
	"dup2", "dup3", "fcntl", "open", "openat", "creat", "stat", "fstat",
	"lstat", "newfstatat", "statx", "access", "faccessat", "faccessat2",
	"readlink", "readlinkat", "getcwd", "chdir", "fchdir", "getdents",
	"getdents64", "statfs", "fstatfs", "fadvise64", "ftruncate", "truncate",
	"fallocate", "fsync", "fdatasync", "flock", "sendfile", "copy_file_range",
	"splice", "tee", "getxattr", "lgetxattr", "fgetxattr", "listxattr",
	"llistxattr", "flistxattr",
	/* Writing in /tmp (and in the box when compiling): size-limited
	 * tmpfs and RLIMIT_FSIZE; nothing outside is writable. */
	"mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat",
	"renameat2", "link", "linkat", "symlink", "symlinkat", "chmod", "fchmod",
	"fchmodat", "utimensat", "utime", "utimes", "futimesat", "umask",
	/* Memory: bounded by the memory cgroup or RLIMIT_AS. */
	"brk", "mmap", "munmap", "mprotect", "mremap", "madvise", "msync",
	"mincore",
	/* Threads and the C library's start-up. */
	"arch_prctl", "set_tid_address", "set_robust_list", "get_robust_list",
	"rseq", "futex", "futex_waitv", "sched_yield", "sched_getaffinity",
	"sched_getparam", "sched_getscheduler", "sched_get_priority_max",
	"sched_get_priority_min", "getcpu", "membarrier",
	/* Signals, to the program's own processes only: other uids are out of
	 * reach, and in its pid namespace the init ignores them. kill(-1)
	 * reaches only the box. */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigsuspend",
	"rt_sigtimedwait", "rt_sigpending", "rt_sigqueueinfo",
	"rt_tgsigqueueinfo", "sigaltstack", "pause", "restart_syscall", "kill",
	"tgkill", "tkill",
	/* Processes: counted by pids.max and RLIMIT_NPROC; clone is checked
	 * for namespace flags below; clone3 answers ENOSYS (below). */
	"fork", "vfork", "wait4", "waitid", "exit", "exit_group", "setsid",
	"setpgid", "getpgid", "getpgrp", "getsid", "getpid", "gettid",
	"getppid", "getuid", "geteuid", "getgid", "getegid", "getresuid",
	"getresgid", "getgroups", "getpriority",
	/* Time and timers: a runner stops a hung child with them. */
	"clock_gettime", "clock_getres", "clock_nanosleep", "nanosleep",
	"gettimeofday", "time", "times", "getrusage", "setitimer", "getitimer",
	"alarm", "timer_create", "timer_settime", "timer_gettime",
	"timer_getoverrun", "timer_delete", "timerfd_create", "timerfd_settime",
	"timerfd_gettime",
	/* Waiting on descriptors, and pipes between a runner and its children. */
	"poll", "ppoll", "select", "pselect6", "epoll_create", "epoll_create1",
	"epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "eventfd",
	"eventfd2", "pipe", "pipe2", "signalfd", "signalfd4",
	/* Facts about the machine, read-only. */
	"uname", "sysinfo", "getrandom", "getrlimit", "prlimit64", "setrlimit",
	/* prctl is checked below (PR_SET_SECCOMP); ioctl too. */
	NULL
};

/* What gcc, cc1, as, collect2 and ld need beyond that: starting each other. */
static const char *const exec_calls[] = { "execve", NULL };

/*
 * What the property-test runner needs beyond that: it starts the student's
 * process (qc-callee) itself, shares memory with it through a memory file,
 * and that process loads a filter of its own (seccomp without a listener:
 * sysfilter_qc_rules()) that forbids all three again before the student's
 * code runs.
 */
static const char *const qc_calls[] = { "execve", "memfd_create", NULL };

static const char *const *const profile_extra[NPROFILES] = {
	exec_calls,	/* default: shells and utilities start programs */
	NULL,		/* c: its execve is the jail's, once */
	NULL,		/* python: likewise */
	exec_calls,	/* compiler */
	NULL,		/* jvm: java and javac start no program either; its
			   socket rules are in sysfilter_jvm_rules() */
	qc_calls,	/* qc */
	exec_calls,	/* jvm-exec: the JVM started by a shell, which may
			   start others (the run tester's commands) */
};

static struct sysfilter filters[NPROFILES];
static char filter_err[NPROFILES][256];
static pthread_once_t once[NPROFILES] = {
	PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT,
	PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT,
};

const char *
sysfilter_profile_name(enum jail_profile p)
{
	return (unsigned)p < NPROFILES ? profile_names[p] : "?";
}

static int
sysfilter_allow(scmp_filter_ctx ctx, const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	/* A name this libseccomp does not know, or that this architecture
	 * lacks, is simply not allowed. */
	if (nr == __NR_SCMP_ERROR || nr < 0)
		return 0;
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
}

/* Rules with arguments, and the errno answers. */
static int
sysfilter_special_rules(scmp_filter_ctx ctx)
{
	/* and no CLONE_PIDFD: a pidfd's inode number comes from a counter of
	 * the whole host (Linux 6.9), by which a run could tell the next how
	 * many processes it made. */
	const scmp_datum_t ns = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
	    CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_PIDFD;
	/* isatty(), terminal size, bytes waiting, close-on-exec, non-blocking:
	 * what stdio, Python and the utilities ask of a descriptor. */
	const unsigned long ioctls[] = { TCGETS, TIOCGWINSZ, TIOCGPGRP, FIONREAD,
	    FIOCLEX, FIONCLEX, FIONBIO };
	int rc = 0;

	/* fork() and pthread_create() are clone without namespace flags
	 * (a clone with them is forbidden: notified and named). */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
	    SCMP_A0(SCMP_CMP_MASKED_EQ, ns, 0));
	/* clone3 takes its flags in memory, which a filter cannot read: ENOSYS
	 * makes glibc fall back to clone, which is checked above. */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	for (size_t i = 0; i < sizeof(ioctls) / sizeof(*ioctls); i++)
		rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
		    SCMP_A1(SCMP_CMP_EQ, ioctls[i]));
	/* Any other ioctl (TIOCSTI, device and file system requests) is
	 * forbidden: nothing in the box is a terminal or a device worth it. */
	/* glibc's NSS asks nscd through an AF_UNIX socket before reading
	 * /etc/passwd (getpwuid(), `id -un`, `ls -l`): that one family gets an
	 * error rather than the end of the run. It could reach nothing anyway:
	 * the root holds no socket file, and abstract sockets belong to the
	 * box's own network namespace. Every other family is forbidden. */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), SCMP_SYS(socket), 1,
	    SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	/* The jail's own hand-over of the listener (sysfilter.h). */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(sendmsg), 1,
	    SCMP_A0(SCMP_CMP_EQ, SYSFILTER_SEND_FD));
	/* prctl: names, death signal, dumpable...; but no seccomp filter of
	 * the program's own (see the top of the file). */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
	    SCMP_A0(SCMP_CMP_NE, PR_SET_SECCOMP));
	return rc;
}

/*
 * What the JVM needs beyond the base list. Any use of java.nio (javac reads
 * its sources through a FileChannel; so does Files.readAllLines) loads the
 * JDK's libnet, whose start-up probes socket(AF_INET) and socket(AF_INET6),
 * and libnio, which makes an AF_UNIX socketpair for closing descriptors
 * under blocked threads. So, for this profile only:
 *   - socket() of every family fails with EAFNOSUPPORT instead of ending
 *     the run: no socket is made, so nothing is reachable; the JVM takes it
 *     as "no IPv4/IPv6 here", and a student's new Socket(...) gets an
 *     exception saying the same;
 *   - socketpair(AF_UNIX) is allowed: its two ends connect the program to
 *     itself and to nothing else (no socket file, no abstract name, no
 *     network). Every other family is still forbidden.
 */
static int
sysfilter_jvm_rules(scmp_filter_ctx ctx)
{
	int rc = 0;

	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), SCMP_SYS(socket), 1,
	    SCMP_A0(SCMP_CMP_NE, AF_UNIX));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socketpair), 1,
	    SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	return rc;
}

/*
 * The property-test runner's student's process restricts itself further
 * (sandbox/qc/callee/qc_callee.c): seccomp(SECCOMP_SET_MODE_FILTER) is
 * allowed, but never with SECCOMP_FILTER_FLAG_NEW_LISTENER (a listener of
 * its own could answer the notifications of this filter: see the top of
 * the file) and never another operation. A filter added so can only
 * forbid more.
 */
static int
sysfilter_qc_rules(scmp_filter_ctx ctx)
{
	int rc = 0;

	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(seccomp), 2,
	    SCMP_A0(SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER),
	    SCMP_A1(SCMP_CMP_MASKED_EQ, SECCOMP_FILTER_FLAG_NEW_LISTENER, 0));
	/* libseccomp probes the kernel before it builds: which actions it
	 * has, and which flags, each tried with no program (EFAULT), and
	 * strict mode with a flag (EINVAL). */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(seccomp), 2,
	    SCMP_A0(SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER),
	    SCMP_A2(SCMP_CMP_EQ, 0));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(seccomp), 1,
	    SCMP_A0(SCMP_CMP_EQ, SECCOMP_SET_MODE_STRICT));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(seccomp), 1,
	    SCMP_A0(SCMP_CMP_EQ, SECCOMP_GET_ACTION_AVAIL));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(seccomp), 1,
	    SCMP_A0(SCMP_CMP_EQ, SECCOMP_GET_NOTIF_SIZES));
	return rc;
}

/* Writes CTX's BPF program into a new buffer, in F->prog. 0 or -1. */
static int
sysfilter_export(scmp_filter_ctx ctx, struct sysfilter *f)
{
	int fd = memfd_create("sysfilter", MFD_CLOEXEC);
	off_t size;
	void *buf = NULL;

	if (fd == -1)
		return -1;
	if (seccomp_export_bpf(ctx, fd) != 0 || (size = lseek(fd, 0, SEEK_END)) <= 0 ||
	    size % sizeof(struct sock_filter) != 0 ||
	    size / sizeof(struct sock_filter) > 0xffff ||
	    (buf = malloc((size_t)size)) == NULL ||
	    pread(fd, buf, (size_t)size, 0) != size) {
		free(buf);
		close(fd);
		return -1;
	}
	close(fd);
	f->prog.len = (unsigned short)(size / sizeof(struct sock_filter));
	f->prog.filter = buf;
	return 0;
}

static void
sysfilter_build(enum jail_profile p)
{
	scmp_filter_ctx ctx = NULL, x86 = NULL;
	const char *step = "seccomp_init";
	int rc;

	/* Every call not allowed below is notified to the supervisor. */
	if ((ctx = seccomp_init(SCMP_ACT_NOTIFY)) == NULL)
		goto fail;
	step = "seccomp_attr_set";
	/* Other architectures than the native one and i386: killed. */
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS) != 0 ||
	    /* The jail sets no_new_privs itself, before the filter. */
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) != 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2) != 0)
		goto fail;
	step = "adding the rules";
	for (const char *const *n = base_calls; *n != NULL; n++)
		if (sysfilter_allow(ctx, *n) != 0)
			goto fail;
	if (profile_extra[p] != NULL)
		for (const char *const *n = profile_extra[p]; *n != NULL; n++)
			if (sysfilter_allow(ctx, *n) != 0)
				goto fail;
	if (sysfilter_special_rules(ctx) != 0)
		goto fail;
	if ((p == JAIL_PROFILE_JVM || p == JAIL_PROFILE_JVM_EXEC) &&
	    sysfilter_jvm_rules(ctx) != 0)
		goto fail;
	if (p == JAIL_PROFILE_QC && sysfilter_qc_rules(ctx) != 0)
		goto fail;
	/* i386 (int 0x80): in the filter with nothing allowed, so that each
	 * such call is notified and named rather than a bare SIGSYS. A filter
	 * of its own, merged: rules added to CTX would apply to i386 too. */
	step = "adding the i386 table";
	if ((x86 = seccomp_init(SCMP_ACT_NOTIFY)) == NULL ||
	    seccomp_attr_set(x86, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS) != 0 ||
	    seccomp_attr_set(x86, SCMP_FLTATR_CTL_NNP, 0) != 0 ||
	    seccomp_attr_set(x86, SCMP_FLTATR_CTL_OPTIMIZE, 2) != 0 ||
	    seccomp_arch_add(x86, SCMP_ARCH_X86) != 0 ||
	    seccomp_arch_remove(x86, SCMP_ARCH_NATIVE) != 0)
		goto fail;
	step = "merging the i386 table";
	if ((rc = seccomp_merge(ctx, x86)) != 0)
		goto fail;
	x86 = NULL;	/* merged: released with CTX */
	step = "exporting the BPF program";
	if (sysfilter_export(ctx, &filters[p]) != 0)
		goto fail;
	filters[p].exec_once = profile_extra[p] != exec_calls &&
	    profile_extra[p] != qc_calls;
	seccomp_release(ctx);
	return;
fail:
	snprintf(filter_err[p], sizeof(filter_err[p]), "seccomp filter \"%s\": %s"
	    " failed (libseccomp %u.%u.%u, API level %u)", profile_names[p], step,
	    seccomp_version()->major, seccomp_version()->minor,
	    seccomp_version()->micro, seccomp_api_get());
	if (x86 != NULL)
		seccomp_release(x86);
	if (ctx != NULL)
		seccomp_release(ctx);
}

static void sysfilter_build_default(void) { sysfilter_build(JAIL_PROFILE_DEFAULT); }
static void sysfilter_build_c(void) { sysfilter_build(JAIL_PROFILE_C); }
static void sysfilter_build_python(void) { sysfilter_build(JAIL_PROFILE_PYTHON); }
static void sysfilter_build_compiler(void) { sysfilter_build(JAIL_PROFILE_COMPILER); }
static void sysfilter_build_jvm(void) { sysfilter_build(JAIL_PROFILE_JVM); }
static void sysfilter_build_qc(void) { sysfilter_build(JAIL_PROFILE_QC); }
static void sysfilter_build_jvm_exec(void) { sysfilter_build(JAIL_PROFILE_JVM_EXEC); }

static void (*const builders[NPROFILES])(void) = {
	sysfilter_build_default, sysfilter_build_c, sysfilter_build_python,
	sysfilter_build_compiler, sysfilter_build_jvm, sysfilter_build_qc,
	sysfilter_build_jvm_exec,
};

int
sysfilter_get(enum jail_profile p, const struct sysfilter **out, char *err,
    size_t errlen)
{
	*out = NULL;
	if ((unsigned)p >= NPROFILES) {
		snprintf(err, errlen, "seccomp: no profile %d", (int)p);
		return -1;
	}
	pthread_once(&once[p], builders[p]);
	if (filters[p].prog.filter == NULL) {
		snprintf(err, errlen, "%s", filter_err[p]);
		return -1;
	}
	*out = &filters[p];
	return 0;
}

static uint32_t
sysfilter_arch_token(uint32_t audit_arch, const char **suffix)
{
	*suffix = "";
	switch (audit_arch) {
	case AUDIT_ARCH_X86_64:
		return SCMP_ARCH_X86_64;
	case AUDIT_ARCH_I386:
		*suffix = " (32-bit)";
		return SCMP_ARCH_X86;
	case AUDIT_ARCH_AARCH64:
		return SCMP_ARCH_AARCH64;
	}
	*suffix = " (another architecture)";
	return 0;
}

char *
sysfilter_call_name(uint32_t arch, int nr, char *buf, size_t len)
{
	const char *suffix;
	uint32_t tok = sysfilter_arch_token(arch, &suffix);
	char *name = tok ? seccomp_syscall_resolve_num_arch(tok, nr) : NULL;

	if (name != NULL)
		snprintf(buf, len, "%s%s", name, suffix);
	else
		snprintf(buf, len, "number %d%s", nr, suffix);
	free(name);
	return buf;
}

int
sysfilter_is_execve(uint32_t arch, int nr)
{
	const char *suffix;

	return sysfilter_arch_token(arch, &suffix) == seccomp_arch_native() &&
	    nr == seccomp_syscall_resolve_name("execve");
}

char *
sysfilter_version(char *buf, size_t len)
{
	const struct scmp_version *v = seccomp_version();

	snprintf(buf, len, "libseccomp %u.%u.%u, API level %u", v->major, v->minor,
	    v->micro, seccomp_api_get());
	return buf;
}
