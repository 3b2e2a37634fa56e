/*
 * tester_doctest.c - the doctest tester: a Python module against the
 * author's doctest examples, public then private, with Codex's flags
 * (ELLIPSIS, NORMALIZE_WHITESPACE, IGNORE_EXCEPTION_DETAIL), stopping at
 * the first failure, reported in doctest's own form.
 *
 * Spec options (sitegen writes them from public-tests, private-tests and
 * the legacy tests):
 *   "doctest": {"public": TEXT, "private": TEXT}   either may be absent;
 *              TEXT is doctest examples, as in a .tst file
 *              "linter": {"name": "mypy", "args": [TEXT...]}   optional:
 *              a static checker run on the module before its examples
 *              (linter.h; Codex's linter: true, linter-args)
 *
 * Why three steps, and two processes in the second. Whatever runs in a
 * Python process with the student's code is the student's to change: it
 * can replace doctest's functions, print "ok", read every object of the
 * process (gc.get_objects(), frames), write on any descriptor. So no
 * verdict is taken from a process the student's code runs in, and the
 * examples' expected outputs never enter run 2:
 *   1. doctest_prepare.py (trusted: the student's code is compiled, not
 *      run) checks that main.py compiles and cuts the examples out of the
 *      texts with doctest's parser: their sources, and which are skipped;
 *   2. doctest_run.py runs each example as doctest would and reports what
 *      it printed and raised, one JSON line each; a run for the public
 *      examples, another for the private ones. It is two processes. The
 *      runner (trusted) makes itself non-dumpable and forks the student's
 *      process before it reads any source; that process closes every
 *      descriptor but its two pipes to the runner, imports main.py and
 *      answers requests. The runner executes the examples with the module
 *      replaced by proxies: a call, an attribute, repr(), an operator,
 *      iteration... on an object of the student's is a request, answered
 *      with data (copied by a strict codec over JSON, never pickle) or a
 *      handle (a new proxy), and what the student's code prints comes back
 *      with the answer and is written where the example's output is
 *      captured, in order. py_cross.py (the module the runner loads,
 *      shared with the Python cases' runs) says what crosses and how;
 *   3. doctest_check.py (trusted: the student's code is not there) parses
 *      the texts again and judges run 2's reports with doctest's
 *      OutputChecker, in order, to the first failure.
 * What the student's code can reach: in the box, main.py and the scripts
 * (the platform's, no data); in its process, its module and what the
 * runner hands it: each call's arguments (copies: the examples' lists,
 * dicts and sets it changes are updated in place after the call), the
 * examples' functions and objects passed to it (handles it may call,
 * iterate, compare and read, never look into: no name with a leading
 * underscore, no module, frame or code), the private examples' arguments
 * in the private run only. Never an example's source, an expected output,
 * the runner's memory (non-dumpable: its /proc files mem, fd, environ are
 * closed to the same uid; ptrace and process_vm_readv are forbidden calls)
 * nor the report's descriptor. What it can do: answer the runner's
 * requests, which is what its functions compute (a forged answer is a
 * value it could have returned); end its process, which ends the runner
 * the same way (exit status or signal) before the example's result is
 * written, so that tester_judge() reads the run as it would one process;
 * stop answering, which meets the run's time limits; signal the runner
 * (the same uid), which ends the run as a crash. Writing on its
 * descriptors, patching json, doctest or the runner's code in its own
 * process, printing report lines: nothing of it is judged. doctest_check.py
 * still refuses a report with an example twice, and takes one without the
 * runner's last line ("done") as ended before its last example: only the
 * runner writes there now, so that happens only when a run ends early.
 * What doctest itself settles, and the tester keeps: an example's output
 * is what the student's objects print and what their repr() gives, and an
 * example that compares (`f(x) == y`) trusts the result's own ==. So an
 * object equal to everything passes such examples, as under doctest, and
 * fails every example that shows a value it cannot compute: authors show
 * values (or check types) in the examples that decide (the README says
 * so). Each step is a jail run of its own, two for step 2 (with one more
 * process than the spec gives the student's code; its runner is the
 * build's compiled copy when the prepare run's interpreter loads it): a
 * grading takes about 140 ms with bin/assay-grade, 8% more than when the
 * examples ran in the student's process (a call of the student's function
 * costs about 40 us more: a round trip on the pipes). The three
 * scripts are embedded in the grader (below). Both groups run before the
 * check, so a private example is run even after a public one failed: its
 * outcome is then not reported. tester_doctest(), at the end, is the
 * phases in order: setup (the options, the box with the module and the
 * scripts), prepare (step 1), lint (the linter, when the spec names one:
 * a jail run of its own, after step 1 so that a syntax error is Python's
 * message), run (step 2), check (step 3), report.
 *
 * Labels: CompileError when main.py does not compile (Python's message),
 * or when the linter complains (its message) or does not finish;
 * RuntimeError when importing it raises, or an example raises where none
 * was expected (MemoryLimitExceeded for a MemoryError); WrongAnswer when
 * an example prints or raises something else than expected, or its result
 * was reported twice; TimeLimitExceeded, MemoryLimitExceeded or
 * RuntimeError when run 2 ended (at a limit, a crash or an exit of the
 * student's process, a forbidden call) before an example finished;
 * Accepted when every example passed. Score 1 or 0. A failed public
 * example is reported as doctest does ("Failed example: / Expected: /
 * Got:" or "Exception raised:"); of a private one the report says only
 * that it failed, and how (no source, no output, no traceback: they hold
 * the example's data). The tests array has one entry
 * per group of examples: {"name": "public examples" | "private examples",
 * "public", "passed", "status", "message"?, "input"? (the failed
 * example's source), "expected"?, "got"?}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/linter.h"
#include "sandbox/testers/pycross.h"
#include "sandbox/testers/tester.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"
#include "sandbox/util/embed.h"
#include "sandbox/util/errmsg.h"

/* The three scripts, embedded (names *_len give their sizes), and the
 * runner byte-compiled by the build's /usr/bin/python3 (module.mk; empty
 * without one). */
