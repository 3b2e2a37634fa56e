/*
 * tester.h - the testers, and what they share.
 *
 * A tester grades one submission the way its spec's `tester:` says. The
 * engine (engine.c) has already checked the spec, the language and the code,
 * and chosen the run's uid; the tester creates the box, compiles, runs,
 * compares and writes the result. Testers never print and never exit.
 */
#ifndef ASSAY_TESTER_H
#define ASSAY_TESTER_H

#include <stddef.h>
#include <sys/types.h>

#include "sandbox/format/grade.h"
#include "sandbox/format/label.h"
#include "sandbox/format/spec.h"
#include "sandbox/jail/jail.h"
#include "sandbox/testers/lang.h"

struct buf;

/* Everything a tester is given (all borrowed from the caller). */
struct tester_env {
	const char *box_root;	/* where the grading's box is made */
	unsigned slot;		/* the grader's slot: its box and its uid */
	const struct spec *spec;
	const struct grade_submission *sub;
	const struct lang *lang;	/* NULL for the quiz tester */
	uid_t uid;		/* of every run: the engine's uid base + slot */
	gid_t gid;
};

/*
 * A tester. Returns 0 when it filled OUT (grade_result_clear() frees it), whatever
 * the verdict; or -1 when the platform failed, with the reason in LOG
 * (LOGLEN bytes) and OUT left empty: the engine turns that into MiscError.
 */
typedef int tester_fn(const struct tester_env *env, struct grade_result *out,
    char *log, size_t loglen);

/* stdio: whole programs run on each test's input, output compared exactly
 * (tester_stdio.c). */
tester_fn tester_stdio;

/* quickcheck: the student's C functions against the author's properties,
 * with shrinking (tester_quickcheck.c; the library is qc.h). */
tester_fn tester_quickcheck;

/* doctest: a Python module against doctest examples, public then private
 * (tester_doctest.c). */
tester_fn tester_doctest;

/* mudoctest: the student's doctest examples must pass on the author's
 * target and fail on each mutant (tester_mudoctest.c). */
tester_fn tester_mudoctest;

/* cases: CodeRunner-style test code and expected output, for C and Python
 * functions, with marks (tester_cases.c). */
tester_fn tester_cases;

/* hspec: the author's Haskell test program (hspec, or QuickCheck for a
 * quickcheck exercise with a .hs property file) against the student's
 * Haskell module or C functions (tester_hspec.c). */
tester_fn tester_hspec;

/* quiz: a quiz's answers against its spec; nothing runs (tester_quiz.c). */
tester_fn tester_quiz;

/* accept: the code recorded for grading by hand, in any language of the
 * spec; nothing runs (tester_accept.c). */
tester_fn tester_accept;

/* sqlite-query: an SQL query against databases, its table compared with
 * the author's answer's (tester_sqlite.c). */
tester_fn tester_sqlite;

/* run: one program compiled and run as Jobe does, its facts (status,
 * output as base64, times) reported raw, no verdict on its output: the
 * engine's side of the Jobe API (tester_run.c). */
tester_fn tester_run;

/*
 * Each tester (tester_*.c) is a short sequence of phases, each a function
 * of its own (prepare, compile, run, judge, report...: what fits the
 * tester). A phase returns TESTER_NEXT to go on, TESTER_DONE when it wrote
 * the grading's result (a verdict before the end: a CompileError, say), or
 * -1 when the platform failed, with the reason in the tester's LOG.
 */
#define TESTER_NEXT 0
#define TESTER_DONE 1

/*
 * What a tester returns once its phases ended with RC (what the last one
 * returned): 0, or -1 with OUT emptied (grade_result_clear()), as tester_fn
 * says.
 */
int tester_return(int rc, struct grade_result *out);

/* Returns of tester_compile(). */
#define TESTER_COMPILED 0	/* there is a program to run */
#define TESTER_NOT_COMPILED 1	/* the compiler refused the code */

/* Limits of the messages shown to students. */
#define TESTER_MESSAGE_BYTES 8192
#define TESTER_MESSAGE_LINES 100

