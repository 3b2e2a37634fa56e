/*
 * qc_parent.c - the runner's side of the protocol with its children
 * (qc_impl.h; child/qc_child.c is the other side): starting a child that
 * loads the object, sending it commands, waiting for its replies with a
 * watchdog, and copying and checking what it left in the shared page. A
 * child runs the student's code: nothing it says is believed unchecked.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/wait.h>

#include "sandbox/qc/runner/qc_runner.h"

#define STARTUP_MS	10000	/* for a child to load the object */

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

int
children_init(struct runner *r)
{
	struct sigaction sa;

	/* A dead child's pipe is an error to handle, not a signal; a child's
	 * end wakes poll() through the self-pipe. */
	signal(SIGPIPE, SIG_IGN);
	if (pipe2(r->sigpipe, O_CLOEXEC | O_NONBLOCK) == -1)
		return -1;
	sigchld_fd = r->sigpipe[1];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigchld_write;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	return 0;
}

/* In the child: renumber the pipes, close everything else, load the
 * object and serve. Never returns. */
static void __attribute__((noreturn))
child_main(struct runner *r, struct child *c, int cmd_r, int reply_w, int out_w)
{
	int (*entry)(int, int, struct qc_shm *);
	struct sigaction dfl;
	char objpath[64];
	const char *object = r->o.object;
	void *h;
	int hi = 10, fds[4] = { cmd_r, reply_w, out_w, r->o.objfd }, t[4];

	setpgid(0, 0);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &dfl, NULL);
	sigaction(SIGPIPE, &dfl, NULL);
	for (int i = 0; i < 4; i++)
		if (fds[i] >= hi)
			hi = fds[i] + 1;
	for (int i = 0; i < 4; i++)
		if (fds[i] >= 0 && (t[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, hi)) == -1)
			_exit(126);
	if (dup2(t[2], 1) == -1 || dup2(t[2], 2) == -1 ||
	    dup2(t[0], QC_FD_CMD) == -1 || dup2(t[1], QC_FD_REPLY) == -1)
		_exit(126);
	/* The object in memory: opened by its /proc name, closed once
	 * loaded. */
	if (fds[3] >= 0) {
		if (dup3(t[3], QC_FD_OBJECT, O_CLOEXEC) == -1)
			_exit(126);
		snprintf(objpath, sizeof(objpath), "/proc/self/fd/%d", QC_FD_OBJECT);
		object = objpath;
	}
	closefrom(fds[3] >= 0 ? QC_FD_OBJECT + 1 : QC_FD_REPLY + 1);
	/* The shared pages of other children are none of this one's. */
	if (r->main.shm != NULL && r->main.shm != c->shm)
		munmap(r->main.shm, sizeof(*r->main.shm));
	h = dlopen(object, RTLD_NOW | RTLD_LOCAL);
	if (fds[3] >= 0)
		close(QC_FD_OBJECT);
	if (h == NULL ||
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

/* Reads what has come of C's reply into REP, after the *GOT bytes there;
 * *OPEN becomes 0 at the end of the pipe. */
static void
read_reply(struct child *c, struct qc_reply *rep, size_t *got, int *open)
{
	for (;;) {
		ssize_t n = read(c->reply, (char *)rep + *got, sizeof(*rep) - *got);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == 0)
			*open = 0;
		if (n > 0)
			*got += (size_t)n;
		break;
	}
}

/* A whole reply REP: W_REPLY when it answers C's last command (or says
 * hello, or that C could not start); otherwise C is killed: W_BAD. */
static enum waited
reply_checked(struct child *c, const struct qc_reply *rep)
{
	if (rep->magic != QC_REPLY_MAGIC ||
	    (rep->kind != QC_R_HELLO && rep->kind != QC_R_ERROR &&
	    (rep->seq != c->seq || rep->nonce != c->nonce))) {
		child_kill(c);
		return W_BAD;
	}
	(void)drain(c);
	return W_REPLY;
}

/* C closed its reply pipe: it is ending (W_DIED once reaped, within about
 * 100 ms), or up to no good (W_BAD: killed). */