__asm__(
	".section .rodata\n"
	EMBED_FILE(doctest_prepare_py, "sandbox/testers/doctest_prepare.py")
	EMBED_FILE(doctest_run_py, "sandbox/testers/doctest_run.py")
	EMBED_FILE(doctest_run_pyc, DOCTEST_RUN_PYC)
	EMBED_FILE(doctest_check_py, "sandbox/testers/doctest_check.py")
	".previous\n"
);

extern const char doctest_prepare_py[], doctest_run_py[], doctest_run_pyc[],
    doctest_check_py[];
extern const size_t doctest_prepare_py_len, doctest_run_py_len, doctest_run_pyc_len,
    doctest_check_py_len;

/* The trusted runs' output: the examples' sources, a verdict. */
#define TRUSTED_OUTPUT_KIB 8192
/* Run 2 reports every example's output (each cut at 8 KiB by the driver). */
#define RUN_OUTPUT_KIB 1024

#define SHOW_BYTES 4096
#define SHOW_LINES 80

static char *const prepare_argv[] = {
	"/usr/bin/python3", "-I", "-S", "assay-prepare.py", NULL
};
/* As the stdio tester runs Python (site included: the student's code may
 * import what the system has). */
static char *const run_argv[] = {
	"/usr/bin/python3", "-I", "assay-run.py", NULL
};
/* The same from the compiled copy, when the interpreter can load it. */
static char *const run_pyc_argv[] = {
	"/usr/bin/python3", "-I", "assay-run.pyc", NULL
};
static char *const check_argv[] = {
	"/usr/bin/python3", "-I", "-S", "assay-check.py", NULL
};

static const char *const group_names[2] = { "public examples", "private examples" };

