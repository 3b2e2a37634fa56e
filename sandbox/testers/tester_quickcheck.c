/*
 * tester_quickcheck.c - the quickcheck tester: the student's C functions
 * against the author's properties (qc.h is the library and says how it
 * works; this file is the grader's side).
 *
 * Spec options (sitegen/exercise.c writes them):
 *   "properties": {"file": "strong.c", "text": "..."}	the property file
 *   "max_success" (100), "max_size" (100), "max_discard_ratio" (10),
 *   "timeout_ms" (200): the limit of one call of the function,
 *   "seed": absent, a random seed per submission (printed in the report).
 *
 * One box, two or three jail runs; nothing of the author's is in the box
 * while the student's code is compiled or runs:
 *   1. gcc -shared main.c -o student.so (the student's code alone, -O2
 *      -fPIC, every name defined, no traps on paths that divide by zero: a
 *      crash says SIGFPE, not SIGILL): its errors, and a function it calls
 *      and does not define, are a CompileError, its warnings are shown
 *      after the report; the box holds main.c, qc.h and the two programs;
 *   2. the property file FILE.c and qc-child.o put in the box, and gcc
 *      -shared FILE.c qc-child.o -o prop.so (-w: its warnings are the
 *      author's business); a failure is the author's (MiscError, logged,
 *      never shown: it may quote the property file). prop.so is then read
 *      into memory and FILE.c, qc-child.o and prop.so removed from the box.
 *      The object is kept for the next gradings of the same property file
 *      (a few, in this process): then this run is not needed;
 *   3. ./qc-runner ... --student ./student.so -, prop.so on its standard
 *      input (held in memory there), under the jail's qc profile: the
 *      properties run in the runner's children, the student's functions in
 *      a process of their own (qc-callee, with nothing of the author's and
 *      a stricter filter; sandbox/qc/qc.h says how), and
 *      qc_report_parse() reads the report.
 * qc-runner, qc-callee and qc-child.o come from qc_embed.c: the grader
 * needs no files. tester_quickcheck(), at the end, is the phases in order:
 * prepare (the options, the box), compile (1), properties (2), run (3),
 * judge (the report).
 *
 * Limits: the exercise's memory applies to the run (the runner, its
 * children and the student's code together); the time one call may take
 * is options.timeout_ms; the runner gives itself RUNNER_TOTAL_MS for all
 * the properties, within a jail of 10 s of CPU and RUNNER_WALL_MS of wall
 * time; the exercise's cpu and wall limits do not apply.
 *
 * Labels: Accepted when every property passed; WrongAnswer when one failed
 * (falsified, crashed, hung, exited, flaky: the report says which, in
 * Codex's words, with the seed); MiscError when the runner reports an
 * author error (or gave up for too many rejected inputs) or fails, or its
 * report cannot be read; RuntimeError when the function made a forbidden
 * system call (the jail ends the whole box); MemoryLimitExceeded when the
 * box's memory ran out and the runner could not report. A student's
 * function the properties call and the code does not define is a
 * CompileError. Score 1 or 0. The tests array has one entry per property.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "sandbox/qc/qc_embed.h"
#include "sandbox/qc/qc_report.h"
#include "sandbox/testers/tester.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"
#include "sandbox/util/errmsg.h"

#define DEFAULT_MAX_SUCCESS	100
#define DEFAULT_MAX_SIZE	100
#define DEFAULT_DISCARD_RATIO	10
#define DEFAULT_TIMEOUT_MS	200
#define MAX_TIMEOUT_MS		5000
/* The runner's own budget, and the jail's limits around it. */
#define RUNNER_TOTAL_MS		8000
#define RUNNER_WALL_MS		15000
#define RUNNER_PROCESSES	16
#define RUNNER_OUTPUT_KIB	1024

/* How much of each text a student sees. */
#define SHOW_BYTES		4096
#define SHOW_LINES		60

struct options {
	const char *file;	/* the property file's name */
	const char *text;
	size_t text_len;
	unsigned max_success, max_size, max_discard_ratio, timeout_ms;
	unsigned long long seed;
	char source[64];	/* its name in the box */
	/* The run's memory limit and the box's peak, for the report. */
	unsigned memory_kib;
	unsigned long peak_kib;
};

/* A whole number option KEY in [MIN, MAX], DFLT when absent. */
static int
number_option(const json_t *o, const char *key, unsigned long long min,
    unsigned long long max, unsigned long long dflt, unsigned long long *out,
    char *log, size_t loglen)
{
	json_t *v = json_object_get(o, key);

	*out = dflt;
	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (unsigned long long)json_integer_value(v) < min ||
	    (unsigned long long)json_integer_value(v) > max) {
		errmsg_set(log, loglen, "quickcheck: option %s must be a whole number"
		    " from %llu to %llu", key, min, max);
		return -1;
	}
	*out = (unsigned long long)json_integer_value(v);
	return 0;
}

