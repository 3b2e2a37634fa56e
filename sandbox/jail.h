/*
 * jail.h - run one command in a jail and say what happened.
 *
 * A run is one execve() of an untrusted program (a student's binary, an
 * interpreter, the compiler) inside a box directory, as an unprivileged uid of
 * its own, in fresh pid, mount, network, ipc and uts namespaces, under limits.
 * jail.c opens with the theory of operation; this header is the contract.
 *
 * Two ways a run can end, kept apart as in isolate:
 *   - jail_run() returns -1: the jail itself failed (a mount, a fork, an
 *     execve of a missing program...). Nothing is known about the program;
 *     the caller reports MiscError and logs the message.
 *   - jail_run() returns 0: the program ran, and the result says what it did
 *     (exited with a code, was killed by a signal, passed a limit).
 *
 * The caller needs root (namespaces, setuid, mounts) and Linux 5.12 or
 * later (clone3, pidfd, close_range, open_tree, mount_setattr). It may be
 * multi-threaded: the jail's children call no function that takes a lock.
 * The caller must not reap children it did not create (waitpid(-1, ...)).
 */
#ifndef ASSAY_JAIL_H
#define ASSAY_JAIL_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Per-run limits. A field of 0 means "no limit of that kind" (the host's
 * limit stays), except wall_ms and output_kib, which every run must have so
 * that the supervisor is never stuck: jail_run() refuses 0 for them.
 */
struct jail_limits {
	unsigned cpu_ms;	/* CPU time: each process is stopped at it, and
				   the run's total is checked at the end */
	unsigned wall_ms;	/* wall-clock time from start to end */
	unsigned memory_kib;	/* address space of each process (RLIMIT_AS) */
	unsigned stack_kib;	/* stack (soft limit); 0: min(memory, 64 MiB) */
	unsigned output_kib;	/* stdout + stderr captured; more ends the run */
	unsigned fsize_kib;	/* largest file the program may write */
	unsigned files;		/* open file descriptors per process */
	unsigned processes;	/* tasks (processes and threads) of the uid */
	unsigned tmp_kib;	/* size of the private /tmp; 0: read-only /tmp */
};

/*
 * Where the program sees the box, whatever its path on the host: its
 * working directory. Messages that name it can be made relative.
 */
#define JAIL_BOX_PATH "/tmp/box"

struct jail_config {
	const char *box;	/* absolute path of the box on the host */
	int writable;		/* may the program write in the box? */
	uid_t uid;		/* the program's uid; never 0 */
	gid_t gid;		/* its only group */
	char *const *argv;	/* argv[0]: absolute, or relative to the box */
	char *const *envp;	/* NULL: PATH, LANG, HOME and TMPDIR of a jail */
	const char *input;	/* standard input, input_len bytes (NULL if 0) */
	size_t input_len;
	struct jail_limits limits;
};

/* What the program did, when jail_run() returned 0. */
enum jail_status {
	JAIL_EXITED,		/* exited by itself; code holds the status */
	JAIL_SIGNALED,		/* killed by signal `signal` (not by the jail) */
	JAIL_CPU_LIMIT,		/* used more CPU time than limits.cpu_ms, or
				   was stopped by the CPU timer or rlimit */
	JAIL_WALL_LIMIT,	/* still running after limits.wall_ms */
	JAIL_OUTPUT_LIMIT,	/* wrote more than limits.output_kib */
	JAIL_MEMORY_LIMIT	/* reserved: only when certain (a cgroup's OOM
				   counter, issue 3); rlimits alone can only
				   suspect, see memory_suspect */
};

struct jail_result {
	enum jail_status status;
	int code;		/* JAIL_EXITED: the exit status; else -1 */
	int signal;		/* JAIL_SIGNALED: the signal; else the signal
				   that ended the program, 0 if none known */
	unsigned cpu_ms;	/* user + system time of every process of the run */
	unsigned wall_ms;	/* from start to the end of the last process */
	unsigned long memory_kib;	/* peak resident size of the largest
				   process; 0 when unknown (killed by the jail) */
	int memory_suspect;	/* ended badly after using at least half its
				   memory limit: an allocation may have failed */
	char *out;		/* standard output, NUL-terminated, out_len bytes */
	size_t out_len;
	char *err;		/* standard error, likewise */
	size_t err_len;
};

/*
 * Runs CFG->argv in a jail, waits for it, kills everything it started and
 * fills RES (free its buffers with jail_result_clear(), also after -1).
 * Returns 0 when the program ran (whatever it did), or -1 when the jail
 * failed, with a one-line message in ERR (ERRLEN bytes).
 *
 * What the program sees: its own session, pid, ipc and uts namespaces
 * (it is pid 2; /proc shows only its processes); a network namespace with
 * no interface up (even 127.0.0.1 is unreachable); the host's file system
 * read-only and nosuid, a private /tmp of limits.tmp_kib, and the box at
 * JAIL_BOX_PATH, its working directory; fds 0, 1 and 2 only; default
 * signal dispositions; uid, gid and no supplementary groups from CFG, no
 * capabilities, no_new_privs.
 *
 * When CFG->writable, the box is the uid's during the run; afterwards every
 * file in it belongs to root again, with no set-id bits nor write access for
 * group or others, so that nothing the uid left can be changed by a later
 * run. A run that is not writable sees the box read-only.
 */
int jail_run(const struct jail_config *cfg, struct jail_result *res,
    char *err, size_t errlen);

/* Frees what RES owns and zeroes it. RES may be zeroed already. */
void jail_result_clear(struct jail_result *res);

/*
 * A box: the scratch directory of one grading (the source, the compiled
 * program), held by one grader at a time.
 */
struct jail_box {
	char *path;	/* absolute path on the host: jail_config.box */
	int lockfd;	/* a lock on the slot, held until jail_box_free() */
};

/*
 * The box of slot SLOT under ROOT: creates ROOT if missing (mode 0700),
 * takes the slot's lock (ROOT/box-SLOT.lock) and makes an empty directory
 * ROOT/box-SLOT (mode 0755, root's), removing what a crashed grader of the
 * same slot left there. Returns 0 and the box in *OUT (free it with
 * jail_box_free()), or -1 with a message in ERR, in particular when another
 * grader holds the slot.
 */
int jail_box_create(const char *root, unsigned slot, struct jail_box **out,
    char *err, size_t errlen);

/*
 * Writes LEN bytes of DATA to a new file NAME (no '/') in BOX, owned by root
 * with mode MODE. Returns 0, or -1 with a message in ERR.
 */
int jail_box_put(const struct jail_box *box, const char *name,
    const void *data, size_t len, mode_t mode, char *err, size_t errlen);

/*
 * Removes BOX's directory and everything in it (never following symbolic
 * links nor crossing mounts), releases the slot and frees BOX (may be
 * NULL). Returns 0, or -1 with a message in ERR when the directory could
 * not be removed (the slot's next jail_box_create() tries again).
 */
int jail_box_free(struct jail_box *box, char *err, size_t errlen);

/*
 * The signal's short name ("SIGSEGV"), or NULL for a signal without one
 * here (real-time signals); and a few words on what it usually means
 * ("invalid memory access"), "" when there is nothing useful to say.
 * Static strings.
 */
const char *jail_signal_name(int sig);
const char *jail_signal_meaning(int sig);

#endif
