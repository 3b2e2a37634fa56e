/*
 * jail.h - run commands in a jail and say what happened.
 *
 * A run is one execve() of an untrusted program (a student's binary, an
 * interpreter, the compiler) inside a box directory, as an unprivileged uid of
 * its own, in fresh pid, mount, network, ipc, uts and cgroup namespaces, in a
 * minimal root of its own, under a seccomp allowlist, cgroup limits and
 * rlimits. A cell is the jail of a grading (kept for the grader's next
 * one: jail_box_run()): its namespaces, root and init are built once and
 * serve each of its runs (the compile, then each test), every run getting
 * what a jail_run() of its own would (a fresh
 * /tmp, pid 2, nothing left of the run before, its own limits and
 * counters). jail.c opens with the theory of operation; this header is the
 * contract.
 *
 * Two ways a run can end, kept apart as in isolate:
 *   - jail_run() or jail_cell_run() returns -1: the jail itself failed
 *     (a mount, a fork, an execve of a missing program...). Nothing is known
 *     about the program; the caller reports MiscError and logs the message.
 *   - they return 0: the program ran, and the result says what it did
 *     (exited with a code, was killed by a signal, passed a limit).
 *
 * The caller needs root (namespaces, setuid, mounts) and Linux 5.12 or
 * later (clone3, pidfd, close_range, open_tree, mount_setattr). It may be
 * multi-threaded: the jail's children call no function that takes a lock.
 * The caller must not reap children it did not create (waitpid(-1, ...)).
 * The jail keeps a little state for the life of the process, made on first
 * use: the compiled seccomp filters, the cgroup controllers found, one
 * descriptor (close-on-exec) of the runs' network namespace, and up to four
 * cells kept between gradings (jail_box_run(); each an init process,
 * two close-on-exec descriptors, its pids and CPU cgroups), closed by an
 * atexit() handler. A forked child leaves its parent's cells alone: its
 * exit(), jail_box_free() and jail_cell_close() drop only its copies.
 */
#ifndef ASSAY_JAIL_H
#define ASSAY_JAIL_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Per-run limits. A field of 0 means "no limit of that kind" (the host's
 * limit stays), except wall_ms and output_kib, which every run must have so
 * that the supervisor is never stuck: a run refuses 0 for them.
 *
 * Where the host has the cgroup controllers (cgroup.h), memory, processes
 * and CPU are the whole box's, counted by the kernel; without them they
 * fall back to rlimits, per process (see each field). jail_probe() says
 * which this host has.
 */
struct jail_limits {
	unsigned cpu_ms;	/* CPU time: each process is stopped at it
				   (ITIMER_PROF, RLIMIT_CPU), and the box's
				   total is watched (cgroup) or checked at the
				   end (rusage) */
	unsigned wall_ms;	/* wall-clock time from start to end */
	unsigned memory_kib;	/* memory of the box (memory cgroup: a process
				   over it is killed, JAIL_MEMORY_LIMIT); without
				   the controller, address space of each
				   process (RLIMIT_AS: allocations fail) */
	unsigned stack_kib;	/* stack (soft limit); 0: min(memory / 2, 64 MiB) */
	unsigned output_kib;	/* stdout + stderr captured; more ends the run
				   (with jail_config.output_discard: each
				   stream's, the rest discarded) */
	unsigned fsize_kib;	/* largest file the program may write */
	unsigned files;		/* open file descriptors per process */
	unsigned processes;	/* tasks (processes and threads) of the box
				   (pids cgroup) and of the uid (RLIMIT_NPROC) */
	unsigned tmp_kib;	/* size of the private /tmp; 0: read-only /tmp */
};

/*
 * The system calls a run may make (sysfilter.h has the lists and the
 * reasons). A call outside its profile ends the run: the program is
 * reported as killed by SIGSYS, with the call's name in jail_result.syscall.
 */
enum jail_profile {
	JAIL_PROFILE_DEFAULT = 0,	/* what programs and shells do, execve
					   included; no sockets, ptrace, mounts,
					   namespaces, bpf, io_uring, keyrings... */
	JAIL_PROFILE_C,		/* a compiled program and the processes and
				   threads it starts; no execve but the
				   jail's own */
	JAIL_PROFILE_PYTHON,	/* the Python interpreter; no execve either */
	JAIL_PROFILE_COMPILER,	/* gcc and the programs it starts */
	JAIL_PROFILE_JVM,	/* java and javac: threads, no execve; socket()
				   fails rather than ends the run (the JVM's
				   network library probes families on loading) */
	JAIL_PROFILE_QC,	/* the property-test runner: a compiled
				   program that starts its own programs
				   (execve), makes memory files (memfd_create)
				   and filters of its own without a listener
				   (seccomp), for the student's process */
	JAIL_PROFILE_JVM_EXEC	/* JAIL_PROFILE_JVM and execve: java or
				   javac started by a shell (sh -c), as the
				   run tester does */
};