/* Is NAME fit to be the property file's name in the box? */
static int
plain_c_name(const char *name)
{
	size_t n = strlen(name);

	if (n < 3 || n >= 60 || strcmp(name + n - 2, ".c") != 0 ||
	    strcmp(name, "main.c") == 0 || strncmp(name, "qc", 2) == 0)
		return 0;
	for (const char *p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    (*p == '.' && p != name)))
			return 0;
	return 1;
}

static int
read_options(const struct spec *spec, struct options *o, char *log, size_t loglen)
{
	const json_t *opts = spec->options, *props, *v;
	unsigned long long x;

	memset(o, 0, sizeof(*o));
	props = json_object_get(opts, "properties");
	v = json_object_get(props, "text");
	if (!json_is_object(props) || !json_is_string(v)) {
		errmsg_set(log, loglen, "quickcheck: the spec of %s has no property"
		    " file (options.properties.text)", spec->id ? spec->id : "?");
		return -1;
	}
	o->text = json_string_value(v);
	o->text_len = json_string_length(v);
	v = json_object_get(props, "file");
	o->file = json_is_string(v) ? json_string_value(v) : "properties.c";
	if (strrchr(o->file, '/') != NULL)
		o->file = strrchr(o->file, '/') + 1;
	snprintf(o->source, sizeof(o->source), "%s",
	    plain_c_name(o->file) ? o->file : "properties.c");
	if (number_option(opts, "max_success", 1, 1000000, DEFAULT_MAX_SUCCESS, &x,
	    log, loglen) == -1)
		return -1;
	o->max_success = (unsigned)x;
	if (number_option(opts, "max_size", 0, 1000000, DEFAULT_MAX_SIZE, &x, log,
	    loglen) == -1)
		return -1;
	o->max_size = (unsigned)x;
	if (number_option(opts, "max_discard_ratio", 1, 1000, DEFAULT_DISCARD_RATIO,
	    &x, log, loglen) == -1)
		return -1;
	o->max_discard_ratio = (unsigned)x;
	if (number_option(opts, "timeout_ms", 1, MAX_TIMEOUT_MS, DEFAULT_TIMEOUT_MS,
	    &x, log, loglen) == -1)
		return -1;
	o->timeout_ms = (unsigned)x;
	if (json_object_get(opts, "seed") != NULL) {
		if (number_option(opts, "seed", 0, (1ULL << 63) - 1, 0, &o->seed, log,
		    loglen) == -1)
			return -1;
	} else {
		uint32_t r;

		/* A small number, easy to copy into the exercise's seed: */
		if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
			errmsg_set(log, loglen, "quickcheck: getrandom: %s",
			    strerror(errno));
			return -1;
		}
		o->seed = r;
	}
	return 0;
}

/* ---- The report --------------------------------------------------------- */

/* Untrusted text for the student: valid UTF-8, trimmed. NULL on ENOMEM. */
static char *
clean(const char *s)
{
	size_t used = 0, n = s ? strlen(s) : 0;
	struct buf t;
	char *c;

	if ((c = clean_text(s ? s : "", n, SHOW_BYTES, SHOW_LINES, &used)) == NULL)
		return NULL;
	if (used == n)
		return c;
	buf_init(&t);
	buf_puts(&t, c);
	free(c);
	buf_puts(&t, " [...]");
	return buf_steal(&t);
}

/* Adds each line of untrusted S, indented with a tab. */
static void
put_lines(struct buf *t, const char *s)
{
	char *c = clean(s);
	const char *p, *nl;

	if (c == NULL) {
		t->oom = 1;
		return;
	}
	for (p = c; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		buf_puts(t, "\t");
		buf_add(t, p, (size_t)(nl - p));
		buf_puts(t, "\n");
		if (*nl == '\0')
			break;
	}
	free(c);
}

/* "SIGSEGV (invalid memory access)" into BUF. */
static const char *
signal_text(int sig, char *buf, size_t len)
{
	const char *name = jail_signal_name(sig), *what = jail_signal_meaning(sig);

	if (name == NULL)
		snprintf(buf, len, "signal %d", sig);
	else if (what == NULL || what[0] == '\0')
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%s (%s)", name, what);
	return buf;
}

/* What happened to property P, in a few words: "Falsified", "Crashed with
 * SIGSEGV (invalid memory access)"... */
static void
headline(const struct qc_report_prop *p, unsigned timeout_ms, char *buf, size_t len)
{
	char sig[96];

	switch (p->result) {
	case QC_RES_FALSIFIED:
		snprintf(buf, len, "Falsified");
		break;
	case QC_RES_CRASHED:
		if (p->signal == 0)
			snprintf(buf, len, "Broke the test harness");
		else
			snprintf(buf, len, "Crashed with %s", signal_text(p->signal, sig,
			    sizeof(sig)));
		break;
	case QC_RES_HUNG:
		snprintf(buf, len, "Did not return within %u ms",
		    p->timeout_ms ? p->timeout_ms : timeout_ms);
		break;
	case QC_RES_EXITED:
		snprintf(buf, len, "Exited with status %d instead of returning", p->code);
		break;
	case QC_RES_FLAKY:
		snprintf(buf, len, "Failed, but not when tested again");
		break;
	default:
		snprintf(buf, len, "Not tested");
		break;
	}
}

