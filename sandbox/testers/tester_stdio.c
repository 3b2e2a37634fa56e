/*
 * tester_stdio.c - the stdio tester: whole programs (C, C++, Python, Java)
 * run on each test's standard input and arguments, their standard output
 * compared exactly with the expected output.
 *
 * Spec options (sitegen writes them from Codex's fields):
 *   "files":          {NAME: TEXT}   written into the box before compiling
 *                                    (Codex's extra-files): data the program
 *                                    reads, headers, other classes. NAME is
 *                                    a plain file name ([A-Za-z0-9._-], not
 *                                    starting with '.'), neither the source
 *                                    nor what compiling makes.
 *   "arguments":      [[ARG, ...], ...]  one list per test, in the spec's
 *                                    test order: the test's command-line
 *                                    arguments (absent or []: none)
 *   "all-or-nothing": true           score 1 only when every test passed
 *
 * The code is compiled once; then every test runs, even after a failure, so
 * that the report lists each one. A test passes when the program exits with
 * status 0 within its limits and writes exactly the expected output; when
 * the outputs differ only in white space the test is PresentationError,
 * otherwise WrongAnswer. The verdict is the worst test's label; the score
 * the fraction of tests passed (or 0/1, all or nothing).
 *
 * The report lists failed tests first. A failed public test shows its
 * arguments, input, expected and obtained output, the difference (diff.h:
 * line by line or character by character, whichever is shorter) and the
 * error output; of a private test the report says only whether it passed.
 *
 * What the student's code can reach (it is hostile), in any language (Java
 * is graded here only):
 *   - compiling: the box holds the code and the exercise's files (Codex's
 *     extra-files, given to the program on purpose: never a test's data);
 *     no test's input, argument or expected output is in the box or the
 *     compiler's reach. gcc runs nothing of the code; javac runs no
 *     annotation processor (-proc:none).
 *   - each test's run: the same box, read-only, with the compiled program;
 *     its own input on standard input and its own arguments; a /tmp of its
 *     own; nothing of another test, nothing left by an earlier run.
 *   - the verdict is made here, after the run, from its status and its
 *     output alone: expected outputs never leave the grader. A program can
 *     only print; what it prints (text like this report, a fake pass
 *     before exit(0) or halt(0)) is its output, compared as any other.
 *   - a private test shows no student its input, arguments, outputs or
 *     error output: only whether it passed and how a run ended. Its input
 *     is the program's to read (it must, to answer), so what a student can
 *     learn of it is whether the program passed, one bit a grading.
 *
 * tester_stdio(), at the end, is the phases in order: prepare (options, the
 * box and its files), compile, run (each test, judged as it ends), report.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sandbox/testers/diff.h"
#include "sandbox/testers/tester.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"
#include "sandbox/util/errmsg.h"

/* How much of a test's data is shown in the report (the result keeps
 * TESTER_KEEP_BYTES of each text). */
#define SHOW_BYTES 2048
#define SHOW_LINES 40
#define DIFF_LINES 30

/* At most this many files and arguments per test. */
#define MAX_FILES 64
#define MAX_ARGS 256
#define FILE_NAME_MAX 100

/* The options of the spec, read and checked before anything runs. */
struct options {
	const json_t *files;	/* object, or NULL */
	const json_t *arguments;	/* array of ntests arrays, or NULL */
	int all_or_nothing;
};

