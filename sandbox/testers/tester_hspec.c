/*
 * tester_hspec.c - the hspec tester: the author's Haskell test program (an
 * hspec spec, Codex's `tester: hspec`; or, for `tester: quickcheck` with a
 * .hs property file, a QuickCheck program) run against the student's
 * Haskell module Submission, or against the student's C functions through
 * GHC's FFI.
 *
 * Spec options (sitegen/exercise_hspec.c writes them):
 *   "spec": {"file": "x_spec.hs", "text": "..."}	the test program, whose
 *       module is Main (hspec: main = hspec $ ...); for quickcheck the
 *       same under "properties"
 *   "header": "int f(char *s);"	C only: prototypes every submission
 *       is compiled with (-include), so that a definition of another type
 *       is a CompileError, not a crash of the tests
 *   "max_success", "max_size", "max_discard_ratio", "seed": given to the
 *       program as hspec's --qc-max-success=N, --qc-max-size=N,
 *       --qc-max-discard=N, --seed=N (quickcheck: Codex's --maxSuccess=N,
 *       --maxSize=N, --maxDiscardRatio=N, --randSeed=N)
 * The exercise's `code` (the skeleton) gives the types the tests expect.
 * A program that imports Codex.QuickCheck (Codex's property files do) is
 * compiled with codex_quickcheck.hs, Assay's own module of those names,
 * embedded here; its object is joined to the program's (ld -r).
 *
 * The test program is compiled once per exercise version and kept in this
 * process (KEPT_SPECS, by the texts of the skeleton and the program): GHC
 * compiles the skeleton (its signatures with `undefined` bodies where it
 * gives none, hs_text_skeleton()) as Submission, at -O0, and the program
 * against its interface. At -O0 an interface holds the names and types of
 * a module and nothing of its code (no arities, no unfoldings), so the
 * program's object links with any Submission whose interface declares the
 * same names with the same types. Per submission, then: GHC compiles the
 * student's module alone (-O0, -XSafe) and dumps its interface; each
 * declaration and instance of the skeleton must read the same in it
 * (hs_text_compare(): "strongPasswd must have type String -> Bool" is a
 * CompileError, a more general type too: a class constraint is one more
 * argument, and a program compiled for the skeleton's type would crash);
 * then GHC links the kept objects with the student's. When the skeleton
 * does not compile, or the program does not compile against it, the
 * program is compiled per submission against the student's module instead
 * (Codex's way, about 1 s more a grading); its compile errors then say
 * only which names of Submission it could not use, never its own lines.
 *   "functions": [{"ret", "name", "params": [types]}]	C only: the
 *       header's functions (sitegen derives them, as the cases tester's
 *       from a skeleton: numbers, characters, strings, at most six
 *       parameters), which then run in a process of their own (below)
 * A C submission with "functions" is built as the cases tester's isolated
 * mode builds it: gcc -shared -fPIC -z defs into student.so, the header
 * included, every function the tests call required (--require-defined:
 * one it lacks is a CompileError that names it). The program, whose
 * `foreign import ccall` declarations name those functions, is linked with
 * qc-child.o and stubs compiled in the box from the options' own text
 * (compile_stubs(): gcc reads them on its standard input): QC_FUNCTION
 * defines NAME, whose calls cross to qc-callee, the student's process; the
 * program's calls of NAME go to __wrap_NAME (ld --wrap=NAME), which sets
 * up the calls (qc__case_setup(), whose setjmp is in that frame, live
 * while Haskell waits in the call), starts a fresh trial (the blocks of
 * the last call released: a CString, malloc'd by withCString, is copied
 * into one) and calls __real_NAME, the QC_FUNCTION stub. A call that fails
 * (the student's function crashes or exits; the callee cannot load)
 * ends the program the same way, or with status 1 and the reason on
 * standard error (qc__case_failed()): a RuntimeError, the runner's marker
 * line never written; a function that does not return is a
 * TimeLimitExceeded of the run. Without "functions" (a header whose
 * prototypes cannot cross; specs made by hand) the C code is compiled by
 * gcc -c and linked with the program.
 *
 * What the student's code can reach (it is hostile):
 *   - compiling: the box holds the student's source alone (the test
 *     program's source is never in the box with it in the kept way; in
 *     the per-submission way it is compiled after the student's module,
 *     whose compile ran nothing). The Haskell module is Safe Haskell
 *     (-XSafe): pragmas that would turn it off or run or read anything at
 *     compile time (OPTIONS_GHC, INCLUDE, CPP, TemplateHaskell,
 *     QuasiQuotes, Trustworthy, Unsafe) are refused before GHC runs
 *     (hs_text_refused()), and Safe Haskell refuses unsafe imports
 *     (System.IO.Unsafe, Debug.Trace, Unsafe.Coerce) and FFI imports
 *     outside IO. Its pure code can compute, loop, throw or use memory;
 *     nothing else.
 *   - the run: the linked program (the test program is in it, compiled:
 *     pure code cannot read it), the spec's source gone from the box. The
 *     runner module (AssayRun, embedded here) reads a marker drawn per run
 *     from standard input before the tests start, runs the spec's main,
 *     and writes "MARKER passed" only when main returned: hspec's main
 *     returns only when every example passed, and an exception a student's
 *     value throws (ExitSuccess included) is caught and written "MARKER
 *     failed". The verdict comes from that last line alone
 *     (hs_text_judge()); the exit status and the rest of the output are
 *     never trusted. A student's value shown in a failure is the student's
 *     own text.
 *   - C with "functions": the student's code runs only in qc-callee,
 *     started at the first call (after the runner read the marker from
 *     its standard input) by fork and execve: its standard input is
 *     /dev/null, it holds none of the program's descriptors nor memory,
 *     and the program is not dumpable (qc__case_setup()), so /proc/PPID/mem
 *     and its maps are closed to it; prog is executable only (mode 0111,
 *     root's), so the tests' code cannot be read from the file either.
 *     What it is given are the calls' arguments (copied into blocks of
 *     the shared memory file); what it can do is answer, print (its
 *     output comes in the place of the call) and end (exit or crash:
 *     the program ends the same way, before the marker line). A forged
 *     "MARKER passed" needs the marker, which is in no process of the
 *     student's (tests/unit/sandbox/testers/test_hspec.c, the forgers).
 *   - C without "functions": the student's functions run in the test
 *     program's process, linked with it. C code can do what it likes
 *     there: read the marker from memory and write a pass (the forger of
 *     test_hspec.c is Accepted so), or the program's binary; no stronger
 *     than Codex's. Sitegen warns at the header line when it cannot give
 *     "functions".
 *
 * Labels: Accepted (every example passed), WrongAnswer (one failed: hspec's
 * report, with QuickCheck's counterexample, is shown), CompileError (the
 * code does not compile, a pragma is refused, a type differs, a C function
 * is missing), RuntimeError (an exception escaped the tests, a crash),
 * TimeLimitExceeded, MemoryLimitExceeded; MiscError when the author's
 * program does not compile with the skeleton's or a C exercise's objects.
 * Score 1 or 0.
 *
 * tester_hspec(), at the end, is the phases in order: prepare (options, box,
 * marker), program (kept, or built now), compile (the student's code:
 * submission.o, or student.so), link (with the stubs and qc-child.o when
 * the C runs apart), run (JAIL_PROFILE_QC and one process more then),
 * judge.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/qc/qc_embed.h"
#include "sandbox/util/embed.h"
#include "sandbox/testers/hs_text.h"
#include "sandbox/testers/tester.h"
#include "sandbox/testers/tester_hspec.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"
#include "sandbox/util/errmsg.h"

/* The run's defaults when the exercise sets no limits: QuickCheck with a
 * thousand tests of the student's code. */