/* When shrinking stopped at its budget: the input shown may not be the
 * smallest, and the student must not take it for the simplest case. */
static const char *
stopped_text(const struct qc_report_prop *p)
{
	if (p->shrinks == 0)
		return "Shrinking stopped at its limit before it found a smaller"
		    " input: this is the input first found, not necessarily the"
		    " smallest.";
	return "Shrinking stopped at its limit: this input is smaller than the"
	    " one first found, but not necessarily the smallest.";
}

/* The Codex-style lines of failed property P. */
static void
report_failure(struct buf *t, const struct qc_report_prop *p,
    const struct options *o)
{
	unsigned timeout_ms = o->timeout_ms;
	char head[160];
	char *call = clean(p->call && p->call[0] ? p->call : p->name);

	headline(p, timeout_ms, head, sizeof(head));
	if (p->result == QC_RES_FLAKY)
		buf_printf(t, "*** Failed! (after %u test%s): this input failed among"
		    " the others, but not when it was tested again alone. Does your"
		    " function keep something from one call to the next (a static"
		    " variable, memory it does not own)?\n", p->tests,
		    p->tests == 1 ? "" : "s");
	else if (p->shrinks == 0)
		buf_printf(t, "*** Failed! %s (after %u test%s):\n", head, p->tests,
		    p->tests == 1 ? "" : "s");
	else
		buf_printf(t, "*** Failed! %s (after %u test%s and %u shrink%s):\n",
		    head, p->tests, p->tests == 1 ? "" : "s", p->shrinks,
		    p->shrinks == 1 ? "" : "s");
	if (p->result != QC_RES_FLAKY && p->shrink_stopped)
		buf_printf(t, "%s\n", stopped_text(p));
	if (call == NULL) {
		t->oom = 1;
		return;
	}
	if (p->input != NULL) {
		buf_printf(t, "Testing %s with:\n", call);
		put_lines(t, p->input);
	} else {
		buf_printf(t, "Testing %s\n", call);
	}
	free(call);
	if (p->expected != NULL) {
		buf_puts(t, "Expected:\n");
		put_lines(t, p->expected);
	}
	if (p->got != NULL) {
		buf_puts(t, "Got:\n");
		put_lines(t, p->got);
	}
	if (p->message != NULL && p->result != QC_RES_FLAKY) {
		char *m = clean(p->message);

		if (m == NULL) {
			t->oom = 1;
			return;
		}
		/* "the function modified pw, ...": a sentence of its own. */
		if (m[0] >= 'a' && m[0] <= 'z')
			m[0] = (char)(m[0] - 'a' + 'A');
		buf_printf(t, "%s%s\n", m, m[0] && strchr(".!?", m[strlen(m) - 1]) ?
		    "" : ".");
		free(m);
	}
	if (p->fault != NULL) {
		char *m = clean(p->fault);

		if (m == NULL) {
			t->oom = 1;
			return;
		}
		buf_printf(t, "The function %s.\n", m);
		free(m);
	}
	if (p->result == QC_RES_CRASHED && p->signal == SIGKILL &&
	    o->memory_kib > 0 && o->peak_kib * 10 >= (unsigned long)o->memory_kib * 9) {
		char a[32];

		/* The student's process is the memory killer's first choice. */
		buf_printf(t, "The function was killed when the tests' memory ran out"
		    " (the limit is %s): does it allocate without end?\n",
		    tester_kib(o->memory_kib, a, sizeof(a)));
	}
	if (p->note != NULL)
		put_lines(t, p->note);
	if (p->output != NULL) {
		buf_puts(t, "Your function printed:\n");
		clean_block(t, p->output, strlen(p->output), SHOW_BYTES, SHOW_LINES, "\t");
	}
}

/* A JSON string of untrusted S (may be NULL: nothing set). */
static int
set_text(json_t *o, const char *key, const char *s)
{
	char *c;
	int rc;

	if (s == NULL)
		return 0;
	if ((c = clean(s)) == NULL)
		return -1;
	rc = tester_json_set(o, key, json_string(c));
	free(c);
	return rc;
}

