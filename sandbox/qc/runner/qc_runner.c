/*
 * qc-runner - run the properties of an exercise's shared object, shrink
 * what fails, and report (qc_report.h has the report's format).
 *
 *   qc-runner [--seed N] [--max-success N] [--max-size N]
 *             [--max-discard-ratio N] [--timeout-ms N] [--shrink-calls N]
 *             [--shrink-ms N] [--total-ms N] [--fork-each] [--in-jail]
 *             [--student STUDENT.so] [--callee PATH]
 *             [--student-fsize-kib N] OBJECT.so|-
 *
 * OBJECT.so is the properties (the property file and qc-child.o), or "-":
 * read from the standard input into memory, so that no file of the
 * author's is left where the student's code could read it. STUDENT.so is
 * the student's code alone, which the child's calls reach in a process of
 * qc-callee's (PATH, by default beside this program) and never load here;
 * that process may write files of N KiB at most (the runner's own limit
 * must let the call's shared memory, QC_ARENA_SIZE, be made).
 *
 * The grader runs it inside the jail (tester_quickcheck.c), with --in-jail:
 * then, when the box's processes are used up by some the student's code
 * left behind, it may kill(-1) them all (in the jail's pid namespace that
 * is the box only; never give it elsewhere). Tests and benchmarks run it
 * directly. Exit status 0 when a report was written
 * (whatever it says), 1 when the runner itself failed (an "error" line
 * says why), 2 on a usage error.
 *
 * Theory of operation
 * -------------------
 * This program never loads the object: it forks children that do
 * (dlopen). A child runs the properties; the student's functions they call
 * run in a process of the child's own (qc-callee, child/qc_call.c), which
 * holds nothing of the author's, and whose crash, exit or silence the child
 * repeats as its own. Neither this program nor its children are dumpable,
 * so the student's process cannot look into them. A child
 * answers fixed-size commands on a pipe (qc_impl.h) and shares one mapping
 * with us: the running trial's number and choices, its report records. The
 * runner copies what it reads there, clamps it, and believes a failure only
 * once a fresh child has failed the same way on the same choices.
 *
 * For each property, in order:
 *   1. one batch of max-success random trials in the persistent child; a
 *      watchdog kills it when the counter of trials stops moving for the
 *      time limit per call (a hang); its death is a crash or an exit;
 *   2. the failing choices replayed in a fresh child: the same failure (same
 *      assertion, same signal) or the property is "flaky" (a hang is
 *      checked so only if step 4 fails: each check costs the time limit);
 *   3. shrinking (qc_shrink.c): replays in the persistent child for a
 *      falsified property (restarted if a candidate kills it), in a fresh
 *      child each for a crash, an exit or a hang (a shorter limit then);
 *   4. the smallest counterexample replayed once more in a fresh child with
 *      a longer limit, capturing what the function prints and the records
 *      line by line (so a crash still shows its input). If it does not fail
 *      the same way, the shrinking is redone with fresh children (a
 *      falsified property) or the confirmed original is reported.
 * Budgets: calls and time per shrink, and a total for the whole run past
 * which shrinking stops and untested properties are errors.
 *
 * This file holds the steps (run_property) and the report; qc_parent.c
 * the children's mechanics, which it calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "sandbox/qc/qc_report.h"
#include "sandbox/qc/runner/qc_runner.h"

#define FINAL_FACTOR	2	/* the final check of a hang: 2 x the limit */

_Static_assert(QC_MAX_PROPS <= QC_REPORT_MAX_PROPS,
    "a report holds every property of a property file");

/* ---- The report ---------------------------------------------------------- */

static void
put(struct runner *r, const char *key, const char *value)
{
	if (qc_report_put(&r->out, &r->out_len, &r->out_cap, key, value,
	    value ? strlen(value) : 0) == -1)
		r->oom = 1;
}

