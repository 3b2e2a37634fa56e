/*
 * qc_impl.h - the property library's insides (qc.h is the author's side):
 * the trial state, the calls between the files of the child runtime, and
 * the protocol between the runner and its child.
 *
 * Who links what (README.md is the map):
 *   - the child runtime, child/: built into qc-child.o, which the box
 *     links with the property file and the student's code;
 *   - the runner program, runner/ (never loads student code): the other
 *     side of the protocol, with the shrinker (runner/qc_shrink.h) and the
 *     report's writer (qc_report.h);
 *   - the grader (tester_quickcheck.c) needs nothing of this: it reads the
 *     report (qc_report.h) and puts the embedded files in the box
 *     (qc_embed.h);
 *   - unit tests and benchmarks link everything in one process and run
 *     trials as a child does (qc__trial, qc__batch).
 * Nothing here prints or exits; the runner is the only program.
 */
#ifndef ASSAY_QC_IMPL_H
#define ASSAY_QC_IMPL_H

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "sandbox/qc/qc.h"

/* ---- Limits ---------------------------------------------------------- */

#define QC_MAX_CHOICES	16384	/* per trial; more is an overrun */
#define QC_MAX_PROPS	64	/* per property file */
#define QC_TEXT_MAX	16384	/* a trial's report records */
#define QC_FAULT_MAX	512	/* what the fault handler says */
#define QC_MAX_BLOCKS	1024	/* guarded blocks per trial (qc.h): a list
				   of 100 lists of 100 is 101 */
#define QC_MAX_FUNCS	32	/* student's functions (QC_FUNCTION) per file */
#define QC_FUNC_NAME_MAX 64	/* bytes of a function's name, with its NUL */
#define QC_RESULT_MAX	16384	/* bytes of a returned string, with its NUL */

/*
 * The trial's blocks live in one region, the arena: QC_MAX_BLOCKS slots of
 * a page and a guard page (a slot's page is made usable the first time a
 * trial needs it, so a child that uses few blocks pays for few), then
 * larger blocks, each followed by a guard page. In the child it is at
 * QC_ARENA_ADDR, where the student's process maps its copies of the
 * blocks handed to a call (qc_call.c), so that a pointer means the same on
 * both sides.
 */
#define QC_CANARY_LEN	32	/* bytes of pattern before each block */
#define QC_ARENA_ADDR	0x2a0000000000UL
#define QC_ARENA_SIZE	(32UL << 20)

/* ---- Outcomes of one trial ------------------------------------------- */

enum qc_status {
	QC_PASS = 0,
	QC_FAIL,	/* an assertion or a block check failed: site says which */
	QC_DISCARD,	/* qc_assume() rejected the input */
	QC_OVERRUN,	/* a replay needed more than QC_MAX_CHOICES choices */
	QC_AUTHOR	/* the author's mistake (bad bounds...): text says which */
};

/* Sites of failures that are not an assertion's line. */
#define QC_SITE_BEFORE	0x40000001u	/* wrote before the start of a block */
#define QC_SITE_FROZEN	0x40000002u	/* changed a frozen block */
#define QC_SITE_CALL	0x40000003u	/* the student's side failed a call: no
					   such function, not loadable, a result
					   too long */

/*
 * Report records of a failed trial, in QC_TEXT_MAX bytes: each is a tag
 * byte, a 2-byte length (little end first) and that many bytes.
 */
enum qc_tag {
	QC_TAG_INPUT = 'I',	/* one line of the counterexample, as C */
	QC_TAG_EXPECTED = 'E',
	QC_TAG_GOT = 'G',
	QC_TAG_MESSAGE = 'M',	/* what failed, when it is not Expected/Got */
	QC_TAG_NOTE = 'N'	/* qc_note() */
};

/* ---- The state of a trial (the child's, or a test's in-process) ----- */

/* What a guarded block holds, for reports. */
enum qc_block_kind { QC_BLOCK_RAW, QC_BLOCK_STRING, QC_BLOCK_INTS, QC_BLOCK_DOUBLES };