#define HSPEC_CPU_MS	5000
#define HSPEC_WALL_MS	10000
#define SHOW_BYTES	6000
#define SHOW_LINES	80
#define MAX_FUNCTIONS	32	/* QC_MAX_FUNCS */

/*
 * The runner: reads the marker, runs the spec's main with the program's
 * arguments, and writes the marker line after it, passed only when main
 * returned. UTF-8 output whatever the locale (hspec's descriptions are
 * often in the course's language).
 */
static const char assay_run_hs[] =
	"module AssayRun (run) where\n"
	"import qualified Main\n"
	"import Control.Exception (SomeException, try)\n"
	"import System.Environment (getArgs, withArgs)\n"
	"import System.Exit (exitSuccess)\n"
	"import System.IO\n"
	"\n"
	"run :: IO ()\n"
	"run = do\n"
	"  marker <- getLine\n"
	"  mapM_ (`hSetEncoding` utf8) [stdout, stderr]\n"
	"  args <- getArgs\n"
	"  r <- try (withArgs args Main.main >> return ()) :: IO (Either SomeException ())\n"
	"  _ <- try (hFlush stdout) :: IO (Either SomeException ())\n"
	"  putStrLn (\"\\n\" ++ marker ++ either (const \" failed\") (const \" passed\") r)\n"
	"  hFlush stdout\n"
	"  exitSuccess\n";

/* GHC's flags for every module: -O0 keeps interfaces free of code. */
#define GHC_C "/usr/bin/ghc -c -O0 -v0 -fdiagnostics-color=never"

/* The skeleton, Safe as a student's module is, so that the interfaces
 * compare. */
static char *const build_skeleton[] = { "/bin/sh", "-c",
	GHC_C " -XSafe -ddump-hi -ddump-to-file Submission.hs", NULL };

/* The program and the runner (module Main is not the program's main
 * module: AssayRun is). Main.hi is where the runner's import finds it. */
static char *const build_program[] = { "/bin/sh", "-c",
	GHC_C " -main-is AssayRun.run -ddump-hi -ddump-to-file -ohi Main.hi"
	" -o Spec.o Spec.hs && " GHC_C " -main-is AssayRun.run AssayRun.hs", NULL };

/*
 * A program that imports Codex.QuickCheck (Codex's helpers for property
 * files: codex_quickcheck.hs, Assay's own, embedded): that module compiled
 * first, its interface under hi/, its object joined to the program's
 * (ld -r), so that the rest of the tester sees one Spec.o as before.
 */
static char *const build_program_codex[] = { "/bin/sh", "-c",
	GHC_C " -hidir hi -o CodexQC.o CodexQuickCheck.hs && "
	GHC_C " -ihi -main-is AssayRun.run -ddump-hi -ddump-to-file -ohi Main.hi"
	" -o Spec1.o Spec.hs && /usr/bin/ld -r -o Spec.o Spec1.o CodexQC.o && "
	GHC_C " -ihi -main-is AssayRun.run AssayRun.hs && "
	"/bin/rm -rf hi CodexQC.o Spec1.o CodexQuickCheck.hs", NULL };

__asm__(".section .rodata\n"
	EMBED_FILE(codex_quickcheck_hs, "sandbox/testers/codex_quickcheck.hs")
	".previous\n");
extern const char codex_quickcheck_hs[];
extern const size_t codex_quickcheck_hs_len;

/* Does the program import Codex.QuickCheck? */
static int
uses_codex(const char *text, size_t len)
{
	static const char name[] = "Codex.QuickCheck";

	return memmem(text, len, name, sizeof(name) - 1) != NULL;
}

static char *const compile_student[] = { "/usr/bin/ghc", "-c", "-O0", "-v0",
	"-fdiagnostics-color=never", "-XSafe", "-ddump-hi", "-ddump-to-file",
	"Submission.hs", NULL };

/* The files of a build, removed before the student's code is compiled. */
static const char *const build_files[] = { "Submission.hs", "Submission.hi",
	"Submission.o", "Submission.dump-hi", "Spec.hs", "Spec.o", "Main.hi",
	"Spec.dump-hi", "AssayRun.hs", "AssayRun.o", "AssayRun.hi",
	"AssayRun.dump-hi", NULL };

/* The files of the link (of the student's C, the stubs'), removed after
 * it: the run's box holds prog, and in a process of its own student.so and
 * qc-callee. */
static const char *const link_files[] = { "submission.c", "submission.o",
	"header.h", "stubs.o", "qc-child.o", "qc.h", NULL };

struct options {
	const char *file;	/* the program's name, for the log */
	const char *text;
	size_t text_len;
	const char *header;	/* C prototypes, or NULL */
	const json_t *functions;	/* C in a process of its own, or NULL */
	int qc;			/* tester: quickcheck (Codex's argument names) */
	char args[4][48];	/* --qc-max-success=N ... */
	int nargs;
};

/* A test program, compiled. */
struct program {
	int per_submission;	/* no skeleton to compile against: the program
				   is compiled with each submission */
	char *spec_o, *run_o, *skel_dump;
	size_t spec_o_len, run_o_len, skel_dump_len;
	char *packages;		/* " -package base-4.15.1.0 ..." */
};

/* One grading: what the phases share. */
struct hspec_grading {
	const struct tester_env *env;
	struct tester_env hs;	/* env with the Haskell language: GHC's limits */
	int c;			/* the student's code is C */
	int iso;		/* C in a process of its own (functions) */
	char *wraps;		/* its link's " -optl-Wl,--wrap=NAME ..." */
	struct options o;
	struct program p;
	struct jail_box *box;
	char marker[40];
	char *cwarn;		/* the compiler's warnings, or NULL */
	char *packages;		/* the link's: the program's and the student's */
	struct jail_result r;	/* of the last run */
	struct jail_limits lim;
	char *log;
	size_t loglen;
};