/* How much of each text of a test a result's entry keeps (tester_json_text). */
#define TESTER_KEEP_BYTES 4096

/* A file a tester puts into its box (tester_box_create()). */
struct tester_file {
	const char *name;	/* in the box: a plain name, no '/' */
	const void *data;
	size_t len;
	mode_t mode;
};

/*
 * The box of a grading, in ENV's box root and slot, holding the N FILES
 * (may be NULL when N is 0). Returns 0, or -1 with LOG; either way *BOX is
 * the box or NULL, for the caller to free with jail_box_free(*BOX, NULL,
 * 0) (a box that cannot be removed then is removed by the slot's next
 * jail_box_create(): the grading itself is done).
 */
int tester_box_create(const struct tester_env *env, const struct tester_file *files,
    size_t n, struct jail_box **box, char *log, size_t loglen);

/*
 * Writes the submission's code into BOX and, when its language has a
 * compile step, compiles it. Returns TESTER_COMPILED with the compiler's
 * warnings in *MSG (NULL when none), TESTER_NOT_COMPILED with its message in
 * *MSG (never NULL), both cleaned and trimmed for the student and readable
 * ("main.c:3:5: error: ..."); or -1 when the jail failed, with LOG. *MSG is
 * malloc'd: the caller frees it.
 */
int tester_compile(const struct tester_env *env, struct jail_box *box,
    char **msg, char *log, size_t loglen);

/*
 * The compile step alone: runs ARGV in BOX (writable) under the language's
 * compile limits and profile, with the returns and *MSG of
 * tester_compile(). For a tester that writes its own sources.
 */
int tester_compile_run(const struct tester_env *env, struct jail_box *box,
    char *const *argv, char **msg, char *log, size_t loglen);

/*
 * tester_compile_run() with INPUT (LEN bytes) as the compiler's standard
 * input: a program that must never be a file of the box (one that holds
 * the author's tests: gcc reads it from "-", so that the student's code
 * cannot #include or .incbin it).
 */
int tester_compile_input(const struct tester_env *env, struct jail_box *box,
    char *const *argv, const char *input, size_t len, char **msg, char *log,
    size_t loglen);

/*
 * What the compiler said in run R in BOX, for the student: valid UTF-8,
 * trimmed to TESTER_MESSAGE_BYTES and _LINES, the box's paths made relative,
 * the linker called "ld", gcc's temporary objects (/tmp/ccXXXXXX.o) called
 * TMPNAME, and NOTE (may be NULL or "") as a last line. NULL on ENOMEM.
 */
char *tester_compiler_message(const char *box, const struct jail_result *r,
    const char *tmpname, const char *note);

/*
 * Why a compiler run R under limits L did not end well by itself, in a line
 * for the student ("Compilation took too long (more than 10 s of CPU
 * time)."), into BUF (LEN bytes); "" when there is nothing to say.
 */
void tester_compiler_note(const struct jail_result *r,
    const struct jail_limits *l, char *buf, size_t len);

/*
 * The label of a run that jail_run() reported as R under limits L, and in
 * MSG (LEN bytes) one line saying why it failed, without any data of the
 * test (it is shown for private tests too): "killed by signal SIGSEGV
 * (invalid memory access)", "exited with status 3", "CPU time limit of 1 s
 * exceeded"... LABEL_ACCEPTED (and MSG "") when the program exited with
 * status 0 in its limits: its output is then the caller's to judge.
 */
enum label tester_judge(const struct tester_env *env, const struct jail_result *r,
    const struct jail_limits *l, char *msg, size_t len);

/*
 * What a program wrote to standard error, for the student: cleaned, trimmed
 * (at most MAX_BYTES, keeping the end, where a traceback says what happened)
 * and with the paths of BOX made relative. malloc'd, or NULL on ENOMEM.
 */
char *tester_stderr(struct jail_box *box, const char *err, size_t len,
    size_t max_bytes);

