/*
 * jail.c - run commands in a jail, alone or as the runs of a cell; see
 * jail.h for the contract.
 *
 * Theory of operation
 * -------------------
 * A cell is the jail of a grading: its namespaces, minimal root and init
 * are built once, and every run of the grading (the compile, then each
 * test) happens in it, as fresh as in a jail of its own; the grader keeps
 * it for its next grading (jail_box_run()). jail_run() is a cell of one
 * run. Three processes take part:
 *
 *   supervisor  the caller's thread, root (jail_cell.c, jail_sup.c). For
 *       |       each run it makes what needs memory (pipes, input, cgroups,
 *       |       rlimits; argv, envp and the seccomp filter in the cell's
 *       |       shared page) and sends the init a RUN message with the
 *       |       run's descriptors. It polls the output, the messages, the
 *       |       filter's listener and the init's pidfd; at a limit or a
 *       |       forbidden call it stops the run (a signal to the init); a
 *       |       run that does not end, or an init that dies, ends the cell.
 *       | clone3(NEWPID | NEWNS | NEWIPC | NEWUTS): once per cell
 *       v
 *   init        pid 1, root, our code (jail_child.c: no exec, no malloc).
 *       |       It builds what the runs share (network, root, /proc, host
 *       |       name); per run, a fresh /tmp with the box in it, then the
 *       |       program; when the program ends, it kills and reaps every
 *       |       process left, unmounts /tmp and reports the run.
 *       | clone(CLONE_VM | CLONE_VFORK): per run
 *       v
 *   program     pid 2: a straight sequence of steps (cgroups, setsid, fds,
 *               rlimits, CPU timer, OOM score, working directory, uid and
 *               gid, no_new_privs, seccomp), then execve().
 *
 * A call outside the profile is notified to the supervisor, which names it
 * and stops the run before it runs (jail_sup_notification()). Memory, tasks
 * and CPU are the box's cgroup limits where the host has the controllers,
 * else rlimits (jail_sup_limits()). How each run stays as fresh as the
 * first is said where it is done: processes in jail_init_run(), files in
 * jail_init_setup_tmp(), limits and counters in jail_sup_cgroups(), the pid
 * counter in jail_init_setup_pid_counter(); and nothing outlives a cell
 * (jail_sup_stop_cell()).
 *
 * Two ways to fail, as in isolate: a step of the init or the program that
 * fails reports it and the run is a failure of the jail (-1, MiscError
 * upstream), which also ends the cell; all else is a fact about the program.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/jail/jail.h"
#include "sandbox/jail/jail_impl.h"
#include "sandbox/util/errmsg.h"


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