/* The tests entry of property P. */
static json_t *
test_entry(const struct qc_report_prop *p, enum label l, unsigned timeout_ms)
{
	json_t *o = json_object();
	char head[160], msg[384];

	if (o == NULL || set_text(o, "name", p->name) == -1 ||
	    tester_json_set(o, "public", json_true()) == -1 ||
	    tester_json_set(o, "passed", json_boolean(l == LABEL_ACCEPTED)) == -1 ||
	    tester_json_set(o, "status", json_string(label_name(l))) == -1)
		goto err;
	if (l == LABEL_WRONG_ANSWER) {
		headline(p, timeout_ms, head, sizeof(head));
		if (p->shrinks == 0)
			snprintf(msg, sizeof(msg), "%s after %u test%s", head, p->tests,
			    p->tests == 1 ? "" : "s");
		else
			snprintf(msg, sizeof(msg), "%s after %u test%s and %u shrink%s",
			    head, p->tests, p->tests == 1 ? "" : "s", p->shrinks,
			    p->shrinks == 1 ? "" : "s");
		if (p->result != QC_RES_FLAKY && p->shrink_stopped) {
			size_t n = strlen(msg);

			snprintf(msg + n, sizeof(msg) - n, " (shrinking stopped at its"
			    " limit: not necessarily the smallest input)");
		}
		if (tester_json_set(o, "message", json_string(msg)) == -1 ||
		    set_text(o, "input", p->input) == -1 ||
		    set_text(o, "expected", p->expected) == -1 ||
		    set_text(o, "got", p->got) == -1)
			goto err;
	}
	return o;
err:
	json_decref(o);
	return NULL;
}

/*
 * The result from the runner's report REP. A property's author error makes
 * the whole grading a MiscError: returns 1 with the reason in LOG.
 * Returns 0 when OUT is filled, -1 on ENOMEM.
 */
static int
judge(const struct options *o, const struct qc_report *rep, const char *cwarn,
    struct grade_result *out, char *log, size_t loglen)
{
	struct buf t;
	json_t *tests = json_array();
	size_t failed = 0;

	for (size_t i = 0; i < rep->nprops; i++)
		if (rep->props[i].result == QC_RES_ERROR) {
			const struct qc_report_prop *p = &rep->props[i];

			errmsg_set(log, loglen, "quickcheck: the property %.100s of"
			    " %.100s: %.400s", p->name, o->file,
			    p->message ? p->message : "an error");
			json_decref(tests);
			return 1;
		}
	if (tests == NULL)
		return -1;
	buf_init(&t);
	for (size_t i = 0; i < rep->nprops; i++)
		failed += rep->props[i].result != QC_RES_PASSED;
	if (failed == 0)
		buf_printf(&t, "All %zu propert%s passed.\n\n", rep->nprops,
		    rep->nprops == 1 ? "y" : "ies");
	else
		buf_printf(&t, "%zu of %zu propert%s failed.\n\n", failed,
		    rep->nprops, rep->nprops == 1 ? "y" : "ies");
	for (size_t i = 0; i < rep->nprops; i++) {
		const struct qc_report_prop *p = &rep->props[i];
		enum label l = p->result == QC_RES_PASSED ? LABEL_ACCEPTED :
		    LABEL_WRONG_ANSWER;
		char *name = clean(p->name);
		json_t *e;

		if (name == NULL)
			goto nomem;
		if (l == LABEL_ACCEPTED) {
			buf_printf(&t, "%s: +++ OK, passed %u test%s.\n", name,
			    p->tests, p->tests == 1 ? "" : "s");
		} else {
			buf_printf(&t, "%s:\n", name);
			report_failure(&t, p, o);
		}
		buf_puts(&t, "\n");
		free(name);
		if ((e = test_entry(p, l, o->timeout_ms)) == NULL ||
		    json_array_append_new(tests, e) == -1)
			goto nomem;
	}
	buf_printf(&t, "Seed: %llu (the same seed replays the same tests).\n",
	    rep->seed);
	if (cwarn != NULL) {
		buf_puts(&t, "\nThe compiler's warnings:\n\n");
		buf_puts(&t, cwarn);
	}
	if ((out->report = buf_steal(&t)) == NULL)
		goto nomem;
	out->status = failed ? LABEL_WRONG_ANSWER : LABEL_ACCEPTED;
	out->score = failed ? 0 : 1;
	out->tests = tests;
	return 0;
nomem:
	buf_free(&t);
	json_decref(tests);
	return -1;
}

/* ---- The tester ------------------------------------------------------------ */

/* One grading: what the phases of the quickcheck tester share. */
struct quickcheck_grading {
	const struct tester_env *env;
	const struct lang *c;	/* the compiler's language */
	struct options o;
	struct jail_box *box;
	struct jail_result r;	/* of the last run */
	struct qc_report rep;	/* the runner's report */
	char *cwarn;		/* the compiler's warnings on the student's code */
	char *object;		/* prop.so, taken out of the box */
	size_t object_len;
	char *log;
	size_t loglen;
};

/* Frees what a grading holds, and removes its box. */
static void
quickcheck_grading_clear(struct quickcheck_grading *qg)
{
	(void)jail_box_free(qg->box, NULL, 0);
	jail_result_clear(&qg->r);
	qc_report_free(&qg->rep);
	free(qg->cwarn);
	free(qg->object);
}

/*
 * Prepare: the language checked, the options read, the box made with the
 * student's code and the library's public files (qc.h, qc-runner,
 * qc-callee); the property file comes later (quickcheck_properties()).
 */
