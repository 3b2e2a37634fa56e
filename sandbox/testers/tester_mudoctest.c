/*
 * tester_mudoctest.c - the mutation tester (Codex's mudoctest): the student
 * writes doctest examples (the submission is their text, as a .tst file of
 * Codex's: `>>> reward(5)` then the expected output); they must all pass on
 * the author's target module, and each of the author's mutants must fail at
 * least one of them.
 *
 * Spec options (sitegen writes them from target, mutants, limit-tests):
 *   "mudoctest": {"target": TEXT,
 *                 "mutants": [{"text": TEXT, "name": FILE?}, ...],  at least one;
 *                            a name only for a mutant the page shows
 *                 "limit-tests": N?}       at most N examples
 * The examples run in the target's globals (a copy per run), as Codex's
 * runner runs a .tst file against the module: no import is needed.
 *
 * The runs, each a jail run of its own in the grading's box (read-only, a
 * fresh /tmp, pid 2: nothing of one run is seen by the next):
 *   1. doctest_prepare.py (trusted, the doctest tester's: nothing runs) cuts
 *      the examples out of the submission with doctest's parser;
 *   2. mudoctest_run.py, once for the target, then once per mutant: the
 *      same job but for the module, which comes on standard input, never
 *      as a file of the box. Two processes, the doctest tester's run 2 with
 *      the roles the other way round: the examples (the student's code)
 *      run in the parent, the module in a child made before anything is
 *      read, which takes the module's part of the input, and whose names
 *      are proxies in the parent (py_cross.py, the child's side trusted:
 *      no attribute of a function, nothing private, no module or code
 *      handed over). The parent reports what each example printed and
 *      raised: it is the student's process;
 *   3. mudoctest_check.py (trusted: nothing of the student's or the
 *      author's runs) judges every run's report with doctest_check.py's
 *      judge(): the verdicts come from here.
 * What the examples can reach: the module's names (its functions to call,
 * its values as copies) and what they return, never its code (a function's
 * __code__, its source, its globals: the module's text is only in the
 * child's memory, which is non-dumpable), the box (the platform's scripts
 * and an empty main.py), a fresh /tmp. What they can do: forge their run's
 * report or end it, which can only make a run look passed or failed, the
 * same on every module unless the module's behaviour differs, which is
 * what the examples are meant to show; kill or stop the child, which ends
 * the run (a crash on the target; a mutant whose run did not finish counts
 * as killed, as under Codex, which counts any failing run). What the
 * student sees of a mutant's run is one bit (killed or survived) and, for
 * a mutant the page shows, its file's name: no output of a mutant's run
 * reaches a report. The target may be shown (Codex's reports show it).
 * The parent's output is the student's: a line {"setup": ...} (the fork
 * failed) cannot be told from one the examples wrote, so it is not taken
 * as the platform's failure; the run then reads as one that ended early.
 * Each run costs one more process than the spec gives (the child). A
 * grading with 5 mutants takes about 0.3 s from POST to verdict.
 *
 * Labels: CompileError when the submission is not a test suite the exercise
 * takes (doctest cannot parse it, it has no example, or more than
 * limit-tests; Codex says MiscError, "Test suite rejected", but MiscError is
 * never the student's doing here); on the target, as the doctest tester:
 * WrongAnswer when an example prints or raises something else than
 * expected, RuntimeError when one raises where nothing was expected
 * (MemoryLimitExceeded for a MemoryError), TimeLimitExceeded,
 * MemoryLimitExceeded or RuntimeError when the run ended before an example
 * did; then WrongAnswer when a mutant survived (every example passed on it:
 * the report names each survivor); Accepted when every mutant was killed
 * (an example failed on it, or its run ended early: at a limit or a crash,
 * as Codex counts them). Score 1 or 0. The tests array: {"name": "target",
 * "public": true, ...} (with "input", "expected", "got" of the example that
 * failed on it), then one per mutant ({"name": "mutant K" or its file's
 * name, "public": whether the page shows it, "passed": killed}).
 *
 * tester_mudoctest(), at the end: setup, prepare, run, check, report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/pycross.h"
#include "sandbox/testers/tester.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"
#include "sandbox/util/embed.h"
#include "sandbox/util/errmsg.h"

__asm__(
	".section .rodata\n"
	EMBED_FILE(mudoctest_run_py, "sandbox/testers/mudoctest_run.py")
	EMBED_FILE(mudoctest_check_py, "sandbox/testers/mudoctest_check.py")
	".previous\n"
);

extern const char mudoctest_run_py[], mudoctest_check_py[];
extern const size_t mudoctest_run_py_len, mudoctest_check_py_len;
/* The doctest tester's (tester_doctest.c). */
extern const char doctest_prepare_py[], doctest_check_py[];
extern const size_t doctest_prepare_py_len, doctest_check_py_len;

