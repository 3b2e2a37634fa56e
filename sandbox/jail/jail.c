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
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/util/errmsg.h"
#include "sandbox/jail/jail.h"
#include "sandbox/jail/jail_impl.h"


/* Who may be jailed: root supervising, an absolute box, no root inside. */
int
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

int
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