static int
quickcheck_prepare(const struct tester_env *env, struct quickcheck_grading *qg,
    char *log, size_t loglen)
{
	struct tester_file files[] = {
		{ "main.c", env->sub->code, env->sub->code_len, 0644 },
		{ "qc.h", qc_embed_header, qc_embed_header_len, 0644 },
		{ "qc-runner", qc_embed_runner, qc_embed_runner_len, 0755 },
		{ "qc-callee", qc_embed_callee, qc_embed_callee_len, 0755 },
	};

	memset(qg, 0, sizeof(*qg));
	qg->env = env;
	qg->c = lang_find("c");
	qg->log = log;
	qg->loglen = loglen;
	if (qg->c == NULL) {
		errmsg_set(log, loglen, "quickcheck: this grader has no C compiler");
		return -1;
	}
	if (strcmp(env->lang->name, "c") != 0) {
		errmsg_set(log, loglen, "quickcheck: %s: the quickcheck tester grades"
		    " C only", env->spec->id ? env->spec->id : "?");
		return -1;
	}
	if (read_options(env->spec, &qg->o, log, loglen) == -1)
		return -1;
	if (tester_box_create(env, files, sizeof(files) / sizeof(*files), &qg->box,
	    log, loglen) == -1)
		return -1;
	return TESTER_NEXT;
}

/* Runs the compiler with ARGV in the box, into QG->r. 0, or -1 with LOG. */
static int
run_compiler(struct quickcheck_grading *qg, char *const *argv)
{
	struct jail_config jc;
	char msg[256];

	jail_result_clear(&qg->r);
	tester_jail_config(qg->env, qg->box, &jc);
	jc.writable = 1;
	jc.argv = argv;
	jc.limits = qg->c->compile_limits;
	jc.profile = qg->c->compile_profile;
	if (jail_box_run(qg->box, &jc, &qg->r, msg, sizeof(msg)) == -1) {
		errmsg_set(qg->log, qg->loglen, "quickcheck: compiling: %s", msg);
		return -1;
	}
	return 0;
}

/* Did the compiler run to its end and succeed? */
static int
compiled(const struct jail_result *r)
{
	return r->status == JAIL_EXITED && r->code == 0;
}

/* The linker's lines of MSG (a new string). NULL on ENOMEM. */
static char *
linker_lines(const char *msg)
{
	struct buf t;

	buf_init(&t);
	for (const char *p = msg; *p != '\0'; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);

		if (strncmp(p, "ld: ", 4) == 0 || strncmp(p, "collect2: ", 10) == 0 ||
		    ((strstr(p, ": undefined reference to `") != NULL ||
		    strstr(p, ": multiple definition of `") != NULL ||
		    strstr(p, ": first defined here") != NULL) &&
		    (nl == NULL || strstr(p, ": ") < nl)))
			buf_add(&t, p, len);
		p += len;
	}
	if (t.len > 0 && t.data[t.len - 1] != '\n')
		buf_puts(&t, "\n");
	buf_puts(&t, "");
	return buf_steal(&t);
}

/*
 * The CompileError result of code that compiled but does not link, from
 * the linker's message MSG: its lines only, with a word on the likely
 * mistake. TESTER_DONE, or -1 with LOG.
 */
static int
not_linked(struct quickcheck_grading *qg, const char *msg, struct grade_result *out)
{
	struct buf t;
	const char *sym;
	char *lines;
	size_t n;

	if ((lines = linker_lines(msg)) == NULL)
		goto nomem;
	buf_init(&t);
	buf_puts(&t, "Your code compiled, but it could not be linked:\n\n");
	if ((sym = tester_undefined_symbol(lines, &n)) != NULL && n > 0 && n < 128)
		tester_report_undefined(&t, sym, n);
	buf_puts(&t, lines);
	free(lines);
	if (tester_finish(out, LABEL_COMPILE_ERROR, 0, buf_steal(&t), NULL) == -1)
		goto nomem;
	return TESTER_DONE;
nomem:
	errmsg_set(qg->log, qg->loglen, "quickcheck: out of memory");
	return -1;
}

/*
 * Compile: the student's code alone, compiled and linked into student.so
 * (every name it uses defined: -z defs). Its errors, and a link error (a
 * function it calls and does not define), are the CompileError result;
 * its warnings are kept for the report.
 */
static int
quickcheck_compile(struct quickcheck_grading *qg, struct grade_result *out)
{
	/* As the stdio tester compiles, plus -fPIC, and without the traps
	 * (SIGILL) gcc puts on paths it proves divide by zero or dereference
	 * NULL: the report then names the real fault (SIGFPE, SIGSEGV). */
	static char *const cc_student[] = {
		"/usr/bin/gcc", "-std=gnu11", "-O2", "-pipe", "-Wall", "-fPIC",
		"-fno-isolate-erroneous-paths-dereference",
		"-fdiagnostics-color=never", "-shared", "-Wl,-z,defs", "-o",
		"student.so", "main.c", "-lm", NULL
	};
	char *msg, note[256];
	int rc;

	if (run_compiler(qg, cc_student) == -1)
		return -1;
	tester_compiler_note(&qg->r, &qg->c->compile_limits, note, sizeof(note));
	if ((msg = tester_compiler_message(qg->box->path, &qg->r, "student.so",
	    note)) == NULL)
		goto nomem;
	if (!compiled(&qg->r) && qg->r.status == JAIL_EXITED &&
	    strstr(msg, "collect2: error: ld returned") != NULL) {
		rc = not_linked(qg, msg, out);
		free(msg);
		return rc;
	}
	if (!compiled(&qg->r)) {
		rc = tester_not_compiled(out, "Your code did not compile:\n\n", msg);
		free(msg);
		if (rc == -1)
			goto nomem;
		return TESTER_DONE;
	}
	if (msg[0] != '\0')
		qg->cwarn = msg;
	else
		free(msg);
	return TESTER_NEXT;
nomem:
	errmsg_set(qg->log, qg->loglen, "quickcheck: out of memory");
	return -1;
}

