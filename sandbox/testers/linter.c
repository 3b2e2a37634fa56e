/*
 * linter.c - the static checkers the doctest tester may run on the
 * student's module before its examples; see linter.h.
 *
 * mypy (Debian's package mypy, run by the system's interpreter as
 * `python3 -I -m mypy`): started in the jail with the compile step's limits
 * (it takes about 0.75 s and 80 MB for a small module, most of it reading
 * the standard library's stubs), --cache-dir=/dev/null so that it writes
 * nothing (no cache survives a grading: there is none), the author's
 * linter-args, then main.py. Its exit status says what it found: 0 nothing,
 * 1 problems (its standard output, one "main.py:LINE: error: ..." line
 * each, is the student's CompileError), 2 its own failure (bad arguments,
 * a crash: logged, MiscError). What the student's code can do here: be
 * read by mypy, which runs none of it (no plugin: the box holds no
 * configuration file, and the arguments are the author's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/testers/linter.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/errmsg.h"

#define LINTER_ARGS_MAX 32

static const struct {
	const char *name;
	const char *installed;		/* a file of the package, on the host */
	const char *package;		/* Debian's */
	const char *argv[8];		/* before the author's arguments */
} linters[] = {
	{ "mypy", "/usr/lib/python3/dist-packages/mypy/__init__.py", "mypy",
	  { "/usr/bin/python3", "-I", "-m", "mypy", "--cache-dir=/dev/null",
	    "--no-color-output", NULL } },
};

int
linter_known(const char *name)
{
	for (size_t i = 0; i < sizeof(linters) / sizeof(*linters); i++)
		if (strcmp(linters[i].name, name) == 0)
			return 1;
	return 0;
}

/* The argv of linter I with the author's ARGS, then main.py, in ARGV (room
 * for 8 + LINTER_ARGS_MAX + 2). -1 when ARGS is malformed or too long. */
static int
linter_argv(size_t i, const json_t *args, const char **argv)
{
	size_t n = 0, k;
	const json_t *a;

	while (linters[i].argv[n] != NULL) {
		argv[n] = linters[i].argv[n];
		n++;
	}
	if (args != NULL && (!json_is_array(args) ||
	    json_array_size(args) > LINTER_ARGS_MAX))
		return -1;
	json_array_foreach(args, k, a) {
		if (!json_is_string(a))
			return -1;
		argv[n++] = json_string_value(a);
	}
	argv[n++] = "main.py";
	argv[n] = NULL;
	return 0;
}

/* The student's CompileError from what the linter printed in R. */
static int
linter_complaint(const char *name, struct jail_box *box, const struct jail_result *r,
    const char *why, struct grade_result *out)
{
	struct buf head;
	char *msg = tester_stderr(box, r->out ? r->out : "", r->out_len,
	    TESTER_MESSAGE_BYTES);
	int rc;

	buf_init(&head);
	if (why != NULL)
		buf_printf(&head, "The linter (%s) did not finish checking your module:"
		    " %s.\n\n", name, why);
	else
		buf_printf(&head, "The linter (%s) found problems in your module:\n\n",
		    name);
	if (msg == NULL || head.oom) {
		free(msg);
		buf_free(&head);
		return -1;
	}
	rc = tester_not_compiled(out, head.data, msg);
	free(msg);
	buf_free(&head);
	return rc;
}

int
linter_run(const struct tester_env *env, struct jail_box *box, const json_t *opts,
    struct grade_result *out, char *log, size_t loglen)
{
	const char *name = json_string_value(json_object_get(opts, "name"));
	const char *argv[8 + LINTER_ARGS_MAX + 2];
	const struct lang *py = lang_find("python");
	struct jail_config jc;
	struct jail_result r;
	char msg[256];
	size_t i;
	int rc = -1;

	for (i = 0; name != NULL && i < sizeof(linters) / sizeof(*linters); i++)
		if (strcmp(linters[i].name, name) == 0)
			break;
	if (name == NULL || i == sizeof(linters) / sizeof(*linters) || py == NULL) {
		errmsg_set(log, loglen, "linter: %s: not a linter this grader knows",
		    name ? name : "(none)");
		return -1;
	}
	if (access(linters[i].installed, R_OK) != 0) {
		errmsg_set(log, loglen, "linter: %s is not installed on this grader"
		    " (Debian's package %s)", name, linters[i].package);
		return -1;
	}
	if (linter_argv(i, json_object_get(opts, "args"), argv) == -1) {
		errmsg_set(log, loglen, "linter: %s: its arguments must be a list of at"
		    " most %d texts", name, LINTER_ARGS_MAX);
		return -1;
	}
	memset(&r, 0, sizeof(r));
	tester_jail_config(env, box, &jc);
	jc.argv = (char *const *)argv;
	jc.limits = py->compile_limits;
	jc.profile = JAIL_PROFILE_PYTHON;
	if (jail_box_run(box, &jc, &r, msg, sizeof(msg)) == -1) {
		errmsg_set(log, loglen, "linter: %s: %s", name, msg);
		goto out;
	}
	if (r.status == JAIL_EXITED && r.code == 0) {
		rc = TESTER_NEXT;
	} else if (r.status == JAIL_EXITED && r.code == 1) {
		if (linter_complaint(name, box, &r, NULL, out) == -1)
			errmsg_set(log, loglen, "linter: out of memory");
		else
			rc = TESTER_DONE;
	} else if (r.status == JAIL_EXITED) {
		errmsg_set(log, loglen, "linter: %s exited with status %d: %.300s%.300s",
		    name, r.code, r.out ? r.out : "", r.err ? r.err : "");
	} else {
		(void)tester_judge(env, &r, &jc.limits, msg, sizeof(msg));
		if (linter_complaint(name, box, &r, msg, out) == -1)
			errmsg_set(log, loglen, "linter: out of memory");
		else
			rc = TESTER_DONE;
	}
out:
	jail_result_clear(&r);
	return rc;
}