/* Is NAME fit to be a file of the box for language L? */
static int
plain_name(const char *name, const struct lang *l)
{
	size_t n = strlen(name);

	if (n == 0 || n > FILE_NAME_MAX || name[0] == '.' ||
	    strcmp(name, l->source) == 0 || strcmp(name, "prog") == 0 ||
	    (l->output != NULL && strcmp(name, l->output) == 0))
		return 0;
	for (const char *p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return 0;
	return 1;
}

static int
read_options(const struct tester_env *env, struct options *o, char *log,
    size_t loglen)
{
	const struct spec *spec = env->spec;
	const char *id = spec->id ? spec->id : "?";
	const json_t *v;
	const char *name;
	json_t *text;
	size_t i;

	memset(o, 0, sizeof(*o));
	if ((v = json_object_get(spec->options, "files")) != NULL) {
		if (!json_is_object(v) || json_object_size(v) > MAX_FILES) {
			errmsg_set(log, loglen, "stdio: %s: options.files must be an"
			    " object of at most %d {name: text}", id, MAX_FILES);
			return -1;
		}
		json_object_foreach((json_t *)v, name, text) {
			if (!plain_name(name, env->lang) || !json_is_string(text)) {
				errmsg_set(log, loglen, "stdio: %s: options.files:"
				    " \"%.100s\" is not a plain file name with a text"
				    " (nor %s, prog or %s)", id,
				    name, env->lang->source, env->lang->output ?
				    env->lang->output : "what compiling makes");
				return -1;
			}
		}
		o->files = v;
	}
	if ((v = json_object_get(spec->options, "arguments")) != NULL &&
	    !(json_is_array(v) && json_array_size(v) == 0)) {
		json_t *list, *arg;
		size_t k;

		if (!json_is_array(v) || json_array_size(v) != spec->ntests) {
			errmsg_set(log, loglen, "stdio: %s: options.arguments must be"
			    " a list of %zu lists (one per test)", id, spec->ntests);
			return -1;
		}
		json_array_foreach(v, i, list) {
			if (!json_is_array(list) || json_array_size(list) > MAX_ARGS)
				goto bad_args;
			json_array_foreach(list, k, arg)
				if (!json_is_string(arg) ||
				    strlen(json_string_value(arg)) != json_string_length(arg))
					goto bad_args;
		}
		o->arguments = v;
	}
	v = json_object_get(spec->options, "all-or-nothing");
	if (v != NULL && !json_is_boolean(v)) {
		errmsg_set(log, loglen, "stdio: %s: options.all-or-nothing must be"
		    " true or false", id);
		return -1;
	}
	o->all_or_nothing = json_is_true(v);
	return 0;
bad_args:
	errmsg_set(log, loglen, "stdio: %s: options.arguments[%zu] must be a list of"
	    " at most %d texts without NUL bytes", id, i, MAX_ARGS);
	return -1;
}

/* The arguments of test I (NULL and 0 when none), borrowed from O. */
static const char **
test_args(const struct options *o, size_t i, size_t *n)
{
	const json_t *list = json_array_get(o->arguments, i);
	const char **a;

	*n = json_array_size(list);
	if (*n == 0)
		return NULL;
	if ((a = calloc(*n, sizeof(*a))) == NULL)
		return NULL;
	for (size_t k = 0; k < *n; k++)
		a[k] = json_string_value(json_array_get(list, k));
	return a;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* Are A and B the same words separated by different white space? */
static int
same_words(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < alen && is_space(a[i]))
			i++;
		while (j < blen && is_space(b[j]))
			j++;
		if (i == alen || j == blen)
			return i == alen && j == blen;
		while (i < alen && j < blen && !is_space(a[i]) && !is_space(b[j])) {
			if (a[i] != b[j])
				return 0;
			i++;
			j++;
		}
		if ((i < alen && !is_space(a[i])) || (j < blen && !is_space(b[j])))
			return 0;
	}
}

/* The label of output GOT for test T, and one line on how it differs; the
 * line number only for a public test (it says something about private
 * data). */
static enum label
compare(const struct spec_test *t, const char *got, size_t glen, char *msg,
    size_t len)
{
	size_t i = 0, line = 1;

	if (glen == t->output_len && (glen == 0 || memcmp(got, t->output, glen) == 0))
		return LABEL_ACCEPTED;
	if (same_words(t->output, t->output_len, got, glen)) {
		snprintf(msg, len, "the output differs from the expected output only in"
		    " white space");
		return LABEL_PRESENTATION_ERROR;
	}
	if (!t->public) {
		snprintf(msg, len, "the output differs from the expected output");
		return LABEL_WRONG_ANSWER;
	}
	while (i < t->output_len && i < glen && t->output[i] == got[i])
		if (got[i++] == '\n')
			line++;
	snprintf(msg, len, "the output differs from the expected output from line %zu",
	    line);
	return LABEL_WRONG_ANSWER;
}

