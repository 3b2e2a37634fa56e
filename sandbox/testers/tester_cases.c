/*
 * tester_cases.c - the cases tester: CodeRunner-style test cases for "write
 * a function" exercises in C, C++ and Python. Each case is test code that
 * calls the student's function and prints, with optional standard input, an
 * expected output, a mark and a visibility.
 *
 * Spec options (sitegen writes them from the page):
 *   "cases": {"grader": "exact" | "near" | "regex"   (default exact),
 *             "all-or-nothing": BOOL,                 (default false)
 *             "template": TEXT,                       (default: cases_text.h)
 *             "functions": [{"ret": TYPE, "name": NAME,  (C only: the isolated
 *                            "params": [TYPE...]}],      mode, below)
 *             "cases": [{"test": CODE, "stdin"?: TEXT, "expected": TEXT,
 *                        "show": "example" | "shown" | "hidden" (shown),
 *                        "mark": NUMBER >= 0 (1)}, ...]}
 *
 * One program holds every test (cases_text.h builds it from the
 * template): the shown cases' program, then the hidden cases' one, each
 * built and run only when the shown cases are done (C, C++: compiled once,
 * with the answer; Python's is checked: the answer's syntax errors are a
 * CompileError in its own lines, the tests' and the template's are the
 * author's, MiscError). Each test that runs is followed by a line holding
 * the run's marker, drawn at random for that run. Then:
 *   - when no case of the group has standard input, one run executes every
 *     test; it is believed only when it exited with status 0, wrote nothing
 *     on standard error, and its output holds exactly one marker after each
 *     test and nothing after the last;
 *   - otherwise (a case with input, a crash, a time limit, a program that
 *     wrote a marker of its own...), one run per test (ASSAY_CASE=K), each
 *     with its own input, limits and marker, each judged on its own output:
 *     a run that exited with status 0 without its test's marker (exit()
 *     called inside the tested function, after printing what a pass would
 *     print) or that wrote after it is a RuntimeError.
 *
 * C with "functions" (the isolated mode: sitegen gives the skeleton's
 * functions by default, exercise_cases.h, or the author's list): two
 * processes too, with the quickcheck tester's machinery as it is. The answer
 * is compiled alone into student.so (-shared -fPIC -Wl,-z,defs: its errors
 * and a name it uses without defining are the CompileError result, before
 * any program is built). The tests' program is built from the template as
 * in one program, but the answer's placeholder holds qc.h and a
 * QC_FUNCTION(ret, name, types) stub per declared function, and the tests'
 * block starts, after the marker is copied and overwritten, with the
 * harness of sandbox/qc/child/qc_case.c (one trial for the run, a setjmp
 * its failures come back to, qc__case_begin() before each test); it is
 * compiled from standard input with qc.h and qc-child.o in the box (its
 * errors are the author's: MiscError) and run under JAIL_PROFILE_QC (the
 * calls' memory file needs a larger file size limit; the student's process
 * gets the exercise's back), with one process more. The first call starts
 * qc-callee, which loads student.so alone under its own seccomp filter:
 * the marker is no longer in the environment it inherits, and the tests'
 * program is not dumpable. Numbers, characters and strings cross (sitegen
 * refuses other prototypes); what the function prints comes in its place
 * (qc__call_run flushes the tests' output before each call, the callee its
 * own after it). A callee that crashes or exits ends the tests' program the
 * same way (so a RuntimeError, by the per-case logic below); a call that
 * fails (no such function, code that could not be loaded) ends it with
 * status 1 and the reason on standard error.
 *
 * Python: two processes. A run is cases_run.py, a trusted runner, with
 * the program (the template's code and the tests', without the answer);
 * the student's answer runs in the runner's child, made before the runner
 * reads its standard input, and only answers requests (py_cross.py, as
 * doctest's run 2: data by value, the student's objects as proxies, the
 * arguments' changes copied back, output and exceptions crossing in
 * order). The marker is the first line of the runner's standard input (a
 * sealed memory file, the case's input after it), never in the
 * environment nor in the child. The child runs the template's code before
 * the answer's placeholder (assay-before.py: an indented placeholder has
 * none), then the answer (assay-answer.py, named main.py), as __main__;
 * at the placeholder the program binds each top-level name the answer
 * defined or rebound to what the child's module holds (proxies of its
 * functions and objects), except the builtins the tests print and check
 * with (print, isinstance, type, str, repr...: cases_run.py's TOOLS; a
 * builtin's name outside them, max say, is the answer's); the template's
 * other names stay the runner's.
 * So a helper the template defines before the answer is there for the
 * answer to call (the child's own copy), and one defined after it is not
 * (as in one program, unless the answer's code calls it at run time: it is
 * not in the child). A child that exits or dies inside a call ends the
 * runner the same way before the test's marker (sys.exit crosses as
 * SystemExit); an exception at import is written as Python would, status 1.
 *
 * What the student's code can reach (it is hostile):
 *   - compiling (C, C++): the box holds main.c, the answer alone; the
 *     program, with the tests' code and the template, is gcc's standard
 *     input, never a file of the box, so "#include", ".incbin" and
 *     __has_include find nothing of the author's there. But the answer's
 *     macros apply to the tests' code that follows it in the program, and
 *     gcc's own descriptors can be reopened through /proc: so nothing the
 *     compiler says about the hidden cases' program is shown (a macro can
 *     quote the hidden code in a message of the answer's lines), and what
 *     it might have read of it can only be in the hidden program, whose
 *     runs show nothing.
 *   - running: the shown cases' program holds the shown tests; the hidden
 *     cases' program, built and run after every shown case, holds the
 *     hidden tests' code. In C and C++ the tests call the answer in its
 *     own process, which can read that code in its own memory (as in
 *     CodeRunner); in Python the program is a file of the box (main.py,
 *     hidden.py) the child can read, but runs in the runner. The hidden
 *     program's output, messages and code are shown to no student: a
 *     hidden case reports a tick or a cross.
 *   - expected outputs are never in the box nor in any process of the
 *     student's: the output is judged here, by the grader.
 *   - the marker is not in the program: a C program copies it from its
 *     environment and overwrites it there before the first test, so that a
 *     tested function can neither find it in the program file nor
 *     getenv() it; a Python run's is in the runner alone (non-dumpable:
 *     the child can open none of its /proc files), written by it.
 *   - Python: the child's print, sys.stdout, builtins, globals and memory
 *     are its own; patching them, or defining print or isinstance at the
 *     top level, changes nothing the tests print. What
 *     reaches the tests is what the answer's objects answer: an object
 *     whose == is always true still passes a test that only asks
 *     `f(x) == y` (the test asked the student's object, as in one
 *     program: not a forgery), never one that checks the value's type
 *     (`isinstance(r, str)`: a str subclass of the student's is a proxy
 *     here) or prints the value.
 * What one program cannot settle (C and C++ without "functions": an
 * exercise whose skeleton is not only functions that cross, or that says
 * "functions: no", and specs made by hand; the tests' code, the template
 * and the answer are one program, as in CodeRunner, and the answer's code
 * runs in it): the template and the running group's tests are in the
 * student's process, so the author's checking code there is readable by
 * it; the answer can change what the tests' code does (a macro or a printf
 * of its own); code of the student's that runs before main() (a
 * constructor, an ifunc resolver) can read the marker from the
 * environment, then print what a pass prints, close the test with the
 * marker and exit. Each of these passes a test whose expected output it
 * can guess ("OK"), never one whose output it cannot compute: a test that
 * prints the values it checks gives such a program nothing. Closing them
 * needs the tests' code in a process apart from the student's, calling it
 * across a boundary, as Python's runs do (and the quickcheck tester): C's
 * isolated mode ("functions"), whose cheats in tests/cheats/cases
 * (cases_iso_*, against k/sqr, the default, and k/isqr, a list) score 0
 * where they score 3 of 5 in one program. The tests'
 * program is a file of the box while it runs, but executable only
 * (tester_execute_only(): mode 0111, root's) and its process is not dumpable, so
 * the student's process, of the same uid, cannot read the tests' code in
 * it (cases_iso_read_prog.c).
 *
 * Graders (cases_text.h): exact (trailing white space of lines and final
 * newlines ignored, as CodeRunner's), near (case and white space
 * insensitive), regex (a POSIX extended regular expression matching the
 * whole output, its trailing white space, and the pattern's final
 * newlines, set aside).
 *
 * Labels: per case Accepted, WrongAnswer, or what the jail says of its run
 * (RuntimeError, TimeLimitExceeded, MemoryLimitExceeded); the verdict is the
 * worst; CompileError when the program does not compile. Score: marks of
 * the passed cases over all marks, or 0/1 all or nothing. The report lists
 * every case with a tick or a cross: a shown one with its code, input,
 * expected and obtained output; a hidden one with its name only.
 *
 * tester_cases(), at the end, is the phases in order: prepare (options,
 * groups, the box with the answer); for the shown cases, then the
 * hidden ones, build their program and run it (cases_group); judge the
 * outputs with the grader; report; finish (the score).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "sandbox/qc/qc_embed.h"
#include "sandbox/testers/cases_text.h"
#include "sandbox/testers/pycross.h"
#include "sandbox/testers/tester.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"
#include "sandbox/util/embed.h"
#include "sandbox/util/errmsg.h"

/* The Python cases' runner (cases_run.py), embedded. */
__asm__(
	".section .rodata\n"
	EMBED_FILE(cases_run_py, "sandbox/testers/cases_run.py")
	".previous\n"
);

