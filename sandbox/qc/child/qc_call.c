/*
 * qc_call.c - the calls of the student's functions, on the child's side:
 * what a QC_FUNCTION stub calls. The student's code never runs in the
 * child (which holds the properties, the reference and the protocol); it
 * runs in a process of its own, qc-callee (callee/qc_callee.c), started at
 * the first call with nothing of the author's, under a stricter seccomp
 * filter. A call:
 *   1. the arguments, as the registers of the x86-64 ABI take them; a
 *      pointer must point into a block of the trial (a string that does not
 *      is copied into one);
 *   2. the blocks handed over (those the pointers point into, and those
 *      their raw blocks point to when first handed over) are copied, with
 *      their canaries, into the shared memory file at their own offset in
 *      the arena: the callee sees them at the same address, with the pages
 *      around them without access;
 *   3. the call page is filled and call_seq bumped (a futex wakes the callee
 *      if it sleeps); the child spins a little, then sleeps in poll() on the
 *      wake pipe;
 *   4. the answer (done_seq equal to the call's) brings the blocks back and
 *      the result; a string returned from the student's own memory comes
 *      back as a copy in the trial's memory. A pointer into the arena that
 *      the function returns, or writes into a raw block it was handed,
 *      must point into a block it was handed in this trial: the others
 *      (the reference's results) sit at addresses it could guess, and
 *      following such a pointer would let it answer with them.
 * When the callee dies instead (a signal, exit()), the child says in the
 * shared page what its fault hit, and ends the same way (the same signal,
 * the same status): to the runner it is exactly as if the function had run
 * in the child, and every crash, exit and hang keeps its meaning. A callee
 * that never answers is a hang: the runner's watchdog kills the child, and
 * the callee with it (its parent-death signal).
 *
 * Nothing the callee writes is believed beyond what it is: the child reads
 * back only the answer's fields, checked and copied, never what it wrote
 * itself; the trial's bookkeeping (blocks, frozen copies, canaries'
 * checks) never leaves the child.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "sandbox/qc/qc_impl.h"

#define SPIN		4000	/* polls of the answer before sleeping */

extern const struct qc_function __start_qc_funcs[] __attribute__((weak));
extern const struct qc_function __stop_qc_funcs[] __attribute__((weak));
extern char **environ;

static struct {
	struct qc *qc;
	struct qc_shm *shm;
	const char *callee, *student;
	char fsize[16];			/* the callee's RLIMIT_FSIZE, KiB */
	pid_t pid;			/* of the callee; 0: not started */
	int wake;			/* the read end of its wake pipe */
	struct qc_callpage *page;	/* shared */
	unsigned char *view;		/* the shared copy of the arena */
	uint32_t seq;
	int failed;			/* the callee could not load: */
	char why[600];			/* the trial's message */
} cs;

void
qc__call_setup(struct qc *qc, struct qc_shm *shm, const char *callee,
    const char *student, unsigned fsize_kib)
{
	snprintf(cs.fsize, sizeof(cs.fsize), "%u", fsize_kib);
	cs.qc = qc;
	cs.shm = shm;
	cs.callee = callee;
	cs.student = student;
}

/* ---- The arguments --------------------------------------------------------- */

void
qc__call_begin(struct qc__call *c, const struct qc_function *fn)
{
	memset(c, 0, sizeof(*c));
	c->fn = fn;
}

void
qc__call_arg(struct qc__call *c, int cls, int sgn, int str, const void *v,
    size_t size)
{
	uint64_t x = 0;
	unsigned i = c->nargs++;

	if (i >= 6)
		return;		/* QC_FUNCTION takes six at most */
	memcpy(&x, v, size < sizeof(x) ? size : sizeof(x));
	if (cls == 8) {				/* a float or a double */
		if (c->nsse < 8)
			c->sse[c->nsse++] = x;
		c->slot[i] = 0xff;
		return;
	}
	if (sgn && size < sizeof(x) && (x >> (size * 8 - 1)) & 1)
		x |= ~(uint64_t)0 << (size * 8);	/* sign-extended */
	c->slot[i] = (unsigned char)c->nint;
	c->ptr[i] = cls == 5;
	c->str[i] = (unsigned char)(cls == 5 ? str : 0);
	c->ints[c->nint++] = x;
}

/* The block of the trial that P points into (or just past), or NULL. */
static struct qc_block *
block_of(struct qc *qc, uintptr_t p)
{
	for (size_t i = 0; i < qc->nblocks; i++) {
		struct qc_block *b = &qc->blocks[i];

		if (p >= (uintptr_t)b->data && p <= (uintptr_t)b->data + b->size)
			return b;
	}
	return NULL;
}