static void
program_clear(struct program *p)
{
	free(p->spec_o);
	free(p->run_o);
	free(p->skel_dump);
	free(p->packages);
	memset(p, 0, sizeof(*p));
}

/* A copy of P into Q. 0, or -1 on ENOMEM. */
static int
program_copy(struct program *q, const struct program *p)
{
	memset(q, 0, sizeof(*q));
	q->per_submission = p->per_submission;
	q->spec_o_len = p->spec_o_len;
	q->run_o_len = p->run_o_len;
	q->skel_dump_len = p->skel_dump_len;
	if ((p->spec_o && (q->spec_o = malloc(p->spec_o_len + 1)) == NULL) ||
	    (p->run_o && (q->run_o = malloc(p->run_o_len + 1)) == NULL) ||
	    (p->skel_dump && (q->skel_dump = malloc(p->skel_dump_len + 1)) == NULL) ||
	    (q->packages = strdup(p->packages ? p->packages : "")) == NULL) {
		program_clear(q);
		return -1;
	}
	if (p->spec_o)
		memcpy(q->spec_o, p->spec_o, p->spec_o_len + 1);
	if (p->run_o)
		memcpy(q->run_o, p->run_o, p->run_o_len + 1);
	if (p->skel_dump)
		memcpy(q->skel_dump, p->skel_dump, p->skel_dump_len + 1);
	return 0;
}

/* ---- Options ----------------------------------------------------------- */

/* Is S made of the characters of a C type or name (letters, digits, _,
 * space, *), and not empty? */
static int
c_words(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!(*s == '_' || *s == ' ' || *s == '*' || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/* Is LIST the "functions" of the cases tester's shape (sitegen derived it
 * from the header): [{"ret", "name", "params": [types]}], 1 to
 * MAX_FUNCTIONS, names plain? 0, or -1. */
static int
check_functions(const json_t *list)
{
	const json_t *f, *p;
	size_t i, k;

	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > MAX_FUNCTIONS)
		return -1;
	json_array_foreach(list, i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		const json_t *params = json_object_get(f, "params");

		if (!c_words(json_string_value(json_object_get(f, "ret"))) ||
		    !c_words(name) || strpbrk(name, " *") != NULL ||
		    !json_is_array(params) || json_array_size(params) > 6)
			return -1;
		json_array_foreach(params, k, p)
			if (!c_words(json_string_value(p)))
				return -1;
	}
	return 0;
}

/* A whole number option KEY in [MIN, MAX] given to the program as NAME=N. */
static int
number_arg(struct options *o, const json_t *opts, const char *key,
    const char *name, long long min, long long max, char *log, size_t loglen)
{
	json_t *v = json_object_get(opts, key);

	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max) {
		errmsg_set(log, loglen, "hspec: option %s must be a whole number from"
		    " %lld to %lld", key, min, max);
		return -1;
	}
	snprintf(o->args[o->nargs++], sizeof(o->args[0]), "%s=%lld", name,
	    (long long)json_integer_value(v));
	return 0;
}

static int
read_options(const struct tester_env *env, struct options *o, char *log,
    size_t loglen)
{
	const json_t *opts = env->spec->options, *prog, *v;
	int qc = strcmp(env->spec->tester, "quickcheck") == 0;

	memset(o, 0, sizeof(*o));
	o->qc = qc;
	prog = json_object_get(opts, qc ? "properties" : "spec");
	v = json_object_get(prog, "text");
	if (!json_is_object(prog) || !json_is_string(v)) {
		errmsg_set(log, loglen, "hspec: the spec of %s has no test program"
		    " (options.%s.text)", env->spec->id ? env->spec->id : "?",
		    qc ? "properties" : "spec");
		return -1;
	}
	o->text = json_string_value(v);
	o->text_len = json_string_length(v);
	v = json_object_get(prog, "file");
	o->file = json_is_string(v) ? json_string_value(v) : "Spec.hs";
	v = json_object_get(opts, "header");
	if (v != NULL && !json_is_string(v)) {
		errmsg_set(log, loglen, "hspec: option header must be a text");
		return -1;
	}
	o->header = v ? json_string_value(v) : NULL;
	v = json_object_get(opts, "functions");
	if (v != NULL && !json_is_null(v) && check_functions(v) == -1) {
		errmsg_set(log, loglen, "hspec: option functions must be a list of 1"
		    " to %d {\"ret\", \"name\", \"params\": [at most 6 types]}",
		    MAX_FUNCTIONS);
		return -1;
	}
	o->functions = json_is_array(v) ? v : NULL;
	if (number_arg(o, opts, "max_success", qc ? "--maxSuccess" :
	    "--qc-max-success", 1, 1000000, log, loglen) == -1 ||
	    number_arg(o, opts, "max_size", qc ? "--maxSize" : "--qc-max-size", 0,
	    1000000, log, loglen) == -1 ||
	    number_arg(o, opts, "max_discard_ratio", qc ? "--maxDiscardRatio" :
	    "--qc-max-discard", 1, 1000, log, loglen) == -1 ||
	    number_arg(o, opts, "seed", qc ? "--randSeed" : "--seed", 0,
	    INT64_MAX, log, loglen) == -1)
		return -1;
	return 0;
}

/* ---- Compiled test programs, kept -------------------------------------- */

/*
 * The test programs compiled in this process, by the texts they were
 * compiled from (the language's kind, the skeleton, the program): an
 * exercise's submissions all use the same one. Kept in memory rather than
 * in a directory: nothing outside the grader can change them, and a
 * grader's restart simply compiles again. The least recently used slot is
 * replaced.
 */
#define KEPT_SPECS	8

static struct kept {
	char *key;
	size_t key_len;
	struct program p;
	unsigned long long used;
} kept[KEPT_SPECS];
static unsigned long long kept_clock;
static unsigned long builds;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

unsigned long
tester_hspec_builds(void)
{
	unsigned long n;

	pthread_mutex_lock(&kept_lock);
	n = builds;
	pthread_mutex_unlock(&kept_lock);
	return n;
}

/* G's key: its kind, skeleton and program, NUL-separated (*LEN bytes). */
static char *
kept_key(const struct hspec_grading *g, size_t *len)
{
	const char *code = g->env->spec->code ? g->env->spec->code : "";
	struct buf b = BUF_INIT;

	buf_puts(&b, g->c ? "c" : "haskell");
	buf_add(&b, "", 1);
	buf_puts(&b, g->c ? "" : code);
	buf_add(&b, "", 1);
	buf_add(&b, g->o.text, g->o.text_len);
	*len = b.len;
	return buf_steal(&b);
}