/* Runs ARGV in BOX with INPUT (a JSON value, dumped) under L. 0 and R, or
 * -1 with LOG. */
static int
run_script(const struct tester_env *env, struct jail_box *box, char *const *argv,
    const struct jail_limits *l, const json_t *input, struct jail_result *r,
    const char *what, char *log, size_t loglen)
{
	struct jail_config jc;
	char msg[256];
	char *in = json_dumps(input, JSON_COMPACT);
	int rc;

	memset(r, 0, sizeof(*r));
	if (in == NULL) {
		errmsg_set(log, loglen, "doctest: out of memory");
		return -1;
	}
	tester_jail_config(env, box, &jc);
	jc.argv = argv;
	jc.limits = *l;
	jc.profile = JAIL_PROFILE_PYTHON;
	jc.input = in;
	jc.input_len = strlen(in);
	rc = jail_box_run(box, &jc, r, msg, sizeof(msg));
	free(in);
	if (rc == -1)
		errmsg_set(log, loglen, "doctest: %s: %s", what, msg);
	return rc;
}

/* The JSON object a trusted run printed, or NULL with LOG. */
static json_t *
trusted_output(const struct jail_result *r, const char *what, char *log,
    size_t loglen)
{
	json_error_t e;
	json_t *j;

	if (r->status != JAIL_EXITED || r->code != 0) {
		errmsg_set(log, loglen, "doctest: %s ended with jail status %d, code"
		    " %d: %.400s", what, (int)r->status, r->code, r->err ? r->err : "");
		return NULL;
	}
	if ((j = json_loadb(r->out ? r->out : "", r->out_len, 0, &e)) == NULL ||
	    !json_is_object(j)) {
		errmsg_set(log, loglen, "doctest: %s printed no JSON object: %s",
		    what, e.text);
		json_decref(j);
		return NULL;
	}
	return j;
}

/* Sets KEY of O to the untrusted text S, made fit for a result's tests
 * entries; nothing when S is NULL. 0, or -1 on ENOMEM. */
static int
set_text(json_t *o, const char *key, const char *s)
{
	if (s == NULL)
		return 0;
	return tester_json_set(o, key, tester_json_text(s, strlen(s)));
}

/* What the failure of the verdict says, for a group that was not reached
 * or that failed. */
struct failure {
	int group;		/* -1: none */
	const char *kind;	/* "wrong", "exception", "incomplete", "import" */
	enum label label;
	char msg[512];
	const char *source, *want, *got, *report;
};

/*
 * The tests entries: one per group present (GROUPS[g] non-zero), passed
 * before the failure's group, failed at it, not run after it.
 */
static json_t *
tests_of(const int present[2], const struct failure *f)
{
	json_t *tests = json_array();

	if (tests == NULL)
		return NULL;
	for (int g = 0; g < 2; g++) {
		json_t *o;
		int passed = f->group < 0 || g < f->group;

		if (!present[g])
			continue;
		if ((o = json_object()) == NULL || json_array_append_new(tests, o) == -1 ||
		    tester_json_set(o, "name", json_string(group_names[g])) == -1 ||
		    tester_json_set(o, "public", json_boolean(g == 0)) == -1 ||
		    tester_json_set(o, "passed", json_boolean(passed)) == -1 ||
		    tester_json_set(o, "status", json_string(label_name(passed ?
		    LABEL_ACCEPTED : f->label))) == -1)
			goto err;
		if (passed)
			continue;
		if (g > f->group) {
			if (tester_json_set(o, "message", json_string("not run: an"
			    " earlier example failed")) == -1)
				goto err;
			continue;
		}
		if (tester_json_set(o, "message", json_string(f->msg)) == -1 ||
		    set_text(o, "input", f->source) == -1 ||
		    set_text(o, "expected", f->want) == -1 ||
		    set_text(o, "got", f->got) == -1)
			goto err;
		/* Paths in the box, made relative as in the report. */
		if (f->got != NULL) {
			char *rel = clean_replace(json_string_value(json_object_get(o,
			    "got")), JAIL_BOX_PATH "/", "");

			if (rel == NULL ||
			    tester_json_set(o, "got", json_string(rel)) == -1) {
				free(rel);
				goto err;
			}
			free(rel);
		}
	}
	return tests;
err:
	json_decref(tests);
	return NULL;
}