struct qc_block {
	unsigned char *data;	/* what the author got; ends at a guard page */
	size_t size;		/* bytes */
	size_t elsize;		/* of an element (1 for strings and raw bytes) */
	int kind;		/* enum qc_block_kind */
	const char *name;	/* (arena) NULL: "the input" */
	size_t maplen;		/* pages of its own past the pool, or 0 */
	unsigned char *frozen;	/* a copy (arena), or NULL */
	int handed;		/* handed to the student's process in this
				   trial, its pointers followed (qc_call.c) */
};

/* The trial's memory: chunks reused from trial to trial; an allocation
 * never moves. */
struct qc_chunk {
	struct qc_chunk *next;
	size_t used, cap;
	unsigned char data[];
};

/* A line of the counterexample, kept raw until the trial fails. */
struct qc_show;

struct qc {
	/* The choice source. */
	int random;		/* 1: draw at random and record; 0: replay */
	uint64_t rng[4];
	const uint64_t *prefix;	/* replay: the choices to use */
	size_t nprefix;
	uint64_t *values;	/* the choices made, recorded */
	uint64_t *bounds;	/* the bound of each */
	volatile uint32_t *nshared;	/* where the count is published, or NULL */
	size_t n;
	unsigned size;

	/* The outcome. */
	jmp_buf jb;
	int status;		/* enum qc_status */
	uint32_t site;
	const char *expected, *got, *message;	/* (arena) or NULL */

	/* Memory of the trial. */
	struct qc_chunk *chunks, *chunk;
	struct qc_block blocks[QC_MAX_BLOCKS];
	size_t nblocks;
	unsigned char *arena;	/* QC_ARENA_SIZE: the pool, then large blocks */
	size_t pool_open;	/* slots of the pool made usable so far */
	size_t big_used;	/* bytes of the arena past the pool in use */
	int arena_fixed;	/* mapped at QC_ARENA_ADDR */
	size_t page;
	struct qc_show *shows, **show_tail;

	/* The failure's report records (qc__trial with TEXT): in own_text,
	 * or when EAGER is set in its text, published line by line so that
	 * the input is known even if the trial never ends. */
	char *text, *own_text;
	size_t text_len;
	struct qc_shm *eager;

	const struct qc_property *prop;
};

/* ---- The trial core (child/qc_core.c) -------------------------------- */

/* Sets up QC (its arena: at QC_ARENA_ADDR when FIXED, else anywhere).
 * Returns 0 or -1 (ENOMEM, or the address is taken). */
int qc__init(struct qc *qc, int fixed);

/* The bytes of the arena's pool of small blocks. */
#define QC_POOL_BYTES(page)	((size_t)QC_MAX_BLOCKS * 2 * (page))
void qc__fini(struct qc *qc);

/* A new trial's state: no choice, no block, no show, the trial's memory
 * reused from its start (the caller releases the blocks first). */
void qc__trial_reset(struct qc *qc);

/* The trial's random generator, seeded from (SEED, PROP, ATTEMPT). */
void qc__seed(struct qc *qc, uint64_t seed, uint32_t prop, uint32_t attempt);

/* The size of the trial after PASSED tests and DISCARDED rejections since
 * the last that passed: from 0
 * to MAX_SIZE over every QC_SIZE_PERIOD tests, then again (qc_core.c). */
#define QC_SIZE_PERIOD	100
unsigned qc__size_for(unsigned passed, unsigned discarded, unsigned max_success,
    unsigned max_size);

/* N bytes of the trial's memory (aligned for any type). Fails the trial as
 * an author error when memory runs out. */
void *qc__alloc(struct qc *qc, size_t n);

