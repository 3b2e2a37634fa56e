/*
 * jail_impl.h - what the jail's files share, and nothing outside them may
 * use (jail.h is the contract with callers): the messages between the
 * supervisor and a cell's init, the description of a run in the cell's
 * shared page, the cell itself, and the supervisor's watch of a run.
 *
 *   jail.c        the theory of operation; jail_run(), the checks, signals
 *   jail_cell.c   a cell's life: its init built, its runs handed over, closed
 *   jail_sup.c    the supervisor's side of one run
 *   jail_child.c  the init and the program (async-signal-safe calls only)
 *   jail_box.c    boxes, and the cells kept between gradings
 */
#ifndef ASSAY_JAIL_IMPL_H
#define ASSAY_JAIL_IMPL_H

#include <stddef.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <linux/filter.h>

#include "sandbox/jail/cgroup.h"
#include "sandbox/jail/jail.h"
#include "sandbox/jail/sysfilter.h"

/* The kinds of message on a cell's socket, and who sends each. */
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
	int has_pylintrc;	/* /etc/pylintrc: pylint's site configuration */
	int has_ghc;		/* /var/lib/ghc: GHC's package database */
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

/* A cell (jail.h), as the supervisor holds it; its init holds a copy of
 * the memory it was cloned from, and the shared page. */
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

/* Why the supervisor stopped the run. */
enum jail_kill_reason {
	JAIL_KILL_NONE, JAIL_KILL_WALL, JAIL_KILL_OUTPUT, JAIL_KILL_CPU,
	JAIL_KILL_SYSCALL
};

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

/* jail_check.c: who may be jailed (root supervising, an absolute box, no
 * root inside), and a run's configuration. 0, or -1 with ERR. */
int jail_check_who(const char *box, uid_t uid, gid_t gid, char *err,
    size_t errlen);
int jail_check_config(const struct jail_config *cfg, char *err, size_t errlen);

/* jail_cell.c: is S's init still there, and the cell not broken? */
int jail_cell_alive(const struct jail_cell *s);

/* jail_sup.c: the messages waiting on W's
 * socket; one run in S's init (jail_cell_run()'s body); S's init ended
 * (and with it every process of the cell); the box lent to the uid for a
 * writable run, and taken back after it (0, or -1 with ERR). */
int jail_sup_read_messages(struct jail_watch *w, char *err, size_t errlen);
int jail_sup_run(struct jail_cell *s, const struct jail_config *cfg,
    struct jail_result *res, char *err, size_t errlen);
void jail_sup_stop_cell(struct jail_cell *s);
int jail_sup_lend_box(const struct jail_config *cfg, char *err, size_t errlen);
int jail_sup_reclaim_box(const struct jail_config *cfg, char *err, size_t errlen);

/* jail_child.c: the init's main (never returns); the message socket's one
 * send and the header of a message sent or received, async-signal-safe,
 * the supervisor's too; the signal that stops a run. */
void jail_init_main(const struct jail_cell_ctx *sc) __attribute__((noreturn));
int jail_msg_send(int fd, const struct jail_msg *m, const int *fds, int nfds);
void jail_msg_header(struct msghdr *mh, struct iovec *iov,
    const struct jail_msg *m, void *ctl, size_t ctllen);
int jail_stop_signal(void);

#endif