/* T's name on one line, valid UTF-8 (malloc'd), or NULL on ENOMEM. */
static char *
test_name(const struct spec_test *t)
{
	const char *n = t->name != NULL ? t->name : "";
	char *c = clean_text(n, strlen(n), 200, 0, NULL);

	for (char *p = c; p != NULL && *p != '\0'; p++)
		if ((unsigned char)*p < ' ')
			*p = ' ';
	return c;
}

/*
 * The result's entry for test T with ARGS (may be NULL), which ended as OC
 * (not run: no data then) with the difference DIFF (may be NULL). NULL on
 * ENOMEM.
 */
static json_t *
test_json(const struct spec_test *t, const json_t *args,
    const struct tester_outcome *oc, const char *diff)
{
	json_t *o = json_object();
	char *name = test_name(t);
	enum label l = oc->label;

	if (o == NULL || name == NULL ||
	    tester_json_set(o, "name", json_string(name)) == -1 ||
	    tester_json_set(o, "public", json_boolean(t->public)) == -1 ||
	    tester_json_set(o, "passed", json_boolean(l == LABEL_ACCEPTED)) == -1 ||
	    tester_json_set(o, "status", json_string(label_name(l))) == -1)
		goto err;
	if (l != LABEL_ACCEPTED &&
	    tester_json_set(o, "message", json_string(oc->msg)) == -1)
		goto err;
	if (l != LABEL_ACCEPTED && oc->ran &&
	    (tester_json_set(o, "input", tester_json_text(t->input,
	    t->input_len)) == -1 ||
	    tester_json_set(o, "expected", tester_json_text(t->output,
	    t->output_len)) == -1 ||
	    tester_json_set(o, "got", tester_json_text(oc->out, oc->out_len)) == -1 ||
	    (diff != NULL && diff[0] != '\0' &&
	    tester_json_set(o, "diff", tester_json_text(diff,
	    strlen(diff))) == -1) ||
	    (json_array_size(args) > 0 &&
	    json_object_set(o, "arguments", (json_t *)args) == -1)))
		goto err;
	free(name);
	return o;
err:
	free(name);
	json_decref(o);
	return NULL;
}

/* ARGS as a shell would take them: 'a b' "it's". */
static void
put_args(struct buf *rep, const json_t *args)
{
	struct buf t;
	const json_t *a;
	size_t i;

	buf_init(&t);
	json_array_foreach(args, i, a) {
		const char *s = json_string_value(a);
		int plain = s[0] != '\0';

		for (const char *p = s; *p != '\0'; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || strchr("-_.,/:=+%@", *p)))
				plain = 0;
		if (i > 0)
			buf_puts(&t, " ");
		if (plain) {
			buf_puts(&t, s);
			continue;
		}
		buf_puts(&t, "'");
		for (const char *p = s; *p != '\0'; p++)
			if (*p == '\'')
				buf_puts(&t, "'\\''");
			else
				buf_add(&t, p, 1);
		buf_puts(&t, "'");
	}
	buf_puts(&t, "\n");
	if (t.oom)
		rep->oom = 1;
	buf_puts(rep, "  arguments:\n");
	clean_block(rep, t.data ? t.data : "", t.len, SHOW_BYTES, 5, "    ");
	buf_free(&t);
}

/* The report's lines about test T (a public one shows its data), which
 * ended as OC with the difference DIFF (may be NULL). */