/*
 * The layers of the jail, as bits: jail_result.layers says which a run had,
 * jail_probe() which this host offers. JAIL_LAYER_UID, _NAMESPACES, _ROOT,
 * _SECCOMP and _RLIMITS are in every run (a run fails without them);
 * the cgroup layers are used when the host has the controller, and their
 * limits fall back to rlimits when it does not.
 */
#define JAIL_LAYER_UID		0x001	/* unprivileged uid, no groups, no
					   capabilities, no_new_privs */
#define JAIL_LAYER_NAMESPACES	0x002	/* pid, mount, net, ipc, uts, cgroup */
#define JAIL_LAYER_ROOT		0x004	/* pivot_root into a minimal tree */
#define JAIL_LAYER_SECCOMP	0x008	/* the profile's allowlist */
#define JAIL_LAYER_CGROUP_MEMORY 0x010
#define JAIL_LAYER_CGROUP_PIDS	0x020
#define JAIL_LAYER_CGROUP_CPU	0x040
#define JAIL_LAYER_RLIMITS	0x080
#define JAIL_LAYER_CGROUPS	(JAIL_LAYER_CGROUP_MEMORY | \
				 JAIL_LAYER_CGROUP_PIDS | JAIL_LAYER_CGROUP_CPU)
#define JAIL_LAYERS_ALL		0x0ff
#define JAIL_NLAYERS		8

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
	enum jail_profile profile;	/* 0: JAIL_PROFILE_DEFAULT */
	/* 0: stdout and stderr together are kept up to limits.output_kib,
	 * and more ends the run (JAIL_OUTPUT_LIMIT). 1: each is kept up to
	 * limits.output_kib, and what it writes beyond is read and
	 * discarded, counted in jail_result.out_cut and err_cut: the run
	 * is never stopped for its output (Jobe's rule), only by its time. */
	int output_discard;
};

/* What the program did, when a run returned 0. */
enum jail_status {
	JAIL_EXITED,		/* exited by itself; code holds the status */
	JAIL_SIGNALED,		/* killed by signal `signal` (not by the jail) */
	JAIL_CPU_LIMIT,		/* used more CPU time than limits.cpu_ms, or
				   was stopped by the CPU timer or rlimit */
	JAIL_WALL_LIMIT,	/* still running after limits.wall_ms */
	JAIL_OUTPUT_LIMIT,	/* wrote more than limits.output_kib */
	JAIL_MEMORY_LIMIT	/* the memory cgroup's limit was hit and a
				   process of the box was killed for it (the
				   OOM counter). Never from rlimits alone, which
				   can only suspect: see memory_suspect */
};

struct jail_result {
	enum jail_status status;
	int code;		/* JAIL_EXITED: the exit status; else -1 */
	int signal;		/* JAIL_SIGNALED: the signal; else the signal
				   that ended the program, 0 if none known */
	unsigned cpu_ms;	/* user + system time of every process of the run */
	unsigned wall_ms;	/* from start to the end of the last process */
	unsigned long memory_kib;	/* peak memory of the box (memory
				   cgroup: its pages, tmpfs and kernel memory
				   included), else peak resident size of the
				   largest process; 0 when unknown */
	int memory_suspect;	/* ended badly after using at least half its
				   memory limit: an allocation may have failed */
	char *out;		/* standard output, NUL-terminated, out_len bytes */
	size_t out_len;
	char *err;		/* standard error, likewise */
	size_t err_len;
	size_t out_cut;		/* output_discard: bytes of standard output */
	size_t err_cut;		/* and of standard error read and discarded */
	char syscall[48];	/* JAIL_SIGNALED by SIGSYS: the forbidden call
				   ("socket", "write (32-bit)"); else "" */
	unsigned layers;	/* JAIL_LAYER_* bits this run had */
};