static void
putf(struct runner *r, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
putf(struct runner *r, const char *key, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(r, key, buf);
}

/* Writes what the report holds so far to standard output. */
static void
flush_report(struct runner *r)
{
	size_t off = 0;

	while (off < r->out_len) {
		ssize_t n = write(1, r->out + off, r->out_len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	r->out_len = 0;
}

/* A property's result "error", with MESSAGE. */
static void
put_error(struct runner *r, const char *message)
{
	put(r, "result", "error");
	put(r, "message", message);
}

/* ---- Shrinking: a candidate replayed ------------------------------------ */

static int
same(struct outcome a, struct outcome b)
{
	return a.kind == b.kind && a.detail == b.detail;
}

static int
shrink_test(void *ctx, const uint64_t *v, size_t n, struct qc_seq *used)
{
	struct runner *r = ctx;
	struct outcome o;
	char err[256];

	if (qc__now_ms() >= r->deadline)
		return -1;
	if (child_replay(r, r->fresh, v, n, r->limit_ms, 0, &o, used, NULL, err,
	    sizeof(err)) == -1)
		return -1;
	return same(o, r->target);
}

/* ---- A property ---------------------------------------------------------- */

static void
put_text(struct runner *r, const struct trial_text *t)
{
	const char *keys[] = { "input", "expected", "got", "message", "note", "fault",
	    "output" };
	char *const vals[] = { t->input, t->expected, t->got, t->message, t->note,
	    t->fault, t->output };

	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		char *v = vals[i], *line, *save = NULL;

		if (v == NULL)
			continue;
		if (i == 0 || i == 3 || i == 4) {
			/* Several lines: one key each. */
			char *copy = strdup(v);

			if (copy == NULL) {
				r->oom = 1;
				continue;
			}
			for (line = strtok_r(copy, "\n", &save); line != NULL;
			    line = strtok_r(NULL, "\n", &save))
				put(r, keys[i], line);
			free(copy);
		} else {
			put(r, keys[i], v);
		}
	}
}

static enum qc_result
result_of(enum kind k)
{
	switch (k) {
	case K_FALSIFIED: return QC_RES_FALSIFIED;
	case K_CRASHED: return QC_RES_CRASHED;
	case K_HUNG: return QC_RES_HUNG;
	case K_EXITED: return QC_RES_EXITED;
	case K_BROKEN: return QC_RES_CRASHED;
	default: return QC_RES_ERROR;
	}
}

static void
put_failure(struct runner *r, struct outcome o, enum qc_result res,
    const struct found *f, const struct qc_shrink_stats *st,
    const struct trial_text *t, unsigned timeout_ms)
{
	put(r, "result", qc_result_name(res));
	putf(r, "tests", "%u", f->passed + 1);
	putf(r, "discarded", "%u", f->discarded);
	putf(r, "shrinks", "%u", st->shrinks);
	putf(r, "calls", "%u", st->calls);
	/* The budget ran out: a smaller counterexample may exist. */
	if (st->stopped)
		put(r, "shrink-stopped", "1");
	if (o.kind == K_CRASHED)
		putf(r, "signal", "%u", o.detail);
	if (o.kind == K_EXITED)
		putf(r, "code", "%u", o.detail & 255);
	if (o.kind == K_HUNG)
		putf(r, "timeout-ms", "%u", timeout_ms);
	if (o.kind == K_BROKEN)
		put(r, "message", "the function disturbed the test harness (its"
		    " messages to the runner were garbled)");
	put_text(r, t);
}

/* A failure of the batch that a fresh child did not repeat. */
static void
flaky(struct runner *r, const struct found *f, const struct trial_text *t)
{
	put(r, "result", "flaky");
	putf(r, "tests", "%u", f->passed + 1);
	putf(r, "discarded", "%u", f->discarded);
	putf(r, "message", "failed (%s) after %u tests, but not when this input"
	    " was tested again alone", qc_result_name(result_of(f->o.kind)),
	    f->passed + 1);
	put_text(r, t);
}

/* A property on its way through the steps. */
struct prop_run {
	uint32_t p;
	struct found f;			/* the batch's failure, then shrunk */
	struct qc_seq start;		/* the confirmed counterexample */
	struct trial_text confirm;	/* its records */
	struct trial_text final;	/* the shrunk one's */
	struct qc_shrink_stats st;
};

/* DST (arrays of QC_MAX_CHOICES) becomes a copy of SRC. */
static void
seq_copy(struct qc_seq *dst, const struct qc_seq *src)
{
	memcpy(dst->v, src->v, src->n * sizeof(uint64_t));
	memcpy(dst->max, src->max, src->n * sizeof(uint64_t));
	dst->n = src->n;
}

/* 1. Random trials, until max-success pass or one fails. */
static void
random_trials(struct runner *r, uint32_t p, struct found *f)
{
	if (r->o.fork_each) {
		/* For benchmarks: every trial in a child of its own. */
		unsigned i, discarded = 0;

		f->what = F_PASSED;
		for (i = 0; i < r->o.max_success && f->what == F_PASSED; i++) {
			child_batch(r, p, i, 1, 1, f);
			discarded += f->discarded;
		}
		f->passed = f->what == F_PASSED ? r->o.max_success : i - 1;
		f->discarded = discarded;
	} else {
		child_batch(r, p, 0, r->o.max_success, 0, f);
	}
}

/* Reports what the random trials found, unless it is a failure to check
 * and shrink. Returns 1 when it reported, 0 to go on. */
static int
report_trials(struct runner *r, const struct found *f)
{
	if (f->what == F_ERROR) {
		put_error(r, f->err);
		return 1;
	}
	if (f->what == F_GAVE_UP) {
		put(r, "result", "error");
		putf(r, "message", "gave up after %u tests: %u inputs were rejected by"
		    " qc_assume (at most %u x %u)", f->passed, f->discarded,
		    r->o.max_discard_ratio, r->o.max_success);
		return 1;
	}
	if (f->what == F_PASSED) {
		put(r, "result", "passed");
		putf(r, "tests", "%u", f->passed);
		putf(r, "discarded", "%u", f->discarded);
		return 1;
	}
	if (f->o.kind == K_AUTHOR) {
		put_error(r, f->text.message ? f->text.message :
		    "the property file made a mistake (out of memory?)");
		return 1;
	}
	return 0;
}

/*
 * 2. The same failure in a fresh child? A hang is checked only if its
 * shrinking comes to nothing (each check costs the limit). The choices to
 * shrink go to pr->start. Returns 1 when it reported the property instead
 * (an error, or flaky), 0 to go on.
 */
static int
confirm_failure(struct runner *r, struct prop_run *pr)
{
	struct found *f = &pr->f;
	struct outcome co;
	char err[256];

	r->prop = pr->p;
	r->size = f->size;
	r->target = f->o;
	if (f->o.kind == K_HUNG) {
		seq_copy(&pr->start, &f->seq);
	} else if (child_replay(r, 1, f->seq.v, f->seq.n, r->o.timeout_ms, 2, &co,
	    &pr->start, &pr->confirm, err, sizeof(err)) == -1) {
		put_error(r, err);
		return 1;
	} else if (!same(co, f->o)) {
		flaky(r, f, f->text.input != NULL ? &f->text : &pr->confirm);
		return 1;
	}
	return 0;
}

/*
 * 3. Shrinking from pr->start, and 4. the final check of the smallest
 * counterexample in a fresh child. Returns 1 when it reported the shrunk
 * failure, 0 when the confirmed original is to be reported.
 */
static int
shrink_failure(struct runner *r, struct prop_run *pr)
{
	struct found *f = &pr->f;
	struct outcome fo;
	unsigned final_ms;
	char err[256];

	r->fresh = f->o.kind != K_FALSIFIED;
	r->limit_ms = r->o.timeout_ms;
	if (f->o.kind == K_HUNG) {
		r->limit_ms = r->o.timeout_ms / 4 > 20 ? r->o.timeout_ms / 4 : 20;
		if (r->limit_ms > r->o.timeout_ms)
			r->limit_ms = r->o.timeout_ms;
	}
	seq_copy(&f->seq, &pr->start);
	final_ms = f->o.kind == K_HUNG ? FINAL_FACTOR * r->o.timeout_ms : r->o.timeout_ms;
	for (int round = 0; round < 2; round++) {
		struct qc_shrink_stats more;
		long long left = r->deadline - qc__now_ms();
		unsigned budget = r->o.shrink_ms;

		if (left < (long long)budget)
			budget = left > 1 ? (unsigned)left : 1;
		if (qc_shrink(&f->seq, shrink_test, r, r->o.shrink_calls, budget,
		    &more) == -1)
			break;
		pr->st.calls += more.calls;
		pr->st.shrinks = more.shrinks;
		pr->st.cached += more.cached;
		pr->st.stopped = more.stopped;	/* the round reported */

		/* 4. The final check. */
		if (child_replay(r, 1, f->seq.v, f->seq.n, final_ms, 2, &fo, NULL,
		    &pr->final, err, sizeof(err)) == -1)
			break;
		if (same(fo, f->o)) {
			put_failure(r, f->o, result_of(f->o.kind), f, &pr->st, &pr->final,
			    r->o.timeout_ms);
			return 1;
		}
		if (r->fresh)
			break;
		/* Shrunk in a child that kept state from earlier calls: again,
		 * from the confirmed start, with fresh children. */
		r->fresh = 1;
		seq_copy(&f->seq, &pr->start);
	}
	return 0;
}

/* The confirmed original, unshrunk: what shrinking came to nothing for (a
 * hang is confirmed only now). */
static void
report_original(struct runner *r, struct prop_run *pr)
{
	struct found *f = &pr->f;
	struct outcome co;
	char err[256];

	/* Shrunk inputs that did not fail again in a fresh child: the
	 * original is shown for that, not for a budget. */
	if (pr->st.shrinks > 0)
		pr->st.stopped = 0;
	pr->st.shrinks = 0;
	if (f->o.kind == K_HUNG) {
		if (child_replay(r, 1, pr->start.v, pr->start.n, r->o.timeout_ms, 2, &co,
		    NULL, &pr->confirm, err, sizeof(err)) == -1) {
			put_error(r, err);
			return;
		}
		if (!same(co, f->o)) {
			flaky(r, f, &pr->confirm);
			return;
		}
	}
	put_failure(r, f->o, result_of(f->o.kind), f, &pr->st, &pr->confirm,
	    r->o.timeout_ms);
}

static void
run_property(struct runner *r, uint32_t p)
{
	struct prop_run pr;
	long long t0 = qc__now_ms();

	memset(&pr, 0, sizeof(pr));
	pr.p = p;
	pr.f.seq.v = malloc(QC_MAX_CHOICES * sizeof(uint64_t));
	pr.f.seq.max = malloc(QC_MAX_CHOICES * sizeof(uint64_t));
	pr.start.v = malloc(QC_MAX_CHOICES * sizeof(uint64_t));
	pr.start.max = malloc(QC_MAX_CHOICES * sizeof(uint64_t));
	put(r, "property", r->names[p]);
	put(r, "call", r->calls[p]);
	if (pr.f.seq.v == NULL || pr.f.seq.max == NULL || pr.start.v == NULL ||
	    pr.start.max == NULL) {
		put_error(r, "the runner ran out of memory");
	} else if (qc__now_ms() >= r->deadline) {
		put(r, "result", "error");
		putf(r, "message", "not tested: the run's %u ms were used up",
		    r->o.total_ms);
	} else {
		random_trials(r, p, &pr.f);
		if (!report_trials(r, &pr.f) && !confirm_failure(r, &pr) &&
		    !shrink_failure(r, &pr))
			report_original(r, &pr);
	}
	putf(r, "time-ms", "%lld", qc__now_ms() - t0);
	put(r, "end", NULL);
	free(pr.f.seq.v);
	free(pr.f.seq.max);
	free(pr.start.v);
	free(pr.start.max);
	trial_text_free(&pr.f.text);
	trial_text_free(&pr.confirm);
	trial_text_free(&pr.final);
}

/* ---- The program -------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr, "usage: qc-runner [--seed N] [--max-success N] [--max-size N]"
	    " [--max-discard-ratio N] [--timeout-ms N] [--shrink-calls N]"
	    " [--shrink-ms N] [--total-ms N] [--fork-each] [--in-jail]"
	    " [--student STUDENT.so] [--callee PATH] [--student-fsize-kib N]"
	    " OBJECT.so|-\n");
	exit(2);
}

static unsigned long long
number(const char *opt, const char *s, unsigned long long max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v > max) {
		fprintf(stderr, "qc-runner: %s: not a number up to %llu: %s\n", opt, max, s);
		exit(2);
	}
	return v;
}

/* The command line into O (defaults first); exits on a usage error. */
static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "max-success", required_argument, NULL, 'n' },
		{ "max-size", required_argument, NULL, 'z' },
		{ "max-discard-ratio", required_argument, NULL, 'd' },
		{ "timeout-ms", required_argument, NULL, 't' },
		{ "shrink-calls", required_argument, NULL, 'c' },
		{ "shrink-ms", required_argument, NULL, 'm' },
		{ "total-ms", required_argument, NULL, 'T' },
		{ "fork-each", no_argument, NULL, 'f' },
		{ "in-jail", no_argument, NULL, 'j' },
		{ "student", required_argument, NULL, 'S' },
		{ "callee", required_argument, NULL, 'C' },
		{ "student-fsize-kib", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	o->seed = 1;
	o->max_success = 100;
	o->max_size = 100;
	o->max_discard_ratio = 10;
	o->timeout_ms = 200;
	o->shrink_calls = 10000;
	o->shrink_ms = 3000;
	o->total_ms = 20000;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 's': o->seed = number("--seed", optarg, ULLONG_MAX); break;
		case 'n': o->max_success = (unsigned)number("--max-success", optarg, 100000000); break;
		case 'z': o->max_size = (unsigned)number("--max-size", optarg, 1000000); break;
		case 'd': o->max_discard_ratio = (unsigned)number("--max-discard-ratio", optarg, 1000000); break;
		case 't': o->timeout_ms = (unsigned)number("--timeout-ms", optarg, 600000); break;
		case 'c': o->shrink_calls = (unsigned)number("--shrink-calls", optarg, UINT_MAX); break;
		case 'm': o->shrink_ms = (unsigned)number("--shrink-ms", optarg, 3600000); break;
		case 'T': o->total_ms = (unsigned)number("--total-ms", optarg, 3600000); break;
		case 'f': o->fork_each = 1; break;
		case 'j': o->in_jail = 1; break;
		case 'S': o->student = optarg; break;
		case 'C': o->callee = optarg; break;
		case 'F': o->student_fsize_kib = (unsigned)number("--student-fsize-kib", optarg, 1U << 30); break;
		default: usage();
		}
	}
	if (optind != argc - 1 || o->max_success == 0 || o->timeout_ms == 0)
		usage();
	o->object = argv[optind];
	o->objfd = -1;
	/* dlopen would search the library path for a name without '/'. */
	if ((strcmp(o->object, "-") != 0 && strchr(o->object, '/') == NULL) ||
	    (o->student != NULL && (strchr(o->student, '/') == NULL ||
	    strlen(o->student) >= sizeof(((struct qc_shm *)0)->student))) ||
	    (o->callee != NULL &&
	    strlen(o->callee) >= sizeof(((struct qc_shm *)0)->callee)))
		usage();
	if (o->callee == NULL) {
		const char *slash = strrchr(argv[0], '/');
		static char beside[sizeof(((struct qc_shm *)0)->callee)];

		if (slash != NULL && (size_t)(slash - argv[0]) + 11 < sizeof(beside))
			snprintf(beside, sizeof(beside), "%.*s/qc-callee",
			    (int)(slash - argv[0]), argv[0]);
		else
			snprintf(beside, sizeof(beside), "./qc-callee");
		o->callee = beside;
	}
}