/*
 * Marks in OUT the blocks argument pointers of C point into, and the
 * blocks their raw blocks point to, followed once per trial (a block's
 * pointers are those its author wrote before handing it over, not what the
 * function wrote there since). A string that is no block becomes one; any
 * other pointer outside the blocks is the author's error.
 */
static void
blocks_handed(struct qc *qc, struct qc__call *c, unsigned char *out)
{
	memset(out, 0, QC_MAX_BLOCKS);
	for (unsigned i = 0; i < c->nargs && i < 6; i++) {
		uintptr_t p = (uintptr_t)c->ints[c->slot[i]];
		struct qc_block *b;

		if (!c->ptr[i] || p == 0)
			continue;
		if ((b = block_of(qc, p)) == NULL && c->str[i]) {
			size_t n = strlen((const char *)p);

			b = qc__block_new(qc, n + 1, 1, QC_BLOCK_STRING,
			    qc__printf(qc, "argument %u", i + 1));
			memcpy(b->data, (const char *)p, n + 1);
			c->ints[c->slot[i]] = (uintptr_t)b->data;
		} else if (b == NULL) {
			qc__author(qc, "argument %u of %s is a pointer to memory that"
			    " is not a block of the trial: hand the function blocks"
			    " made by a generator, qc_alloc or qc_dup", i + 1,
			    c->fn->name);
		}
		out[b - qc->blocks] = 1;
	}
	for (int more = 1; more; ) {
		more = 0;
		for (size_t k = 0; k < qc->nblocks; k++) {
			struct qc_block *b = &qc->blocks[k];

			if (!out[k] || b->handed)
				continue;
			b->handed = 1;
			if (b->kind != QC_BLOCK_RAW)
				continue;
			for (size_t off = (8 - (uintptr_t)b->data % 8) % 8;
			    off + 8 <= b->size; off += 8) {
				uint64_t w;
				struct qc_block *t;

				memcpy(&w, b->data + off, sizeof(w));
				if ((t = block_of(qc, (uintptr_t)w)) != NULL &&
				    !out[t - qc->blocks]) {
					out[t - qc->blocks] = 1;
					more = 1;
				}
			}
		}
	}
}

/* The pages of block B, with its canary: [*START, *START + *LEN). */
static void
block_pages(const struct qc *qc, const struct qc_block *b, uintptr_t *start,
    size_t *len)
{
	uintptr_t lo = (uintptr_t)b->data - QC_CANARY_LEN;
	uintptr_t hi = (uintptr_t)b->data + b->size;

	lo -= lo % qc->page;
	hi = (hi + qc->page - 1) / qc->page * qc->page;
	*start = lo;
	*len = hi - lo;
}

/* The shared copy of block B (its canary first), or B from it (BACK). */
static void
block_copy(const struct qc *qc, const struct qc_block *b, int back)
{
	unsigned char *here = b->data - QC_CANARY_LEN;
	unsigned char *there = cs.view + (here - qc->arena);

	if (back)
		memcpy(here, there, QC_CANARY_LEN + b->size);
	else
		memcpy(there, here, QC_CANARY_LEN + b->size);
}

/* ---- The callee ------------------------------------------------------------- */

/* Ends this process as the callee ended (wait status ST), after saying
 * in the shared page what its fault hit. */
static void __attribute__((noreturn))
end_as_callee(int st)
{
	struct qc_callpage *p = cs.page;
	uint32_t what = p->fault_what, sig = p->fault_sig;
	uint64_t addr = p->fault_addr;
	char buf[QC_FAULT_MAX];
	size_t n = 0;

	fflush(stdout);
	if (WIFEXITED(st))
		_exit(WEXITSTATUS(st));
	if (WIFSIGNALED(st) && sig == (uint32_t)WTERMSIG(st)) {
		if (what == QC_FAULT_STACK) {
			n = (size_t)snprintf(buf, sizeof(buf), "stack overflow: the"
			    " function used more stack than there is (a recursion"
			    " that does not end?)");
		} else if (what == QC_FAULT_RESULT) {
			n = (size_t)snprintf(buf, sizeof(buf), "returned a pointer to"
			    " memory that cannot be read as a string");
		} else if (what == QC_FAULT_CALL && cs.qc != NULL) {
			n = qc__describe_fault(cs.qc, (uintptr_t)addr, buf,
			    sizeof(buf));
		}
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		if (n > 0 && cs.shm != NULL) {
			memcpy(cs.shm->fault, buf, n);
			cs.shm->fault_len = (uint32_t)n;
		}
	}
	if (WIFSIGNALED(st)) {
		int s = WTERMSIG(st);
		struct sigaction dfl;
		sigset_t set;

		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigaction(s, &dfl, NULL);
		sigemptyset(&set);
		sigaddset(&set, s);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(s);
		/* A signal whose default is to go on (none the callee dies
		 * of): killed, then. */
		raise(SIGKILL);
	}
	_exit(126);
}