extern const char cases_run_py[];
extern const size_t cases_run_py_len;

/* The runs of Python cases: the runner, given the group's program. */
static char *const py_runner_argv[2][5] = {
	{ "/usr/bin/python3", "-I", "assay-cases.py", "main.py", NULL },
	{ "/usr/bin/python3", "-I", "assay-cases.py", "hidden.py", NULL },
};

#define MAX_CASES 200
#define MAX_FUNCTIONS 32	/* QC_MAX_FUNCS */
#define SHOW_BYTES 2048
#define SHOW_LINES 40

struct tcase {
	const char *test, *input, *expected, *show;
	size_t input_len;
	double mark;
	int hidden;
	regex_t re;
	int has_re;
};

struct copts {
	enum cases_text_grader grader;
	int all_or_nothing;
	const char *template;
	struct tcase *cases;
	size_t n;
	double total;
	char *decls;		/* "functions": the isolated program's
				   declarations (NULL: one program) */
};

/*
 * A group of cases built into one program: the shown ones, then the hidden
 * ones, each built only when its turn comes, so that the code of hidden
 * cases is never in the box nor in a process while a shown case runs (its
 * output is shown: it could print what it read).
 */
struct group {
	int hidden;
	const char *source;	/* Python: the program's file */
	char **compile;		/* C, C++: gcc's argv for it */
	char **run;		/* the argv of its runs */
	size_t *idx;		/* the cases of the group */
	size_t n;
	int stdin_used;		/* a case of it has standard input */
};

/* One grading: what the phases of the cases tester share. */
struct cases_grading {
	const struct tester_env *env;
	struct copts o;
	enum cases_text_lang cl;
	struct group g[2];	/* the shown cases, the hidden ones */
	struct cases_text_test *tests;	/* a group's, for its program */
	struct tester_outcome *oc;	/* what each case did */
	struct jail_box *box;
	struct jail_limits lim;	/* of a run of one case */
	char *warnings;		/* the compiler's, on the shown cases' program */
	int hidden_failed;	/* the hidden cases' program did not compile */
	struct buf rep;
	json_t *tests_json;
	enum label verdict;	/* the worst case's label */
	size_t passed;
	double marks;		/* of the passed cases */
	char *log;
	size_t loglen;
};

/*
 * Checks the syntax of a Python program of cases (trusted: nothing of the
 * student runs): the answer (assay-answer.py, named main.py in messages),
 * each test's code (standard input: a JSON list), the program (the file
 * named by its argument: the template and the tests, the runner's) and the
 * template's code before the answer (assay-before.py, the start of the
 * student's module). Exit 1: the answer's error, on standard error; 2: a
 * test's or the template's, the author's alone.
 */
static const char py_check[] =
	"import json, sys, traceback\n"
	"def fail(status, what, e):\n"
	"    sys.stderr.write(what + ''.join(traceback.format_exception_only(type(e), e)))\n"
	"    sys.exit(status)\n"
	"try:\n"
	"    compile(open('assay-answer.py', 'rb').read(), 'main.py', 'exec', dont_inherit=True)\n"
	"except Exception as e:\n"
	"    fail(1, '', e)\n"
	"for i, code in enumerate(json.loads(sys.stdin.read())):\n"
	"    try:\n"
	"        compile(code, '<test %d>' % (i + 1), 'exec', dont_inherit=True)\n"
	"    except Exception as e:\n"
	"        fail(2, 'test %d: ' % (i + 1), e)\n"
	"for name, what in ((sys.argv[1], 'the program made from the template: '),\n"
	"                   ('assay-before.py', 'the template before the answer: ')):\n"
	"    try:\n"
	"        compile(open(name, 'rb').read(), 'the template', 'exec', dont_inherit=True)\n"
	"    except Exception as e:\n"
	"        fail(2, what, e)\n";

static void
copts_free(struct copts *o)
{
	for (size_t i = 0; o->cases != NULL && i < o->n; i++)
		if (o->cases[i].has_re)
			regfree(&o->cases[i].re);
	free(o->cases);
	free(o->decls);
	memset(o, 0, sizeof(*o));
}

/*
 * Case I of spec ID, E, into T, under GRADER (its expected output compiled
 * when it is a regular expression). 0, or -1 with LOG.
 */