/*
 * Runs CFG->argv in a jail, waits for it, kills everything it started and
 * fills RES (free its buffers with jail_result_clear(), also after -1).
 * Returns 0 when the program ran (whatever it did), or -1 when the jail
 * failed, with a one-line message in ERR (ERRLEN bytes). A cell of one
 * run: jail_cell_open(), jail_cell_run(), jail_cell_close().
 *
 * What the program sees: its own session (setsid()), pid, ipc, uts and
 * cgroup namespaces (it is pid 2; /proc shows only its processes); a network
 * namespace with no interface up (one per calling process, shared by its
 * runs, which cannot make sockets to meet there); a root of its own:
 * /usr (and the /bin, /lib... links or directories of the host) read-only,
 * in /etc only ld.so.cache, alternatives and a passwd, group and
 * nsswitch.conf of its own, /dev with null, zero and urandom, /proc of its
 * pid namespace, a private /tmp of limits.tmp_kib, and the box at
 * JAIL_BOX_PATH, its working directory; nothing else of the host (no data
 * directory, no other box, no spec). fds 0, 1 and 2 only; default signal
 * dispositions; uid, gid and no supplementary groups from CFG, no
 * capabilities, no_new_privs; the seccomp profile CFG->profile.
 *
 * When CFG->writable, the box is the uid's during the run; afterwards every
 * file in it belongs to root again, with no set-id bits nor write access for
 * group or others, so that nothing the uid left can be changed by a later
 * run. A run that is not writable sees the box read-only.
 */
int jail_run(const struct jail_config *cfg, struct jail_result *res,
    char *err, size_t errlen);

/*
 * A cell: the jail of a grading, whose runs share the namespaces, the
 * minimal root and the init, built once (a jail_run() builds and tears
 * them down for its one run: a cell of three runs costs about a third
 * of the set-up). Between two runs of a cell, the previous run's
 * processes are all killed and reaped, its /tmp unmounted, its memory
 * cgroup removed (the pids and CPU ones removed, or emptied and reset:
 * cgroup.h) and, if it was writable, its files in the box given back to root;
 * so each run sees exactly what jail_run() describes, with its own limits,
 * counters, seccomp profile, input and output. Programs cannot change what
 * the runs share.
 *
 * The cell's processes have a parent-death signal: the thread that opens
 * a cell must outlive it (a process killed with SIGKILL takes its
 * cells' processes with it). A cell is used by one thread at a time.
 */
struct jail_cell;

/*
 * Opens a cell for runs in BOX (absolute path of an existing directory
 * on the host, which must stay the same directory until the cell is
 * closed; jail_box_run() brings a kept cell the new directory of a
 * box) as UID and GID (never 0): builds the namespaces, the root and the
 * init. Returns 0 and the cell in *OUT (the caller owns it: close it with
 * jail_cell_close()), or -1 with a message in ERR and *OUT NULL (needs
 * root; a namespace, mount or fork failed).
 */
int jail_cell_open(const char *box, uid_t uid, gid_t gid,
    struct jail_cell **out, char *err, size_t errlen);

/*
 * Runs CFG->argv in cell S, as jail_run() does, and fills RES (free it
 * with jail_result_clear(), also after -1). CFG->box, uid and gid must be
 * the cell's. Returns 0 when the program ran, or -1 when the jail failed
 * (as jail_run(), plus: CFG is not the cell's, the cell's init died,
 * a run did not end once stopped, what a run left could not be cleaned),
 * with a message in ERR. After -1 the cell is broken: its processes are
 * gone, and every later run returns -1 saying why; close it.
 */
int jail_cell_run(struct jail_cell *s, const struct jail_config *cfg,
    struct jail_result *res, char *err, size_t errlen);

/*
 * Ends cell S: kills whatever is left of it (its init, and with it its
 * namespaces), reaps it and frees S. S may be NULL. The box is the
 * caller's, untouched.
 */
void jail_cell_close(struct jail_cell *s);

/* Frees what RES owns and zeroes it. RES may be zeroed already. */
void jail_result_clear(struct jail_result *res);

/*
 * A box: the scratch directory of one grading (the source, the compiled
 * program), held by one grader at a time.
 */
struct jail_box {
	char *path;	/* absolute path on the host: jail_config.box */
	int lockfd;	/* a lock on the slot, held until jail_box_free() */
	struct jail_cell *cell;	/* of jail_box_run(), or NULL */
	int tmpfs;	/* a tmpfs of its own (jail_box_create_tmpfs()) */
};

/*
 * The box of slot SLOT under ROOT: creates ROOT if missing (mode 0700),
 * takes the slot's lock (ROOT/box-SLOT.lock) and makes an empty directory
 * ROOT/box-SLOT (mode 0755, root's), removing what a crashed grader of the
 * same slot left there (an empty directory, a tmpfs box's mount point,
 * stays). Returns 0 and the box in *OUT (free it with
 * jail_box_free()), or -1 with a message in ERR, in particular when another
 * grader holds the slot.
 */