/* A copy of the kept program of G into G->p: 1, else 0. */
static int
kept_find(struct hspec_grading *g)
{
	size_t len;
	char *k = kept_key(g, &len);
	int found = 0;

	if (k == NULL)
		return 0;
	pthread_mutex_lock(&kept_lock);
	for (int i = 0; i < KEPT_SPECS && !found; i++)
		if (kept[i].key != NULL && kept[i].key_len == len &&
		    memcmp(kept[i].key, k, len) == 0 &&
		    program_copy(&g->p, &kept[i].p) == 0) {
			kept[i].used = ++kept_clock;
			found = 1;
		}
	pthread_mutex_unlock(&kept_lock);
	free(k);
	return found;
}

/* Keeps a copy of G->p, just built (counted). Nothing on ENOMEM. */
static void
kept_add(struct hspec_grading *g)
{
	size_t len;
	char *k = kept_key(g, &len);
	struct program copy;
	int slot = 0;

	pthread_mutex_lock(&kept_lock);
	builds++;
	pthread_mutex_unlock(&kept_lock);
	if (k == NULL || program_copy(&copy, &g->p) == -1) {
		free(k);
		return;
	}
	pthread_mutex_lock(&kept_lock);
	for (int i = 1; i < KEPT_SPECS; i++)
		if (kept[i].used < kept[slot].used)
			slot = i;
	free(kept[slot].key);
	program_clear(&kept[slot].p);
	kept[slot].key = k;
	kept[slot].key_len = len;
	kept[slot].p = copy;
	kept[slot].used = ++kept_clock;
	pthread_mutex_unlock(&kept_lock);
}

/* ---- Runs --------------------------------------------------------------- */

/* Runs ARGV in the box, writable, with GHC's compile limits, into G->r.
 * 0, or -1 with LOG. */
static int
hspec_compile_step(struct hspec_grading *g, char *const *argv)
{
	const struct lang *hs = g->hs.lang;
	struct jail_config jc;
	char msg[256];

	jail_result_clear(&g->r);
	tester_jail_config(&g->hs, g->box, &jc);
	jc.writable = 1;
	jc.argv = argv;
	jc.limits = hs->compile_limits;
	jc.profile = hs->compile_profile;
	if (jail_box_run(g->box, &jc, &g->r, msg, sizeof(msg)) == -1) {
		errmsg_set(g->log, g->loglen, "hspec: compiling: %s", msg);
		return -1;
	}
	return 0;
}

static int
succeeded(const struct jail_result *r)
{
	return r->status == JAIL_EXITED && r->code == 0;
}

/* Takes the file NAME out of the box into *DATA (*LEN bytes); a file that
 * is not there is NULL. 0, or -1 with LOG. */
static int
take(struct hspec_grading *g, const char *name, char **data, size_t *len)
{
	char err[256];

	*data = NULL;
	*len = 0;
	if (jail_box_remove(g->box, name, data, len, err, sizeof(err)) == 0)
		return 0;
	if (strstr(err, "No such file") != NULL)
		return 0;
	errmsg_set(g->log, g->loglen, "hspec: %s", err);
	return -1;
}

/* Removes every file a build may leave. 0, or -1 with LOG. */
static int
clear_build(struct hspec_grading *g)
{
	char err[256];

	for (const char *const *f = build_files; *f != NULL; f++)
		if (jail_box_remove(g->box, *f, NULL, NULL, err, sizeof(err)) == -1) {
			errmsg_set(g->log, g->loglen, "hspec: %s", err);
			return -1;
		}
	return 0;
}

/* ---- The test program ---------------------------------------------------- */

/* GHC's message of the last run, for the log (the author's program: never
 * shown to a student). */
static void
log_ghc(struct hspec_grading *g, const char *what)
{
	errmsg_set(g->log, g->loglen, "hspec: %s: %s does not compile: %.*s",
	    g->env->spec->id ? g->env->spec->id : "?", what,
	    (int)(g->r.err_len < 600 ? g->r.err_len : 600), g->r.err ? g->r.err : "");
}

/* Puts the program and the runner into the box. 0, or -1 with LOG. */
static int
put_program(struct hspec_grading *g)
{
	return jail_box_put(g->box, "Spec.hs", g->o.text, g->o.text_len, 0644,
	    g->log, g->loglen) == -1 || jail_box_put(g->box, "AssayRun.hs",
	    assay_run_hs, sizeof(assay_run_hs) - 1, 0644, g->log, g->loglen) == -1 ||
	    (uses_codex(g->o.text, g->o.text_len) && jail_box_put(g->box,
	    "CodexQuickCheck.hs", codex_quickcheck_hs, codex_quickcheck_hs_len, 0644,
	    g->log, g->loglen) == -1) ? -1 : 0;
}

/* Compiles the program (and the runner) in the box; the objects and the
 * packages it uses into G->p. TESTER_NEXT; 1 when it does not compile
 * (G->r says why); -1 with LOG. */
static int
compile_program(struct hspec_grading *g)
{
	char *dump = NULL;
	size_t len;

	if (put_program(g) == -1 || hspec_compile_step(g,
	    uses_codex(g->o.text, g->o.text_len) ? build_program_codex :
	    build_program) == -1)
		return -1;
	if (!succeeded(&g->r))
		return 1;
	if (take(g, "Spec.o", &g->p.spec_o, &g->p.spec_o_len) == -1 ||
	    take(g, "AssayRun.o", &g->p.run_o, &g->p.run_o_len) == -1 ||
	    take(g, "Spec.dump-hi", &dump, &len) == -1)
		return -1;
	if (g->p.spec_o == NULL || g->p.run_o == NULL || dump == NULL) {
		free(dump);
		errmsg_set(g->log, g->loglen, "hspec: GHC made no Spec.o, AssayRun.o"
		    " or Spec.dump-hi");
		return -1;
	}
	if ((g->p.packages == NULL && (g->p.packages = strdup("")) == NULL) ||
	    hs_text_packages(dump, len, &g->p.packages) == -1) {
		free(dump);
		errmsg_set(g->log, g->loglen, "hspec: out of memory");
		return -1;
	}
	free(dump);
	return TESTER_NEXT;
}

/* The skeleton compiled as Submission, its interface dump into G->p. 0
 * when it compiled, 1 when not; -1 with LOG. */