/* "1 s", "0.3 s"; "64 KiB", "256 MiB" into BUF (LEN bytes). Returns BUF. */
char *tester_ms(unsigned ms, char *buf, size_t len);
char *tester_kib(unsigned long kib, char *buf, size_t len);

/*
 * The start of every run a tester makes: JC zeroed (not writable, no input,
 * no environment, the jail's default profile), then the run in BOX as the
 * submission's uid and gid. The caller sets argv, limits and profile.
 */
void tester_jail_config(const struct tester_env *env, struct jail_box *box,
    struct jail_config *jc);

/* What one test's run did, kept until the report is written (the stdio
 * and cases testers). */
struct tester_outcome {
	enum label label;
	char msg[512];		/* one line on why it failed (tester_judge()) */
	char *out, *err;	/* what the run wrote (malloc'd), or NULL */
	size_t out_len, err_len;
	int ran;		/* it ran: OUT and ERR are its */
};

/* Takes the outputs of run R into OC, which then ran; R keeps none and is
 * cleared. */
void tester_outcome_take(struct tester_outcome *oc, struct jail_result *r);

/* Frees what OC holds and empties it. */
void tester_outcome_clear(struct tester_outcome *oc);

/*
 * Adds to REP (a report being written) the error output of a run, ERR of
 * LEN bytes, as tester_stderr() gives it to the student (at most MAX_BYTES,
 * keeping the end), under the line "  error output:". Nothing when LEN is
 * 0. On ENOMEM, marks REP failed (buf_steal() then returns NULL).
 */
void tester_report_stderr(struct buf *rep, struct jail_box *box,
    const char *err, size_t len, size_t max_bytes);

/*
 * Adds to REP the compiler's WARNINGS (what tester_compile() gave with
 * TESTER_COMPILED) after the rest of a report, under the line "The
 * compiler's warnings:". Nothing when WARNINGS is NULL.
 */
void tester_report_warnings(struct buf *rep, const char *warnings);

/*
 * The first name a linker's message MSG says is not defined ("undefined
 * reference to `sqr'", or gold's 'sqr'): a pointer into MSG, with its
 * length in *LEN; NULL when MSG says none is.
 */
const char *tester_undefined_symbol(const char *msg, size_t *len);

/*
 * Makes the program NAME in the box at BOX (root's after its compile)
 * executable only: a student's process of the same uid can run nothing
 * there and may not read the tests' code in it; the kernel maps a program
 * it cannot read. 0, or -1 with WHO ("cases") and the reason in LOG.
 */
int tester_execute_only(const char *box, const char *name, const char *who,
    char *log, size_t loglen);

/*
 * Adds to REP the sentence telling the student that the tests call NAME
 * (LEN bytes), which their code does not define.
 */
void tester_report_undefined(struct buf *rep, const char *name, size_t len);

/*
 * Sets KEY of object O to V, a new reference that O takes. A NULL V (a
 * json_*() constructor that failed) is an error too, so that a result's
 * entries can be built in one expression. Returns 0, or -1 on ENOMEM.
 */
int tester_json_set(json_t *o, const char *key, json_t *v);

/*
 * A JSON string of N untrusted bytes S (NULL: none) for a result's tests
 * entries: valid UTF-8, at most TESTER_KEEP_BYTES, with a last line saying
 * how many bytes were cut off. A new reference, or NULL on ENOMEM.
 */
json_t *tester_json_text(const char *s, size_t n);

/*
 * Fills OUT with LABEL, SCORE, REPORT and TESTS (NULL: an empty list), of
 * which OUT takes ownership. Returns 0; or -1 on ENOMEM (REPORT NULL, or no
 * memory for the list), with REPORT and TESTS freed and OUT untouched.
 */
int tester_finish(struct grade_result *out, enum label label, double score,
    char *report, json_t *tests);

/*
 * Fills OUT with a CompileError scoring 0, without tests entries: a report
 * of HEAD ("Your code did not compile:\n\n"), then MSG, what the compiler
 * said for the student. Returns 0, or -1 on ENOMEM (OUT untouched).
 */
int tester_not_compiled(struct grade_result *out, const char *head,
    const char *msg);

#endif