static int
read_case(const char *id, const json_t *e, size_t i, enum cases_text_grader grader,
    struct tcase *t, char *log, size_t loglen)
{
	const json_t *in = json_object_get(e, "stdin"),
	    *show = json_object_get(e, "show"), *mark = json_object_get(e, "mark");

	t->test = json_string_value(json_object_get(e, "test"));
	t->expected = json_string_value(json_object_get(e, "expected"));
	t->show = show ? json_string_value(show) : "shown";
	t->mark = mark ? json_number_value(mark) : 1;
	if (!json_is_object(e) || t->test == NULL || t->expected == NULL ||
	    (in != NULL && !json_is_null(in) && !json_is_string(in)) ||
	    t->show == NULL || (strcmp(t->show, "example") != 0 &&
	    strcmp(t->show, "shown") != 0 && strcmp(t->show, "hidden") != 0) ||
	    (mark != NULL && !json_is_number(mark)) || !(t->mark >= 0) ||
	    t->mark > 1e6) {
		errmsg_set(log, loglen, "cases: %s: case %zu needs test and"
		    " expected (text), and may have stdin (text), show (example,"
		    " shown or hidden) and mark (a number from 0)", id, i + 1);
		return -1;
	}
	if (strlen(t->test) != json_string_length(json_object_get(e, "test"))) {
		errmsg_set(log, loglen, "cases: %s: case %zu: NUL in its"
		    " code", id, i + 1);
		return -1;
	}
	t->input = json_string_value(in);
	t->input_len = json_string_length(in);
	t->hidden = strcmp(t->show, "hidden") == 0;
	if (grader == CASES_TEXT_REGEX) {
		char *pat = strdup(t->expected), err[200];
		size_t n;
		int rc;

		if (pat == NULL) {
			errmsg_set(log, loglen, "cases: out of memory");
			return -1;
		}
		n = strlen(pat);
		while (n > 0 && (pat[n - 1] == '\n' || pat[n - 1] == '\r'))
			pat[--n] = '\0';
		rc = regcomp(&t->re, pat, REG_EXTENDED);
		free(pat);
		if (rc != 0) {
			regerror(rc, &t->re, err, sizeof(err));
			errmsg_set(log, loglen, "cases: %s: case %zu: expected"
			    " is not a regular expression: %s", id, i + 1, err);
			return -1;
		}
		t->has_re = 1;
	}
	return 0;
}

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

/*
 * The "functions" of the options (sitegen parsed the prototypes), into
 * O->decls: setjmp.h, qc.h and a QC_FUNCTION line each. 0, or -1 with LOG.
 */
static int
read_functions(const char *id, const json_t *list, struct copts *o, char *log,
    size_t loglen)
{
	struct buf t;
	const json_t *f, *p;
	size_t i, k;

	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > MAX_FUNCTIONS)
		goto bad;
	buf_init(&t);
	buf_puts(&t, "#include <setjmp.h>\n#include \"qc.h\"\n");
	json_array_foreach(list, i, f) {
		const char *ret = json_string_value(json_object_get(f, "ret"));
		const char *name = json_string_value(json_object_get(f, "name"));
		const json_t *params = json_object_get(f, "params");

		if (!c_words(ret) || !c_words(name) || !json_is_array(params) ||
		    json_array_size(params) > 6) {
			buf_free(&t);
			goto bad;
		}
		buf_printf(&t, "QC_FUNCTION(%s, %s", ret, name);
		if (json_array_size(params) == 0)
			buf_puts(&t, ", void");
		json_array_foreach(params, k, p) {
			if (!c_words(json_string_value(p))) {
				buf_free(&t);
				goto bad;
			}
			buf_printf(&t, ", %s", json_string_value(p));
		}
		buf_puts(&t, ");\n");
	}
	buf_puts(&t, "");
	if (t.oom) {
		buf_free(&t);
		errmsg_set(log, loglen, "cases: out of memory");
		return -1;
	}
	o->decls = buf_steal(&t);
	return 0;
bad:
	errmsg_set(log, loglen, "cases: %s: functions must be a list of 1 to %d"
	    " {\"ret\", \"name\", \"params\": [at most 6 types]}", id,
	    MAX_FUNCTIONS);
	return -1;
}

static int
read_options(const struct spec *spec, struct copts *o, char *log, size_t loglen)
{
	const char *id = spec->id ? spec->id : "?";
	const json_t *c = json_object_get(spec->options, "cases"), *list, *v, *e;
	size_t i;

	memset(o, 0, sizeof(*o));
	if (!json_is_object(c)) {
		errmsg_set(log, loglen, "cases: %s: no options.cases", id);
		return -1;
	}
	v = json_object_get(c, "grader");
	o->grader = CASES_TEXT_EXACT;
	if (v != NULL && cases_text_grader_parse(json_string_value(v),
	    &o->grader) == -1) {
		errmsg_set(log, loglen, "cases: %s: grader must be exact, near or"
		    " regex", id);
		return -1;
	}
	v = json_object_get(c, "all-or-nothing");
	if (v != NULL && !json_is_boolean(v)) {
		errmsg_set(log, loglen, "cases: %s: all-or-nothing must be true or"
		    " false", id);
		return -1;
	}
	o->all_or_nothing = json_is_true(v);
	v = json_object_get(c, "template");
	if (v != NULL && !json_is_null(v) && !json_is_string(v)) {
		errmsg_set(log, loglen, "cases: %s: template must be text", id);
		return -1;
	}
	o->template = json_string_value(v);
	v = json_object_get(c, "functions");
	if (v != NULL && !json_is_null(v) &&
	    read_functions(id, v, o, log, loglen) == -1)
		return -1;
	list = json_object_get(c, "cases");
	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > MAX_CASES) {
		errmsg_set(log, loglen, "cases: %s: cases must be a list of 1 to %d"
		    " cases", id, MAX_CASES);
		return -1;
	}
	if ((o->cases = calloc(json_array_size(list), sizeof(*o->cases))) == NULL) {
		errmsg_set(log, loglen, "cases: out of memory");
		return -1;
	}
	o->n = json_array_size(list);
	json_array_foreach(list, i, e) {
		if (read_case(id, e, i, o->grader, &o->cases[i], log, loglen) == -1)
			return -1;
		o->total += o->cases[i].mark;
	}
	if (!(o->total > 0)) {
		errmsg_set(log, loglen, "cases: %s: the marks add up to 0", id);
		return -1;
	}
	return 0;
}

/* A copy of ARGV (an array, free() it) with FROM1 replaced by TO1 and
 * FROM2 by TO2 (may be NULL). NULL on ENOMEM. */
