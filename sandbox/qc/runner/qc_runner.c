/*
 * qc-runner - run the properties of an exercise's shared object, shrink
 * what fails, and report (qc_report.h has the report's format).
 *
 *   qc-runner [--seed N] [--max-success N] [--max-size N]
 *             [--max-discard-ratio N] [--timeout-ms N] [--shrink-calls N]
 *             [--shrink-ms N] [--total-ms N] [--fork-each] [--in-jail]
 *             OBJECT.so
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
 * (dlopen), so the student's code, its constructors and any libc function
 * it redefines live only in processes whose word is checked. A child
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
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/wait.h>

#include "sandbox/qc/qc_impl.h"
#include "sandbox/qc/qc_report.h"
#include "sandbox/qc/runner/qc_shrink.h"

#define STARTUP_MS	10000	/* for a child to load the object */
#define OUT_KEEP	2048	/* of what the function printed, kept */
#define FINAL_FACTOR	2	/* the final check of a hang: 2 x the limit */

_Static_assert(QC_MAX_PROPS <= QC_REPORT_MAX_PROPS,
    "a report holds every property of a property file");

struct options {
	unsigned long long seed;
	unsigned max_success, max_size, max_discard_ratio, timeout_ms;
	unsigned shrink_calls, shrink_ms, total_ms;
	int fork_each;
	int in_jail;		/* kill(-1) reaches only the box: may be used */
	const char *object;
};

struct child {
	pid_t pid;			/* 0: none */
	int cmd, reply, out;
	struct qc_shm *shm;
	uint32_t seq;
	uint64_t nonce;			/* of the last command */
	int keep_out;
	char out_buf[OUT_KEEP];
	size_t out_len;
	int status;			/* wait status, once reaped */
};

/* What a trial did. */
enum kind { K_NONE, K_FALSIFIED, K_CRASHED, K_HUNG, K_EXITED, K_BROKEN, K_AUTHOR };

struct outcome {
	enum kind kind;
	uint32_t detail;	/* the site, the signal or the exit status */
};

/* A trial's report records, copied and checked. */
struct trial_text {
	char *input, *expected, *got, *message, *note, *fault, *output;
};

struct runner {
	struct options o;
	struct child main;	/* the persistent child */
	size_t nprops;
	char *names[QC_MAX_PROPS], *calls[QC_MAX_PROPS];
	long long deadline;	/* of the whole run */
	int sigpipe[2];		/* SIGCHLD wakes poll() */
	/* The shrink in progress. */
	uint32_t prop;
	unsigned size, limit_ms;
	int fresh;
	struct outcome target;
	/* The report. */
	char *out;
	size_t out_len, out_cap;
	int oom;
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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

/* ---- Children ------------------------------------------------------------ */

static int sigchld_fd = -1;

static void
on_sigchld_write(int sig)
{
	int saved = errno;
	char c = 0;

	(void)sig;
	if (sigchld_fd >= 0 && write(sigchld_fd, &c, 1) == -1) {
		/* Full: a wake-up is already pending. */
	}
	errno = saved;
}

/* In the child: renumber the pipes, close everything else, load the
 * object and serve. Never returns. */
static void __attribute__((noreturn))
child_main(struct runner *r, struct child *c, int cmd_r, int reply_w, int out_w)
{
	int (*entry)(int, int, struct qc_shm *);
	struct sigaction dfl;
	void *h;
	int hi = 10, fds[3] = { cmd_r, reply_w, out_w }, t[3];

	(void)r;
	setpgid(0, 0);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &dfl, NULL);
	sigaction(SIGPIPE, &dfl, NULL);
	for (int i = 0; i < 3; i++)
		if (fds[i] >= hi)
			hi = fds[i] + 1;
	for (int i = 0; i < 3; i++)
		if ((t[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, hi)) == -1)
			_exit(126);
	if (dup2(t[2], 1) == -1 || dup2(t[2], 2) == -1 ||
	    dup2(t[0], QC_FD_CMD) == -1 || dup2(t[1], QC_FD_REPLY) == -1)
		_exit(126);
	closefrom(QC_FD_REPLY + 1);
	/* The shared pages of other children are none of this one's. */
	if (r->main.shm != NULL && r->main.shm != c->shm)
		munmap(r->main.shm, sizeof(*r->main.shm));
	if ((h = dlopen(r->o.object, RTLD_NOW | RTLD_LOCAL)) == NULL ||
	    (entry = (int (*)(int, int, struct qc_shm *))dlsym(h, QC_CHILD_ENTRY)) == NULL) {
		const char *e = dlerror();
		struct qc_reply rep;
		size_t n = strlen(e ? e : "cannot load");

		if (n > QC_TEXT_MAX)
			n = QC_TEXT_MAX;
		memcpy(c->shm->text, e ? e : "cannot load", n);
		c->shm->text_len = (uint32_t)n;
		memset(&rep, 0, sizeof(rep));
		rep.magic = QC_REPLY_MAGIC;
		rep.kind = QC_R_ERROR;
		if (write(QC_FD_REPLY, &rep, sizeof(rep)) == -1)
			_exit(127);
		_exit(127);
	}
	_exit(entry(QC_FD_CMD, QC_FD_REPLY, c->shm) == 0 ? 0 : 1);
}