#define TRUSTED_OUTPUT_KIB 8192
#define RUN_OUTPUT_KIB 1024
#define SHOW_BYTES 8192
#define SHOW_LINES 80

static char *const prepare_argv[] = {
	"/usr/bin/python3", "-I", "-S", "assay-prepare.py", NULL
};
static char *const run_argv[] = {
	"/usr/bin/python3", "-I", "assay-mu-run.py", NULL
};
static char *const check_argv[] = {
	"/usr/bin/python3", "-I", "-S", "assay-mu-check.py", NULL
};

/* One grading: what the phases share. */
struct mu_grading {
	const struct tester_env *env;
	const char *id;
	const json_t *target, *mutants;	/* the options' */
	size_t nmut;
	long limit;			/* limit-tests, or -1 */
	struct jail_box *box;
	struct jail_limits trusted, limits;
	json_t *job;			/* run 2's: {"module", "examples"} */
	size_t n;			/* the examples (not skipped) */
	struct jail_result *r;		/* 1 + nmut runs; r[0] the target's */
	size_t ran;			/* runs made */
	json_t *verdicts;		/* the check's */
	char *log;
	size_t loglen;
};

static void
mu_grading_clear(struct mu_grading *mg)
{
	(void)jail_box_free(mg->box, NULL, 0);
	for (size_t i = 0; mg->r != NULL && i <= mg->nmut; i++)
		jail_result_clear(&mg->r[i]);
	free(mg->r);
	json_decref(mg->job);
	json_decref(mg->verdicts);
}

/* Runs ARGV in the box with input IN (LEN bytes) under L: 0 and R, or -1
 * with the log. */
static int
mu_run_text(struct mu_grading *mg, char *const *argv, const struct jail_limits *l,
    const char *in, size_t len, struct jail_result *r, const char *what)
{
	struct jail_config jc;
	char msg[256];
	int rc;

	memset(r, 0, sizeof(*r));
	tester_jail_config(mg->env, mg->box, &jc);
	jc.argv = argv;
	jc.limits = *l;
	jc.profile = JAIL_PROFILE_PYTHON;
	jc.input = in;
	jc.input_len = len;
	rc = jail_box_run(mg->box, &jc, r, msg, sizeof(msg));
	if (rc == -1)
		errmsg_set(mg->log, mg->loglen, "mudoctest: %s: %s", what, msg);
	return rc;
}

/* mu_run_text() with INPUT, a JSON value, dumped. */
static int
mu_run(struct mu_grading *mg, char *const *argv, const struct jail_limits *l,
    const json_t *input, struct jail_result *r, const char *what)
{
	char *in = json_dumps(input, JSON_COMPACT);
	int rc;

	memset(r, 0, sizeof(*r));
	if (in == NULL) {
		errmsg_set(mg->log, mg->loglen, "mudoctest: out of memory");
		return -1;
	}
	rc = mu_run_text(mg, argv, l, in, strlen(in), r, what);
	free(in);
	return rc;
}