static void
report_test(struct buf *rep, struct jail_box *box, const struct spec_test *t,
    const json_t *args, const struct tester_outcome *oc, const char *diff)
{
	char *name = test_name(t);

	if (name == NULL) {
		rep->oom = 1;
		return;
	}
	if (oc->label == LABEL_ACCEPTED) {
		buf_printf(rep, "%s: passed\n", name);
		goto out;
	}
	if (!t->public) {
		buf_printf(rep, "%s: failed\n", name);
		goto out;
	}
	buf_printf(rep, "%s: %s: %s\n", name, label_name(oc->label), oc->msg);
	if (json_array_size(args) > 0)
		put_args(rep, args);
	buf_puts(rep, "  input:\n");
	clean_block(rep, t->input, t->input_len, SHOW_BYTES, SHOW_LINES, "    ");
	buf_puts(rep, "  expected output:\n");
	clean_block(rep, t->output, t->output_len, SHOW_BYTES, SHOW_LINES, "    ");
	buf_puts(rep, "  your output:\n");
	clean_block(rep, oc->out, oc->out_len, SHOW_BYTES, SHOW_LINES, "    ");
	if (diff != NULL && diff[0] != '\0') {
		buf_puts(rep, "  difference (- expected, + yours):\n");
		clean_block(rep, diff, strlen(diff), SHOW_BYTES, 0, "    ");
	}
	tester_report_stderr(rep, box, oc->err, oc->err_len, SHOW_BYTES);
out:
	free(name);
}

/* One grading: what the phases of the stdio tester share. */
struct stdio_grading {
	const struct tester_env *env;
	struct options opt;
	struct jail_limits lim;	/* of each test's run */
	struct jail_box *box;
	char *cmsg;		/* what the compiler said (its warnings), or NULL */
	struct tester_outcome *oc;	/* what each test did */
	char **diff;		/* a failed test's difference, or NULL */
	size_t n;		/* the spec's tests */
	size_t passed;
	enum label verdict;	/* the worst test's label */
	char *log;
	size_t loglen;
};

/* Frees what a grading holds, and removes its box. */
static void
stdio_grading_clear(struct stdio_grading *g)
{
	(void)jail_box_free(g->box, NULL, 0);
	for (size_t i = 0; g->oc != NULL && i < g->n; i++)
		tester_outcome_clear(&g->oc[i]);
	for (size_t i = 0; g->diff != NULL && i < g->n; i++)
		free(g->diff[i]);
	free(g->oc);
	free(g->diff);
	free(g->cmsg);
	memset(g, 0, sizeof(*g));
}

/* Writes the spec's files into BOX. 0, or -1 with LOG. */
static int
put_files(struct jail_box *box, const struct options *o, char *log,
    size_t loglen)
{
	const char *name;
	json_t *text;

	json_object_foreach((json_t *)o->files, name, text)
		if (jail_box_put(box, name, json_string_value(text),
		    json_string_length(text), 0644, log, loglen) == -1)
			return -1;
	return 0;
}

/*
 * Prepare: the options read and checked, the box made with the
 * exercise's files in it.
 */
static int
stdio_prepare(const struct tester_env *env, struct stdio_grading *g, char *log,
    size_t loglen)
{
	const struct spec *spec = env->spec;

	memset(g, 0, sizeof(*g));
	g->env = env;
	g->n = spec->ntests;
	g->verdict = LABEL_ACCEPTED;
	g->log = log;
	g->loglen = loglen;
	if (g->n == 0) {
		errmsg_set(log, loglen, "stdio: the exercise %s has no tests",
		    spec->id ? spec->id : "?");
		return -1;
	}
	if (read_options(env, &g->opt, log, loglen) == -1)
		return -1;
	if ((g->oc = calloc(g->n, sizeof(*g->oc))) == NULL ||
	    (g->diff = calloc(g->n, sizeof(*g->diff))) == NULL) {
		errmsg_set(log, loglen, "stdio: out of memory");
		return -1;
	}
	lang_run_limits(env->lang, &spec->limits, &g->lim);
	if (tester_box_create(env, NULL, 0, &g->box, log, loglen) == -1)
		return -1;
	if (g->opt.files != NULL && put_files(g->box, &g->opt, log, loglen) == -1)
		return -1;
	return TESTER_NEXT;
}

/* The result of a submission that did not compile: MSG, with HINT (may be
 * NULL) after it, every test not run. TESTER_DONE, or -1 with LOG. */