static enum waited
reply_closed(struct child *c)
{
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
	long long changed = qc__now_ms();
	int reply_open = 1, out_open = 1;

	for (;;) {
		struct pollfd p[3];
		long long now = qc__now_ms(), until = deadline;
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
			read_reply(c, rep, &got, &reply_open);
			if (got == sizeof(*rep))
				return reply_checked(c, rep);
		}
		if (!reply_open)
			return reply_closed(c);
	}
}

/*
 * Makes child C: its shared page and pipes, then the process, which loads
 * the object (child_main). Returns 0, or -1 with a message in ERR.
 */
static int
child_start(struct runner *r, struct child *c, char *err, size_t errlen)
{
	int cmdp[2] = { -1, -1 }, repp[2] = { -1, -1 }, outp[2] = { -1, -1 };

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
	snprintf(c->shm->callee, sizeof(c->shm->callee), "%s",
	    r->o.callee ? r->o.callee : "");
	snprintf(c->shm->student, sizeof(c->shm->student), "%s",
	    r->o.student ? r->o.student : "");
	c->shm->student_fsize_kib = r->o.student_fsize_kib;
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

/* Why child C did not say hello (waiting ended with W, reply REP), into
 * ERR. */
static void
startup_error(const struct child *c, enum waited w, const struct qc_reply *rep,
    char *err, size_t errlen)
{
	uint32_t n = c->shm->text_len;

	if (w == W_REPLY && rep->kind == QC_R_ERROR)
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
}

/*
 * The first child's list of its N properties: "name\0call\0" pairs in the
 * shared page, checked, into r->names, r->calls and r->nprops. Returns 0,
 * or -1 with a message in ERR (C is released then).
 */
static int
read_properties(struct runner *r, struct child *c, uint32_t n, char *err,
    size_t errlen)
{
	char text[QC_TEXT_MAX];
	uint32_t len = c->shm->text_len;
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
	return 0;
}

int
child_spawn(struct runner *r, struct child *c, char *err, size_t errlen)
{
	struct qc_reply rep;
	enum waited w;

	if (child_start(r, c, err, errlen) == -1)
		return -1;
	w = child_wait(r, c, qc__now_ms() + STARTUP_MS, 0, 0, &rep);
	if (w != W_REPLY || rep.kind != QC_R_HELLO) {
		startup_error(c, w, &rep, err, errlen);
		child_release(c);
		return -1;
	}
	if (r->nprops == 0)
		return read_properties(r, c, rep.passed, err, errlen);
	if (rep.passed != r->nprops) {
		snprintf(err, errlen, "a child listed %u properties instead of %zu",
		    rep.passed, r->nprops);
		child_release(c);
		return -1;
	}
	return 0;
}

static int
child_send(struct child *c, struct qc_cmd *cmd)
{
	cmd->magic = QC_CMD_MAGIC;
	cmd->seq = ++c->seq;
	if (getrandom(&c->nonce, sizeof(c->nonce), 0) != (ssize_t)sizeof(c->nonce))
		c->nonce ^= (uint64_t)qc__now_ms() * 0x9e3779b97f4a7c15ULL;
	cmd->nonce = c->nonce;
	for (;;) {
		ssize_t n = write(c->cmd, cmd, sizeof(*cmd));

		if (n == -1 && errno == EINTR)
			continue;
		return n == (ssize_t)sizeof(*cmd) ? 0 : -1;
	}
}

void
child_quit(struct child *c)
{
	if (c->pid > 0) {
		struct qc_cmd quit;

		memset(&quit, 0, sizeof(quit));
		quit.kind = QC_CMD_QUIT;
		(void)child_send(c, &quit);
	}
	child_release(c);
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

void
trial_text_free(struct trial_text *t)
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

	trial_text_free(t);
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

/* ---- Trials in a child ---------------------------------------------------- */

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

int
child_replay(struct runner *r, int fresh, const uint64_t *v, size_t n,
    unsigned limit_ms, int text, struct outcome *o, struct qc_seq *used,
    struct trial_text *t, char *err, size_t errlen)
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
		w = child_wait(r, c, qc__now_ms() + limit_ms, 0, 0, &rep);
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
void
child_batch(struct runner *r, uint32_t p, unsigned first, unsigned count,
    int fresh, struct found *f)
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
	} else if (w == W_HUNG && qc__now_ms() >= r->deadline) {
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