/* The JSON object a trusted run R printed, or NULL with the log. */
static json_t *
mu_trusted(struct mu_grading *mg, const struct jail_result *r, const char *what)
{
	json_error_t e;
	json_t *j;

	if (r->status != JAIL_EXITED || r->code != 0) {
		errmsg_set(mg->log, mg->loglen, "mudoctest: %s ended with jail status"
		    " %d, code %d: %.400s", what, (int)r->status, r->code,
		    r->err ? r->err : "");
		return NULL;
	}
	if ((j = json_loadb(r->out ? r->out : "", r->out_len, 0, &e)) == NULL ||
	    !json_is_object(j)) {
		errmsg_set(mg->log, mg->loglen, "mudoctest: %s printed no JSON object:"
		    " %s", what, e.text);
		json_decref(j);
		return NULL;
	}
	return j;
}

/* Setup: the options read and checked, the limits, the box and its scripts. */
static int
mu_setup(const struct tester_env *env, struct mu_grading *mg, char *log,
    size_t loglen)
{
	const json_t *opts = json_object_get(env->spec->options, "mudoctest"), *m, *lim;
	const struct lang *py = lang_find("python");
	const struct tester_file files[] = {
		{ "main.py", "", 0, 0644 },
		{ "assay-prepare.py", doctest_prepare_py, doctest_prepare_py_len, 0644 },
		{ "assay-mu-run.py", mudoctest_run_py, mudoctest_run_py_len, 0644 },
		{ PYCROSS_SOURCE, pycross_py, pycross_py_len, 0644 },
		{ PYCROSS_COMPILED, pycross_pyc, pycross_pyc_len, 0644 },
		{ "assay-mu-check.py", mudoctest_check_py, mudoctest_check_py_len, 0644 },
		{ "assay-check.py", doctest_check_py, doctest_check_py_len, 0644 },
	};
	size_t i;

	memset(mg, 0, sizeof(*mg));
	mg->env = env;
	mg->id = env->spec->id ? env->spec->id : "?";
	mg->log = log;
	mg->loglen = loglen;
	if (py == NULL || env->lang == NULL || strcmp(env->lang->name, "python") != 0) {
		errmsg_set(log, loglen, "mudoctest: %s: the mutation tester grades"
		    " Python examples only", mg->id);
		return -1;
	}
	mg->target = json_object_get(opts, "target");
	mg->mutants = json_object_get(opts, "mutants");
	lim = json_object_get(opts, "limit-tests");
	if (!json_is_string(mg->target) || !json_is_array(mg->mutants) ||
	    json_array_size(mg->mutants) == 0 || (lim != NULL && !json_is_null(lim) &&
	    (!json_is_integer(lim) || json_integer_value(lim) < 1))) {
		errmsg_set(log, loglen, "mudoctest: %s: options.mudoctest needs a"
		    " target, mutants and a positive limit-tests, if any", mg->id);
		return -1;
	}
	json_array_foreach(mg->mutants, i, m)
		if (!json_is_string(json_object_get(m, "text"))) {
			errmsg_set(log, loglen, "mudoctest: %s: mutant %zu has no text",
			    mg->id, i + 1);
			return -1;
		}
	mg->nmut = json_array_size(mg->mutants);
	mg->limit = json_is_integer(lim) ? (long)json_integer_value(lim) : -1;
	if ((mg->r = calloc(mg->nmut + 1, sizeof(*mg->r))) == NULL) {
		errmsg_set(log, loglen, "mudoctest: out of memory");
		return -1;
	}
	mg->trusted = py->compile_limits;
	mg->trusted.output_kib = TRUSTED_OUTPUT_KIB;
	lang_run_limits(py, &env->spec->limits, &mg->limits);
	if (mg->limits.output_kib < RUN_OUTPUT_KIB)
		mg->limits.output_kib = RUN_OUTPUT_KIB;
	/* The module's process, beside the examples' (which keep the spec's). */
	mg->limits.processes++;
	if (tester_box_create(env, files, sizeof(files) / sizeof(*files), &mg->box,
	    log, loglen) == -1)
		return -1;
	return TESTER_NEXT;
}

