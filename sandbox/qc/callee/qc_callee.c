/*
 * qc-callee - the student's process of a property test: loads the student's
 * object, and nothing else of the exercise, and calls its functions when
 * the child (child/qc_call.c) asks.
 *
 *   qc-callee STUDENT.so FSIZE_KIB	(started by the child only; qc_impl.h
 *					 says which descriptors it gets)
 *
 * FSIZE_KIB (0: as inherited) is the largest file the student's code may
 * write: the child needed more to make the shared memory.
 *
 * Before the student's code runs (its constructors run when it is loaded)
 * the process is made the strictest the functions allow (seccomp, on top
 * of the jail's own profile, with errors rather than the end of the run):
 *   - no new program, no new process or thread (execve, fork, clone): a
 *     function cannot outlive its call, nor leave a process behind;
 *   - signals to itself only (kill, tkill, tgkill, sigqueue to any other
 *     pid fail): the runner and the child are out of reach, and so is
 *     every process of the box;
 *   - no memory both writable and executable, and no executable memory
 *     that is not a file's (mmap, mprotect): the loaded code is the only
 *     code;
 *   - no memory file, no filter of its own (memfd_create, seccomp,
 *     prctl(PR_SET_SECCOMP)), no looking into other processes (ptrace,
 *     process_vm_readv, pidfd_open...), no undoing its death with the
 *     child (prctl(PR_SET_PDEATHSIG)).
 * It is the first the kernel kills when the box's memory runs out
 * (oom_score_adj 1000): the child then ends as it did, and the runner
 * reports.
 * The child and the runner are not dumpable: /proc/PID/mem, maps and fd of
 * theirs cannot be opened. The property file and its object are not in the
 * box when this runs (the grader removes them; the runner has the object
 * in memory).
 *
 * What it shares with the child: the call page, and the arena's copy at
 * QC_ARENA_ADDR, of which only the pages of the blocks handed to the
 * current call are readable. A fault is said in the call page (its
 * address, what was running), and the signal then ends the process: the
 * child ends the same way.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include <seccomp.h>

#include "sandbox/qc/qc_impl.h"

#define SPIN	4000	/* polls of call_seq before sleeping */

#if !defined(__x86_64__)
#error "qc-callee calls functions by the x86-64 System V convention"
#endif

/* A function called with six integer and eight floating-point registers. */
typedef uint64_t (*fn_int)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
    uint64_t, double, double, double, double, double, double, double, double);
typedef double (*fn_double)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
    uint64_t, double, double, double, double, double, double, double, double);
typedef float (*fn_float)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
    uint64_t, double, double, double, double, double, double, double, double);

static struct qc_callpage *page;
static void *fns[QC_MAX_FUNCS];
static char altstack[64 * 1024];
static struct { uint64_t addr, len; } open_ranges[QC_MAX_BLOCKS];
static uint32_t nopen;

/* ---- Faults ---------------------------------------------------------------- */

static void
on_fault(int sig, siginfo_t *si, void *ucv)
{
	const ucontext_t *uc = ucv;
	uintptr_t addr = (uintptr_t)si->si_addr;
	uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];

	if (page != NULL) {
		page->fault_addr = addr;
		page->fault_sig = (uint32_t)sig;
		if (page->fault_what == QC_FAULT_CALL && sig == SIGSEGV &&
		    addr + 65536 > sp && addr < sp + 65536 &&
		    !(addr >= QC_ARENA_ADDR && addr < QC_ARENA_ADDR + QC_ARENA_SIZE))
			page->fault_what = QC_FAULT_STACK;
	}
	qc__fault_default(sig);
}

/* ---- The filter -------------------------------------------------------------- */

/* Adds the rules of the student's process to CTX. 0, or -1. */
static int
student_rules(scmp_filter_ctx ctx, pid_t self)
{
	static const char *const denied[] = {
		"execve", "execveat", "fork", "vfork", "clone", "clone3",
		"memfd_create", "seccomp", "ptrace", "process_vm_readv",
		"process_vm_writev", "pidfd_open", "pidfd_send_signal",
		"pidfd_getfd", "kcmp", NULL
	};
	static const char *const signals[] = {
		"kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
		NULL
	};
	const scmp_datum_t wx = PROT_WRITE | PROT_EXEC;
	int rc = 0;

	for (const char *const *n = denied; *n != NULL; n++) {
		int nr = seccomp_syscall_resolve_name(*n);

		if (nr >= 0)
			rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
	}
	for (const char *const *n = signals; *n != NULL; n++) {
		int nr = seccomp_syscall_resolve_name(*n);

		if (nr >= 0)
			rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1,
			    SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)self));
	}
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(mprotect), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(pkey_mprotect), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(mmap), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, wx, wx));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(mmap), 2,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC),
	    SCMP_A3(SCMP_CMP_MASKED_EQ, MAP_ANONYMOUS, MAP_ANONYMOUS));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prctl), 1,
	    SCMP_A0(SCMP_CMP_EQ, PR_SET_SECCOMP));
	/* Its death with the child's stays: no outliving the tests. */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prctl), 1,
	    SCMP_A0(SCMP_CMP_EQ, PR_SET_PDEATHSIG));
	return rc;
}