/*
 * Waits until the callee has answered (DONE_SEQ reaches SEQ, or READY is
 * set when SEQ is 0); spins first, then sleeps in poll() on the wake
 * pipe. When the callee dies instead, ends this process the same way.
 */
static void
wait_callee(uint32_t seq)
{
	struct qc_callpage *p = cs.page;

	for (int i = 0; i < SPIN; i++) {
		if (seq ? __atomic_load_n(&p->done_seq, __ATOMIC_ACQUIRE) == seq :
		    __atomic_load_n(&p->ready, __ATOMIC_ACQUIRE) != 0)
			return;
		__builtin_ia32_pause();
	}
	for (;;) {
		struct pollfd pfd = { cs.wake, POLLIN, 0 };
		char buf[64];
		int st;

		__atomic_store_n(&p->child_sleeps, 1, __ATOMIC_SEQ_CST);
		if (seq ? __atomic_load_n(&p->done_seq, __ATOMIC_SEQ_CST) == seq :
		    __atomic_load_n(&p->ready, __ATOMIC_SEQ_CST) != 0) {
			__atomic_store_n(&p->child_sleeps, 0, __ATOMIC_SEQ_CST);
			return;
		}
		if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
			continue;
		if (pfd.revents & POLLIN)
			while (read(cs.wake, buf, sizeof(buf)) > 0)
				;
		if (pfd.revents & (POLLHUP | POLLERR)) {
			/* The callee is gone (or closed its end: it cannot
			 * answer any more; then kill it). */
			if (seq ? __atomic_load_n(&p->done_seq, __ATOMIC_SEQ_CST) == seq :
			    __atomic_load_n(&p->ready, __ATOMIC_SEQ_CST) != 0)
				return;
			if (waitpid(cs.pid, &st, WNOHANG) != cs.pid) {
				kill(cs.pid, SIGKILL);
				while (waitpid(cs.pid, &st, 0) == -1 && errno == EINTR)
					;
			}
			end_as_callee(st);
		}
	}
}