/* ---- Compiled property files, kept ------------------------------------- */

/*
 * The objects of the last property files compiled in this process, by
 * their name and text: an exercise's submissions all use the same one, and
 * its compile costs a third of a grading. A slot's text and object are
 * its own copies; the least recently used slot is replaced.
 */
#define KEPT_OBJECTS	8

static struct kept {
	char *key;		/* the name, a NUL, the text */
	size_t key_len;
	char *object;
	size_t object_len;
	unsigned long long used;
} kept[KEPT_OBJECTS];
static unsigned long long kept_clock;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

/* O's key into a new buffer (*LEN bytes). NULL on ENOMEM. */
static char *
kept_key(const struct options *o, size_t *len)
{
	size_t n = strlen(o->source) + 1;
	char *k = malloc(n + o->text_len);

	if (k != NULL) {
		memcpy(k, o->source, n);
		memcpy(k + n, o->text, o->text_len);
	}
	*len = n + o->text_len;
	return k;
}

/* A copy of the kept object of O into QG, if there is one: 1, else 0. */
static int
kept_find(struct quickcheck_grading *qg)
{
	size_t len;
	char *k = kept_key(&qg->o, &len);
	int found = 0;

	if (k == NULL)
		return 0;
	pthread_mutex_lock(&kept_lock);
	for (int i = 0; i < KEPT_OBJECTS && !found; i++) {
		if (kept[i].key == NULL || kept[i].key_len != len ||
		    memcmp(kept[i].key, k, len) != 0)
			continue;
		if ((qg->object = malloc(kept[i].object_len + 1)) != NULL) {
			memcpy(qg->object, kept[i].object, kept[i].object_len);
			qg->object_len = kept[i].object_len;
			kept[i].used = ++kept_clock;
			found = 1;
		}
	}
	pthread_mutex_unlock(&kept_lock);
	free(k);
	return found;
}

/* Keeps QG's object for O's next gradings (silently not, without memory). */
static void
kept_add(struct quickcheck_grading *qg)
{
	struct kept n;
	int slot = 0;

	memset(&n, 0, sizeof(n));
	if ((n.key = kept_key(&qg->o, &n.key_len)) == NULL ||
	    (n.object = malloc(qg->object_len)) == NULL) {
		free(n.key);
		return;
	}
	memcpy(n.object, qg->object, qg->object_len);
	n.object_len = qg->object_len;
	pthread_mutex_lock(&kept_lock);
	for (int i = 1; i < KEPT_OBJECTS; i++)
		if (kept[i].used < kept[slot].used)
			slot = i;
	free(kept[slot].key);
	free(kept[slot].object);
	n.used = ++kept_clock;
	kept[slot] = n;
	pthread_mutex_unlock(&kept_lock);
}

/*
 * Properties: the property file and qc-child.o into the box, compiled into
 * prop.so, which is taken into memory; then none of the three is left in
 * the box. A failure is the author's: MiscError, logged, never shown (it
 * may quote the property file); an undefined name is most likely a
 * student's function called without QC_FUNCTION.
 */