/* Loads the filter of the student's process. 0, or -1 with ERR. */
static int
restrict_self(char *err, size_t errlen)
{
	scmp_filter_ctx ctx;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		snprintf(err, errlen, "no_new_privs: %s", strerror(errno));
		return -1;
	}
	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL) {
		snprintf(err, errlen, "seccomp_init failed");
		return -1;
	}
	if (student_rules(ctx, getpid()) != 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) != 0 ||
	    seccomp_load(ctx) != 0) {
		snprintf(err, errlen, "cannot load the seccomp filter");
		seccomp_release(ctx);
		return -1;
	}
	seccomp_release(ctx);
	return 0;
}

/* ---- Calls --------------------------------------------------------------------- */

/* Tells the child, if it sleeps, that the call page has news. */
static void
wake_child(void)
{
	if (__atomic_load_n(&page->child_sleeps, __ATOMIC_SEQ_CST) &&
	    write(QC_CALLEE_FD_WAKE, "", 1) == -1) {
		/* Full: the child has bytes to wake it already. */
	}
}

/* Waits for a call other than LAST; returns its number. */
static uint32_t
next_call(uint32_t last)
{
	uint32_t seq;

	for (int i = 0; i < SPIN; i++) {
		if ((seq = __atomic_load_n(&page->call_seq, __ATOMIC_ACQUIRE)) != last)
			return seq;
		__builtin_ia32_pause();
	}
	for (;;) {
		__atomic_store_n(&page->callee_sleeps, 1, __ATOMIC_SEQ_CST);
		if ((seq = __atomic_load_n(&page->call_seq, __ATOMIC_SEQ_CST)) != last) {
			__atomic_store_n(&page->callee_sleeps, 0, __ATOMIC_SEQ_CST);
			return seq;
		}
		syscall(SYS_futex, &page->call_seq, FUTEX_WAIT, last, NULL, NULL, 0);
	}
}

/* Makes readable exactly the pages the call page lists (those of the
 * blocks handed over); the pages of the calls before become unreadable. */
static void
open_blocks(void)
{
	uint32_t n = page->nranges;

	if (n > QC_MAX_BLOCKS)
		n = QC_MAX_BLOCKS;
	if (n == nopen && memcmp(open_ranges, (const void *)page->ranges,
	    n * sizeof(*open_ranges)) == 0)
		return;
	for (uint32_t i = 0; i < nopen; i++)
		mprotect((void *)(uintptr_t)open_ranges[i].addr, open_ranges[i].len,
		    PROT_NONE);
	memcpy(open_ranges, (const void *)page->ranges, n * sizeof(*open_ranges));
	nopen = n;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t a = open_ranges[i].addr, len = open_ranges[i].len;

		if (a >= QC_ARENA_ADDR && len <= QC_ARENA_SIZE &&
		    a - QC_ARENA_ADDR <= QC_ARENA_SIZE - len)
			mprotect((void *)(uintptr_t)a, len, PROT_READ | PROT_WRITE);
	}
}

/* Copies the string S the function returned into the call page. */
static void
copy_result(const char *s)
{
	size_t n;

	if (s == NULL) {
		page->str_state = 0;
		return;
	}
	page->fault_what = QC_FAULT_RESULT;
	n = strnlen(s, QC_RESULT_MAX);
	page->fault_what = QC_FAULT_NONE;
	if (n >= QC_RESULT_MAX) {
		page->str_state = 2;
		return;
	}
	memcpy(page->str, s, n);
	page->str_len = (uint32_t)n;
	page->str_state = 1;
}