/* The object from the standard input into a memory file (o->objfd). 0, or
 * -1 with ERR. */
static int
read_object(struct options *o, char *err, size_t errlen)
{
	char buf[65536];
	size_t total = 0;
	int fd = memfd_create("qc-properties", MFD_CLOEXEC), null;

	if (fd == -1) {
		snprintf(err, errlen, "memfd_create: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		ssize_t n = read(0, buf, sizeof(buf));

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(err, errlen, "reading the object: %s", strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		if ((total += (size_t)n) > ((size_t)256 << 20) ||
		    write(fd, buf, (size_t)n) != n) {
			snprintf(err, errlen, "the object is too large");
			close(fd);
			return -1;
		}
	}
	/* Nothing later reads the standard input: the children get
	 * /dev/null. */
	if ((null = open("/dev/null", O_RDONLY)) > 0) {
		dup2(null, 0);
		close(null);
	}
	o->objfd = fd;
	return 0;
}

int
main(int argc, char **argv)
{
	struct runner r;
	char err[512];

	memset(&r, 0, sizeof(r));
	r.main.cmd = r.main.reply = r.main.out = -1;
	parse_options(argc, argv, &r.o);
	r.deadline = qc__now_ms() + r.o.total_ms;
	/* The student's process runs as our uid: it must not open our
	 * memory, maps or descriptors through /proc, nor ptrace us. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (strcmp(r.o.object, "-") == 0 && read_object(&r.o, err,
	    sizeof(err)) == -1) {
		put(&r, "assay-qc", "1");
		put(&r, "error", err);
		put(&r, "done", NULL);
		flush_report(&r);
		return 1;
	}
	if (children_init(&r) == -1) {
		put(&r, "assay-qc", "1");
		putf(&r, "error", "pipe: %s", strerror(errno));
		put(&r, "done", NULL);
		flush_report(&r);
		return 1;
	}

	putf(&r, "assay-qc", "%d", QC_REPORT_VERSION);
	putf(&r, "seed", "%llu", r.o.seed);
	if (child_spawn(&r, &r.main, err, sizeof(err)) == -1) {
		put(&r, "error", err);
		put(&r, "done", NULL);
		flush_report(&r);
		return 1;
	}
	flush_report(&r);
	for (uint32_t p = 0; p < r.nprops; p++) {
		run_property(&r, p);
		if (r.oom) {
			r.out_len = 0;
			put(&r, "error", "the runner ran out of memory");
			break;
		}
		flush_report(&r);
	}
	child_quit(&r.main);
	put(&r, "done", NULL);
	flush_report(&r);
	for (size_t i = 0; i < r.nprops; i++) {
		free(r.names[i]);
		free(r.calls[i]);
	}
	free(r.out);
	return 0;
}