static int
stdio_not_compiled(struct stdio_grading *g, const char *cmsg, const char *hint,
    struct grade_result *out)
{
	const struct spec *spec = g->env->spec;
	struct buf rep;
	json_t *tests = json_array();

	buf_init(&rep);
	if (tests == NULL)
		goto nomem;
	buf_puts(&rep, "Your program did not compile:\n\n");
	buf_puts(&rep, cmsg);
	if (hint != NULL)
		buf_printf(&rep, "\n%s\n", hint);
	for (size_t i = 0; i < spec->ntests; i++) {
		struct tester_outcome oc = { .label = LABEL_COMPILE_ERROR };
		json_t *o;

		snprintf(oc.msg, sizeof(oc.msg), "not run: the program did not compile");
		if ((o = test_json(&spec->tests[i], NULL, &oc, NULL)) == NULL ||
		    json_array_append_new(tests, o) == -1)
			goto nomem;
	}
	if ((out->report = buf_steal(&rep)) == NULL)
		goto nomem;
	out->status = LABEL_COMPILE_ERROR;
	out->score = 0;
	out->tests = tests;
	return TESTER_DONE;
nomem:
	buf_free(&rep);
	json_decref(tests);
	errmsg_set(g->log, g->loglen, "stdio: out of memory");
	return -1;
}