static int
compile_skeleton(struct hspec_grading *g)
{
	const char *code = g->env->spec->code ? g->env->spec->code : "";
	char *src = hs_text_skeleton(code, strlen(code));
	int rc;

	if (src == NULL) {
		errmsg_set(g->log, g->loglen, "hspec: out of memory");
		return -1;
	}
	rc = jail_box_put(g->box, "Submission.hs", src, strlen(src), 0644, g->log,
	    g->loglen);
	free(src);
	if (rc == -1 || hspec_compile_step(g, build_skeleton) == -1)
		return -1;
	if (!succeeded(&g->r))
		return 1;
	if (take(g, "Submission.dump-hi", &g->p.skel_dump, &g->p.skel_dump_len) == -1)
		return -1;
	return g->p.skel_dump == NULL ? 1 : 0;
}

/*
 * Program: the kept one, or compiled now (against the skeleton's
 * interface for Haskell, alone for C) and kept. When a Haskell skeleton or
 * the program with it does not compile, the program is compiled per
 * submission. A C exercise's program that does not compile is the
 * author's mistake (MiscError, the message in the log). The box is left
 * empty.
 */
static int
hspec_program(struct hspec_grading *g)
{
	int rc;

	if (kept_find(g))
		return TESTER_NEXT;
	if (!g->c && (rc = compile_skeleton(g)) != 0) {
		if (rc == -1)
			return -1;
		g->p.per_submission = 1;
	} else if ((rc = compile_program(g)) != TESTER_NEXT) {
		if (rc == -1)
			return -1;
		if (g->c) {
			log_ghc(g, g->o.file);
			return -1;
		}
		program_clear(&g->p);
		g->p.per_submission = 1;
	}
	if (clear_build(g) == -1)
		return -1;
	kept_add(g);
	return TESTER_NEXT;
}

/* ---- The student's code ------------------------------------------------------ */

/* The CompileError result: HEAD, then the compiler's message of the last
 * run. TESTER_DONE, or -1 with LOG. */
static int
not_compiled(struct hspec_grading *g, const char *head, struct grade_result *out)
{
	char note[256], *msg;
	int rc;

	tester_compiler_note(&g->r, &g->hs.lang->compile_limits, note, sizeof(note));
	if ((msg = tester_compiler_message(g->box->path, &g->r, "Submission.o",
	    note)) == NULL)
		goto nomem;
	rc = tester_not_compiled(out, head, msg);
	free(msg);
	if (rc == -1)
		goto nomem;
	return TESTER_DONE;
nomem:
	errmsg_set(g->log, g->loglen, "hspec: out of memory");
	return -1;
}

/* A CompileError result of the text MSG alone. TESTER_DONE, or -1. */
static int
refused(struct hspec_grading *g, const char *head, const char *msg,
    struct grade_result *out)
{
	if (tester_not_compiled(out, head, msg) == -1) {
		errmsg_set(g->log, g->loglen, "hspec: out of memory");
		return -1;
	}
	return TESTER_DONE;
}

/* The student's Haskell module: refused pragmas, GHC -XSafe, then its
 * interface against the skeleton's. */
static int
compile_haskell(struct hspec_grading *g, struct grade_result *out)
{
	const struct grade_submission *sub = g->env->sub;
	char why[128], msg[256], *src, *dump = NULL, *diff;
	size_t len;
	int nomem, rc;

	if (hs_text_refused(sub->code, sub->code_len, why, sizeof(why))) {
		snprintf(msg, sizeof(msg), "Your module uses %s, which graded code may"
		    " not use: it is compiled as Safe Haskell, without options of its"
		    " own.\n", why);
		return refused(g, "Your code was not compiled:\n\n", msg, out);
	}
	if ((src = hs_text_module(sub->code, sub->code_len)) == NULL) {
		errmsg_set(g->log, g->loglen, "hspec: out of memory");
		return -1;
	}
	rc = jail_box_put(g->box, "Submission.hs", src, strlen(src), 0644, g->log,
	    g->loglen);
	free(src);
	if (rc == -1 || hspec_compile_step(g, compile_student) == -1)
		return -1;
	if (!succeeded(&g->r))
		return not_compiled(g, "Your code did not compile:\n\n", out);
	if (take(g, "Submission.dump-hi", &dump, &len) == -1)
		return -1;
	if (dump == NULL || (g->packages = strdup(g->p.packages ?
	    g->p.packages : "")) == NULL || hs_text_packages(dump, len,
	    &g->packages) == -1) {
		free(dump);
		errmsg_set(g->log, g->loglen, "hspec: no interface, or out of memory");
		return -1;
	}
	diff = g->p.per_submission ? NULL : hs_text_compare(g->p.skel_dump,
	    g->p.skel_dump_len, dump, len, &nomem);
	free(dump);
	if (diff == NULL && !g->p.per_submission && nomem) {
		errmsg_set(g->log, g->loglen, "hspec: out of memory");
		return -1;
	}
	if (diff == NULL)
		return TESTER_NEXT;
	rc = refused(g, "Your code compiled, but its types are not the exercise's:\n\n",
	    diff, out);
	free(diff);
	return rc;
}

/* Appends the words of S (" -package x -package y") to ARGV at *N, up to
 * MAX. */
static void
add_words(char **argv, size_t *n, size_t max, char *s)
{
	char *save = NULL;

	for (char *w = strtok_r(s, " ", &save); w != NULL && *n < max;
	    w = strtok_r(NULL, " ", &save))
		argv[(*n)++] = w;
}

/* The CompileError of C code that lacks a function the tests call, from
 * the linker's message MSG ("required symbol `f' not defined"), or of
 * MSG itself. TESTER_DONE, or -1 with LOG. */
static int
c_not_compiled(struct hspec_grading *g, const char *msg, struct grade_result *out)
{
	const char *sym = strstr(msg, "required symbol `");
	struct buf t = BUF_INIT;
	size_t n;

	if (sym == NULL || (n = strcspn(sym + 17, "'\n")) == 0 || n >= 128 ||
	    sym[17 + n] != '\'')
		return tester_not_compiled(out, "Your code did not compile:\n\n",
		    msg) == -1 ? -1 : TESTER_DONE;
	buf_puts(&t, "Your code compiled, but it could not be linked with the"
	    " tests:\n\n");
	tester_report_undefined(&t, sym + 17, n);
	if (t.oom || tester_finish(out, LABEL_COMPILE_ERROR, 0, buf_steal(&t),
	    NULL) == -1) {
		buf_free(&t);
		errmsg_set(g->log, g->loglen, "hspec: out of memory");
		return -1;
	}
	return TESTER_DONE;
}

/* The gcc argv of the student's C code into ARGV (MAX words, the option
 * words kept in *WORDS, free() it): gcc -c into submission.o; or, in a
 * process of its own, the cases tester's student.so (-shared -fPIC -z defs)
 * that must define every function the tests call. Both include the
 * header. 0, or -1 on ENOMEM. */