/* A CompileError: the submission is not a test suite the exercise takes. */
static int
mu_rejected(struct mu_grading *mg, struct grade_result *out, const char *why)
{
	if (tester_not_compiled(out, "Your tests were not accepted:\n\n", why) == -1) {
		errmsg_set(mg->log, mg->loglen, "mudoctest: out of memory");
		return -1;
	}
	return TESTER_DONE;
}

/*
 * Run 1, trusted: the examples cut out of the submission; the job of the
 * runs 2 made of their sources. A text doctest cannot parse, no example, or
 * more than limit-tests: the CompileError result.
 */
static int
mu_prepare(struct mu_grading *mg, struct grade_result *out)
{
	json_t *in, *prep = NULL, *ex, *e;
	const json_t *v;
	char why[600];
	size_t i;
	int rc = -1;

	in = json_pack("{s:s%}", "public", mg->env->sub->code, mg->env->sub->code_len);
	if (in == NULL || mu_run(mg, prepare_argv, &mg->trusted, in, &mg->r[0],
	    "reading the examples") == -1 ||
	    (prep = mu_trusted(mg, &mg->r[0], "reading the examples")) == NULL)
		goto out;
	if ((v = json_object_get(prep, "error")) != NULL) {
		/* "the public examples: line 3 of the docstring for public ..." */
		const char *s = json_string_value(v) ? json_string_value(v) : "?";

		if (strncmp(s, "the public examples: ", 21) == 0)
			s += 21;
		snprintf(why, sizeof(why), "doctest cannot read them: %.500s\n", s);
		rc = mu_rejected(mg, out, why);
		goto out;
	}
	if ((mg->job = json_pack("{s:[]}", "examples")) == NULL)
		goto nomem;
	ex = json_object_get(mg->job, "examples");
	json_array_foreach(json_object_get(prep, "examples"), i, e) {
		if (json_is_true(json_array_get(e, 2)))
			continue;
		if (json_array_append_new(ex, json_pack("[I, O]", (json_int_t)i,
		    json_array_get(e, 1))) == -1)
			goto nomem;
	}
	mg->n = json_array_size(ex);
	if (mg->n == 0) {
		rc = mu_rejected(mg, out, "they hold no example: write lines such as\n\n"
		    "    >>> f(3)\n    9\n");
	} else if (mg->limit > 0 && mg->n > (size_t)mg->limit) {
		snprintf(why, sizeof(why), "this exercise takes at most %ld example%s;"
		    " yours have %zu.\n", mg->limit, mg->limit == 1 ? "" : "s", mg->n);
		rc = mu_rejected(mg, out, why);
	} else {
		rc = TESTER_NEXT;
	}
	goto out;
nomem:
	errmsg_set(mg->log, mg->loglen, "mudoctest: out of memory");
out:
	jail_result_clear(&mg->r[0]);
	json_decref(in);
	json_decref(prep);
	return rc;
}

/*
 * Runs 2: the examples on the target, then on each mutant, each in a run of
 * its own. When the target's run did not end by itself, its examples did
 * not all pass: the mutants are not run.
 */