/*
 * The failure F of the verdict V, from how the runs 2 of each group (R2)
 * ended under L2: its label
 * and a one-line message. 0, or -1 when the verdict is malformed.
 */
static int
read_failure(const struct tester_env *env, const json_t *v,
    const struct jail_result r2[2], const struct jail_limits *l2, struct failure *f)
{
	const json_t *j = json_object_get(v, "failure");

	memset(f, 0, sizeof(*f));
	f->group = -1;
	if (json_is_null(j))
		return 0;
	if (!json_is_object(j) || !json_is_integer(json_object_get(j, "group")) ||
	    !json_is_string(json_object_get(j, "kind")))
		return -1;
	f->group = json_integer_value(json_object_get(j, "group")) == 0 ? 0 : 1;
	f->kind = json_string_value(json_object_get(j, "kind"));
	f->source = json_string_value(json_object_get(j, "source"));
	f->want = json_string_value(json_object_get(j, "want"));
	f->got = json_string_value(json_object_get(j, "got"));
	f->report = json_string_value(json_object_get(j, "report"));
	if (strcmp(f->kind, "wrong") == 0) {
		f->label = LABEL_WRONG_ANSWER;
		snprintf(f->msg, sizeof(f->msg), "an example printed or raised something"
		    " else than expected");
	} else if (strcmp(f->kind, "exception") == 0) {
		const char *got = f->got ? f->got : "", *end = got + strlen(got), *line;

		while (end > got && end[-1] == '\n')
			end--;
		for (line = end; line > got && line[-1] != '\n'; line--)
			;
		f->label = LABEL_RUNTIME_ERROR;
		snprintf(f->msg, sizeof(f->msg), "an example raised an exception");
		/* Python's own word for running out of memory. */
		if (strncmp(line, "MemoryError", 11) == 0) {
			f->label = LABEL_MEMORY_LIMIT;
			snprintf(f->msg, sizeof(f->msg), "an example ran out of memory"
			    " (MemoryError)");
		}
	} else if (strcmp(f->kind, "twice") == 0) {
		f->label = LABEL_WRONG_ANSWER;
		snprintf(f->msg, sizeof(f->msg), "an example's result was reported twice"
		    " (did your code write on the tester's descriptors?)");
	} else if (strcmp(f->kind, "import") == 0) {
		f->label = LABEL_RUNTIME_ERROR;
		snprintf(f->msg, sizeof(f->msg), "importing your module raised an"
		    " exception");
	} else if (strcmp(f->kind, "incomplete") == 0) {
		f->label = tester_judge(env, &r2[f->group], l2, f->msg, sizeof(f->msg));
		if (f->label == LABEL_ACCEPTED) {
			/* Run 2 exited by itself, with status 0, without
			 * reporting this example. */
			f->label = LABEL_RUNTIME_ERROR;
			snprintf(f->msg, sizeof(f->msg), "the program ended before the"
			    " example did (did your code exit, or close standard"
			    " output?)");
		}
	} else {
		return -1;
	}
	return 0;
}

/* The report of a failure F after PASSED of N examples. */
static char *
failure_report(const struct failure *f, size_t passed, size_t n,
    struct jail_box *box)
{
	struct buf t;
	char *c = NULL, *rel;