static int
c_argv(struct hspec_grading *g, char **argv, size_t max, struct buf *words)
{
	static char *const direct[] = { "/usr/bin/gcc", "-std=gnu11", "-O2", "-pipe",
		"-Wall", "-fno-isolate-erroneous-paths-dereference",
		"-fno-isolate-erroneous-paths-attribute", "-fdiagnostics-color=never",
		"-c", "-o", "submission.o", "submission.c", NULL };
	static char *const shared[] = { "/usr/bin/gcc", "-std=gnu11", "-O2", "-pipe",
		"-Wall", "-fPIC", "-fno-isolate-erroneous-paths-dereference",
		"-fdiagnostics-color=never", "-shared", "-Wl,-z,defs", "-o",
		"student.so", "submission.c", "-lm", NULL };
	char *const *a = g->iso ? shared : direct;
	const json_t *f;
	size_t n = 0, i;

	while (a[n] != NULL)
		argv[n] = a[n], n++;
	if (g->o.header != NULL) {
		argv[n++] = "-include";
		argv[n++] = "header.h";
	}
	if (g->iso)
		json_array_foreach(g->o.functions, i, f)
			buf_printf(words, " -Wl,--require-defined=%s",
			    json_string_value(json_object_get(f, "name")));
	if (words->oom)
		return -1;
	if (words->data != NULL)
		add_words(argv, &n, max - 1, words->data);
	argv[n] = NULL;
	return 0;
}

/* The student's C code, with the exercise's header included: gcc -c, or
 * student.so (c_argv). */
static int
compile_c(struct hspec_grading *g, struct grade_result *out)
{
	const struct grade_submission *sub = g->env->sub;
	struct buf words = BUF_INIT;
	char *argv[64], *msg;
	int rc;

	if (c_argv(g, argv, sizeof(argv) / sizeof(*argv), &words) == -1) {
		buf_free(&words);
		errmsg_set(g->log, g->loglen, "hspec: out of memory");
		return -1;
	}
	if (jail_box_put(g->box, "submission.c", sub->code, sub->code_len, 0644,
	    g->log, g->loglen) == -1 || (g->o.header != NULL &&
	    jail_box_put(g->box, "header.h", g->o.header, strlen(g->o.header), 0644,
	    g->log, g->loglen) == -1))
		rc = -1;
	else
		rc = tester_compile_run(g->env, g->box, argv, &msg, g->log, g->loglen);
	buf_free(&words);
	if (rc == -1)
		return -1;
	if (rc == TESTER_NOT_COMPILED) {
		rc = c_not_compiled(g, msg, out);
		free(msg);
		return rc;
	}
	g->cwarn = msg;
	if ((g->packages = strdup(g->p.packages ? g->p.packages : "")) == NULL) {
		errmsg_set(g->log, g->loglen, "hspec: out of memory");
		return -1;
	}
	return TESTER_NEXT;
}

/* Compile: the student's code, in its language. */
static int
hspec_compile(struct hspec_grading *g, struct grade_result *out)
{
	return g->c ? compile_c(g, out) : compile_haskell(g, out);
}

/* ---- C in a process of its own ---------------------------------------------- */

/*
 * Appends to T the stub of F ({"ret", "name", "params"}): QC_FUNCTION
 * defines NAME, whose calls cross to the student's process; the program's
 * calls of NAME (its foreign imports) go to __wrap_NAME (ld --wrap), whose
 * frame holds the setjmp a failed call comes back to while Haskell waits
 * in the call. Each call starts a fresh trial: the blocks of the last one
 * (a CString copied in, a string returned) are released.
 */
static void
stub_one(struct buf *t, const json_t *f, unsigned fsize)
{
	const char *ret = json_string_value(json_object_get(f, "ret"));
	const char *name = json_string_value(json_object_get(f, "name"));
	const json_t *params = json_object_get(f, "params"), *p;
	int is_void = strcmp(ret, "void") == 0;
	size_t k, n = json_array_size(params);

	buf_printf(t, "QC_FUNCTION(%s, %s", ret, name);
	if (n == 0)
		buf_puts(t, ", void");
	json_array_foreach(params, k, p)
		buf_printf(t, ", %s", json_string_value(p));
	buf_printf(t, ");\n%s __real_%s(", ret, name);
	for (k = 0; k < n; k++)
		buf_printf(t, "%s%s", k ? ", " : "", json_string_value(json_array_get(params, k)));
	buf_printf(t, "%s);\n%s __wrap_%s(", n ? "" : "void", ret, name);
	for (k = 0; k < n; k++)
		buf_printf(t, "%s%s a%zu", k ? ", " : "", json_string_value(json_array_get(params, k)), k);
	buf_printf(t, "%s)\n{\n\tif (setjmp(*(jmp_buf *)qc__case_setup(\"./qc-callee\","
	    " \"./student.so\", %uu)) != 0)\n\t\tqc__case_failed();\n"
	    "\tqc__case_begin();\n\t%s__real_%s(", n ? "" : "void", fsize,
	    is_void ? "" : "return ", name);
	for (k = 0; k < n; k++)
		buf_printf(t, "%sa%zu", k ? ", " : "", k);
	buf_puts(t, ");\n}\n");
}

/* Compiles the stubs of the options' functions into stubs.o (gcc reads
 * them from its standard input: the spec's own text, trusted) with qc.h
 * in the box, and makes G->wraps. 0, or -1 with LOG (their compile
 * failing is the author's, MiscError). */
static int
compile_stubs(struct hspec_grading *g)
{
	static char *const argv[] = { "/usr/bin/gcc", "-std=gnu11", "-O2", "-pipe",
		"-Wall", "-I.", "-fdiagnostics-color=never", "-c", "-o", "stubs.o",
		"-x", "c", "-", NULL };
	struct jail_limits lim;
	struct buf t = BUF_INIT, w = BUF_INIT;
	const json_t *f;
	char *msg = NULL;
	size_t i;
	int rc = -1;

	lang_run_limits(g->env->lang, &g->env->spec->limits, &lim);
	buf_puts(&t, "#include <setjmp.h>\n#include \"qc.h\"\n");
	json_array_foreach(g->o.functions, i, f) {
		stub_one(&t, f, lim.fsize_kib);
		buf_printf(&w, " -optl-Wl,--wrap=%s", json_string_value(json_object_get(f,
		    "name")));
	}
	if (t.oom || w.oom) {
		errmsg_set(g->log, g->loglen, "hspec: out of memory");
		goto out;
	}
	if (jail_box_put(g->box, "qc.h", qc_embed_header, qc_embed_header_len, 0644,
	    g->log, g->loglen) == -1 || jail_box_put(g->box, "qc-child.o",
	    qc_embed_child, qc_embed_child_len, 0644, g->log, g->loglen) == -1)
		goto out;
	rc = tester_compile_input(g->env, g->box, argv, t.data, t.len, &msg, g->log,
	    g->loglen);
	if (rc == TESTER_NOT_COMPILED) {
		errmsg_set(g->log, g->loglen, "hspec: %s: the functions' stubs do not"
		    " compile: %.600s", g->env->spec->id ? g->env->spec->id : "?", msg);
		rc = -1;
	}
	if (rc != -1) {
		g->wraps = buf_steal(&w);
		rc = 0;
	}
out:
	free(msg);
	buf_free(&t);
	buf_free(&w);
	return rc;
}