static char **
argv_with(char *const *argv, const char *from1, const char *to1,
    const char *from2, const char *to2)
{
	size_t n = 0;
	char **a;

	while (argv[n] != NULL)
		n++;
	if ((a = calloc(n + 1, sizeof(*a))) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		a[i] = from1 && strcmp(argv[i], from1) == 0 ? (char *)to1 :
		    from2 && strcmp(argv[i], from2) == 0 ? (char *)to2 : argv[i];
	return a;
}

static void
group_free(struct group *g)
{
	free(g->compile);
	free(g->run);
	free(g->idx);
	memset(g, 0, sizeof(*g));
}

/*
 * A copy of L's compile argv (an array, free() it) that reads the program
 * from standard input and writes OUTPUT: the source replaced by "-x c -"
 * (or c++), "prog" by OUTPUT; with QC, qc.h found in the box and the
 * program linked with qc-child.o. NULL on ENOMEM.
 */
static char **
compile_from_stdin(const struct lang *l, const char *output, int qc)
{
	size_t n = 0, k = 0;
	char **a;

	while (l->compile[n] != NULL)
		n++;
	if ((a = calloc(n + 8, sizeof(*a))) == NULL)
		return NULL;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(l->compile[i], l->source) == 0) {
			a[k++] = "-x";
			a[k++] = strcmp(l->name, "cpp") == 0 ? "c++" : "c";
			a[k++] = "-";
		} else {
			a[k++] = strcmp(l->compile[i], "prog") == 0 ? (char *)output :
			    l->compile[i];
		}
	}
	if (qc) {
		/* The isolated program: qc.h from the box, linked with the
		 * library (never with the student's code). */
		a[k++] = "-I.";
		a[k++] = "-x";
		a[k++] = "none";
		a[k++] = "qc-child.o";
		a[k++] = "-lm";
	}
	return a;
}

/* The groups of O for language L: shown cases, hidden ones. 0, or -1. */
static int
make_groups(const struct lang *l, enum cases_text_lang cl, const struct copts *o,
    struct group g[2])
{
	memset(g, 0, 2 * sizeof(*g));
	for (int h = 0; h < 2; h++) {
		g[h].hidden = h;
		if ((g[h].idx = calloc(o->n, sizeof(*g[h].idx))) == NULL)
			return -1;
		for (size_t i = 0; i < o->n; i++)
			if (o->cases[i].hidden == h) {
				g[h].idx[g[h].n++] = i;
				g[h].stdin_used |= o->cases[i].input != NULL &&
				    o->cases[i].input_len > 0;
			}
	}
	if (cl == CASES_TEXT_PYTHON) {
		g[0].source = "main.py";
		g[1].source = "hidden.py";
		g[0].run = argv_with(py_runner_argv[0], NULL, NULL, NULL, NULL);
		g[1].run = argv_with(py_runner_argv[1], NULL, NULL, NULL, NULL);
		return g[0].run && g[1].run ? 0 : -1;
	}
	/* The programs are gcc's standard input; main.c holds the answer
	 * for the compiler to quote the lines of #line 1 "main.c". */
	g[0].compile = compile_from_stdin(l, "prog", o->decls != NULL);
	g[1].compile = compile_from_stdin(l, "hidden", o->decls != NULL);
	g[0].run = argv_with(l->run, NULL, NULL, NULL, NULL);
	g[1].run = argv_with(l->run, "./prog", "./hidden", NULL, NULL);
	return g[0].compile && g[1].compile && g[0].run && g[1].run ? 0 : -1;
}

/* Draws a run's marker into MARKER. 0, or -1 with LOG. */
static int
draw_marker(char marker[CASES_TEXT_MARKER_SIZE], char *log, size_t loglen)
{
	unsigned char rnd[16];

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		errmsg_set(log, loglen, "cases: getrandom: %s", strerror(errno));
		return -1;
	}
	cases_text_marker(rnd, marker);
	return 0;
}

/* Frees what a grading holds, and removes its box. */
static void
cases_grading_clear(struct cases_grading *cg)
{
	(void)jail_box_free(cg->box, NULL, 0);
	for (size_t i = 0; cg->oc != NULL && i < cg->o.n; i++)
		tester_outcome_clear(&cg->oc[i]);
	free(cg->oc);
	free(cg->tests);
	free(cg->warnings);
	group_free(&cg->g[0]);
	group_free(&cg->g[1]);
	buf_free(&cg->rep);
	json_decref(cg->tests_json);
	copts_free(&cg->o);
}

/*
 * Prepare: the language checked, the options read (regular expressions
 * compiled), the cases split into the shown and hidden groups, the box
 * made with the answer in it (alone: the programs come later).
 */
static int
cases_prepare(const struct tester_env *env, struct cases_grading *cg, char *log,
    size_t loglen)
{
	const struct spec *spec = env->spec;
	const struct lang *l = env->lang;
	struct tester_file files[5];
	size_t nfiles = 1, before = 0;
	const char *id = spec->id ? spec->id : "?";

	memset(cg, 0, sizeof(*cg));
	cg->env = env;
	cg->verdict = LABEL_ACCEPTED;
	cg->log = log;
	cg->loglen = loglen;
	buf_init(&cg->rep);
	if (l == NULL || (strcmp(l->name, "c") != 0 && strcmp(l->name, "cpp") != 0 &&
	    strcmp(l->name, "python") != 0)) {
		errmsg_set(log, loglen, "cases: %s: the cases tester grades C, C++ and"
		    " Python", spec->id ? spec->id : "?");
		return -1;
	}
	cg->cl = strcmp(l->name, "python") == 0 ? CASES_TEXT_PYTHON : CASES_TEXT_C;
	if (read_options(spec, &cg->o, log, loglen) == -1)
		return -1;
	if (cg->o.decls != NULL && strcmp(l->name, "c") != 0) {
		errmsg_set(log, loglen, "cases: %s: functions (the isolated mode)"
		    " is for C only", id);
		return -1;
	}
	if ((cg->tests = calloc(cg->o.n, sizeof(*cg->tests))) == NULL ||
	    (cg->oc = calloc(cg->o.n, sizeof(*cg->oc))) == NULL ||
	    make_groups(l, cg->cl, &cg->o, cg->g) == -1 ||
	    (cg->tests_json = json_array()) == NULL) {
		errmsg_set(log, loglen, "cases: out of memory");
		return -1;
	}
	files[0] = (struct tester_file){ cg->cl == CASES_TEXT_PYTHON ? "assay-answer.py" :
	    l->source, env->sub->code, env->sub->code_len, 0644 };
	if (cg->cl == CASES_TEXT_PYTHON) {
		if (cases_text_before(cg->o.template, &before) == -1) {
			errmsg_set(log, loglen, "cases: %s: the template's {{ STUDENT_ANSWER }}"
			    " must come before its {{ TEST.testcode }}",
			    spec->id ? spec->id : "?");
			return -1;
		}
		files[nfiles++] = (struct tester_file){ "assay-before.py",
		    before ? cg->o.template : "", before, 0644 };
		files[nfiles++] = (struct tester_file){ "assay-cases.py", cases_run_py,
		    cases_run_py_len, 0644 };
		files[nfiles++] = (struct tester_file){ PYCROSS_SOURCE, pycross_py,
		    pycross_py_len, 0644 };
		files[nfiles++] = (struct tester_file){ PYCROSS_COMPILED, pycross_pyc,
		    pycross_pyc_len, 0644 };
	}
	if (cg->o.decls != NULL) {
		files[nfiles++] = (struct tester_file){ "qc.h", qc_embed_header,
		    qc_embed_header_len, 0644 };
		files[nfiles++] = (struct tester_file){ "qc-callee", qc_embed_callee,
		    qc_embed_callee_len, 0755 };
		files[nfiles++] = (struct tester_file){ "qc-child.o", qc_embed_child,
		    qc_embed_child_len, 0644 };
	}
	if (tester_box_create(env, files, nfiles, &cg->box, log, loglen) == -1)
		return -1;
	lang_run_limits(l, &spec->limits, &cg->lim);
	/* Isolated: the student's process, beside the tests' program. */
	if (cg->o.decls != NULL)
		cg->lim.processes++;
	/* Python: the runner, beside the student's process, which keeps the
	 * processes the spec gives it. */
	if (cg->cl == CASES_TEXT_PYTHON)
		cg->lim.processes++;
	return TESTER_NEXT;
}