	buf_init(&t);
	buf_printf(&t, "%zu of %zu example%s passed before this failure.\n\n",
	    passed, n, n == 1 ? "" : "s");
	if (f->group == 1) {
		buf_puts(&t, "Every public example passed, but a private example ");
		if (strcmp(f->kind, "wrong") == 0)
			buf_puts(&t, "printed or raised something else than expected.\n");
		else if (strcmp(f->kind, "exception") == 0)
			buf_puts(&t, "raised an exception.\n");
		else if (strcmp(f->kind, "twice") == 0)
			buf_puts(&t, "had its result reported twice (did your code write"
			    " on the tester's descriptors?).\n");
		else
			buf_printf(&t, "did not finish: %s.\n", f->msg);
		return buf_steal(&t);
	}
	if (strcmp(f->kind, "import") == 0) {
		buf_puts(&t, "Importing your module raised an exception:\n\n");
		c = tester_stderr(box, f->got ? f->got : "", f->got ? strlen(f->got) : 0,
		    SHOW_BYTES);
		if (c == NULL) {
			buf_free(&t);
			return NULL;
		}
		clean_block(&t, c, strlen(c), 0, 0, "    ");
		free(c);
		return buf_steal(&t);
	}
	if ((c = clean_text_noted(f->report ? f->report : "", f->report ?
	    strlen(f->report) : 0, SHOW_BYTES * 2, SHOW_LINES)) == NULL ||
	    (rel = clean_replace(c, JAIL_BOX_PATH "/", "")) == NULL) {
		free(c);
		buf_free(&t);
		return NULL;
	}
	buf_puts(&t, rel);
	free(rel);
	free(c);
	if (strcmp(f->kind, "incomplete") == 0)
		buf_printf(&t, "The example did not finish: %s.\n", f->msg);
	return buf_steal(&t);
}


/* One grading: what the phases of the doctest tester share. */
struct doctest_grading {
	const struct tester_env *env;
	const char *id;		/* the spec's, for the log */
	json_t *texts;		/* {"public", "private"}: the examples' texts */
	int present[2];		/* the groups the spec has */
	struct jail_box *box;
	struct jail_limits trusted;	/* of runs 1 and 3 */
	struct jail_limits limits;	/* of run 2, the student's code's */
	struct jail_result r1, r2[2], r3;
	json_t *prep;		/* what run 1 printed */
	const json_t *examples;	/* its examples: [group, source, skipped] */
	int pyc;		/* run 2 may run the runner's compiled copy */
	size_t counts[2], skipped;
	json_t *verdict;	/* what run 3 printed */
	struct failure f;	/* the verdict's failure, if any */
	char *log;
	size_t loglen;
};

/* Frees what a grading holds, and removes its box. */
static void
doctest_grading_clear(struct doctest_grading *dg)
{
	(void)jail_box_free(dg->box, NULL, 0);
	jail_result_clear(&dg->r1);
	jail_result_clear(&dg->r2[0]);
	jail_result_clear(&dg->r2[1]);
	jail_result_clear(&dg->r3);
	json_decref(dg->texts);
	json_decref(dg->prep);
	json_decref(dg->verdict);
}

/*
 * Setup: the language checked, the options read into the texts of the
 * examples, the limits of the runs, the box with the module and the three
 * scripts.
 */