static int
mu_runs(struct mu_grading *mg)
{
	char *ex = json_dumps(mg->job, JSON_COMPACT), *mod = NULL;
	struct buf in;
	int rc = -1;

	buf_init(&in);
	for (size_t k = 0; ex != NULL && k <= mg->nmut; k++) {
		json_t *o = json_pack("{s:O}", "module", k == 0 ? mg->target :
		    json_object_get(json_array_get(mg->mutants, k - 1), "text"));

		/* The child's part (its length, then the module), the parent's. */
		free(mod);
		mod = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
		if (mod == NULL)
			goto nomem;
		in.len = 0;
		buf_printf(&in, "%zu\n%s%s", strlen(mod), mod, ex);
		if (in.oom)
			goto nomem;
		if (mu_run_text(mg, run_argv, &mg->limits, in.data, in.len, &mg->r[k],
		    k == 0 ? "running the examples on the target" :
		    "running the examples on a mutant") == -1)
			goto out;
		mg->ran = k + 1;
		if (k == 0 && (mg->r[0].status != JAIL_EXITED || mg->r[0].code != 0))
			break;
	}
	if (ex != NULL) {
		rc = TESTER_NEXT;
		goto out;
	}
nomem:
	errmsg_set(mg->log, mg->loglen, "mudoctest: out of memory");
out:
	free(ex);
	free(mod);
	buf_free(&in);
	return rc;
}

/* Run 3, trusted: every run's report judged. */
static int
mu_check(struct mu_grading *mg)
{
	struct jail_result r3;
	json_t *in, *results, *j = NULL;
	int rc = -1;

	memset(&r3, 0, sizeof(r3));
	in = json_pack("{s:s%, s:[]}", "text", mg->env->sub->code,
	    mg->env->sub->code_len, "results");
	results = json_object_get(in, "results");
	for (size_t k = 0; in != NULL && k < mg->ran; k++) {
		char *text = clean_text(mg->r[k].out ? mg->r[k].out : "", mg->r[k].out_len,
		    0, 0, NULL);

		if (text == NULL || json_array_append_new(results, json_string(text)) == -1) {
			free(text);
			json_decref(in);
			in = NULL;
			break;
		}
		free(text);
	}
	if (in == NULL) {
		errmsg_set(mg->log, mg->loglen, "mudoctest: out of memory");
		return -1;
	}
	if (mu_run(mg, check_argv, &mg->trusted, in, &r3, "checking") == 0 &&
	    (j = mu_trusted(mg, &r3, "checking")) != NULL) {
		mg->verdicts = json_incref(json_object_get(j, "verdicts"));
		if (json_array_size(mg->verdicts) != mg->ran)
			errmsg_set(mg->log, mg->loglen, "mudoctest: %s: checking gave a"
			    " malformed verdict", mg->id);
		else
			rc = TESTER_NEXT;
	}
	json_decref(j);
	json_decref(in);
	jail_result_clear(&r3);
	return rc;
}

/* The failure of verdict K, or NULL when every example passed. */
static const json_t *
mu_failure(const struct mu_grading *mg, size_t k)
{
	const json_t *f = json_object_get(json_array_get(mg->verdicts, k), "failure");

	return json_is_object(f) ? f : NULL;
}

/* A mutant's name for the student: its file's when public, else its number. */
static void
mu_name(const struct mu_grading *mg, size_t k, char *buf, size_t len)
{
	const char *name = json_string_value(json_object_get(json_array_get(mg->mutants,
	    k - 1), "name"));

	if (name != NULL)
		snprintf(buf, len, "mutant %zu (%s)", k, name);
	else
		snprintf(buf, len, "mutant %zu", k);
}

/*
 * The label of the target's failure F, and one line on it in MSG: as the
 * doctest tester labels a failed public example. -1 for an import that
 * raised (the author's module).
 */