/* Did the compile step make what the language runs (Main.class)? */
static int
made_output(struct jail_box *box, const struct lang *l)
{
	char path[4096];
	struct stat st;

	if (l->output == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/%s", box->path, l->output);
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * Compile: the code compiled, its warnings kept for the report; or the
 * CompileError result when it does not compile or makes no program (Java:
 * no Main.class), with the language's hint on how to lay the code out.
 */
static int
stdio_compile(struct stdio_grading *g, struct grade_result *out)
{
	const struct lang *lang = g->env->lang;
	int c;

	if ((c = tester_compile(g->env, g->box, &g->cmsg, g->log, g->loglen)) == -1)
		return -1;
	if (c == TESTER_NOT_COMPILED) {
		const char *hint = lang->compile_hint != NULL &&
		    strstr(g->cmsg, "should be declared in a file named") != NULL ?
		    lang->compile_hint : NULL;

		return stdio_not_compiled(g, g->cmsg, hint, out);
	}
	if (!made_output(g->box, lang)) {
		char msg[512];

		snprintf(msg, sizeof(msg), "Compiling made no %s.\n", lang->output);
		return stdio_not_compiled(g, msg, lang->compile_hint, out);
	}
	return TESTER_NEXT;
}

/* Runs test I under JC (the runs' configuration), into R. 0, or -1 with
 * LOG. */
static int
stdio_run_test(struct stdio_grading *g, struct jail_config *jc, size_t i,
    struct jail_result *r)
{
	const struct spec_test *t = &g->env->spec->tests[i];
	char *msg = g->oc[i].msg, **argv;
	const char **args;
	size_t nargs;
	int rc;

	args = test_args(&g->opt, i, &nargs);
	if ((nargs > 0 && args == NULL) ||
	    (argv = lang_run_argv(g->env->lang, &g->lim, args, nargs)) == NULL) {
		free(args);
		errmsg_set(g->log, g->loglen, "stdio: out of memory");
		return -1;
	}
	jc->argv = argv;
	jc->input = t->input;
	jc->input_len = t->input_len;
	if ((rc = jail_box_run(g->box, jc, r, msg, sizeof(g->oc[i].msg))) == -1)
		errmsg_set(g->log, g->loglen, "stdio: test %zu: %s", i + 1, msg);
	free(argv);
	free(args);
	return rc;
}

/*
 * Judges test I, which ran as R: the jail's verdict, then its output
 * against the expected one; the difference when it failed. R's outputs
 * are taken. 0, or -1 with LOG.
 */
static int
stdio_judge_test(struct stdio_grading *g, size_t i, struct jail_result *r)
{
	const struct spec_test *t = &g->env->spec->tests[i];
	struct tester_outcome *oc = &g->oc[i];

	oc->label = tester_judge(g->env, r, &g->lim, oc->msg, sizeof(oc->msg));
	if (oc->label == LABEL_ACCEPTED)
		oc->label = compare(t, r->out, r->out_len, oc->msg, sizeof(oc->msg));
	tester_outcome_take(oc, r);
	if (oc->label == LABEL_ACCEPTED)
		g->passed++;
	else if ((g->diff[i] = diff_text(t->output, t->output_len,
	    oc->out ? oc->out : "", oc->out_len, DIFF_LINES)) == NULL) {
		errmsg_set(g->log, g->loglen, "stdio: out of memory");
		return -1;
	}
	g->verdict = label_worse(g->verdict, oc->label);
	return 0;
}

/* Run: every test, each judged as it ends, even after a failure, so that
 * the report lists each. */
static int
stdio_run(struct stdio_grading *g)
{
	struct jail_config jc;

	tester_jail_config(g->env, g->box, &jc);
	jc.limits = g->lim;
	jc.profile = g->env->lang->run_profile;
	for (size_t i = 0; i < g->n; i++) {
		struct jail_result r;

		memset(&r, 0, sizeof(r));
		if (stdio_run_test(g, &jc, i, &r) == -1 ||
		    stdio_judge_test(g, i, &r) == -1) {
			jail_result_clear(&r);
			return -1;
		}
	}
	return TESTER_NEXT;
}

/*
 * Report: how many tests passed, the failed tests then the passed ones
 * (each in order), the compiler's warnings; the tests entries; the worst
 * test's label and the score. TESTER_DONE, or -1 with LOG.
 */
static int
stdio_report(struct stdio_grading *g, struct grade_result *out)
{
	const struct spec *spec = g->env->spec;
	struct buf rep, head;
	json_t *tests = json_array();
	char *report;
	size_t n = g->n, passed = g->passed;

	buf_init(&rep);
	buf_init(&head);
	if (tests == NULL)
		goto nomem;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if ((g->oc[i].label == LABEL_ACCEPTED) == pass)
				report_test(&rep, g->box, &spec->tests[i],
				    json_array_get(g->opt.arguments, i), &g->oc[i],
				    g->diff[i]);
	for (size_t i = 0; i < n; i++) {
		json_t *o = test_json(&spec->tests[i],
		    json_array_get(g->opt.arguments, i), &g->oc[i], g->diff[i]);

		if (o == NULL || json_array_append_new(tests, o) == -1)
			goto nomem;
	}

	if (passed == n && n == 1)
		buf_puts(&head, "The test passed.\n\n");
	else if (passed == n)
		buf_printf(&head, "All %zu tests passed.\n\n", n);
	else
		buf_printf(&head, "%zu of %zu test%s passed%s.\n\n", passed, n,
		    n == 1 ? "" : "s", g->opt.all_or_nothing ?
		    " (all must pass to score)" : "");
	buf_add(&head, rep.data ? rep.data : "", rep.len);
	tester_report_warnings(&head, g->cmsg);
	if (rep.oom || (report = buf_steal(&head)) == NULL)
		goto nomem;
	buf_free(&rep);
	out->status = g->verdict;
	if (g->opt.all_or_nothing)
		out->score = passed == n ? 1 : 0;
	else
		out->score = (double)passed / (double)n;
	out->report = report;
	out->tests = tests;
	return TESTER_DONE;
nomem:
	errmsg_set(g->log, g->loglen, "stdio: out of memory");
	buf_free(&rep);
	buf_free(&head);
	json_decref(tests);
	return -1;
}

int
tester_stdio(const struct tester_env *env, struct grade_result *out, char *log,
    size_t loglen)
{
	struct stdio_grading g;
	int rc;

	if ((rc = stdio_prepare(env, &g, log, loglen)) == TESTER_NEXT &&
	    (rc = stdio_compile(&g, out)) == TESTER_NEXT &&
	    (rc = stdio_run(&g)) == TESTER_NEXT)
		rc = stdio_report(&g, out);
	stdio_grading_clear(&g);
	return tester_return(rc, out);
}
