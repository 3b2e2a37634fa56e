/*
 * qc_child.c - the child's side of the runner protocol (qc_impl.h): lists
 * the properties, runs batches of random trials and replays, and says what
 * a fatal signal hit. The child runs the properties, never the student's
 * code (qc_call.c takes each call to the student's process); the runner
 * still checks every reply and copies the shared page before using it.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "sandbox/qc/qc_impl.h"

/* Filled by the linker from every QC_PROPERTY of the program or object. */
extern const struct qc_property __start_qc_props[] __attribute__((weak));
extern const struct qc_property __stop_qc_props[] __attribute__((weak));

static const struct qc_property *sorted[QC_MAX_PROPS];
static size_t nsorted;
static int listed;

static int
cmp_prop(const void *a, const void *b)
{
	const struct qc_property *x = *(const struct qc_property *const *)a;
	const struct qc_property *y = *(const struct qc_property *const *)b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");

	if (c != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

const struct qc_property *const *
qc__properties(size_t *n)
{
	if (!listed) {
		const struct qc_property *p = __start_qc_props;

		for (; p != NULL && p < __stop_qc_props && nsorted < QC_MAX_PROPS; p++)
			sorted[nsorted++] = p;
		qsort(sorted, nsorted, sizeof(*sorted), cmp_prop);
		listed = 1;
	}
	*n = nsorted;
	return sorted;
}

/* ---- Fatal signals ------------------------------------------------------- */

static struct qc *current;
static struct qc_shm *shared;
static char altstack[64 * 1024];

/* The stack pointer of the interrupted code, or 0 when unknown here. */
static uintptr_t
fault_sp(const void *ucv)
{
	const ucontext_t *uc = ucv;

#if defined(__x86_64__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
	return (uintptr_t)uc->uc_mcontext.sp;
#else
	(void)uc;
	return 0;
#endif
}

/*
 * Says in the shared page what the fault hit (a guard page of a block, the
 * end of the stack), then lets the signal kill the process: the default
 * action is restored and the faulting instruction runs again.
 */
static void
on_fault(int sig, siginfo_t *si, void *uc)
{
	char buf[QC_FAULT_MAX];
	uintptr_t addr = (uintptr_t)si->si_addr, sp = fault_sp(uc);
	size_t n = 0;

	if (current != NULL)
		n = qc__describe_fault(current, addr, buf, sizeof(buf));
	if (n == 0 && sig == SIGSEGV && sp != 0 &&
	    addr + 65536 > sp && addr < sp + 65536) {
		static const char msg[] = "stack overflow: the function used more"
		    " stack than there is (a recursion that does not end?)";

		memcpy(buf, msg, sizeof(msg));
		n = sizeof(msg) - 1;
	}
	if (n > 0 && shared != NULL) {
		memcpy(shared->fault, buf, n);
		shared->fault_len = (uint32_t)n;
	}
	qc__fault_default(sig);
}

/* ---- The command loop ----------------------------------------------------- */

static int
read_full(int fd, void *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = read(fd, (char *)buf + off, len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

static int
reply(int fd, const struct qc_cmd *c, uint32_t kind, uint32_t status,
    uint32_t site, uint32_t passed, uint32_t discarded, uint32_t size)
{
	struct qc_reply r;

	memset(&r, 0, sizeof(r));
	r.magic = QC_REPLY_MAGIC;
	r.kind = kind;
	r.seq = c != NULL ? c->seq : 0;
	r.nonce = c != NULL ? c->nonce : 0;
	r.status = status;
	r.site = site;
	r.passed = passed;
	r.discarded = discarded;
	r.size = size;
	for (;;) {
		ssize_t n = write(fd, &r, sizeof(r));

		if (n == -1 && errno == EINTR)
			continue;
		return n == (ssize_t)sizeof(r) ? 0 : -1;
	}
}

static void
put_text(struct qc_shm *shm, const char *s, size_t n)
{
	if (n > QC_TEXT_MAX)
		n = QC_TEXT_MAX;
	memcpy(shm->text, s, n);
	shm->text_len = (uint32_t)n;
}

/* "name\0call\0" for each property, in order. */
static void
hello_text(struct qc_shm *shm, const struct qc_property *const *props, size_t n)
{
	size_t off = 0;

	for (size_t i = 0; i < n; i++) {
		const char *parts[2] = { props[i]->name, props[i]->call };

		for (int k = 0; k < 2; k++) {
			const char *s = parts[k] ? parts[k] : "";
			size_t len = strlen(s) + 1;

			if (off + len > QC_TEXT_MAX)
				len = 0;
			memcpy(shm->text + off, s, len);
			off += len;
		}
	}
	shm->text_len = (uint32_t)off;
}

int
qc__child_main(int cmd_fd, int reply_fd, struct qc_shm *shm)
{
	const struct qc_property *const *props;
	struct qc qc;
	struct qc_cmd c;
	size_t nprops;
	unsigned size;
	int st;

	static char callee[sizeof(shm->callee)], student[sizeof(shm->student)];

	props = qc__properties(&nprops);
	shared = shm;
	/* At the arena's fixed address: where the student's process sees
	 * the blocks handed to it. */
	if (qc__init(&qc, 1) == -1) {
		put_text(shm, "cannot map the trial's arena", 28);
		reply(reply_fd, NULL, QC_R_ERROR, 0, 0, 0, 0, 0);
		return -1;
	}
	qc.values = shm->values;
	qc.bounds = shm->bounds;
	qc.nshared = &shm->nchoices;
	current = &qc;
	memcpy(callee, shm->callee, sizeof(callee));
	callee[sizeof(callee) - 1] = '\0';
	memcpy(student, shm->student, sizeof(student));
	student[sizeof(student) - 1] = '\0';
	qc__call_setup(&qc, shm, callee, student, shm->student_fsize_kib);
	qc__catch_faults(on_fault, altstack, sizeof(altstack));
	/* What the student's function prints reaches the runner line by line,
	 * even when it crashes. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	hello_text(shm, props, nprops);
	if (reply(reply_fd, NULL, QC_R_HELLO, 0, 0, (uint32_t)nprops, 0, 0) == -1)
		return -1;

	while (read_full(cmd_fd, &c, sizeof(c)) == 0) {
		if (c.magic != QC_CMD_MAGIC)
			return -1;
		if (c.kind == QC_CMD_QUIT)
			return 0;
		if (c.prop >= nprops)
			return -1;
		shm->text_len = 0;
		shm->fault_len = 0;
		if (c.kind == QC_CMD_BATCH) {
			size = 0;
			st = qc__batch(&qc, props[c.prop], c.seed, c.prop, c.first, c.count,
			    c.max_success, c.max_size, c.max_discard, &shm->ticks,
			    &shm->passed, &shm->discarded, &size);
			fflush(stdout);
			if (st == QC_PASS) {
				if (reply(reply_fd, &c, QC_R_DONE, 0, 0, c.count,
				    shm->discarded, size) == -1)
					return -1;
			} else if (st == QC_DISCARD) {
				if (reply(reply_fd, &c, QC_R_GAVEUP, 0, 0, shm->passed,
				    shm->discarded, size) == -1)
					return -1;
			} else {
				put_text(shm, qc.text, qc.text_len);
				if (reply(reply_fd, &c, QC_R_FAIL, (uint32_t)st, qc.site,
				    shm->passed, shm->discarded, size) == -1)
					return -1;
			}
		} else if (c.kind == QC_CMD_REPLAY) {
			qc.random = 0;
			qc.prefix = shm->prefix;
			qc.nprefix = shm->nprefix < QC_MAX_CHOICES ? shm->nprefix :
			    QC_MAX_CHOICES;
			qc.size = c.size;
			qc.eager = c.text == 2 ? shm : NULL;
			shm->ticks++;
			st = qc__trial(&qc, props[c.prop], c.text != 0);
			qc.eager = NULL;
			fflush(stdout);
			if (c.text == 1)
				put_text(shm, qc.text, qc.text_len);
			if (reply(reply_fd, &c, QC_R_RESULT, (uint32_t)st, qc.site, 0, 0,
			    c.size) == -1)
				return -1;
		} else {
			return -1;
		}
	}
	return -1;
}