/* Checks a Python program of cases, G's. TESTER_COMPILED,
 * TESTER_NOT_COMPILED with *MSG, or -1 with LOG (the author's error, or
 * the jail's). */
static int
python_check(struct cases_grading *cg, const struct group *g, char **msg)
{
	const struct tester_env *env = cg->env;
	const struct lang *py = env->lang;
	char *argv[] = { "/usr/bin/python3", "-I", "-S", "-c", (char *)py_check,
	    (char *)g->source, NULL };
	struct jail_config jc;
	struct jail_result r;
	json_t *codes = json_array();
	char *in = NULL, jmsg[256], *log = cg->log;
	size_t loglen = cg->loglen;
	int rc = -1;

	*msg = NULL;
	memset(&r, 0, sizeof(r));
	for (size_t k = 0; codes != NULL && k < g->n; k++)
		if (json_array_append_new(codes,
		    json_string(cg->o.cases[g->idx[k]].test)) == -1)
			break;
	if (codes == NULL || json_array_size(codes) != g->n ||
	    (in = json_dumps(codes, JSON_COMPACT)) == NULL) {
		errmsg_set(log, loglen, "cases: out of memory");
		goto out;
	}
	tester_jail_config(env, cg->box, &jc);
	jc.argv = argv;
	jc.limits = py->compile_limits;
	jc.profile = py->compile_profile;
	jc.input = in;
	jc.input_len = strlen(in);
	if (jail_box_run(cg->box, &jc, &r, jmsg, sizeof(jmsg)) == -1) {
		errmsg_set(log, loglen, "cases: checking the program: %s", jmsg);
		goto out;
	}
	if (r.status == JAIL_EXITED && r.code == 0) {
		rc = TESTER_COMPILED;
	} else if (r.status == JAIL_EXITED && r.code == 1) {
		if ((*msg = tester_stderr(cg->box, r.err ? r.err : "", r.err_len,
		    TESTER_MESSAGE_BYTES)) == NULL)
			errmsg_set(log, loglen, "cases: out of memory");
		else
			rc = TESTER_NOT_COMPILED;
	} else {
		/* The test numbers of the script are the group's: say which. */
		errmsg_set(log, loglen, "cases: %s: the %s cases: %.600s",
		    env->spec->id ? env->spec->id : "?", g->hidden ? "hidden" : "shown",
		    r.err_len ? r.err : "checking the program failed");
	}
out:
	jail_result_clear(&r);
	json_decref(codes);
	free(in);
	return rc;
}

/*
 * Builds G's program from the template (the answer and G's cases) and
 * compiles it from standard input (C, C++), or writes it into the box and
 * checks it (Python). As tester_compile().
 */
static int
cases_build(struct cases_grading *cg, const struct group *g, char **msg)
{
	const struct tester_env *env = cg->env;
	char err[256], *program;
	int rc = -1;

	*msg = NULL;
	for (size_t k = 0; k < g->n; k++) {
		cg->tests[k].code = cg->o.cases[g->idx[k]].test;
		cg->tests[k].number = g->idx[k] + 1;
	}
	if (cg->o.decls != NULL)
		program = cases_text_program_qc(cg->o.template, cg->o.decls,
		    cg->lim.fsize_kib, cg->tests, g->n, err, sizeof(err));
	else
		program = cases_text_program(cg->cl, cg->o.template, env->sub->code,
		    env->sub->code_len, cg->tests, g->n, err, sizeof(err));
	if (program == NULL) {
		errmsg_set(cg->log, cg->loglen, "cases: %s: %s",
		    env->spec->id ? env->spec->id : "?", err);
		return -1;
	}
	if (cg->cl != CASES_TEXT_PYTHON) {
		rc = tester_compile_input(env, cg->box, g->compile, program,
		    strlen(program), msg, cg->log, cg->loglen);
		if (rc == TESTER_NEXT && cg->o.decls != NULL &&
		    tester_execute_only(cg->box->path, g->hidden ? "hidden" : "prog", "cases",
		    cg->log, cg->loglen) == -1)
			rc = -1;
	} else if (jail_box_put(cg->box, g->source, program, strlen(program), 0644,
	    cg->log, cg->loglen) == 0)
		rc = python_check(cg, g, msg);
	free(program);
	return rc;
}