/* printf into the trial's memory. */
char *qc__printf(struct qc *qc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *qc__vprintf(struct qc *qc, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* A copy of S in the trial's memory (NULL: NULL). */
const char *qc__strdup(struct qc *qc, const char *s);

/* Ends the trial with STATUS (QC_FAIL at SITE, QC_AUTHOR, QC_DISCARD). */
void qc__stop(struct qc *qc, int status, uint32_t site) __attribute__((noreturn));
void qc__author(struct qc *qc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Appends a report record to qc->text (cut to fit). */
void qc__record(struct qc *qc, int tag, const char *s, size_t n);

/* ---- Guarded blocks (child/qc_block.c) ------------------------------- */

/* A new block of SIZE bytes (elements of ELSIZE; KIND an enum
 * qc_block_kind; NAME in the trial's memory, or NULL), ending at a guard
 * page. Fails the trial as an author error past QC_MAX_BLOCKS or when
 * memory runs out. */
struct qc_block *qc__block_new(struct qc *qc, size_t size, size_t elsize,
    int kind, const char *name);

/* Unmaps the trial's blocks that have a mapping of their own; the trial
 * has no block after it. */
void qc__blocks_release(struct qc *qc);

/* For the fault handler of child/qc_child.c: the block a fault address is
 * in the guard of, described into BUF (async-signal-safe); 0 if none. */
size_t qc__describe_fault(const struct qc *qc, uintptr_t addr, char *buf,
    size_t len);

/* ---- Shows and values as C (child/qc_show.c) ------------------------- */

/* Adds the shows of the trial from FROM on (NULL: all) as records: lines
 * of the input with TAG_INPUT, notes with TAG_NOTE (0: skipped). */
void qc__format_shows(struct qc *qc, const struct qc_show *from, int tag_input,
    int tag_note);

/* Each appends to BUF (LEN bytes, NUL-terminated, cut at the end) and
 * returns the length the whole would have had. */
size_t qc__fmt_double(char *buf, size_t len, double v);
size_t qc__fmt_char(char *buf, size_t len, char c);
size_t qc__fmt_str(char *buf, size_t len, const char *s, size_t n);

/* ---- Trials (child/qc_trial.c), as a child or a test runs them ------- */

/*
 * Runs property P once. The caller sets the source first: qc->random and
 * qc->rng, or qc->prefix/nprefix; qc->values, bounds (QC_MAX_CHOICES each)
 * and qc->size. Returns the status; qc->n choices were used; when it
 * failed and TEXT is set, the records are in qc->text/text_len.
 */
int qc__trial(struct qc *qc, const struct qc_property *p, int text);

/*
 * Runs random trials of property P, FIRST, FIRST + 1... until COUNT pass
 * (a child's batch; tests call it in one process). Returns the status of
 * the last trial (QC_PASS when all passed, QC_DISCARD when it gave up);
 * *PASSED, *DISCARDED. QC's values/bounds hold the failing trial's
 * choices.
 */
int qc__batch(struct qc *qc, const struct qc_property *p, uint64_t seed,
    uint32_t prop_index, unsigned first, unsigned count, unsigned max_success,
    unsigned max_size, unsigned max_discard, volatile uint64_t *ticks,
    volatile uint32_t *passed, volatile uint32_t *discarded, unsigned *size);

/* The registered properties (child/qc_child.c), sorted by file and line;
 * *N of them. Static. */
const struct qc_property *const *qc__properties(size_t *n);

/* ---- Faults (the child's and the callee's handlers) ---------------------- */

/* Has FN run on SIGSEGV and SIGBUS, on the alternate stack STACK (LEN
 * bytes): a stack overflow can still be said. */
static inline void
qc__catch_faults(void (*fn)(int, siginfo_t *, void *), void *stack, size_t len)
{
	struct sigaction sa;
	stack_t ss;

	ss.ss_sp = stack;
	ss.ss_size = len;
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/* In a fault handler: the default action of SIG back, so that the faulting
 * instruction, run again when the handler returns, ends the process. */
static inline void
qc__fault_default(int sig)
{
	struct sigaction dfl;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
}

/* ---- Time -------------------------------------------------------------- */

/* The monotonic clock in milliseconds: the runner's and the shrinker's
 * deadlines. */
static inline long long
qc__now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- Runner <-> child protocol ------------------------------------------ */

/*
 * The runner forks a child, which dlopen()s the exercise's shared object and
 * calls qc__child_main(QC_FD_CMD, QC_FD_REPLY, shm). Commands and replies are
 * fixed-size structs on two pipes (smaller than PIPE_BUF: each write is
 * whole). The shared page holds what does not fit or must survive the
 * child's death: the running trial's number, its choices, its report
 * records. The runner copies and checks all of it: the child runs the
 * student's code. A reply must repeat its command's sequence number and
 * random nonce, and a batch that says it passed must have ticked once per
 * trial: forging one takes finding them in the child's memory, not a
 * guess (nothing in one process can stop a function determined to lie
 * about its own trials; it cannot reach the runner's state).
 */
#define QC_FD_CMD	3
#define QC_FD_REPLY	4
#define QC_FD_OBJECT	5	/* the object, while it loads (from memory) */
#define QC_CHILD_ENTRY	"qc__child_main"

#define QC_CMD_MAGIC	0x71634331u	/* "qcC1" */
#define QC_REPLY_MAGIC	0x71635231u	/* "qcR1" */
#define QC_SHM_MAGIC	0x71635331u	/* "qcS1" */

enum qc_cmd_kind {
	QC_CMD_BATCH = 1,	/* random trials until COUNT pass */
	QC_CMD_REPLAY,		/* one trial on shm->prefix[0..nprefix) */
	QC_CMD_QUIT
};

enum qc_reply_kind {
	QC_R_HELLO = 1,		/* ready; passed = number of properties, their
				   "name\0call\0" pairs in shm->text */
	QC_R_DONE,		/* the batch passed: passed, discarded */
	QC_R_FAIL,		/* the batch failed: status, site, passed (tests
				   before it), discarded, size; choices and
				   records in shm */
	QC_R_GAVEUP,		/* too many rejections: passed, discarded */
	QC_R_RESULT,		/* a replay: status, site; choices, records */
	QC_R_ERROR		/* the child could not run: message in shm->text */
};

struct qc_cmd {
	uint32_t magic, kind, seq, prop;
	uint64_t nonce;		/* random; every reply to it repeats it */
	uint64_t seed;
	uint32_t first;		/* BATCH: number of the first trial (0) */
	uint32_t count;		/* BATCH: tests that must pass */
	uint32_t max_success;	/* BATCH: for the size schedule */
	uint32_t max_size;
	uint32_t max_discard;	/* BATCH: give up past this many */
	uint32_t size;		/* REPLAY: the trial's size */
	uint32_t text;		/* REPLAY: 1 to fill shm->text on failure, 2
				   to fill it as the trial goes (eager) */
	uint32_t pad;
};

struct qc_reply {
	uint32_t magic, kind, seq, status;
	uint64_t nonce;		/* the command's */
	uint32_t site, passed, discarded, size;
};

struct qc_shm {
	uint32_t magic;
	uint32_t nprefix;		/* runner -> child, for REPLAY */
	volatile uint64_t ticks;	/* +1 at the start of every trial */
	volatile uint32_t passed;	/* BATCH: tests passed so far */
	volatile uint32_t discarded;
	volatile uint32_t size;		/* of the running trial */
	volatile uint32_t nchoices;	/* of the running (or last) trial */
	volatile uint32_t text_len;
	volatile uint32_t fault_len;
	char fault[QC_FAULT_MAX];	/* the fault handler's words */
	char text[QC_TEXT_MAX];
	uint64_t prefix[QC_MAX_CHOICES];
	uint64_t values[QC_MAX_CHOICES];
	uint64_t bounds[QC_MAX_CHOICES];
	/* Runner -> child: the programs of the student's side. */
	char callee[256];		/* qc-callee */
	char student[256];		/* the student's shared object */
	uint32_t student_fsize_kib;	/* its RLIMIT_FSIZE; 0: as ours */
};

/* ---- The child <-> student's process call channel (child/qc_call.c,
 * callee/qc_callee.c) ------------------------------------------------------ */

/*
 * The child never runs the student's code: it starts the student's process
 * (qc-callee, which loads the student's object alone) at the first call of
 * a student's function, and every call crosses to it. They share one
 * memory file: the arena's copy (QC_ARENA_SIZE bytes, mapped by the callee
 * at QC_ARENA_ADDR, where only the blocks handed to the current call are
 * readable), then the call page below. Descriptors of the callee: 0
 * /dev/null, 1 and 2 the child's (what the function prints reaches the
 * runner), QC_CALLEE_FD_MEM the memory file, QC_CALLEE_FD_WAKE a pipe to
 * the child, on which it writes a byte when the child sleeps waiting (its
 * end also tells the child that the callee died).
 *
 * The callee holds nothing of the author's: the child writes the call page
 * and reads back only what the callee answers (a function's result, its
 * fault), copied and checked, never what the child wrote itself.
 */
#define QC_CALLEE_FD_MEM	3
#define QC_CALLEE_FD_WAKE	4
#define QC_CALL_MAGIC		0x71634b31u	/* "qcK1" */

/* How the callee hands back a result. */
enum qc_ret_kind {
	QC_RET_INT = 0,		/* the integer register (and void) */
	QC_RET_DOUBLE,
	QC_RET_FLOAT,
	QC_RET_STRING		/* a char *: the string copied too */
};

/* What the callee was doing when a fault hit. */
enum qc_fault_what {
	QC_FAULT_NONE = 0,
	QC_FAULT_CALL,		/* running the function */
	QC_FAULT_RESULT,	/* reading the string it returned */
	QC_FAULT_STACK		/* running it, past the end of the stack */
};

struct qc_callpage {
	uint32_t magic;
	/* Child -> callee, before it starts. */
	uint32_t nfuncs;
	char names[QC_MAX_FUNCS][QC_FUNC_NAME_MAX];
	/* Callee -> child: loaded (1) or not (2, why in error[]); the
	 * functions found. */
	volatile uint32_t ready;
	uint8_t found[QC_MAX_FUNCS];
	char error[512];
	/* A call, child -> callee: call_seq is written last. */
	volatile uint32_t call_seq;
	volatile uint32_t callee_sleeps;	/* on a futex on call_seq */
	uint32_t fn, ret_kind;
	uint64_t ints[6], sse[8];
	uint32_t nranges;			/* pages to make readable */
	struct { uint64_t addr, len; } ranges[QC_MAX_BLOCKS];
	/* Its answer, callee -> child: done_seq is written last. */
	volatile uint32_t done_seq;
	volatile uint32_t child_sleeps;		/* in poll() on the wake pipe */
	uint64_t ret_int, ret_sse;
	uint32_t str_state;	/* QC_RET_STRING: 0 NULL, 1 copied, 2 too long */
	uint32_t str_len;
	char str[QC_RESULT_MAX];
	/* The callee's fault handler. */
	volatile uint64_t fault_addr;
	volatile uint32_t fault_sig, fault_what;
};

#define QC_CALLPAGE_BYTES	((sizeof(struct qc_callpage) + 4095) & ~(size_t)4095)

/*
 * The child's side (child/qc_call.c): the calls of the stubs QC_FUNCTION
 * defines go through QC's trial to the callee CALLEE (a program) loading
 * STUDENT (a shared object), started at the first call; a fault of the
 * callee is said in SHM's fault text. Without it, a call fails as the
 * author's error.
 */
void qc__call_setup(struct qc *qc, struct qc_shm *shm, const char *callee,
    const char *student, unsigned fsize_kib);

/* The child's side (child/qc_child.c). Returns when told to quit (0) or when
 * the pipes fail (-1). */
int qc__child_main(int cmd_fd, int reply_fd, struct qc_shm *shm);

#endif
