/*
 * qc_runner.h - the runner program's insides, shared by its two files:
 * qc_runner.c (the program: options, the steps of a property, the report)
 * and qc_parent.c (its children: starting, commanding, waiting for and
 * reading them, running trials in them).
 */
#ifndef ASSAY_QC_RUNNER_H
#define ASSAY_QC_RUNNER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sandbox/qc/qc_impl.h"
#include "sandbox/qc/runner/qc_shrink.h"

#define OUT_KEEP	2048	/* of what the function printed, kept */

struct options {
	unsigned long long seed;
	unsigned max_success, max_size, max_discard_ratio, timeout_ms;
	unsigned shrink_calls, shrink_ms, total_ms;
	int fork_each;
	int in_jail;		/* kill(-1) reaches only the box: may be used */
	const char *object;	/* the properties' shared object, or "-" */
	int objfd;		/* "-": a memory file of it; else -1 */
	const char *student;	/* the student's shared object, or NULL */
	const char *callee;	/* qc-callee */
	unsigned student_fsize_kib;	/* 0: the runner's own */
};

struct child {
	pid_t pid;			/* 0: none */
	int cmd, reply, out;
	struct qc_shm *shm;
	uint32_t seq;
	uint64_t nonce;			/* of the last command */
	int keep_out;
	char out_buf[OUT_KEEP];
	size_t out_len;
	int status;			/* wait status, once reaped */
};

/* What a trial did. */
enum kind { K_NONE, K_FALSIFIED, K_CRASHED, K_HUNG, K_EXITED, K_BROKEN, K_AUTHOR };

struct outcome {
	enum kind kind;
	uint32_t detail;	/* the site, the signal or the exit status */
};

/* A trial's report records, copied and checked. */
struct trial_text {
	char *input, *expected, *got, *message, *note, *fault, *output;
};

struct runner {
	struct options o;
	struct child main;	/* the persistent child */
	size_t nprops;
	char *names[QC_MAX_PROPS], *calls[QC_MAX_PROPS];
	long long deadline;	/* of the whole run */
	int sigpipe[2];		/* SIGCHLD wakes poll() */
	/* The shrink in progress. */
	uint32_t prop;
	unsigned size, limit_ms;
	int fresh;
	struct outcome target;
	/* The report. */
	char *out;
	size_t out_len, out_cap;
	int oom;
};

/* What a batch found. */
struct found {
	enum { F_PASSED, F_FAILED, F_GAVE_UP, F_ERROR } what;
	struct outcome o;
	unsigned passed, discarded, size;
	struct qc_seq seq;
	struct trial_text text;
	char err[512];
};

/* ---- Children (qc_parent.c) ----------------------------------------------- */

/* Ignores SIGPIPE and has every child's end wake child_wait() through
 * r->sigpipe. Returns 0, or -1 (errno) when the pipe cannot be made. */
int children_init(struct runner *r);

/*
 * Starts child C and waits for it to be ready. The first child tells the
 * runner the properties; every later one must list as many. Returns 0, or
 * -1 with a message in ERR.
 */
int child_spawn(struct runner *r, struct child *c, char *err, size_t errlen);

/* Asks C to quit when it runs, and kills and releases it. */
void child_quit(struct child *c);

/*
 * Replays the N choices V of property r->prop (size r->size) in the
 * persistent child or (FRESH) a new one, within LIMIT_MS. TEXT: 0, or 2 to
 * collect the records line by line and what the function prints into *T.
 * The choices used go to USED (may be NULL). Returns 0 and *O, or -1 when
 * no child could run (ERR).
 */
int child_replay(struct runner *r, int fresh, const uint64_t *v, size_t n,
    unsigned limit_ms, int text, struct outcome *o, struct qc_seq *used,
    struct trial_text *t, char *err, size_t errlen);

/*
 * Runs trials FIRST.. of property P until COUNT pass, in child C (spawned
 * fresh when FRESH). Fills F.
 */
void child_batch(struct runner *r, uint32_t p, unsigned first, unsigned count,
    int fresh, struct found *f);

void trial_text_free(struct trial_text *t);

#endif