static json_t *
case_json(const struct tcase *t, size_t k, const struct tester_outcome *oc)
{
	json_t *o = json_object();
	char name[32];
	enum label l = oc->label;

	snprintf(name, sizeof(name), "test %zu", k + 1);
	if (o == NULL || tester_json_set(o, "name", json_string(name)) == -1 ||
	    tester_json_set(o, "public", json_boolean(!t->hidden)) == -1 ||
	    tester_json_set(o, "passed", json_boolean(l == LABEL_ACCEPTED)) == -1 ||
	    tester_json_set(o, "status", json_string(label_name(l))) == -1 ||
	    tester_json_set(o, "mark", json_real(t->mark)) == -1 ||
	    tester_json_set(o, "show", json_string(t->show)) == -1 ||
	    tester_json_set(o, "test", tester_json_text(t->test,
	    strlen(t->test))) == -1 ||
	    (t->input != NULL && tester_json_set(o, "stdin",
	    tester_json_text(t->input, t->input_len)) == -1) ||
	    tester_json_set(o, "expected", tester_json_text(t->expected,
	    strlen(t->expected))) == -1 ||
	    (oc->ran && tester_json_set(o, "got",
	    tester_json_text(oc->out, oc->out_len)) == -1) ||
	    (l != LABEL_ACCEPTED &&
	    tester_json_set(o, "message", json_string(oc->msg)) == -1)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * The CompileError result of an answer whose shown cases' program does not
 * compile (compiler message CMSG), with a word on the likely mistake;
 * every case not run. TESTER_DONE, or -1 with LOG.
 */
static int
cases_not_compiled(struct cases_grading *cg, const char *cmsg)
{
	struct buf *rep = &cg->rep;
	const char *u;
	size_t n;

	buf_puts(rep, "Your code did not compile:\n\n");
	if ((u = tester_undefined_symbol(cmsg, &n)) != NULL && n < 100)
		tester_report_undefined(rep, u, n);
	else if (strstr(cmsg, "multiple definition of `main'") != NULL ||
	    strstr(cmsg, "redefinition of \xe2\x80\x98main\xe2\x80\x99") != NULL ||
	    strstr(cmsg, "redefinition of 'main'") != NULL)
		buf_puts(rep, "Write only the functions asked for: the"
		    " tests bring their own main.\n\n");
	buf_puts(rep, cmsg);
	for (size_t i = 0; i < cg->o.n; i++) {
		struct tester_outcome *oc = &cg->oc[i];
		json_t *j;

		oc->label = LABEL_COMPILE_ERROR;
		snprintf(oc->msg, sizeof(oc->msg), "not run: the code did not compile");
		if ((j = case_json(&cg->o.cases[i], i, oc)) == NULL ||
		    json_array_append_new(cg->tests_json, j) == -1) {
			errmsg_set(cg->log, cg->loglen, "cases: out of memory");
			return -1;
		}
	}
	cg->verdict = LABEL_COMPILE_ERROR;
	return TESTER_DONE;
}

/*
 * The hidden cases' program does not compile when the shown ones' did (a
 * function the shown cases do not call): its cases are not run, and the
 * report says so without a word of the compiler's. Not even the lines
 * about the answer: its macros apply to the hidden tests' code, which a
 * macro can quote in a message of the answer's own lines
 * (_Static_assert(0, #x) in a macro the tests call), and the linker can
 * name what a macro pasted from it. TESTER_NEXT.
 */
static int
cases_hidden_not_compiled(struct cases_grading *cg, const struct group *g)
{
	cg->hidden_failed = 1;
	for (size_t k = 0; k < g->n; k++) {
		struct tester_outcome *oc = &cg->oc[g->idx[k]];

		oc->label = LABEL_COMPILE_ERROR;
		snprintf(oc->msg, sizeof(oc->msg), "not run: the"
		    " code did not compile with the hidden tests");
	}
	return TESTER_NEXT;
}

/*
 * The environment and input of a run: the case to run, and the run's
 * marker: in the environment of a C or C++ program (which overwrites it
 * there), on the first line of the Python runner's standard input (read
 * after its fork, so never in the student's process), the case's input
 * after it.
 */
struct case_env {
	char *envp[7];
	char casevar[32];
	char markvar[sizeof(CASES_TEXT_MARK_ENV) + CASES_TEXT_MARKER_SIZE];
	char marker[CASES_TEXT_MARKER_SIZE];	/* drawn for the run */
	const char *input;	/* the run's standard input */
	size_t input_len;
	char *owned;		/* Python's input, to free */
};

/* E for a run of case K (0: all) of CG with INPUT (INPUT_LEN bytes, may be
 * NULL), with a marker drawn for it. 0, or -1 with LOG; case_env_clear()
 * it in both cases. */
static int
case_env(struct cases_grading *cg, struct case_env *e, size_t k, const char *input,
    size_t input_len)
{
	memset(e, 0, sizeof(*e));
	e->input = input;
	e->input_len = input ? input_len : 0;
	if (draw_marker(e->marker, cg->log, cg->loglen) == -1)
		return -1;
	snprintf(e->casevar, sizeof(e->casevar), "ASSAY_CASE=%zu", k);
	snprintf(e->markvar, sizeof(e->markvar), "%s=%s", CASES_TEXT_MARK_ENV,
	    e->marker);
	e->envp[0] = "PATH=/usr/bin:/bin";
	e->envp[1] = "LANG=C.UTF-8";
	e->envp[2] = "HOME=/tmp";
	e->envp[3] = "TMPDIR=/tmp";
	e->envp[4] = e->casevar;
	e->envp[5] = cg->cl == CASES_TEXT_PYTHON ? NULL : e->markvar;
	e->envp[6] = NULL;
	if (cg->cl != CASES_TEXT_PYTHON)
		return 0;
	e->input_len = strlen(e->marker) + 1 + e->input_len;
	if ((e->owned = malloc(e->input_len)) == NULL) {
		errmsg_set(cg->log, cg->loglen, "cases: out of memory");
		return -1;
	}
	memcpy(e->owned, e->marker, strlen(e->marker));
	e->owned[strlen(e->marker)] = '\n';
	if (input != NULL)
		memcpy(e->owned + strlen(e->marker) + 1, input, input_len);
	e->input = e->owned;
	return 0;
}

static void
case_env_clear(struct case_env *e)
{
	free(e->owned);
	e->owned = NULL;
}

/* V times N, at most CEILING: a limit of one case made a run's of N. */
static unsigned
cases_times(unsigned v, size_t n, unsigned ceiling)
{
	unsigned long long x = (unsigned long long)v * n;

	return x < ceiling ? (unsigned)x : ceiling;
}

/* The profile of a run into JC: the language's, or the isolated program's
 * (the student's process in qc-callee, its calls' memory a memory file). */
static void
run_profile(const struct cases_grading *cg, struct jail_config *jc)
{
	jc->profile = cg->env->lang->run_profile;
	if (cg->o.decls == NULL)
		return;
	jc->profile = JAIL_PROFILE_QC;
	if (jc->limits.fsize_kib < QC_EMBED_CALLER_FSIZE_KIB)
		jc->limits.fsize_kib = QC_EMBED_CALLER_FSIZE_KIB;
}

/* Runs every case of G in one run. 1 when its output could be cut
 * (outputs in the cases' outcomes), 0 when not (the caller runs them one
 * by one), -1 with LOG. */
static int
run_all(struct cases_grading *cg, const struct group *g)
{
	const struct jail_limits *lim = &cg->lim;
	struct jail_config jc;
	struct jail_result r;
	size_t *starts = NULL, *lens = NULL;
	struct case_env e;
	char msg[256], *log = cg->log;
	size_t loglen = cg->loglen;
	int rc = 0;

	if (case_env(cg, &e, 0, NULL, 0) == -1) {
		case_env_clear(&e);
		return -1;
	}
	tester_jail_config(cg->env, cg->box, &jc);
	jc.argv = g->run;
	jc.input = e.input;
	jc.input_len = e.input_len;
	jc.limits = *lim;
	jc.limits.cpu_ms = cases_times(lim->cpu_ms, g->n, SPEC_MAX_CPU_MS);
	jc.limits.wall_ms = cases_times(lim->wall_ms, g->n, SPEC_MAX_WALL_MS);
	jc.limits.output_kib = cases_times(lim->output_kib, g->n, SPEC_MAX_OUTPUT_KIB);
	run_profile(cg, &jc);
	jc.envp = e.envp;
	rc = jail_box_run(cg->box, &jc, &r, msg, sizeof(msg));
	case_env_clear(&e);
	if (rc == -1) {
		errmsg_set(log, loglen, "cases: running the cases: %s", msg);
		jail_result_clear(&r);
		return -1;
	}
	if (r.status != JAIL_EXITED || r.code != 0 || r.err_len > 0)
		goto out;
	if ((starts = calloc(g->n, sizeof(*starts))) == NULL ||
	    (lens = calloc(g->n, sizeof(*lens))) == NULL) {
		errmsg_set(log, loglen, "cases: out of memory");
		rc = -1;
		goto out;
	}
	if (cases_text_split(r.out ? r.out : "", r.out_len, e.marker, g->n, starts,
	    lens) == -1)
		goto out;
	for (size_t k = 0; k < g->n; k++) {
		struct tester_outcome *o = &cg->oc[g->idx[k]];

		if ((o->out = malloc(lens[k] + 1)) == NULL) {
			errmsg_set(log, loglen, "cases: out of memory");
			rc = -1;
			goto out;
		}
		memcpy(o->out, r.out + starts[k], lens[k]);
		o->out[lens[k]] = '\0';
		o->out_len = lens[k];
		o->ran = 1;
		o->label = LABEL_ACCEPTED;
	}
	rc = 1;
out:
	free(starts);
	free(lens);
	jail_result_clear(&r);
	return rc;
}

/*
 * The output of OC, a run of one case that ended as LABEL with MARKER,
 * cut at its marker; a run that exited with status 0 (LABEL_ACCEPTED)
 * without its test's marker, or that wrote after it, is made a
 * RuntimeError: its test did not run to its end.
 */
static void
cut_one(struct tester_outcome *oc, const char *marker)
{
	size_t start, len;
	char line[CASES_TEXT_MARKER_SIZE + 2];

	if (cases_text_split(oc->out ? oc->out : "", oc->out_len, marker, 1, &start,
	    &len) == 0) {
		oc->out[len] = '\0';
		oc->out_len = len;
		return;
	}
	if (oc->label != LABEL_ACCEPTED)
		return;
	snprintf(line, sizeof(line), "\n%s\n", marker);
	oc->label = LABEL_RUNTIME_ERROR;
	if (oc->out != NULL && memmem(oc->out, oc->out_len, line, strlen(line)) != NULL)
		snprintf(oc->msg, sizeof(oc->msg), "the program wrote after the end"
		    " of the test (output at exit?)");
	else
		snprintf(oc->msg, sizeof(oc->msg), "the program ended before the end"
		    " of the test's code (did the code call exit()?)");
}

/* Runs case K (0-based) alone with ARGV, into its outcome. 0, or -1 with
 * LOG. */
static int
run_one(struct cases_grading *cg, char *const *argv, size_t k)
{
	const struct tcase *t = &cg->o.cases[k];
	struct tester_outcome *oc = &cg->oc[k];
	struct jail_config jc;
	struct jail_result r;
	struct case_env e;

	int rc;

	memset(&r, 0, sizeof(r));
	if (case_env(cg, &e, k + 1, t->input, t->input_len) == -1) {
		case_env_clear(&e);
		return -1;
	}
	tester_jail_config(cg->env, cg->box, &jc);
	jc.argv = argv;
	jc.limits = cg->lim;
	run_profile(cg, &jc);
	jc.input = e.input;
	jc.input_len = e.input_len;
	jc.envp = e.envp;
	free(oc->out);
	oc->out = NULL;
	rc = jail_box_run(cg->box, &jc, &r, oc->msg, sizeof(oc->msg));
	case_env_clear(&e);
	if (rc == -1) {
		errmsg_set(cg->log, cg->loglen, "cases: case %zu: %s", k + 1, oc->msg);
		jail_result_clear(&r);
		return -1;
	}
	oc->label = tester_judge(cg->env, &r, &cg->lim, oc->msg, sizeof(oc->msg));
	tester_outcome_take(oc, &r);
	cut_one(oc, e.marker);
	return 0;
}

/*
 * Runs G's cases: all in one run when none reads standard input and there
 * are several, cut at the markers; one run per case when not, or when
 * that run cannot be believed. TESTER_NEXT, or -1 with LOG.
 */
static int
cases_run(struct cases_grading *cg, const struct group *g)
{
	int c = 0;

	if (!g->stdin_used && g->n > 1 && (c = run_all(cg, g)) == -1)
		return -1;
	for (size_t k = 0; c == 0 && k < g->n; k++)
		if (run_one(cg, g->run, g->idx[k]) == -1)
			return -1;
	return TESTER_NEXT;
}

/*
 * The isolated mode's student.so: the answer alone, compiled and linked
 * (every name it uses defined: -z defs), as the quickcheck tester does.
 * Its errors are the CompileError result (TESTER_DONE); TESTER_NEXT, or
 * -1 with LOG.
 */
static int
cases_student(struct cases_grading *cg)
{
	static char *const cc_student[] = {
		"/usr/bin/gcc", "-std=gnu11", "-O2", "-pipe", "-Wall", "-fPIC",
		"-fno-isolate-erroneous-paths-dereference",
		"-fdiagnostics-color=never", "-shared", "-Wl,-z,defs", "-o",
		"student.so", "main.c", "-lm", NULL
	};
	char *msg = NULL;
	int c, rc;

	if (cg->o.decls == NULL)
		return TESTER_NEXT;
	if ((c = tester_compile_run(cg->env, cg->box, cc_student, &msg, cg->log,
	    cg->loglen)) == -1)
		return -1;
	if (c == TESTER_NOT_COMPILED) {
		rc = cases_not_compiled(cg, msg ? msg : "");
		free(msg);
		return rc;
	}
	cg->warnings = msg;
	return TESTER_NEXT;
}

/*
 * Build and run one group of cases, G[H]: its program made from the
 * template and compiled (checked, in Python), then its cases run. When the
 * shown cases' program does not compile, the CompileError result
 * (TESTER_DONE); when the hidden ones' does not, its cases are not run.
 */
static int
cases_group(struct cases_grading *cg, int h)
{
	const struct group *g = &cg->g[h];
	char *cmsg = NULL;
	int c, rc;

	if (g->n == 0)
		return TESTER_NEXT;
	if ((c = cases_build(cg, g, &cmsg)) == -1)
		rc = -1;
	else if (c == TESTER_NOT_COMPILED && cg->o.decls != NULL) {
		/* The answer compiled alone: the tests' program is the
		 * author's. */
		errmsg_set(cg->log, cg->loglen, "cases: %s: the %s tests' program"
		    " does not compile: %.600s", cg->env->spec->id ?
		    cg->env->spec->id : "?", g->hidden ? "hidden" : "shown", cmsg);
		rc = -1;
	} else if (c == TESTER_NOT_COMPILED && !g->hidden)
		rc = cases_not_compiled(cg, cmsg);
	else if (c == TESTER_NOT_COMPILED)
		rc = cases_hidden_not_compiled(cg, g);
	else {
		if (!g->hidden && cg->o.decls == NULL) {
			cg->warnings = cmsg;
			cmsg = NULL;
		}
		rc = cases_run(cg, g);
	}
	free(cmsg);
	return rc;
}

/*
 * Judge: the output of each case that ran to its end against the
 * expected output, with the exercise's grader; the cases passed, their
 * marks, the worst label, the tests entries. TESTER_NEXT, or -1 with LOG.
 */
static int
cases_judge(struct cases_grading *cg)
{
	const struct copts *o = &cg->o;

	for (size_t i = 0; i < o->n; i++) {
		struct tester_outcome *oc = &cg->oc[i];
		json_t *j;

		if (oc->label == LABEL_ACCEPTED) {
			int m = cases_text_match(o->grader, o->cases[i].expected,
			    oc->out ? oc->out : "", oc->out_len,
			    o->cases[i].has_re ? &o->cases[i].re : NULL);

			if (m == -1)
				goto nomem;
			if (!m) {
				oc->label = LABEL_WRONG_ANSWER;
				snprintf(oc->msg, sizeof(oc->msg), "the output is not the"
				    " expected output (%s grader)",
				    o->grader == CASES_TEXT_EXACT ? "exact" :
				    o->grader == CASES_TEXT_NEAR ? "near" : "regex");
			}
		}
		if (oc->label == LABEL_ACCEPTED) {
			cg->passed++;
			cg->marks += o->cases[i].mark;
		}
		cg->verdict = label_worse(cg->verdict, oc->label);
		if ((j = case_json(&o->cases[i], i, oc)) == NULL ||
		    json_array_append_new(cg->tests_json, j) == -1)
			goto nomem;
	}
	return TESTER_NEXT;
nomem:
	errmsg_set(cg->log, cg->loglen, "cases: out of memory");
	return -1;
}

/* A block of the report: S as lines, without a note about its last
 * newline (a case's texts seldom have one, and the graders ignore it). */
static void
block(struct buf *rep, const char *s, size_t n)
{
	const char *note = "    (no newline at the end)\n";
	size_t k = strlen(note);

	while (n > 0 && s[n - 1] == '\n')
		n--;
	if (n == 0) {
		buf_puts(rep, "    (nothing)\n");
		return;
	}
	clean_block(rep, s, n, SHOW_BYTES, SHOW_LINES, "    ");
	if (!rep->oom && rep->len >= k && strcmp(rep->data + rep->len - k, note) == 0)
		rep->data[rep->len -= k] = '\0';
}

/* The report's lines about case K. */
static void
report_case(struct buf *rep, struct jail_box *box, const struct tcase *t,
    size_t k, const struct tester_outcome *oc)
{
	int ok = oc->label == LABEL_ACCEPTED;

	if (t->hidden) {
		buf_printf(rep, "%s test %zu (hidden)\n", ok ? "\u2713" : "\u2717", k + 1);
		return;
	}
	if (ok)
		buf_printf(rep, "\u2713 test %zu\n", k + 1);
	else
		buf_printf(rep, "\u2717 test %zu: %s: %s\n", k + 1,
		    label_name(oc->label), oc->msg);
	buf_puts(rep, "  test:\n");
	block(rep, t->test, strlen(t->test));
	if (t->input != NULL) {
		buf_puts(rep, "  input:\n");
		block(rep, t->input, t->input_len);
	}
	if (ok) {
		buf_puts(rep, "  output:\n");
		block(rep, oc->out, oc->out_len);
		return;
	}
	buf_puts(rep, "  expected output:\n");
	block(rep, t->expected, strlen(t->expected));
	if (oc->ran) {
		buf_puts(rep, "  your output:\n");
		block(rep, oc->out, oc->out_len);
	}
	tester_report_stderr(rep, box, oc->err, oc->err_len, SHOW_BYTES);
}

/*
 * Report: the tests and marks passed, every case (a shown one with its
 * code, input and outputs, a hidden one with its number only), then why
 * the hidden cases did not compile, and the compiler's warnings.
 */
static void
cases_report(struct cases_grading *cg)
{
	const struct copts *o = &cg->o;
	struct buf *rep = &cg->rep;

	buf_printf(rep, "%zu of %zu test%s passed", cg->passed, o->n,
	    o->n == 1 ? "" : "s");
	if (o->all_or_nothing)
		buf_printf(rep, "%s.\n\n", cg->passed == o->n ? "" :
		    " (all must pass to score)");
	else
		buf_printf(rep, ": %g of %g mark%s.\n\n", cg->marks, o->total,
		    o->total == 1 ? "" : "s");
	for (size_t i = 0; i < o->n; i++)
		report_case(rep, cg->box, &o->cases[i], i, &cg->oc[i]);
	if (cg->hidden_failed)
		buf_puts(rep, "\nYour code did not compile with the hidden tests:"
		    " does it define every function the statement asks for, with"
		    " the types it gives? (What the compiler said would show the"
		    " hidden tests.)\n");
	tester_report_warnings(rep, cg->warnings);
}

/*
 * The result: the report, the worst label, the score (the marks passed
 * over all marks; all or nothing, or a CompileError: 1 or 0), the tests
 * entries. TESTER_DONE, or -1 with LOG.
 */
static int
cases_finish(struct cases_grading *cg, struct grade_result *out)
{
	double score;

	if (cg->o.all_or_nothing || cg->verdict == LABEL_COMPILE_ERROR)
		score = cg->passed == cg->o.n ? 1 : 0;
	else
		score = cg->marks / cg->o.total > 1 ? 1 : cg->marks / cg->o.total;
	if (tester_finish(out, cg->verdict, score, buf_steal(&cg->rep),
	    cg->tests_json) == -1) {
		cg->tests_json = NULL;
		errmsg_set(cg->log, cg->loglen, "cases: out of memory");
		return -1;
	}
	cg->tests_json = NULL;
	return TESTER_DONE;
}

int
tester_cases(const struct tester_env *env, struct grade_result *out, char *log,
    size_t loglen)
{
	struct cases_grading cg;
	int rc;

	/* The shown cases, then the hidden ones. */
	rc = cases_prepare(env, &cg, log, loglen);
	if (rc == TESTER_NEXT)
		rc = cases_student(&cg);
	for (int h = 0; h < 2 && rc == TESTER_NEXT; h++)
		rc = cases_group(&cg, h);
	if (rc == TESTER_NEXT && (rc = cases_judge(&cg)) == TESTER_NEXT)
		cases_report(&cg);
	if (rc != -1)
		rc = cases_finish(&cg, out);
	cases_grading_clear(&cg);
	return tester_return(rc, out);
}