/* Kills C's processes and reaps it (its wait status in c->status); the
 * shared page stays readable until child_release(). */
static void
child_kill(struct child *c)
{
	if (c->pid > 0) {
		kill(-c->pid, SIGKILL);
		kill(c->pid, SIGKILL);
		while (waitpid(c->pid, &c->status, 0) == -1 && errno == EINTR)
			;
		c->pid = 0;
	}
	if (c->cmd >= 0)
		close(c->cmd);
	if (c->reply >= 0)
		close(c->reply);
	if (c->out >= 0)
		close(c->out);
	c->cmd = c->reply = c->out = -1;
}

static void
child_release(struct child *c)
{
	child_kill(c);
	if (c->shm != NULL)
		munmap(c->shm, sizeof(*c->shm));
	c->shm = NULL;
}

/* Reads what C printed: kept (up to OUT_KEEP) when asked, else dropped. */
static int
drain(struct child *c)
{
	char buf[4096];

	for (;;) {
		ssize_t n = read(c->out, buf, sizeof(buf));

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 ? 1 : 0;	/* 1: end of file */
		if (c->keep_out && c->out_len < OUT_KEEP) {
			size_t k = (size_t)n < OUT_KEEP - c->out_len ? (size_t)n :
			    OUT_KEEP - c->out_len;

			memcpy(c->out_buf + c->out_len, buf, k);
			c->out_len += k;
		}
	}
}

/* How waiting for a reply ended. */
enum waited { W_REPLY, W_DIED, W_HUNG, W_BAD };

/*
 * Waits for C's next reply into *REP. A hang is a wait past DEADLINE, or
 * (WATCH) LIMIT_MS without a new trial started. W_DIED: the child ended by
 * itself (c->status); W_HUNG and W_BAD: it was killed.
 */
static enum waited
child_wait(struct runner *r, struct child *c, long long deadline, int watch,
    unsigned limit_ms, struct qc_reply *rep)
{
	size_t got = 0;
	uint64_t ticks = watch ? c->shm->ticks : 0;
	long long changed = now_ms();
	int reply_open = 1, out_open = 1;

	for (;;) {
		struct pollfd p[3];
		long long now = now_ms(), until = deadline;
		int nfds = 0, timeout, w;

		if (watch) {
			uint64_t t = c->shm->ticks;

			if (t != ticks) {
				ticks = t;
				changed = now;
			}
			if (changed + limit_ms < until)
				until = changed + limit_ms;
		}
		if (now >= until) {
			if (watch && now < deadline && c->shm->ticks != ticks)
				continue;
			child_kill(c);
			return W_HUNG;
		}
		/* Has it ended? (A grandchild may hold the pipes open.) */
		if ((w = waitpid(c->pid, &c->status, WNOHANG)) == c->pid) {
			c->pid = 0;
			if (out_open)
				(void)drain(c);
			child_kill(c);
			return W_DIED;
		}
		timeout = (int)(until - now);
		p[nfds].fd = r->sigpipe[0];
		p[nfds++].events = POLLIN;
		if (reply_open) {
			p[nfds].fd = c->reply;
			p[nfds++].events = POLLIN;
		}
		if (out_open) {
			p[nfds].fd = c->out;
			p[nfds++].events = POLLIN;
		}
		if (poll(p, (nfds_t)nfds, timeout) == -1 && errno != EINTR) {
			child_kill(c);
			return W_BAD;
		}
		if (p[0].revents & POLLIN) {
			char buf[64];

			while (read(r->sigpipe[0], buf, sizeof(buf)) > 0)
				;
		}
		for (int i = 1; i < nfds; i++) {
			if (p[i].revents == 0)
				continue;
			if (p[i].fd == c->out) {
				if (drain(c) == 1)
					out_open = 0;
				continue;
			}
			for (;;) {
				ssize_t n = read(c->reply, (char *)rep + got, sizeof(*rep) - got);

				if (n == -1 && errno == EINTR)
					continue;
				if (n == 0)
					reply_open = 0;
				if (n > 0)
					got += (size_t)n;
				break;
			}
			if (got == sizeof(*rep)) {
				if (rep->magic != QC_REPLY_MAGIC ||
				    (rep->kind != QC_R_HELLO && rep->kind != QC_R_ERROR &&
				    (rep->seq != c->seq || rep->nonce != c->nonce))) {
					child_kill(c);
					return W_BAD;
				}
				(void)drain(c);
				return W_REPLY;
			}
		}
		if (!reply_open) {
			/* It closed the pipe: it is ending, or up to no good. */
			for (int i = 0; i < 100; i++) {
				if (waitpid(c->pid, &c->status, WNOHANG) == c->pid) {
					c->pid = 0;
					(void)drain(c);
					child_kill(c);
					return W_DIED;
				}
				poll(NULL, 0, 1);
			}
			child_kill(c);
			return W_BAD;
		}
	}
}