/* Runs the call the call page holds. */
static void
call(void)
{
	uint32_t fn = page->fn, kind = page->ret_kind;
	uint64_t a[6];
	double d[8];
	void *f;

	memcpy(a, page->ints, sizeof(a));
	memcpy(d, page->sse, sizeof(d));
	open_blocks();
	f = fn < QC_MAX_FUNCS ? fns[fn] : NULL;
	if (f == NULL) {
		page->ret_int = 0;
		return;
	}
	page->fault_what = QC_FAULT_CALL;
	if (kind == QC_RET_DOUBLE) {
		double r = ((fn_double)f)(a[0], a[1], a[2], a[3], a[4], a[5], d[0],
		    d[1], d[2], d[3], d[4], d[5], d[6], d[7]);

		memcpy(&page->ret_sse, &r, sizeof(r));
	} else if (kind == QC_RET_FLOAT) {
		float r = ((fn_float)f)(a[0], a[1], a[2], a[3], a[4], a[5], d[0],
		    d[1], d[2], d[3], d[4], d[5], d[6], d[7]);
		uint64_t bits = 0;

		memcpy(&bits, &r, sizeof(r));
		page->ret_sse = bits;
	} else {
		page->ret_int = ((fn_int)f)(a[0], a[1], a[2], a[3], a[4], a[5],
		    d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]);
	}
	page->fault_what = QC_FAULT_NONE;
	fflush(stdout);
	fflush(stderr);
	if (kind == QC_RET_STRING)
		copy_result((const char *)(uintptr_t)page->ret_int);
}

/* ---- Start ------------------------------------------------------------------ */

/* Makes this process the memory killer's first choice (raising one's own
 * score needs no privilege). */
static void
oom_first(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		(void)!write(fd, "1000", 4);
		close(fd);
	}
}

/* Maps the call page and the arena's copy. 0, or -1 with ERR. */
static int
map_shared(char *err, size_t errlen)
{
	void *p, *a;

	p = mmap(NULL, QC_CALLPAGE_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED,
	    QC_CALLEE_FD_MEM, QC_ARENA_SIZE);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "cannot map the call page: %s", strerror(errno));
		return -1;
	}
	page = p;
	a = mmap((void *)QC_ARENA_ADDR, QC_ARENA_SIZE, PROT_NONE,
	    MAP_SHARED | MAP_FIXED_NOREPLACE | MAP_NORESERVE, QC_CALLEE_FD_MEM, 0);
	if (a != (void *)QC_ARENA_ADDR) {
		snprintf(err, errlen, "cannot map the arena: %s", strerror(errno));
		return -1;
	}
	close(QC_CALLEE_FD_MEM);
	return page->magic == QC_CALL_MAGIC ? 0 : -1;
}

/* Loads the student's object and finds the functions. 0, or -1 with ERR. */
static int
load(const char *path, char *err, size_t errlen)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	uint32_t n = page->nfuncs;

	if (h == NULL) {
		const char *e = dlerror();

		snprintf(err, errlen, "%s", e ? e : "dlopen failed");
		return -1;
	}
	if (n > QC_MAX_FUNCS)
		n = QC_MAX_FUNCS;
	for (uint32_t i = 0; i < n; i++) {
		char name[QC_FUNC_NAME_MAX];

		memcpy(name, page->names[i], sizeof(name));
		name[sizeof(name) - 1] = '\0';
		fns[i] = dlsym(h, name);
		page->found[i] = fns[i] != NULL;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	char err[sizeof(page->error)] = "";
	uint32_t seq = 0;

	if (argc != 3 || map_shared(err, sizeof(err)) == -1) {
		if (page != NULL) {
			snprintf(page->error, sizeof(page->error), "%s", err);
			__atomic_store_n(&page->ready, 2, __ATOMIC_SEQ_CST);
			wake_child();
		}
		return 127;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	qc__catch_faults(on_fault, altstack, sizeof(altstack));
	oom_first();
	if (strtoul(argv[2], NULL, 10) > 0) {
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = (rlim_t)strtoul(argv[2], NULL, 10) * 1024;
		setrlimit(RLIMIT_FSIZE, &rl);
	}
	if (restrict_self(err, sizeof(err)) == -1 ||
	    load(argv[1], err, sizeof(err)) == -1) {
		memcpy(page->error, err, sizeof(err));
		__atomic_store_n(&page->ready, 2, __ATOMIC_SEQ_CST);
		wake_child();
		for (;;)
			pause();
	}
	__atomic_store_n(&page->ready, 1, __ATOMIC_SEQ_CST);
	wake_child();
	for (;;) {
		seq = next_call(seq);
		call();
		__atomic_store_n(&page->done_seq, seq, __ATOMIC_SEQ_CST);
		wake_child();
	}
}