static int
doctest_setup(const struct tester_env *env, struct doctest_grading *dg, char *log,
    size_t loglen)
{
	const struct spec *spec = env->spec;
	const json_t *opts = json_object_get(spec->options, "doctest"), *v;
	const struct lang *py = lang_find("python");
	const struct tester_file files[] = {
		{ "main.py", env->sub->code, env->sub->code_len, 0644 },
		{ "assay-prepare.py", doctest_prepare_py, doctest_prepare_py_len, 0644 },
		{ "assay-run.py", doctest_run_py, doctest_run_py_len, 0644 },
		{ "assay-run.pyc", doctest_run_pyc, doctest_run_pyc_len, 0644 },
		{ PYCROSS_SOURCE, pycross_py, pycross_py_len, 0644 },
		{ PYCROSS_COMPILED, pycross_pyc, pycross_pyc_len, 0644 },
		{ "assay-check.py", doctest_check_py, doctest_check_py_len, 0644 },
	};
	const char *id = spec->id ? spec->id : "?";

	memset(dg, 0, sizeof(*dg));
	dg->env = env;
	dg->id = id;
	dg->log = log;
	dg->loglen = loglen;
	if (py == NULL || env->lang == NULL || strcmp(env->lang->name, "python") != 0) {
		errmsg_set(log, loglen, "doctest: %s: the doctest tester grades Python"
		    " only", id);
		return -1;
	}
	if (!json_is_object(opts)) {
		errmsg_set(log, loglen, "doctest: %s: no options.doctest", id);
		return -1;
	}
	if ((dg->texts = json_object()) == NULL)
		goto nomem;
	for (int g = 0; g < 2; g++) {
		const char *key = g == 0 ? "public" : "private";

		v = json_object_get(opts, key);
		if (v == NULL || json_is_null(v))
			continue;
		if (!json_is_string(v)) {
			errmsg_set(log, loglen, "doctest: %s: options.doctest.%s must"
			    " be text", id, key);
			return -1;
		}
		dg->present[g] = 1;
		if (json_object_set(dg->texts, key, (json_t *)v) == -1)
			goto nomem;
	}
	if (!dg->present[0] && !dg->present[1]) {
		errmsg_set(log, loglen, "doctest: %s: options.doctest has no"
		    " examples", id);
		return -1;
	}
	dg->trusted = py->compile_limits;
	dg->trusted.output_kib = TRUSTED_OUTPUT_KIB;
	lang_run_limits(py, &spec->limits, &dg->limits);
	if (dg->limits.output_kib < RUN_OUTPUT_KIB)
		dg->limits.output_kib = RUN_OUTPUT_KIB;
	/* The runner, beside the student's process: the student's code keeps
	 * the processes the spec gives it. */
	dg->limits.processes++;
	if (tester_box_create(env, files, sizeof(files) / sizeof(*files), &dg->box,
	    log, loglen) == -1)
		return -1;
	return TESTER_NEXT;
nomem:
	errmsg_set(log, loglen, "doctest: out of memory");
	return -1;
}

/*
 * Whether the interpreter whose bytecode magic number is MAGIC (hex, from
 * the prepare run) loads the runner's compiled copy: its first 4 bytes.
 */
static int
pyc_loadable(const json_t *magic)
{
	const char *hex = json_string_value(magic);
	char want[9];

	if (hex == NULL || doctest_run_pyc_len < 16)
		return 0;
	for (int i = 0; i < 4; i++)
		snprintf(want + 2 * i, 3, "%02x", (unsigned char)doctest_run_pyc[i]);
	return strcmp(hex, want) == 0;
}

/*
 * Run 1, trusted (doctest_prepare.py): the module compiled, not run (a
 * SyntaxError: the CompileError result), and the examples cut out of the
 * texts, counted per group.
 */