/* ---- Link ------------------------------------------------------------------- */

/* GHC links the runner, the program and the student's object into prog. */
static int
link_step(struct hspec_grading *g)
{
	char *argv[200], *pkgs = NULL;
	size_t n = 0;
	int rc;

	if (asprintf(&pkgs, "%s %s%s", g->packages ? g->packages : "",
	    g->p.packages ? g->p.packages : "", g->wraps ? g->wraps : "") == -1) {
		errmsg_set(g->log, g->loglen, "hspec: out of memory");
		return -1;
	}
	argv[n++] = "/usr/bin/ghc";
	argv[n++] = "-v0";
	argv[n++] = "-rtsopts=none";
	argv[n++] = "-main-is";
	argv[n++] = "AssayRun.run";
	argv[n++] = "-o";
	argv[n++] = "prog";
	argv[n++] = "AssayRun.o";
	argv[n++] = "Spec.o";
	if (g->iso) {
		argv[n++] = "stubs.o";
		argv[n++] = "qc-child.o";
	} else {
		argv[n++] = g->c ? "submission.o" : "Submission.o";
	}
	argv[n++] = "-package";
	argv[n++] = "base";
	add_words(argv, &n, sizeof(argv) / sizeof(*argv) - 1, pkgs);
	argv[n] = NULL;
	rc = hspec_compile_step(g, argv);
	free(pkgs);
	return rc;
}

/* The program compiled with the student's module, per submission. */
static int
program_now(struct hspec_grading *g, struct grade_result *out)
{
	int rc = compile_program(g);

	if (rc != 1)
		return rc;
	log_ghc(g, g->o.file);
	return refused(g, "Your code compiled, but the tests could not be compiled"
	    " with it:\n\n", "Check that your module defines every name the"
	    " exercise asks for, with the type it gives.\n", out);
}

/* The CompileError of C code that does not link: a function it lacks. */
static int
not_linked(struct hspec_grading *g, struct grade_result *out)
{
	char *msg = tester_compiler_message(g->box->path, &g->r, "submission.o", NULL);
	struct buf t = BUF_INIT;
	const char *sym;
	size_t n = 0;

	if (msg == NULL)
		goto nomem;
	buf_puts(&t, "Your code compiled, but it could not be linked with the"
	    " tests:\n\n");
	if ((sym = tester_undefined_symbol(msg, &n)) != NULL && n < 128)
		tester_report_undefined(&t, sym, n);
	else
		buf_puts(&t, msg);
	free(msg);
	if (tester_finish(out, LABEL_COMPILE_ERROR, 0, buf_steal(&t), NULL) == -1)
		goto nomem;
	return TESTER_DONE;
nomem:
	errmsg_set(g->log, g->loglen, "hspec: out of memory");
	return -1;
}

/*
 * Link: the program (compiled now, per submission, when no skeleton
 * served) and the runner put in the box and linked with the student's
 * object into prog; then every source and object goes, the program alone
 * stays. A C function the program calls and the code lacks is a
 * CompileError; a Haskell module whose interface matched always links.
 */
static int
hspec_link(struct hspec_grading *g, struct grade_result *out)
{
	char err[256];
	int rc;

	if (g->p.per_submission && (rc = program_now(g, out)) != TESTER_NEXT)
		return rc;
	if (jail_box_put(g->box, "Spec.o", g->p.spec_o, g->p.spec_o_len, 0644,
	    g->log, g->loglen) == -1 || jail_box_put(g->box, "AssayRun.o",
	    g->p.run_o, g->p.run_o_len, 0644, g->log, g->loglen) == -1)
		return -1;
	if ((g->iso && compile_stubs(g) == -1) || link_step(g) == -1)
		return -1;
	if (!succeeded(&g->r)) {
		if (g->c && !g->iso)
			return not_linked(g, out);
		log_ghc(g, "the link of prog");
		return -1;
	}
	if (clear_build(g) == -1)
		return -1;
	for (const char *const *f = link_files; *f != NULL; f++)
		if (jail_box_remove(g->box, *f, NULL, NULL, err, sizeof(err)) == -1) {
			errmsg_set(g->log, g->loglen, "hspec: %s", err);
			return -1;
		}
	if (g->iso && (jail_box_put(g->box, "qc-callee", qc_embed_callee,
	    qc_embed_callee_len, 0755, g->log, g->loglen) == -1 ||
	    tester_execute_only(g->box->path, "prog", "hspec", g->log,
	    g->loglen) == -1))
		return -1;
	return TESTER_NEXT;
}

/* ---- Run and judge ------------------------------------------------------------ */

/* Run: prog with the options' arguments, the marker on its standard input
 * (read before any test starts), under the exercise's limits (Haskell's,
 * with HSPEC_CPU_MS when it sets none). */
static int
hspec_run(struct hspec_grading *g)
{
	const struct spec_limits *sl = &g->env->spec->limits;
	char *argv[8], input[48], msg[256];
	struct jail_config jc;
	size_t n = 0;

	lang_run_limits(g->hs.lang, sl, &g->lim);
	if (sl->cpu_ms == 0) {
		g->lim.cpu_ms = HSPEC_CPU_MS;
		if (sl->wall_ms == 0)
			g->lim.wall_ms = HSPEC_WALL_MS;
	}
	argv[n++] = "./prog";
	if (!g->o.qc)
		argv[n++] = "--ignore-dot-hspec";
	for (int i = 0; i < g->o.nargs; i++)
		argv[n++] = g->o.args[i];
	argv[n] = NULL;
	snprintf(input, sizeof(input), "%s\n", g->marker);
	jail_result_clear(&g->r);
	tester_jail_config(&g->hs, g->box, &jc);
	jc.argv = argv;
	jc.limits = g->lim;
	jc.profile = g->hs.lang->run_profile;
	if (g->iso) {
		/* The student's process beside the program, the calls'
		 * memory a memory file (qc-callee gets the exercise's file
		 * size limit back). */
		jc.profile = JAIL_PROFILE_QC;
		jc.limits.processes++;
		if (jc.limits.fsize_kib < QC_EMBED_CALLER_FSIZE_KIB)
			jc.limits.fsize_kib = QC_EMBED_CALLER_FSIZE_KIB;
	}
	jc.input = input;
	jc.input_len = strlen(input);
	if (jail_box_run(g->box, &jc, &g->r, msg, sizeof(msg)) == -1) {
		errmsg_set(g->log, g->loglen, "hspec: running the tests: %s", msg);
		return -1;
	}
	return TESTER_NEXT;
}