static int
quickcheck_properties(struct quickcheck_grading *qg)
{
	char *argv[16], *msg, note[256], err[256];
	int k = 0, rc = -1;

	if (kept_find(qg))
		return TESTER_NEXT;
	if (jail_box_put(qg->box, qg->o.source, qg->o.text, qg->o.text_len, 0644,
	    err, sizeof(err)) == -1 ||
	    jail_box_put(qg->box, "qc-child.o", qc_embed_child, qc_embed_child_len,
	    0644, err, sizeof(err)) == -1) {
		errmsg_set(qg->log, qg->loglen, "quickcheck: %s", err);
		return -1;
	}
	argv[k++] = "/usr/bin/gcc";
	argv[k++] = "-std=gnu11";
	argv[k++] = "-O2";
	argv[k++] = "-pipe";
	argv[k++] = "-w";
	argv[k++] = "-fPIC";
	argv[k++] = "-shared";
	argv[k++] = "-fdiagnostics-color=never";
	argv[k++] = "-Wl,-Bsymbolic,-z,defs";
	argv[k++] = "-o";
	argv[k++] = "prop.so";
	argv[k++] = qg->o.source;
	argv[k++] = "qc-child.o";
	argv[k++] = "-lm";
	argv[k] = NULL;
	if (run_compiler(qg, argv) == -1)
		goto out;
	if (!compiled(&qg->r)) {
		tester_compiler_note(&qg->r, &qg->c->compile_limits, note,
		    sizeof(note));
		msg = tester_compiler_message(qg->box->path, &qg->r, "prop.so", note);
		errmsg_set(qg->log, qg->loglen, "quickcheck: the property file %s does"
		    " not compile%s: %.900s", qg->o.file, msg != NULL &&
		    strstr(msg, "undefined reference") != NULL ? " (a student's"
		    " function called without QC_FUNCTION?)" : "", msg ? msg : "");
		free(msg);
		goto out;
	}
	if (jail_box_remove(qg->box, "prop.so", &qg->object, &qg->object_len, err,
	    sizeof(err)) == -1) {
		errmsg_set(qg->log, qg->loglen, "quickcheck: %s", err);
		goto out;
	}
	kept_add(qg);
	rc = TESTER_NEXT;
out:
	/* Whatever happened, none of the author's files stays. */
	if (jail_box_remove(qg->box, qg->o.source, NULL, NULL, err,
	    sizeof(err)) == -1 ||
	    jail_box_remove(qg->box, "qc-child.o", NULL, NULL, err,
	    sizeof(err)) == -1 ||
	    jail_box_remove(qg->box, "prop.so", NULL, NULL, err, sizeof(err)) == -1) {
		errmsg_set(qg->log, qg->loglen, "quickcheck: %s", err);
		return -1;
	}
	return rc;
}

/* The runner's arguments for options O into ARGV, the numbers written in
 * NUMS; the student's process may write files of FSIZE_KIB. */
static void
runner_argv(const struct options *o, unsigned fsize_kib, char *argv[24],
    char nums[8][32])
{
	int k = 0;

	argv[k++] = "./qc-runner";
	snprintf(nums[0], 32, "--seed=%llu", o->seed);
	snprintf(nums[1], 32, "--max-success=%u", o->max_success);
	snprintf(nums[2], 32, "--max-size=%u", o->max_size);
	snprintf(nums[3], 32, "--max-discard-ratio=%u", o->max_discard_ratio);
	snprintf(nums[4], 32, "--timeout-ms=%u", o->timeout_ms);
	snprintf(nums[5], 32, "--total-ms=%u", RUNNER_TOTAL_MS);
	snprintf(nums[6], 32, "--student-fsize-kib=%u", fsize_kib);
	for (int i = 0; i < 6; i++)
		argv[k++] = nums[i];
	argv[k++] = "--in-jail";
	argv[k++] = "--student";
	argv[k++] = "./student.so";
	argv[k++] = "--callee";
	argv[k++] = "./qc-callee";
	argv[k++] = nums[6];
	argv[k++] = "-";
	argv[k] = NULL;
}

/*
 * The result when the runner left no whole report, from how its run
 * ended under a memory limit of MEMORY_KIB (PERR: why the report did not
 * parse, or ""): the box's memory exhausted (MemoryLimitExceeded), or
 * else a failure of the runner (-1, logged).
 */
static int
no_report(struct quickcheck_grading *qg, unsigned long memory_kib,
    const char *perr, struct grade_result *out)
{
	const struct jail_result *r = &qg->r;
	struct buf t;
	char a[32];

	/* The student's process cannot signal the runner (its filter lets
	 * it signal itself only): a runner killed otherwise than by the
	 * box's memory limit is the platform's failure. */
	buf_init(&t);
	if (r->status == JAIL_MEMORY_LIMIT) {
		buf_printf(&t, "The tests ran out of memory (the limit is %s):"
		    " does your function allocate without end?\n",
		    tester_kib(memory_kib, a, sizeof(a)));
		return tester_finish(out, LABEL_MEMORY_LIMIT, 0, buf_steal(&t),
		    NULL) == -1 ? -1 : TESTER_DONE;
	}
	errmsg_set(qg->log, qg->loglen, "quickcheck: the runner's report is %s (%s;"
	    " the runner %s %d; its errors: %.300s)",
	    qg->rep.done || perr[0] ? "unreadable" : "incomplete",
	    perr[0] ? perr : "no closing line",
	    r->status == JAIL_EXITED ? "exited with" : "ended with jail status",
	    r->status == JAIL_EXITED ? r->code : (int)r->status,
	    r->err ? r->err : "");
	return -1;
}

/*
 * Run: qc-runner on prop.so, whose report qc_report_parse() reads. A
 * forbidden system call (only the student's function makes one) is the
 * RuntimeError result; a report that is not whole, no_report()'s.
 */
