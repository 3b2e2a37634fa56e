/*
 * tester_stdio.c - the stdio tester: whole programs run on each test's
 * standard input, their standard output compared exactly with the expected
 * output.
 *
 * The code is compiled once; then every test runs, even after a failure, so
 * that the report lists each one. The verdict is the worst test's label and
 * the score the fraction of tests passed. The report shows a failed public
 * test's input, expected and obtained output (and error output); of a
 * private test it says only whether it passed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tester.h"
#include "textbuf.h"

/* How much of a test's data is shown in the report and kept in the result. */
#define SHOW_BYTES 2048
#define SHOW_LINES 40
#define KEEP_BYTES 4096

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
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

/* One line on how GOT differs from EXPECTED; the line number only for a
 * public test (it says something about private data). */
static void
describe_difference(const struct spec_test *t, const char *got, size_t glen,
    char *msg, size_t len)
{
	size_t i = 0, line = 1;

	if (same_words(t->output, t->output_len, got, glen)) {
		snprintf(msg, len, "the output differs from the expected output only in"
		    " white space");
		return;
	}
	if (!t->public) {
		snprintf(msg, len, "the output differs from the expected output");
		return;
	}
	while (i < t->output_len && i < glen && t->output[i] == got[i])
		if (got[i++] == '\n')
			line++;
	snprintf(msg, len, "the output differs from the expected output from line %zu",
	    line);
}

/* T's name on one line, valid UTF-8 (malloc'd), or NULL on ENOMEM. */
static char *
test_name(const struct spec_test *t)
{
	const char *n = t->name != NULL ? t->name : "";
	char *c = textbuf_clean(n, strlen(n), 200, 0, NULL);

	for (char *p = c; p != NULL && *p != '\0'; p++)
		if ((unsigned char)*p < ' ')
			*p = ' ';
	return c;
}

/* Is R's output exactly T's expected output? */
static int
same_output(const struct spec_test *t, const struct jail_result *r)
{
	return r->out_len == t->output_len && (t->output_len == 0 ||
	    memcmp(r->out, t->output, t->output_len) == 0);
}

/* A JSON string of untrusted bytes, cleaned and trimmed; NULL on ENOMEM. */
static json_t *
json_text(const char *s, size_t n)
{
	size_t used = 0;
	char *c = textbuf_clean(s, n, KEEP_BYTES, 0, &used);
	struct textbuf t;
	json_t *j;

	if (c == NULL)
		return NULL;
	textbuf_init(&t);
	textbuf_puts(&t, c);
	free(c);
	if (used < n)
		textbuf_printf(&t, "\n[... %zu more bytes not shown]", n - used);
	if ((c = textbuf_finish(&t)) == NULL)
		return NULL;
	j = json_string(c);
	free(c);
	return j;
}

/* Sets KEY of O to NEW (a new reference, may be NULL). Returns 0 or -1. */
static int
set(json_t *o, const char *key, json_t *new)
{
	return new == NULL ? -1 : json_object_set_new(o, key, new);
}

/*
 * The result's entry for test T, which ended with label L and message MSG,
 * after the run R (NULL when the test was not run: no data then). NULL on
 * ENOMEM.
 */
static json_t *
test_json(const struct spec_test *t, enum label l, const char *msg,
    const struct jail_result *r)
{
	json_t *o = json_object();
	char *name = test_name(t);

	if (o == NULL || name == NULL ||
	    set(o, "name", json_string(name)) == -1 ||
	    set(o, "public", json_boolean(t->public)) == -1 ||
	    set(o, "passed", json_boolean(l == LABEL_ACCEPTED)) == -1 ||
	    set(o, "status", json_string(label_name(l))) == -1)
		goto err;
	if (l != LABEL_ACCEPTED && set(o, "message", json_string(msg)) == -1)
		goto err;
	if (l != LABEL_ACCEPTED && r != NULL &&
	    (set(o, "input", json_text(t->input, t->input_len)) == -1 ||
	    set(o, "expected", json_text(t->output, t->output_len)) == -1 ||
	    set(o, "got", json_text(r->out, r->out_len)) == -1))
		goto err;
	free(name);
	return o;
err:
	free(name);
	json_decref(o);
	return NULL;
}

/* The report's lines about test T (a public one shows its data). */
static void
report_test(struct textbuf *rep, const struct jail_box *box,
    const struct spec_test *t, enum label l, const char *msg,
    const struct jail_result *r)
{
	char *name = test_name(t);

	if (name == NULL) {
		rep->failed = 1;
		return;
	}
	if (l == LABEL_ACCEPTED) {
		textbuf_printf(rep, "%s: passed\n", name);
		goto out;
	}
	if (!t->public) {
		textbuf_printf(rep, "%s: failed\n", name);
		goto out;
	}
	textbuf_printf(rep, "%s: %s: %s\n", name, label_name(l), msg);
	textbuf_puts(rep, "  input:\n");
	textbuf_block(rep, t->input, t->input_len, SHOW_BYTES, SHOW_LINES, "    ");
	textbuf_puts(rep, "  expected output:\n");
	textbuf_block(rep, t->output, t->output_len, SHOW_BYTES, SHOW_LINES, "    ");
	textbuf_puts(rep, "  your output:\n");
	textbuf_block(rep, r->out, r->out_len, SHOW_BYTES, SHOW_LINES, "    ");
	if (r->err_len > 0) {
		char *e = tester_stderr(box, r->err, r->err_len, SHOW_BYTES);

		if (e == NULL) {
			rep->failed = 1;
			goto out;
		}
		textbuf_puts(rep, "  error output:\n");
		/* Already trimmed, keeping its end. */
		textbuf_block(rep, e, strlen(e), 0, 0, "    ");
		free(e);
	}
out:
	free(name);
}