/* Does hspec's summary ("3 examples, 1 failure") count a failure? */
static int
has_failures(const char *s)
{
	for (const char *p = strstr(s, " example"); p != NULL;
	    p = strstr(p + 1, " example")) {
		const char *q = strchr(p, ',');
		char *end;
		unsigned long n;

		const char *nl = strchr(p, '\n');

		if (q == NULL || q[1] != ' ' || (nl != NULL && nl < q))
			continue;
		n = strtoul(q + 2, &end, 10);
		if (end != q + 2 && strncmp(end, " failure", 8) == 0 && n > 0)
			return 1;
	}
	return 0;
}

/* The label of the run, its first line in the report into HEAD. */
static enum label
hspec_label(struct hspec_grading *g, enum hs_verdict v, const char *shown,
    struct buf *head)
{
	char why[512];
	enum label l = tester_judge(&g->hs, &g->r, &g->lim, why, sizeof(why));

	if (l != LABEL_ACCEPTED && !(l == LABEL_RUNTIME_ERROR &&
	    g->r.status == JAIL_EXITED && v != HS_NO_MARKER)) {
		buf_printf(head, "The tests did not finish: %s.\n\n", why);
		return l;
	}
	if (v == HS_PASSED) {
		buf_puts(head, "All tests passed.\n\n");
		return LABEL_ACCEPTED;
	}
	if (v == HS_FAILED && (g->o.qc || has_failures(shown))) {
		buf_puts(head, "Some tests failed:\n\n");
		return LABEL_WRONG_ANSWER;
	}
	buf_puts(head, v == HS_FAILED ? "The tests stopped with an error:\n\n" :
	    "The tests did not finish: the program ended before their end.\n\n");
	return LABEL_RUNTIME_ERROR;
}

/* Judge: the marker line, then the report: hspec's output as the student
 * may see it, the error output, the compiler's warnings. */
static int
hspec_judge(struct hspec_grading *g, struct grade_result *out)
{
	struct buf rep = BUF_INIT;
	char *shown = NULL, *report;
	enum hs_verdict v;
	enum label l;
	json_t *tests = NULL, *t;
	int nomem;

	v = hs_text_judge(g->r.out ? g->r.out : "", g->r.out_len, g->marker,
	    g->o.qc, &shown, &nomem);
	if (nomem)
		goto nomem;
	l = hspec_label(g, v, shown, &rep);
	if (shown[strspn(shown, "\n")] != '\0')
		clean_block(&rep, shown + strspn(shown, "\n"), strlen(shown) -
		    strspn(shown, "\n"), SHOW_BYTES, SHOW_LINES, "");
	tester_report_stderr(&rep, g->box, g->r.err, g->r.err_len, SHOW_BYTES);
	tester_report_warnings(&rep, g->cwarn);
	if ((tests = json_array()) == NULL || (t = json_object()) == NULL ||
	    json_array_append_new(tests, t) == -1 ||
	    tester_json_set(t, "name", json_string(g->o.file)) == -1 ||
	    tester_json_set(t, "public", json_true()) == -1 ||
	    tester_json_set(t, "passed", json_boolean(l == LABEL_ACCEPTED)) == -1 ||
	    tester_json_set(t, "status", json_string(label_name(l))) == -1)
		goto nomem;
	free(shown);
	shown = NULL;
	if ((report = buf_steal(&rep)) == NULL)
		goto nomem;
	if (tester_finish(out, l, l == LABEL_ACCEPTED ? 1 : 0, report, tests) == -1)
		goto nomem_done;
	return TESTER_DONE;
nomem:
	buf_free(&rep);
	json_decref(tests);
	free(shown);
nomem_done:
	errmsg_set(g->log, g->loglen, "hspec: out of memory");
	return -1;
}

/* ---- The tester ---------------------------------------------------------------- */

/* Prepare: the options, the box, the marker. */
static int
hspec_prepare(const struct tester_env *env, struct hspec_grading *g, char *log,
    size_t loglen)
{
	unsigned char r[16];

	memset(g, 0, sizeof(*g));
	g->env = env;
	g->hs = *env;
	g->log = log;
	g->loglen = loglen;
	if ((g->hs.lang = lang_find("haskell")) == NULL) {
		errmsg_set(log, loglen, "hspec: this grader has no Haskell");
		return -1;
	}
	g->c = strcmp(env->lang->name, "c") == 0;
	if (!g->c && strcmp(env->lang->name, "haskell") != 0) {
		errmsg_set(log, loglen, "hspec: %s: Haskell or C only, not %s",
		    env->spec->id ? env->spec->id : "?", env->lang->name);
		return -1;
	}
	if (read_options(env, &g->o, log, loglen) == -1)
		return -1;
	g->iso = g->c && g->o.functions != NULL;
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		errmsg_set(log, loglen, "hspec: getrandom: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(g->marker + 2 * i, 3, "%02x", r[i]);
	if (tester_box_create(env, NULL, 0, &g->box, log, loglen) == -1)
		return -1;
	return TESTER_NEXT;
}

static void
hspec_grading_clear(struct hspec_grading *g)
{
	(void)jail_box_free(g->box, NULL, 0);
	jail_result_clear(&g->r);
	program_clear(&g->p);
	free(g->cwarn);
	free(g->packages);
	free(g->wraps);
	memset(g, 0, sizeof(*g));
}

int
tester_hspec(const struct tester_env *env, struct grade_result *out, char *log,
    size_t loglen)
{
	struct hspec_grading g;
	int rc;

	if ((rc = hspec_prepare(env, &g, log, loglen)) == TESTER_NEXT &&
	    (rc = hspec_program(&g)) == TESTER_NEXT &&
	    (rc = hspec_compile(&g, out)) == TESTER_NEXT &&
	    (rc = hspec_link(&g, out)) == TESTER_NEXT &&
	    (rc = hspec_run(&g)) == TESTER_NEXT)
		rc = hspec_judge(&g, out);
	hspec_grading_clear(&g);
	return tester_return(rc, out);
}