static int
doctest_prepare(struct doctest_grading *dg, struct grade_result *out)
{
	const char *id = dg->id;
	char *log = dg->log;
	size_t loglen = dg->loglen, i;
	const json_t *v, *e;

	if (run_script(dg->env, dg->box, prepare_argv, &dg->trusted, dg->texts,
	    &dg->r1, "preparing", log, loglen) == -1 ||
	    (dg->prep = trusted_output(&dg->r1, "preparing", log, loglen)) == NULL)
		return -1;
	if ((v = json_object_get(dg->prep, "syntax")) != NULL) {
		char *c = tester_stderr(dg->box, json_string_value(v) ?
		    json_string_value(v) : "", json_string_length(v),
		    TESTER_MESSAGE_BYTES);
		int rc;

		if (c == NULL)
			goto nomem;
		rc = tester_not_compiled(out, "Your module did not compile:\n\n", c);
		free(c);
		if (rc == -1)
			goto nomem;
		return TESTER_DONE;
	}
	if ((v = json_object_get(dg->prep, "error")) != NULL) {
		errmsg_set(log, loglen, "doctest: %s: %.600s", id,
		    json_string_value(v) ? json_string_value(v) :
		    "the examples cannot be parsed");
		return -1;
	}
	v = json_object_get(dg->prep, "examples");
	if (!json_is_array(v) || json_array_size(v) == 0) {
		errmsg_set(log, loglen, "doctest: %s: %s", id, json_is_array(v) ?
		    "the texts hold no example" : "preparing gave no examples");
		return -1;
	}
	json_array_foreach(v, i, e) {
		json_t *g = json_array_get(e, 0), *src = json_array_get(e, 1);

		if (!json_is_integer(g) || (json_integer_value(g) != 0 &&
		    json_integer_value(g) != 1) || !json_is_string(src)) {
			errmsg_set(log, loglen, "doctest: %s: preparing gave a"
			    " malformed example", id);
			return -1;
		}
		if (json_is_true(json_array_get(e, 2)))
			dg->skipped++;
		else
			dg->counts[json_integer_value(g)]++;
	}
	dg->examples = v;
	dg->pyc = pyc_loadable(json_object_get(dg->prep, "magic"));
	return TESTER_NEXT;
nomem:
	errmsg_set(log, loglen, "doctest: out of memory");
	return -1;
}

/* Lint: the linter the spec names, if any, on the module. */
static int
doctest_lint(struct doctest_grading *dg, struct grade_result *out)
{
	const json_t *l = json_object_get(json_object_get(dg->env->spec->options,
	    "doctest"), "linter");

	if (l == NULL || json_is_null(l))
		return TESTER_NEXT;
	return linter_run(dg->env, dg->box, l, out, dg->log, dg->loglen);
}

/*
 * Whether run 2's runner R could not start (its first line is {"setup":
 * MESSAGE}, written before any code of the student's ran: the platform's
 * failure); LOG says why.
 */
static int
runner_failed(const struct jail_result *r, const char *id, char *log,
    size_t loglen)
{
	static const char mark[] = "{\"setup\":";
	const char *nl, *why;
	json_error_t e;
	json_t *j;

	if (r->out == NULL || r->out_len < sizeof(mark) - 1 ||
	    memcmp(r->out, mark, sizeof(mark) - 1) != 0)
		return 0;
	nl = memchr(r->out, '\n', r->out_len);
	j = json_loadb(r->out, nl != NULL ? (size_t)(nl - r->out) : r->out_len, 0, &e);
	why = json_string_value(json_object_get(j, "setup"));
	errmsg_set(log, loglen, "doctest: %s: the examples' runner could not start:"
	    " %.300s", id, why != NULL ? why : "?");
	json_decref(j);
	return 1;
}

/*
 * Run 2, the student's code (doctest_run.py): the examples' sources only,
 * a run per group, public then private. What each run reported joins the
 * texts, for the check.
 */
static int
doctest_run(struct doctest_grading *dg)
{
	json_t *job = NULL, *streams = NULL, *e;
	size_t i;
	int rc = -1;

	if ((streams = json_array()) == NULL)
		goto nomem;
	for (int g = 0; g < 2; g++) {
		struct jail_result *r2 = &dg->r2[g];
		char *text;

		json_decref(job);
		if ((job = json_pack("{s:[]}", "examples")) == NULL)
			goto nomem;
		json_array_foreach(dg->examples, i, e) {
			json_t *src = json_array_get(e, 1);

			if (json_integer_value(json_array_get(e, 0)) != g ||
			    json_is_true(json_array_get(e, 2)))
				continue;
			if (json_array_append_new(json_object_get(job, "examples"),
			    json_pack("[I, i, s, O]", (json_int_t)i, g, g == 0 ? "public" :
			    "private", src)) == -1)
				goto nomem;
		}
		if (json_array_size(json_object_get(job, "examples")) > 0 &&
		    (run_script(dg->env, dg->box, dg->pyc ? run_pyc_argv : run_argv,
		    &dg->limits, job, r2,
		    "running the examples", dg->log, dg->loglen) == -1 ||
		    runner_failed(r2, dg->id, dg->log, dg->loglen)))
			goto out;
		if ((text = clean_text(r2->out ? r2->out : "", r2->out_len, 0, 0,
		    NULL)) == NULL)
			goto nomem;
		if (json_array_append_new(streams, json_string(text)) == -1) {
			free(text);
			goto nomem;
		}
		free(text);
	}
	if (json_object_set(dg->texts, "results", streams) == -1)
		goto nomem;
	rc = TESTER_NEXT;
	goto out;
nomem:
	errmsg_set(dg->log, dg->loglen, "doctest: out of memory");
out:
	json_decref(job);
	json_decref(streams);
	return rc;
}