static int
mu_target_label(const struct mu_grading *mg, const json_t *f, enum label *label,
    char *msg, size_t len)
{
	const char *kind = json_string_value(json_object_get(f, "kind"));
	const char *got = json_string_value(json_object_get(f, "got"));

	if (kind == NULL || strcmp(kind, "import") == 0) {
		errmsg_set(mg->log, mg->loglen, "mudoctest: %s: the target does not"
		    " load: %.400s", mg->id, got ? got : "?");
		return -1;
	}
	*label = LABEL_WRONG_ANSWER;
	snprintf(msg, len, "an example printed or raised something else than expected");
	if (strcmp(kind, "exception") == 0) {
		*label = LABEL_RUNTIME_ERROR;
		snprintf(msg, len, "an example raised an exception");
		if (got != NULL && strstr(got, "\nMemoryError") != NULL) {
			*label = LABEL_MEMORY_LIMIT;
			snprintf(msg, len, "an example ran out of memory (MemoryError)");
		}
	} else if (strcmp(kind, "incomplete") == 0) {
		*label = tester_judge(mg->env, &mg->r[0], &mg->limits, msg, len);
		if (*label == LABEL_ACCEPTED) {
			*label = LABEL_RUNTIME_ERROR;
			snprintf(msg, len, "the run ended before the example did (did an"
			    " example exit, or close standard output?)");
		}
	} else if (strcmp(kind, "twice") == 0) {
		snprintf(msg, len, "an example's result was reported twice (did an"
		    " example write on the tester's descriptors?)");
	}
	return 0;
}

/* Sets KEY of O to the untrusted text S, paths made relative; none if NULL. */
static int
mu_set_text(json_t *o, const char *key, const char *s)
{
	char *rel;
	int rc;

	if (s == NULL)
		return 0;
	if ((rel = clean_replace(s, JAIL_BOX_PATH "/", "")) == NULL)
		return -1;
	rc = tester_json_set(o, key, tester_json_text(rel, strlen(rel)));
	free(rel);
	return rc;
}

/* The tests entries: the target's (failure F, LABEL, MSG), the mutants'. */
static json_t *
mu_tests(const struct mu_grading *mg, const json_t *f, enum label label,
    const char *msg)
{
	json_t *tests = json_array(), *o;
	char name[300];

	if (tests == NULL || (o = json_object()) == NULL ||
	    json_array_append_new(tests, o) == -1 ||
	    tester_json_set(o, "name", json_string("target")) == -1 ||
	    tester_json_set(o, "public", json_true()) == -1 ||
	    tester_json_set(o, "passed", json_boolean(f == NULL)) == -1 ||
	    tester_json_set(o, "status", json_string(label_name(label))) == -1)
		goto err;
	if (f != NULL && (tester_json_set(o, "message", json_string(msg)) == -1 ||
	    mu_set_text(o, "input", json_string_value(json_object_get(f, "source"))) ||
	    mu_set_text(o, "expected", json_string_value(json_object_get(f, "want"))) ||
	    mu_set_text(o, "got", json_string_value(json_object_get(f, "got")))))
		goto err;
	for (size_t k = 1; k <= mg->nmut; k++) {
		int killed = f == NULL && k < mg->ran && mu_failure(mg, k) != NULL;
		const char *m = f != NULL ? "not judged: the examples failed on the"
		    " target" : killed ? "killed: an example failed on it" :
		    "survived: every example passed on it";

		mu_name(mg, k, name, sizeof(name));
		if ((o = json_object()) == NULL || json_array_append_new(tests, o) == -1 ||
		    tester_json_set(o, "name", json_string(name)) == -1 ||
		    tester_json_set(o, "public", json_boolean(json_object_get(
		    json_array_get(mg->mutants, k - 1), "name") != NULL)) == -1 ||
		    tester_json_set(o, "passed", json_boolean(killed)) == -1 ||
		    tester_json_set(o, "status", json_string(label_name(killed ?
		    LABEL_ACCEPTED : LABEL_WRONG_ANSWER))) == -1 ||
		    tester_json_set(o, "message", json_string(m)) == -1)
			goto err;
	}
	return tests;
err:
	json_decref(tests);
	return NULL;
}