int jail_box_create(const char *root, unsigned slot, struct jail_box **out,
    char *err, size_t errlen);

/*
 * jail_box_create(), then a tmpfs of SIZE_KIB and at most INODES files
 * mounted on the box's directory (mode 0755, nosuid, nodev): for a box a
 * run may write into (jail_config.writable), whose files are then bounded
 * in all, not only one by one (RLIMIT_FSIZE), and never reach the host's
 * disk (nor its inodes, which the store's file system shares). The pages
 * count toward the memory of the run that writes them. The mount is in a
 * mount namespace the calling process makes its own on first use
 * (unshare(CLONE_NEWNS), the host's mounts still seen): no other process
 * sees it, and it goes with the process if it dies. The process must have
 * one thread then. jail_box_free() empties the tmpfs and unmounts it.
 * Returns as jail_box_create().
 */
int jail_box_create_tmpfs(const char *root, unsigned slot, unsigned long size_kib,
    unsigned long inodes, struct jail_box **out, char *err, size_t errlen);

/*
 * Writes LEN bytes of DATA to a new file NAME (no '/') in BOX, owned by root
 * with mode MODE. Returns 0, or -1 with a message in ERR.
 */
int jail_box_put(const struct jail_box *box, const char *name,
    const void *data, size_t len, mode_t mode, char *err, size_t errlen);

/*
 * Removes the file NAME (no '/'; a symbolic link is removed, never
 * followed) from BOX, between runs; with DATA, reads it first (a regular
 * file of at most JAIL_BOX_TAKE_MAX bytes) into a malloc'd buffer,
 * NUL-terminated, its length in *LEN. Without DATA, a file already gone is
 * no error. Returns 0, or -1 with a message in ERR. What a grader put in
 * the box for one run only (an author's file) goes so before the next.
 */
#define JAIL_BOX_TAKE_MAX	(64L << 20)
int jail_box_remove(const struct jail_box *box, const char *name, char **data,
    size_t *len, char *err, size_t errlen);

/*
 * Runs CFG (whose box, uid and gid are BOX's and the grading's) in BOX's
 * cell: the first run takes the cell a box of the same path, uid and
 * gid left in this thread (jail_box_free()) or opens one, later runs reuse
 * it. Returns as jail_cell_run(); after -1 the cell is closed, and
 * the next run opens a new one (a kept cell that fails its first run is
 * replaced at once, and the run tried again).
 */
int jail_box_run(struct jail_box *box, const struct jail_config *cfg,
    struct jail_result *res, char *err, size_t errlen);

/*
 * Keeps BOX's cell, if any, for the next box of the slot in this thread
 * (a grader's next grading: a few are kept per process, closed at exit),
 * empties and unmounts a tmpfs box (its directory, then empty, stays for
 * the slot's next box) or removes BOX's directory and everything in it
 * (never following symbolic links nor crossing mounts), releases the slot and frees BOX (may be
 * NULL). Returns 0, or -1 with a message in ERR when the directory could
 * not be removed (the slot's next jail_box_create() tries again).
 */
int jail_box_free(struct jail_box *box, char *err, size_t errlen);

/* What jail_probe() found, per layer (bit i of JAIL_LAYER_* is entry i). */
struct jail_probe {
	unsigned active;	/* JAIL_LAYER_* bits that work here */
	char detail[JAIL_NLAYERS][320];	/* how each is provided, or why
				   it is missing */
};

/*
 * Finds which layers work on this host, by running /bin/true in a jail
 * with every layer the host offers (uid UID, in the existing empty
 * directory BOX) and by probing the cgroup controllers. Never fails: a
 * layer that does not work says why in its detail. Needs root.
 */
void jail_probe(const char *box, uid_t uid, struct jail_probe *out);

/* A layer's name ("seccomp", "cgroup-memory"...) for bit LAYER; NULL if
 * none. */
const char *jail_layer_name(unsigned layer);

/*
 * Parses a comma-separated list of layer names (and "cgroup" for the three
 * cgroup layers, "all") into *OUT. Returns 0, or -1 with the first unknown
 * name in ERR.
 */
int jail_layer_parse(const char *list, unsigned *out, char *err, size_t errlen);

/*
 * The signal's short name ("SIGSEGV"), or NULL for a signal without one
 * here (real-time signals); and a few words on what it usually means
 * ("invalid memory access"), "" when there is nothing useful to say.
 * Static strings.
 */
const char *jail_signal_name(int sig);
const char *jail_signal_meaning(int sig);

#endif