/* In the new process: the callee's descriptors, then the program. */
static void __attribute__((noreturn))
callee_exec(pid_t parent, int mem, int wake)
{
	char *argv[] = { "qc-callee", (char *)cs.student, cs.fsize, NULL };
	sigset_t all;
	int null;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	/* Above the callee's numbers first: MEM or WAKE may be one of them
	 * (in a program with few descriptors open, the cases' tests), and
	 * dup2() onto itself would keep its close-on-exec. */
	if ((mem = fcntl(mem, F_DUPFD, QC_CALLEE_FD_WAKE + 1)) == -1 ||
	    (wake = fcntl(wake, F_DUPFD, QC_CALLEE_FD_WAKE + 1)) == -1 ||
	    (null = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1 ||
	    dup2(null, 0) == -1 ||
	    dup2(mem, QC_CALLEE_FD_MEM) == -1 || dup2(wake, QC_CALLEE_FD_WAKE) == -1)
		_exit(127);
	closefrom(QC_CALLEE_FD_WAKE + 1);
	execve(cs.callee, argv, environ);
	_exit(127);
}

/* The names of the functions QC_FUNCTION declared, in the call page. */
static void
put_names(struct qc *qc, struct qc_callpage *p)
{
	const struct qc_function *f = __start_qc_funcs;
	size_t n = (size_t)(__stop_qc_funcs - __start_qc_funcs);

	if (f == NULL)
		n = 0;
	if (n > QC_MAX_FUNCS)
		qc__author(qc, "more than %d functions declared with QC_FUNCTION",
		    QC_MAX_FUNCS);
	for (size_t i = 0; i < n; i++) {
		if (strlen(f[i].name) >= QC_FUNC_NAME_MAX)
			qc__author(qc, "the function name %s is too long", f[i].name);
		memcpy(p->names[i], f[i].name, strlen(f[i].name) + 1);
	}
	p->nfuncs = (uint32_t)n;
}

/*
 * Starts the callee and waits until it has loaded the student's object (or
 * could not: cs.failed says why, as the trial's message). A callee that
 * dies while loading (the student's constructors) ends this process the
 * same way.
 */
static void
callee_start(struct qc *qc)
{
	int mem, wakep[2];
	size_t total = QC_ARENA_SIZE + QC_CALLPAGE_BYTES;
	pid_t self = getpid();
	void *pg, *view;

	if (cs.callee == NULL || cs.student == NULL || cs.callee[0] == '\0' ||
	    cs.student[0] == '\0')
		qc__author(qc, "a student's function was called, but the runner"
		    " was given no student's object (--student)");
	/* Sealed at its size: the callee cannot shrink it under the child
	 * (through /proc/self/map_files) to make its copies fault. */
	if ((mem = memfd_create("qc-arena", MFD_CLOEXEC | MFD_ALLOW_SEALING)) == -1 ||
	    ftruncate(mem, (off_t)total) == -1 ||
	    fcntl(mem, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) == -1)
		qc__author(qc, "cannot make the call's memory: %s", strerror(errno));
	view = mmap(NULL, QC_ARENA_SIZE, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_NORESERVE, mem, 0);
	pg = mmap(NULL, QC_CALLPAGE_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED,
	    mem, QC_ARENA_SIZE);
	if (view == MAP_FAILED || pg == MAP_FAILED || pipe2(wakep, O_CLOEXEC) == -1)
		qc__author(qc, "cannot map the call's memory: %s", strerror(errno));
	cs.view = view;
	cs.page = pg;
	cs.page->magic = QC_CALL_MAGIC;
	put_names(qc, cs.page);
	fflush(stdout);
	if ((cs.pid = fork()) == -1)
		qc__author(qc, "cannot start the student's process: %s",
		    strerror(errno));
	if (cs.pid == 0)
		callee_exec(self, mem, wakep[1]);
	close(wakep[1]);
	close(mem);
	cs.wake = wakep[0];
	fcntl(cs.wake, F_SETFL, O_NONBLOCK);
	wait_callee(0);
	if (cs.page->ready != 1) {
		char e[sizeof(cs.page->error)];

		memcpy(e, cs.page->error, sizeof(e));
		e[sizeof(e) - 1] = '\0';
		cs.failed = 1;
		snprintf(cs.why, sizeof(cs.why), "your code could not be loaded: %s",
		    e[0] ? e : "for a reason it did not say");
	}
}

/* ---- A call ------------------------------------------------------------------ */

/* Fails the trial with the message of a failure of the student's side. */
static void __attribute__((noreturn))
call_fail(struct qc *qc, const char *msg)
{
	qc->message = qc__strdup(qc, msg);
	qc__stop(qc, QC_FAIL, QC_SITE_CALL);
}

/* The pages of the handed blocks MARK into the call page, and the blocks
 * into the shared copy. */
static void
hand_over(struct qc *qc, const unsigned char *mark)
{
	struct qc_callpage *p = cs.page;
	uint32_t n = 0;

	for (size_t k = 0; k < qc->nblocks; k++) {
		uintptr_t start;
		size_t len;

		if (!mark[k])
			continue;
		block_copy(qc, &qc->blocks[k], 0);
		block_pages(qc, &qc->blocks[k], &start, &len);
		p->ranges[n].addr = start;
		p->ranges[n].len = len;
		n++;
	}
	p->nranges = n;
}

/*
 * Is P an address in a block of the trial that was not handed over in it?
 * (Elsewhere in the arena there is nothing of this trial's to point at;
 * and numbers the function writes that happen to look like such an
 * address are then all but impossible.)
 */
static int
not_given(struct qc *qc, uintptr_t p)
{
	struct qc_block *b;

	if (p < (uintptr_t)qc->arena || p >= (uintptr_t)qc->arena + QC_ARENA_SIZE)
		return 0;
	return (b = block_of(qc, p)) != NULL && !b->handed;
}

/* Fails the trial if a raw block handed over (MARK) now holds a pointer
 * into the arena outside the blocks handed in this trial. */
static void
check_pointers(struct qc *qc, const unsigned char *mark)
{
	for (size_t k = 0; k < qc->nblocks; k++) {
		struct qc_block *b = &qc->blocks[k];

		if (!mark[k] || b->kind != QC_BLOCK_RAW)
			continue;
		for (size_t off = (8 - (uintptr_t)b->data % 8) % 8;
		    off + 8 <= b->size; off += 8) {
			uint64_t w;

			memcpy(&w, b->data + off, sizeof(w));
			if (not_given(qc, (uintptr_t)w))
				call_fail(qc, qc__printf(qc, "the function wrote into %s"
				    " a pointer to memory it was not given",
				    b->name ? b->name : "the input"));
		}
	}
}

/* The result of the call into RET (SIZE bytes, of class CLS; STR: a char
 * pointer), from the answer. */
static void
take_result(struct qc *qc, int cls, int str, void *ret, size_t size)
{
	struct qc_callpage *p = cs.page;
	uint64_t bits = cls == 8 ? p->ret_sse : p->ret_int;

	if (ret == NULL || size == 0)
		return;
	if (cls == 5 && not_given(qc, (uintptr_t)bits))
		call_fail(qc, "the function returned a pointer to memory it was"
		    " not given");
	if (cls == 5 && str && bits != 0 && block_of(qc, (uintptr_t)bits) == NULL) {
		uint32_t state = p->str_state, len = p->str_len;
		char *copy;

		if (state == 2)
			call_fail(qc, "the function returned a string longer than"
			    " 16383 characters");
		if (state != 1 || len >= QC_RESULT_MAX)
			call_fail(qc, "the function's result could not be read");
		copy = qc__alloc(qc, len + 1);
		memcpy(copy, p->str, len);
		copy[len] = '\0';
		bits = (uintptr_t)copy;
	}
	memcpy(ret, &bits, size < sizeof(bits) ? size : sizeof(bits));
}

void
qc__call_run(struct qc__call *c, int cls, int str, void *ret, size_t size)
{
	struct qc *qc = cs.qc;
	struct qc_callpage *p;
	unsigned char mark[QC_MAX_BLOCKS], ptrs[6] = { 0 };
	uintptr_t orig[6] = { 0 };
	size_t fn;

	if (qc == NULL) {
		fprintf(stderr, "qc: %s called outside a property\n", c->fn->name);
		abort();
	}
	if (c->nargs > 6 || c->nsse > 8)
		qc__author(qc, "%s: QC_FUNCTION takes at most six arguments",
		    c->fn->name);
	/* What the caller printed comes before what the function prints
	 * (the cases' tests print around their calls). */
	fflush(stdout);
	if (cs.pid == 0)
		callee_start(qc);
	if (cs.failed)
		call_fail(qc, cs.why);
	fn = (size_t)(c->fn - __start_qc_funcs);
	p = cs.page;
	if (fn >= p->nfuncs || !p->found[fn])
		call_fail(qc, qc__printf(qc, "your code has no function %s, which"
		    " the tests call", c->fn->signature));
	for (unsigned i = 0; i < c->nargs; i++)
		if (c->ptr[i])
			orig[i] = (uintptr_t)c->ints[c->slot[i]];
	blocks_handed(qc, c, mark);
	for (unsigned i = 0; i < c->nargs; i++)
		ptrs[i] = c->ptr[i] && c->str[i] == 2 &&
		    orig[i] != (uintptr_t)c->ints[c->slot[i]];
	hand_over(qc, mark);
	p->fn = (uint32_t)fn;
	p->ret_kind = cls == 8 ? (size == 4 ? QC_RET_FLOAT : QC_RET_DOUBLE) :
	    cls == 5 && str ? QC_RET_STRING : QC_RET_INT;
	memcpy(p->ints, c->ints, sizeof(p->ints));
	memcpy(p->sse, c->sse, sizeof(p->sse));
	p->fault_what = QC_FAULT_NONE;
	__atomic_store_n(&p->call_seq, ++cs.seq, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&p->callee_sleeps, __ATOMIC_SEQ_CST))
		syscall(SYS_futex, &p->call_seq, FUTEX_WAKE, 1, NULL, NULL, 0);
	wait_callee(cs.seq);
	for (size_t k = 0; k < qc->nblocks; k++)
		if (mark[k])
			block_copy(qc, &qc->blocks[k], 1);
	/* A string copied for the call goes back where it came from. */
	for (unsigned i = 0; i < c->nargs; i++)
		if (ptrs[i]) {
			const char *s = (const char *)(uintptr_t)c->ints[c->slot[i]];
			size_t n = strlen((const char *)orig[i]);

			memcpy((char *)orig[i], s, n);
		}
	check_pointers(qc, mark);
	take_result(qc, cls, str, ret, size);
}