/* The result of a submission that did not compile. */
static int
not_compiled(const struct spec *spec, const char *cmsg, struct result *out)
{
	struct textbuf rep;
	json_t *tests = json_array();

	textbuf_init(&rep);
	if (tests == NULL)
		return -1;
	textbuf_puts(&rep, "Your program did not compile:\n\n");
	textbuf_puts(&rep, cmsg);
	for (size_t i = 0; i < spec->ntests; i++) {
		json_t *o = test_json(&spec->tests[i], LABEL_COMPILE_ERROR,
		    "not run: the program did not compile", NULL);

		if (o == NULL || json_array_append_new(tests, o) == -1)
			goto err;
	}
	if ((out->report = textbuf_finish(&rep)) == NULL)
		goto err;
	out->status = LABEL_COMPILE_ERROR;
	out->score = 0;
	out->tests = tests;
	return 0;
err:
	textbuf_free(&rep);
	json_decref(tests);
	return -1;
}

int
tester_stdio(const struct tester_env *env, struct result *out, char *log,
    size_t loglen)
{
	const struct spec *spec = env->spec;
	struct jail_limits lim;
	struct jail_config jc;
	struct textbuf rep, head;
	json_t *tests = NULL;
	struct jail_box *box = NULL;
	char *cmsg = NULL, *report = NULL;
	enum label verdict = LABEL_ACCEPTED;
	size_t passed = 0;
	int rc = -1, c;

	textbuf_init(&rep);
	textbuf_init(&head);
	if (spec->ntests == 0) {
		seterr(log, loglen, "stdio: the exercise %s has no tests",
		    spec->id ? spec->id : "?");
		return -1;
	}
	lang_run_limits(env->lang, &spec->limits, &lim);
	if (jail_box_create(env->cfg->box_root, env->cfg->slot, &box, log,
	    loglen) == -1)
		goto out;
	if ((c = tester_compile(env, box, &cmsg, log, loglen)) == -1)
		goto out;
	if (c == TESTER_NOT_COMPILED) {
		if (not_compiled(spec, cmsg, out) == -1)
			goto nomem;
		rc = 0;
		goto out;
	}

	if ((tests = json_array()) == NULL)
		goto nomem;
	memset(&jc, 0, sizeof(jc));
	jc.box = box->path;
	jc.writable = 0;
	jc.uid = env->uid;
	jc.gid = env->gid;
	jc.argv = env->lang->run;
	jc.limits = lim;
	jc.profile = env->lang->run_profile;
	for (size_t i = 0; i < spec->ntests; i++) {
		const struct spec_test *t = &spec->tests[i];
		struct jail_result r;
		char msg[512];
		enum label l;
		json_t *o;

		jc.input = t->input;
		jc.input_len = t->input_len;
		if (jail_run(&jc, &r, msg, sizeof(msg)) == -1) {
			seterr(log, loglen, "stdio: test %zu: %s", i + 1, msg);
			jail_result_clear(&r);
			goto out;
		}
		l = tester_judge(env, &r, &lim, msg, sizeof(msg));
		if (l == LABEL_ACCEPTED && !same_output(t, &r)) {
			l = LABEL_WRONG_ANSWER;
			describe_difference(t, r.out, r.out_len, msg, sizeof(msg));
		}
		if (l == LABEL_ACCEPTED)
			passed++;
		verdict = label_worse(verdict, l);
		report_test(&rep, box, t, l, msg, &r);
		o = test_json(t, l, msg, &r);
		jail_result_clear(&r);
		if (o == NULL || json_array_append_new(tests, o) == -1)
			goto nomem;
	}

	if (passed == spec->ntests)
		textbuf_printf(&head, "All %zu test%s passed.\n\n", spec->ntests,
		    spec->ntests == 1 ? "" : "s");
	else
		textbuf_printf(&head, "%zu of %zu test%s passed.\n\n", passed,
		    spec->ntests, spec->ntests == 1 ? "" : "s");
	textbuf_add(&head, rep.s ? rep.s : "", rep.len);
	if (cmsg != NULL) {
		textbuf_puts(&head, "\nThe compiler's warnings:\n\n");
		textbuf_puts(&head, cmsg);
	}
	if (rep.failed || (report = textbuf_finish(&head)) == NULL)
		goto nomem;
	out->status = verdict;
	out->score = (double)passed / (double)spec->ntests;
	out->report = report;
	out->tests = tests;
	tests = NULL;
	rc = 0;
	goto out;
nomem:
	seterr(log, loglen, "stdio: out of memory");
out:
	/* A box that cannot be removed now is removed by the slot's next
	 * jail_box_create(); the grading itself is done. */
	(void)jail_box_free(box, NULL, 0);
	free(cmsg);
	textbuf_free(&rep);
	textbuf_free(&head);
	json_decref(tests);
	return rc;
}