static int
quickcheck_run(struct quickcheck_grading *qg, struct grade_result *out)
{
	struct jail_config jc;
	char *argv[24], nums[8][32], jmsg[256], perr[256] = "";

	jail_result_clear(&qg->r);
	tester_jail_config(qg->env, qg->box, &jc);
	lang_run_limits(qg->c, &qg->env->spec->limits, &jc.limits);
	runner_argv(&qg->o, jc.limits.fsize_kib, argv, nums);
	jc.argv = argv;
	jc.limits.cpu_ms = SPEC_MAX_CPU_MS;
	jc.limits.wall_ms = RUNNER_WALL_MS;
	jc.limits.output_kib = RUNNER_OUTPUT_KIB;
	/* The runner's children make the calls' shared memory (the student's
	 * process gets the exercise's limit back: --student-fsize-kib). */
	jc.limits.fsize_kib = QC_EMBED_CALLER_FSIZE_KIB;
	if (jc.limits.processes < RUNNER_PROCESSES)
		jc.limits.processes = RUNNER_PROCESSES;
	jc.profile = JAIL_PROFILE_QC;
	jc.input = qg->object;
	jc.input_len = qg->object_len;
	if (jail_box_run(qg->box, &jc, &qg->r, jmsg, sizeof(jmsg)) == -1) {
		errmsg_set(qg->log, qg->loglen, "quickcheck: running the tests: %s",
		    jmsg);
		return -1;
	}
	if (qg->r.status == JAIL_SIGNALED && qg->r.syscall[0] != '\0') {
		/* The runner makes none: the student's function did, and the
		 * jail ended the whole box. */
		struct buf t;

		buf_init(&t);
		buf_printf(&t, "Your function made a system call that is not"
		    " allowed here: %s. The tests were stopped.\n", qg->r.syscall);
		return tester_finish(out, LABEL_RUNTIME_ERROR, 0, buf_steal(&t),
		    NULL) == -1 ? -1 : TESTER_DONE;
	}
	qg->o.memory_kib = jc.limits.memory_kib;
	qg->o.peak_kib = qg->r.memory_kib;
	if (qc_report_parse(qg->r.out, qg->r.out_len, &qg->rep, perr,
	    sizeof(perr)) == -1 || !qg->rep.done)
		return no_report(qg, jc.limits.memory_kib, perr, out);
	return TESTER_NEXT;
}

/*
 * Judge: the runner's report made the result (judge()); an error of the
 * author's in it (a property's, or the property file's), or no property,
 * is a MiscError, logged.
 */
static int
quickcheck_judge(struct quickcheck_grading *qg, struct grade_result *out)
{
	if (qg->rep.error != NULL) {
		errmsg_set(qg->log, qg->loglen, "quickcheck: %s: %.600s", qg->o.file,
		    qg->rep.error);
		return -1;
	}
	if (qg->rep.nprops == 0) {
		errmsg_set(qg->log, qg->loglen, "quickcheck: %s: the runner reported"
		    " no property", qg->o.file);
		return -1;
	}
	for (size_t i = 0; i < qg->rep.nprops; i++) {
		const char *m = qg->rep.props[i].message;
		static const char missing[] = "your code has no function ";

		/* Written by the child (never the student's process) when a
		 * function the properties call is not in the code. */
		if (qg->rep.props[i].result == QC_RES_FALSIFIED && m != NULL &&
		    strncmp(m, missing, sizeof(missing) - 1) == 0) {
			struct buf t;
			char *c = clean(m + sizeof(missing) - 1);

			if (c == NULL)
				break;
			buf_init(&t);
			buf_printf(&t, "Your code compiled, but it has no function %s.\n\n"
			    "Define it (with that name, and not static), or check its"
			    " spelling.\n", c);
			free(c);
			return tester_finish(out, LABEL_COMPILE_ERROR, 0, buf_steal(&t),
			    NULL) == -1 ? -1 : TESTER_DONE;
		}
	}
	switch (judge(&qg->o, &qg->rep, qg->cwarn, out, qg->log, qg->loglen)) {
	case 0:
		return TESTER_DONE;
	case 1:
		return -1;	/* an author error: MiscError, logged */
	default:
		errmsg_set(qg->log, qg->loglen, "quickcheck: out of memory");
		return -1;
	}
}

int
tester_quickcheck(const struct tester_env *env, struct grade_result *out, char *log,
    size_t loglen)
{
	const char *file = json_string_value(json_object_get(json_object_get(
	    env->spec->options, "properties"), "file"));
	struct quickcheck_grading qg;
	int rc;

	/* A Haskell property file (Codex's QuickCheck programs) is the hspec
	 * tester's to run, for Haskell and C code alike. */
	if (file != NULL && strlen(file) > 3 && strcmp(file + strlen(file) - 3, ".hs") == 0)
		return tester_hspec(env, out, log, loglen);
	if ((rc = quickcheck_prepare(env, &qg, log, loglen)) == TESTER_NEXT &&
	    (rc = quickcheck_compile(&qg, out)) == TESTER_NEXT &&
	    (rc = quickcheck_properties(&qg)) == TESTER_NEXT &&
	    (rc = quickcheck_run(&qg, out)) == TESTER_NEXT)
		rc = quickcheck_judge(&qg, out);
	quickcheck_grading_clear(&qg);
	return tester_return(rc, out);
}