/*
 * Run 3, trusted (doctest_check.py, without the student's code): the
 * reports of run 2 judged with doctest's OutputChecker, public examples
 * first, to the first failure.
 */
static int
doctest_check(struct doctest_grading *dg)
{
	if (run_script(dg->env, dg->box, check_argv, &dg->trusted, dg->texts,
	    &dg->r3, "checking", dg->log, dg->loglen) == -1 ||
	    (dg->verdict = trusted_output(&dg->r3, "checking", dg->log,
	    dg->loglen)) == NULL)
		return -1;
	if (read_failure(dg->env, dg->verdict, dg->r2, &dg->limits, &dg->f) == -1 ||
	    !json_is_integer(json_object_get(dg->verdict, "passed"))) {
		errmsg_set(dg->log, dg->loglen, "doctest: %s: checking gave a"
		    " malformed verdict", dg->id);
		return -1;
	}
	return TESTER_NEXT;
}

/*
 * Report: every example passed (how many, per group), or the failure
 * (doctest's own report for a public example, how it failed for a private
 * one); a tests entry per group. TESTER_DONE, or -1 with LOG.
 */
static int
doctest_report(struct doctest_grading *dg, struct grade_result *out)
{
	const struct failure *f = &dg->f;
	size_t n = dg->counts[0] + dg->counts[1], passed;

	passed = (size_t)json_integer_value(json_object_get(dg->verdict, "passed"));
	if (f->group < 0) {
		struct buf t;

		buf_init(&t);
		buf_printf(&t, "All %zu example%s passed (%zu public, %zu private",
		    n, n == 1 ? "" : "s", dg->counts[0], dg->counts[1]);
		if (dg->skipped > 0)
			buf_printf(&t, "; %zu skipped", dg->skipped);
		buf_puts(&t, ").\n");
		if (tester_finish(out, LABEL_ACCEPTED, 1, buf_steal(&t),
		    tests_of(dg->present, f)) == -1)
			goto nomem;
	} else if (tester_finish(out, f->label, 0, failure_report(f, passed, n,
	    dg->box), tests_of(dg->present, f)) == -1) {
		goto nomem;
	}
	return TESTER_DONE;
nomem:
	errmsg_set(dg->log, dg->loglen, "doctest: out of memory");
	return -1;
}

int
tester_doctest(const struct tester_env *env, struct grade_result *out, char *log,
    size_t loglen)
{
	struct doctest_grading dg;
	int rc;

	if ((rc = doctest_setup(env, &dg, log, loglen)) == TESTER_NEXT &&
	    (rc = doctest_prepare(&dg, out)) == TESTER_NEXT &&
	    (rc = doctest_lint(&dg, out)) == TESTER_NEXT &&
	    (rc = doctest_run(&dg)) == TESTER_NEXT &&
	    (rc = doctest_check(&dg)) == TESTER_NEXT)
		rc = doctest_report(&dg, out);
	doctest_grading_clear(&dg);
	return tester_return(rc, out);
}