/*
 * Starts child C and waits for it to be ready. The first child tells the
 * runner the properties; every later one must list as many. Returns 0, or
 * -1 with a message in ERR.
 */
static int
child_spawn(struct runner *r, struct child *c, char *err, size_t errlen)
{
	int cmdp[2] = { -1, -1 }, repp[2] = { -1, -1 }, outp[2] = { -1, -1 };
	struct qc_reply rep;
	enum waited w;

	memset(c, 0, sizeof(*c));
	c->cmd = c->reply = c->out = -1;
	c->shm = mmap(NULL, sizeof(*c->shm), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c->shm == MAP_FAILED) {
		c->shm = NULL;
		snprintf(err, errlen, "mmap: %s", strerror(errno));
		return -1;
	}
	c->shm->magic = QC_SHM_MAGIC;
	if (pipe2(cmdp, O_CLOEXEC) == -1 || pipe2(repp, O_CLOEXEC) == -1 ||
	    pipe2(outp, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	for (int tries = 0; (c->pid = fork()) == -1; tries++) {
		/*
		 * The box's processes are used up: the student's function
		 * left some running (in a session of their own, out of the
		 * children's process groups). In the jail's pid namespace
		 * kill(-1) reaches the box only, never the runner itself.
		 */
		if (errno != EAGAIN || !r->o.in_jail || tries == 3) {
			c->pid = 0;
			snprintf(err, errlen, "fork: %s", strerror(errno));
			goto fail;
		}
		kill(-1, SIGKILL);
		if (r->main.pid > 0 && &r->main != c)
			child_kill(&r->main);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		poll(NULL, 0, 20);
	}
	if (c->pid == 0)
		child_main(r, c, cmdp[0], repp[1], outp[1]);
	close(cmdp[0]);
	close(repp[1]);
	close(outp[1]);
	c->cmd = cmdp[1];
	c->reply = repp[0];
	c->out = outp[0];
	fcntl(c->out, F_SETFL, O_NONBLOCK);
	w = child_wait(r, c, now_ms() + STARTUP_MS, 0, 0, &rep);
	if (w != W_REPLY || rep.kind != QC_R_HELLO) {
		uint32_t n = c->shm->text_len;

		if (w == W_REPLY && rep.kind == QC_R_ERROR)
			snprintf(err, errlen, "cannot load the tests: %.*s",
			    (int)(n < 400 ? n : 400), c->shm->text);
		else if (w == W_HUNG)
			snprintf(err, errlen, "loading the tests took more than %d s",
			    STARTUP_MS / 1000);
		else if (w == W_DIED && WIFSIGNALED(c->status))
			snprintf(err, errlen, "the tests were killed by signal %d while"
			    " loading", WTERMSIG(c->status));
		else if (w == W_DIED && WIFEXITED(c->status))
			snprintf(err, errlen, "the tests exited with status %d while"
			    " loading", WEXITSTATUS(c->status));
		else
			snprintf(err, errlen, "the tests did not start");
		child_release(c);
		return -1;
	}
	if (r->nprops == 0) {
		/* The list: "name\0call\0" pairs, checked. */
		char text[QC_TEXT_MAX];
		uint32_t len = c->shm->text_len, n = rep.passed;
		size_t off = 0;

		if (len > QC_TEXT_MAX || n > QC_MAX_PROPS) {
			snprintf(err, errlen, "a bad list of properties");
			child_release(c);
			return -1;
		}
		memcpy(text, c->shm->text, len);
		for (uint32_t i = 0; i < n; i++) {
			char *parts[2];

			for (int k = 0; k < 2; k++) {
				char *z = memchr(text + off, '\0', len - off);

				if (off >= len || z == NULL) {
					snprintf(err, errlen, "a bad list of properties");
					child_release(c);
					return -1;
				}
				parts[k] = strdup(text + off);
				off = (size_t)(z - text) + 1;
			}
			r->names[i] = parts[0];
			r->calls[i] = parts[1];
			if (parts[0] == NULL || parts[1] == NULL) {
				snprintf(err, errlen, "out of memory");
				child_release(c);
				return -1;
			}
		}
		r->nprops = n;
		if (n == 0) {
			snprintf(err, errlen, "the property file defines no property"
			    " (QC_PROPERTY)");
			child_release(c);
			return -1;
		}
	} else if (rep.passed != r->nprops) {
		snprintf(err, errlen, "a child listed %u properties instead of %zu",
		    rep.passed, r->nprops);
		child_release(c);
		return -1;
	}
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (cmdp[i] >= 0)
			close(cmdp[i]);
		if (repp[i] >= 0)
			close(repp[i]);
		if (outp[i] >= 0)
			close(outp[i]);
	}
	child_release(c);
	return -1;
}

static int
child_send(struct child *c, struct qc_cmd *cmd)
{
	cmd->magic = QC_CMD_MAGIC;
	cmd->seq = ++c->seq;
	if (getrandom(&c->nonce, sizeof(c->nonce), 0) != (ssize_t)sizeof(c->nonce))
		c->nonce ^= (uint64_t)now_ms() * 0x9e3779b97f4a7c15ULL;
	cmd->nonce = c->nonce;
	for (;;) {
		ssize_t n = write(c->cmd, cmd, sizeof(*cmd));

		if (n == -1 && errno == EINTR)
			continue;
		return n == (ssize_t)sizeof(*cmd) ? 0 : -1;
	}
}

/* The outcome of a child that was waited for with W (not a reply). */
static struct outcome
ended(const struct child *c, enum waited w)
{
	struct outcome o = { K_BROKEN, 0 };

	if (w == W_HUNG) {
		o.kind = K_HUNG;
	} else if (w == W_DIED && WIFSIGNALED(c->status)) {
		o.kind = K_CRASHED;
		o.detail = (uint32_t)WTERMSIG(c->status);
	} else if (w == W_DIED && WIFEXITED(c->status)) {
		o.kind = K_EXITED;
		o.detail = (uint32_t)WEXITSTATUS(c->status);
	}
	return o;
}

/* ---- Shared data, copied and checked ------------------------------------- */

/* The choices of C's last trial into SEQ (arrays of QC_MAX_CHOICES). */
static void
copy_choices(const struct child *c, struct qc_seq *seq)
{
	uint32_t n = c->shm->nchoices;

	if (n > QC_MAX_CHOICES)
		n = QC_MAX_CHOICES;
	memcpy(seq->v, c->shm->values, n * sizeof(*seq->v));
	memcpy(seq->max, c->shm->bounds, n * sizeof(*seq->max));
	for (uint32_t i = 0; i < n; i++)
		if (seq->v[i] > seq->max[i])
			seq->v[i] = seq->max[i];
	seq->n = n;
}

static void
text_free(struct trial_text *t)
{
	free(t->input);
	free(t->expected);
	free(t->got);
	free(t->message);
	free(t->note);
	free(t->fault);
	free(t->output);
	memset(t, 0, sizeof(*t));
}

/* Appends N bytes of S as a line of *DST. */
static void
add_line(char **dst, const char *s, size_t n)
{
	size_t old = *dst ? strlen(*dst) : 0;
	char *p = realloc(*dst, old + n + 2);

	if (p == NULL)
		return;
	if (old > 0)
		p[old++] = '\n';
	memcpy(p + old, s, n);
	p[old + n] = '\0';
	*dst = p;
	/* A NUL inside a record would cut it short: fine, it is text. */
}

/* C's report records and fault words into T (freed first). */
static void
copy_text(const struct child *c, struct trial_text *t)
{
	static char text[QC_TEXT_MAX];
	uint32_t len = c->shm->text_len, flen = c->shm->fault_len;
	size_t off = 0;

	text_free(t);
	if (len > QC_TEXT_MAX)
		len = QC_TEXT_MAX;
	memcpy(text, c->shm->text, len);
	while (off + 3 <= len) {
		int tag = (unsigned char)text[off];
		size_t n = (unsigned char)text[off + 1] | (size_t)(unsigned char)text[off + 2] << 8;
		char **dst;

		off += 3;
		if (n > len - off)
			break;
		switch (tag) {
		case QC_TAG_INPUT: dst = &t->input; break;
		case QC_TAG_EXPECTED: dst = &t->expected; break;
		case QC_TAG_GOT: dst = &t->got; break;
		case QC_TAG_MESSAGE: dst = &t->message; break;
		case QC_TAG_NOTE: dst = &t->note; break;
		default: dst = NULL; break;
		}
		if (dst == NULL)
			break;
		add_line(dst, text + off, n);
		off += n;
	}
	if (flen > 0) {
		char fault[QC_FAULT_MAX];

		if (flen > QC_FAULT_MAX)
			flen = QC_FAULT_MAX;
		memcpy(fault, c->shm->fault, flen);
		add_line(&t->fault, fault, flen);
	}
	if (c->keep_out && c->out_len > 0)
		add_line(&t->output, c->out_buf, c->out_len);
}

/* ---- Trials -------------------------------------------------------------- */

static int
same(struct outcome a, struct outcome b)
{
	return a.kind == b.kind && a.detail == b.detail;
}

/* The outcome of a trial whose status the child replied. */
static struct outcome
replied(uint32_t status, uint32_t site)
{
	struct outcome o = { K_NONE, 0 };

	if (status == QC_FAIL) {
		o.kind = K_FALSIFIED;
		o.detail = site;
	} else if (status == QC_AUTHOR) {
		o.kind = K_AUTHOR;
	} else if (status > QC_AUTHOR) {
		o.kind = K_BROKEN;
	}
	return o;
}

/* Makes sure the persistent child runs. */
static int
main_child(struct runner *r, char *err, size_t errlen)
{
	if (r->main.pid > 0)
		return 0;
	child_release(&r->main);
	return child_spawn(r, &r->main, err, errlen);
}

/*
 * Replays the N choices V of property r->prop (size r->size) in the
 * persistent child or (FRESH) a new one, within LIMIT_MS. TEXT: 0, or 2 to
 * collect the records line by line and what the function prints into *T.
 * The choices used go to USED (may be NULL). Returns 0 and *O, or -1 when
 * no child could run (ERR).
 */
static int
replay(struct runner *r, int fresh, const uint64_t *v, size_t n, unsigned limit_ms,
    int text, struct outcome *o, struct qc_seq *used, struct trial_text *t,
    char *err, size_t errlen)
{
	struct child spare, *c = fresh ? &spare : &r->main;
	struct qc_reply rep;
	struct qc_cmd cmd;
	enum waited w;

	if (fresh ? child_spawn(r, c, err, errlen) : main_child(r, err, errlen))
		return -1;
	c->keep_out = text != 0;
	c->out_len = 0;
	memcpy(c->shm->prefix, v, n * sizeof(*v));
	c->shm->nprefix = (uint32_t)n;
	c->shm->nchoices = 0;
	c->shm->fault_len = 0;
	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = QC_CMD_REPLAY;
	cmd.prop = r->prop;
	cmd.size = r->size;
	cmd.text = (uint32_t)text;
	if (child_send(c, &cmd) == -1) {
		child_kill(c);
		w = W_DIED;
	} else {
		w = child_wait(r, c, now_ms() + limit_ms, 0, 0, &rep);
	}
	if (w == W_REPLY && rep.kind != QC_R_RESULT) {
		child_kill(c);
		w = W_BAD;
	}
	*o = w == W_REPLY ? replied(rep.status, rep.site) : ended(c, w);
	if (used != NULL)
		copy_choices(c, used);
	if (t != NULL)
		copy_text(c, t);
	if (fresh)
		child_release(c);
	return 0;
}

static int
shrink_test(void *ctx, const uint64_t *v, size_t n, struct qc_seq *used)
{
	struct runner *r = ctx;
	struct outcome o;
	char err[256];

	if (now_ms() >= r->deadline)
		return -1;
	if (replay(r, r->fresh, v, n, r->limit_ms, 0, &o, used, NULL, err,
	    sizeof(err)) == -1)
		return -1;
	return same(o, r->target);
}

/* ---- A property ---------------------------------------------------------- */

/* What a batch found. */
struct found {
	enum { F_PASSED, F_FAILED, F_GAVE_UP, F_ERROR } what;
	struct outcome o;
	unsigned passed, discarded, size;
	struct qc_seq seq;
	struct trial_text text;
	char err[512];
};

/*
 * Runs trials FIRST.. of property P until COUNT pass, in child C (spawned
 * fresh when FRESH). Fills F.
 */
static void
batch(struct runner *r, uint32_t p, unsigned first, unsigned count, int fresh,
    struct found *f)
{
	struct child spare, *c = fresh ? &spare : &r->main;
	struct qc_reply rep;
	struct qc_cmd cmd;
	enum waited w;
	uint64_t max_discard, ticks0;

	if (fresh ? child_spawn(r, c, f->err, sizeof(f->err)) :
	    main_child(r, f->err, sizeof(f->err))) {
		f->what = F_ERROR;
		return;
	}
	max_discard = (uint64_t)r->o.max_discard_ratio * r->o.max_success;
	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = QC_CMD_BATCH;
	cmd.prop = p;
	cmd.seed = r->o.seed;
	cmd.first = first;
	cmd.count = count;
	cmd.max_success = r->o.max_success;
	cmd.max_size = r->o.max_size;
	cmd.max_discard = max_discard > UINT32_MAX ? UINT32_MAX : (uint32_t)max_discard;
	c->keep_out = 0;
	c->shm->passed = c->shm->discarded = 0;
	ticks0 = c->shm->ticks;
	if (child_send(c, &cmd) == -1) {
		child_kill(c);
		w = W_DIED;
	} else {
		w = child_wait(r, c, r->deadline, 1, r->o.timeout_ms, &rep);
	}
	f->passed = c->shm->passed < count ? c->shm->passed : count;
	f->discarded = c->shm->discarded;
	f->size = c->shm->size;
	if (w == W_REPLY) {
		f->passed = rep.passed < count ? rep.passed : count;
		f->discarded = rep.discarded;
		f->size = rep.size;
		switch (rep.kind) {
		case QC_R_DONE:
			/* Every trial started ticks: a reply that claims more
			 * than ticked is forged. */
			if (c->shm->ticks - ticks0 < (uint64_t)count + rep.discarded) {
				child_kill(c);
				f->what = F_FAILED;
				f->o.kind = K_BROKEN;
				copy_choices(c, &f->seq);
				break;
			}
			f->what = F_PASSED;
			f->passed = count;
			break;
		case QC_R_GAVEUP:
			f->what = F_GAVE_UP;
			break;
		case QC_R_FAIL:
			f->what = F_FAILED;
			f->o = replied(rep.status, rep.site);
			if (f->o.kind == K_NONE)
				f->o.kind = K_BROKEN;
			copy_choices(c, &f->seq);
			copy_text(c, &f->text);
			break;
		default:
			child_kill(c);
			f->what = F_FAILED;
			f->o.kind = K_BROKEN;
			copy_choices(c, &f->seq);
			break;
		}
	} else if (w == W_HUNG && now_ms() >= r->deadline) {
		f->what = F_ERROR;
		snprintf(f->err, sizeof(f->err), "the tests took longer than the run's"
		    " %u ms", r->o.total_ms);
	} else {
		f->what = F_FAILED;
		f->o = ended(c, w);
		copy_choices(c, &f->seq);
		copy_text(c, &f->text);
	}
	if (fresh)
		child_release(c);
}

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

static void
run_property(struct runner *r, uint32_t p)
{
	struct qc_shrink_stats st;
	struct found f;
	struct trial_text confirm, final;
	struct outcome co, fo;
	struct qc_seq start = { 0 };
	long long t0 = now_ms();
	unsigned final_ms;
	char err[256];

	memset(&f, 0, sizeof(f));
	memset(&st, 0, sizeof(st));
	memset(&confirm, 0, sizeof(confirm));
	memset(&final, 0, sizeof(final));
	f.seq.v = malloc(QC_MAX_CHOICES * sizeof(uint64_t));
	f.seq.max = malloc(QC_MAX_CHOICES * sizeof(uint64_t));
	start.v = malloc(QC_MAX_CHOICES * sizeof(uint64_t));
	start.max = malloc(QC_MAX_CHOICES * sizeof(uint64_t));
	put(r, "property", r->names[p]);
	put(r, "call", r->calls[p]);
	if (f.seq.v == NULL || f.seq.max == NULL || start.v == NULL || start.max == NULL) {
		put(r, "result", "error");
		put(r, "message", "the runner ran out of memory");
		goto out;
	}
	if (now_ms() >= r->deadline) {
		put(r, "result", "error");
		putf(r, "message", "not tested: the run's %u ms were used up",
		    r->o.total_ms);
		goto out;
	}

	/* 1. Random trials. */
	if (r->o.fork_each) {
		/* For benchmarks: every trial in a child of its own. */
		unsigned i, discarded = 0;

		f.what = F_PASSED;
		for (i = 0; i < r->o.max_success && f.what == F_PASSED; i++) {
			batch(r, p, i, 1, 1, &f);
			discarded += f.discarded;
		}
		f.passed = f.what == F_PASSED ? r->o.max_success : i - 1;
		f.discarded = discarded;
	} else {
		batch(r, p, 0, r->o.max_success, 0, &f);
	}
	if (f.what == F_ERROR) {
		put(r, "result", "error");
		put(r, "message", f.err);
		goto out;
	}
	if (f.what == F_GAVE_UP) {
		put(r, "result", "error");
		putf(r, "message", "gave up after %u tests: %u inputs were rejected by"
		    " qc_assume (at most %u x %u)", f.passed, f.discarded,
		    r->o.max_discard_ratio, r->o.max_success);
		goto out;
	}
	if (f.what == F_PASSED) {
		put(r, "result", "passed");
		putf(r, "tests", "%u", f.passed);
		putf(r, "discarded", "%u", f.discarded);
		goto out;
	}
	if (f.o.kind == K_AUTHOR) {
		put(r, "result", "error");
		put(r, "message", f.text.message ? f.text.message :
		    "the property file made a mistake (out of memory?)");
		goto out;
	}

	/* 2. The same failure in a fresh child? A hang is checked only if
	 * its shrinking comes to nothing (each check costs the limit). */
	r->prop = p;
	r->size = f.size;
	r->target = f.o;
	if (f.o.kind == K_HUNG) {
		memcpy(start.v, f.seq.v, f.seq.n * sizeof(uint64_t));
		memcpy(start.max, f.seq.max, f.seq.n * sizeof(uint64_t));
		start.n = f.seq.n;
	} else if (replay(r, 1, f.seq.v, f.seq.n, r->o.timeout_ms, 2, &co, &start,
	    &confirm, err, sizeof(err)) == -1) {
		put(r, "result", "error");
		put(r, "message", err);
		goto out;
	} else if (!same(co, f.o)) {
		flaky(r, &f, f.text.input != NULL ? &f.text : &confirm);
		goto out;
	}

	/* 3. Shrinking. */
	r->fresh = f.o.kind != K_FALSIFIED;
	r->limit_ms = r->o.timeout_ms;
	if (f.o.kind == K_HUNG) {
		r->limit_ms = r->o.timeout_ms / 4 > 20 ? r->o.timeout_ms / 4 : 20;
		if (r->limit_ms > r->o.timeout_ms)
			r->limit_ms = r->o.timeout_ms;
	}
	memcpy(f.seq.v, start.v, start.n * sizeof(uint64_t));
	memcpy(f.seq.max, start.max, start.n * sizeof(uint64_t));
	f.seq.n = start.n;
	final_ms = f.o.kind == K_HUNG ? FINAL_FACTOR * r->o.timeout_ms : r->o.timeout_ms;
	for (int round = 0; round < 2; round++) {
		struct qc_shrink_stats more;
		long long left = r->deadline - now_ms();
		unsigned budget = r->o.shrink_ms;

		if (left < (long long)budget)
			budget = left > 1 ? (unsigned)left : 1;
		if (qc_shrink(&f.seq, shrink_test, r, r->o.shrink_calls, budget,
		    &more) == -1)
			break;
		st.calls += more.calls;
		st.shrinks = more.shrinks;
		st.cached += more.cached;
		st.stopped |= more.stopped;

		/* 4. The final check. */
		if (replay(r, 1, f.seq.v, f.seq.n, final_ms, 2, &fo, NULL, &final,
		    err, sizeof(err)) == -1)
			break;
		if (same(fo, f.o)) {
			put_failure(r, f.o, result_of(f.o.kind), &f, &st, &final,
			    r->o.timeout_ms);
			goto out;
		}
		if (r->fresh)
			break;
		/* Shrunk in a child that kept state from earlier calls: again,
		 * from the confirmed start, with fresh children. */
		r->fresh = 1;
		memcpy(f.seq.v, start.v, start.n * sizeof(uint64_t));
		memcpy(f.seq.max, start.max, start.n * sizeof(uint64_t));
		f.seq.n = start.n;
	}
	/* The confirmed original, unshrunk. */
	st.shrinks = 0;
	if (f.o.kind == K_HUNG) {
		if (replay(r, 1, start.v, start.n, r->o.timeout_ms, 2, &co, NULL, &confirm,
		    err, sizeof(err)) == -1) {
			put(r, "result", "error");
			put(r, "message", err);
			goto out;
		}
		if (!same(co, f.o)) {
			flaky(r, &f, &confirm);
			goto out;
		}
	}
	put_failure(r, f.o, result_of(f.o.kind), &f, &st, &confirm, r->o.timeout_ms);
out:
	putf(r, "time-ms", "%lld", now_ms() - t0);
	put(r, "end", NULL);
	free(f.seq.v);
	free(f.seq.max);
	free(start.v);
	free(start.max);
	text_free(&f.text);
	text_free(&confirm);
	text_free(&final);
}

/* ---- The program -------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr, "usage: qc-runner [--seed N] [--max-success N] [--max-size N]"
	    " [--max-discard-ratio N] [--timeout-ms N] [--shrink-calls N]"
	    " [--shrink-ms N] [--total-ms N] [--fork-each] [--in-jail] OBJECT.so\n");
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

int
main(int argc, char **argv)
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
		{ NULL, 0, NULL, 0 },
	};
	struct runner r;
	struct sigaction sa;
	char err[512];
	int ch;

	memset(&r, 0, sizeof(r));
	r.o.seed = 1;
	r.o.max_success = 100;
	r.o.max_size = 100;
	r.o.max_discard_ratio = 10;
	r.o.timeout_ms = 200;
	r.o.shrink_calls = 10000;
	r.o.shrink_ms = 3000;
	r.o.total_ms = 20000;
	r.main.cmd = r.main.reply = r.main.out = -1;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 's': r.o.seed = number("--seed", optarg, ULLONG_MAX); break;
		case 'n': r.o.max_success = (unsigned)number("--max-success", optarg, 100000000); break;
		case 'z': r.o.max_size = (unsigned)number("--max-size", optarg, 1000000); break;
		case 'd': r.o.max_discard_ratio = (unsigned)number("--max-discard-ratio", optarg, 1000000); break;
		case 't': r.o.timeout_ms = (unsigned)number("--timeout-ms", optarg, 600000); break;
		case 'c': r.o.shrink_calls = (unsigned)number("--shrink-calls", optarg, UINT_MAX); break;
		case 'm': r.o.shrink_ms = (unsigned)number("--shrink-ms", optarg, 3600000); break;
		case 'T': r.o.total_ms = (unsigned)number("--total-ms", optarg, 3600000); break;
		case 'f': r.o.fork_each = 1; break;
		case 'j': r.o.in_jail = 1; break;
		default: usage();
		}
	}
	if (optind != argc - 1 || r.o.max_success == 0 || r.o.timeout_ms == 0)
		usage();
	r.o.object = argv[optind];
	if (strchr(r.o.object, '/') == NULL)
		usage();	/* dlopen would search the library path */
	r.deadline = now_ms() + r.o.total_ms;

	/* A dead child's pipe is an error to handle, not a signal; a child's
	 * end wakes poll() through the self-pipe. */
	signal(SIGPIPE, SIG_IGN);
	if (pipe2(r.sigpipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		put(&r, "assay-qc", "1");
		putf(&r, "error", "pipe: %s", strerror(errno));
		put(&r, "done", NULL);
		flush_report(&r);
		return 1;
	}
	sigchld_fd = r.sigpipe[1];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigchld_write;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);

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
	if (r.main.pid > 0) {
		struct qc_cmd quit;

		memset(&quit, 0, sizeof(quit));
		quit.kind = QC_CMD_QUIT;
		(void)child_send(&r.main, &quit);
	}
	child_release(&r.main);
	put(&r, "done", NULL);
	flush_report(&r);
	for (size_t i = 0; i < r.nprops; i++) {
		free(r.names[i]);
		free(r.calls[i]);
	}
	free(r.out);
	return 0;
}