/* The report of the target's failure F (doctest's own text), labelled LABEL. */
static char *
mu_target_report(const struct mu_grading *mg, const json_t *f, const char *msg)
{
	const char *rep = json_string_value(json_object_get(f, "report"));
	long passed = (long)json_integer_value(json_object_get(json_array_get(
	    mg->verdicts, 0), "passed"));
	struct buf t;
	char *c, *rel;

	buf_init(&t);
	buf_printf(&t, "Your examples must all pass on the target, the right"
	    " solution: %ld of %zu passed before this failure.\n\n", passed, mg->n);
	if ((c = clean_text_noted(rep ? rep : "", rep ? strlen(rep) : 0, SHOW_BYTES,
	    SHOW_LINES)) == NULL || (rel = clean_replace(c, JAIL_BOX_PATH "/", "")) == NULL) {
		free(c);
		buf_free(&t);
		return NULL;
	}
	buf_puts(&t, rel);
	free(rel);
	free(c);
	if (strcmp(json_string_value(json_object_get(f, "kind")), "incomplete") == 0)
		buf_printf(&t, "The example did not finish: %s.\n", msg);
	return buf_steal(&t);
}

/* Report: the target's failure, or the survivors, or every mutant killed. */
static int
mu_report(struct mu_grading *mg, struct grade_result *out)
{
	const json_t *f = mu_failure(mg, 0);
	enum label label = LABEL_ACCEPTED;
	char msg[512] = "", name[300];
	size_t survived = 0;
	struct buf t;

	buf_init(&t);
	if (f != NULL) {
		buf_free(&t);
		if (mu_target_label(mg, f, &label, msg, sizeof(msg)) == -1)
			return -1;
		if (tester_finish(out, label, 0, mu_target_report(mg, f, msg),
		    mu_tests(mg, f, label, msg)) == -1)
			goto nomem;
		return TESTER_DONE;
	}
	for (size_t k = 1; k <= mg->nmut; k++)
		survived += mu_failure(mg, k) == NULL;
	if (survived == 0) {
		if (mg->n == 1)
			buf_puts(&t, "Your example passed on the target, and ");
		else
			buf_printf(&t, "All %zu examples passed on the target, and ", mg->n);
		if (mg->nmut == 1)
			buf_puts(&t, "the mutant failed ");
		else
			buf_printf(&t, "each of the %zu mutants failed ", mg->nmut);
		buf_puts(&t, mg->n == 1 ? "it.\n" : "at least one of them.\n");
	} else {
		label = LABEL_WRONG_ANSWER;
		buf_printf(&t, "Your %zu example%s passed on the target, but %zu of the"
		    " %zu mutant%s passed them all too (no example tells %s from the"
		    " target):\n\n", mg->n, mg->n == 1 ? "" : "s", survived, mg->nmut,
		    mg->nmut == 1 ? "" : "s", survived == 1 ? "it" : "them");
		for (size_t k = 1; k <= mg->nmut; k++) {
			if (mu_failure(mg, k) != NULL)
				continue;
			mu_name(mg, k, name, sizeof(name));
			buf_printf(&t, "  - %s survived\n", name);
		}
	}
	if (tester_finish(out, label, label == LABEL_ACCEPTED ? 1 : 0, buf_steal(&t),
	    mu_tests(mg, NULL, LABEL_ACCEPTED, "")) == -1)
		goto nomem;
	return TESTER_DONE;
nomem:
	errmsg_set(mg->log, mg->loglen, "mudoctest: out of memory");
	return -1;
}

int
tester_mudoctest(const struct tester_env *env, struct grade_result *out, char *log,
    size_t loglen)
{
	struct mu_grading mg;
	int rc;

	if ((rc = mu_setup(env, &mg, log, loglen)) == TESTER_NEXT &&
	    (rc = mu_prepare(&mg, out)) == TESTER_NEXT &&
	    (rc = mu_runs(&mg)) == TESTER_NEXT &&
	    (rc = mu_check(&mg)) == TESTER_NEXT)
		rc = mu_report(&mg, out);
	mu_grading_clear(&mg);
	return tester_return(rc, out);
}
