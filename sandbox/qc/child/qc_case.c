/*
 * qc_case.c - the cases tester's isolated mode (tester_cases.c, a C cases
 * exercise with "functions"): the tests' program, trusted, is linked with
 * this library and calls the student's functions through QC_FUNCTION stubs,
 * which cross to qc-callee (qc_call.c) as a property's calls do. One trial
 * lasts the whole run; each test starts with its blocks and memory reset.
 *
 * The program (cases_text.c writes it) calls, at the start of its tests,
 * after it has copied and overwritten its marker in the environment:
 *
 *	if (setjmp(*(jmp_buf *)qc__case_setup(CALLEE, STUDENT, FSIZE)) != 0)
 *		qc__case_failed();
 *
 * and qc__case_begin() at the start of each test. A call that fails (no
 * such function, code that could not be loaded, a pointer the function was
 * not given...) or an author's error ends the trial (qc__stop), which comes
 * back to that setjmp: qc__case_failed() says why on standard error and
 * ends the program with status 1, so the test is a RuntimeError. A callee
 * that crashes or exits ends the program the same way (qc_call.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "sandbox/qc/qc_impl.h"

static struct qc case_qc;
static int case_ready;

void *
qc__case_setup(const char *callee, const char *student, unsigned fsize_kib)
{
	/* The student's process must not read this one's memory (the
	 * marker, the tests' code) through /proc. */
	prctl(PR_SET_DUMPABLE, 0);
	if (!case_ready) {
		if (qc__init(&case_qc, 1) == -1) {
			fprintf(stderr, "qc: cannot set up the calls' memory\n");
			exit(2);
		}
		case_ready = 1;
	}
	qc__call_setup(&case_qc, NULL, callee, student, fsize_kib);
	return &case_qc.jb;
}

void
qc__case_begin(void)
{
	struct qc *qc = &case_qc;

	if (!case_ready)
		return;
	qc__blocks_release(qc);
	qc__trial_reset(qc);
}

void
qc__case_failed(void)
{
	const char *m = case_qc.message;

	fflush(stdout);
	if (case_qc.status == QC_AUTHOR)
		fprintf(stderr, "the tests' error: %s\n", m ? m : "(no message)");
	else
		fprintf(stderr, "%s\n", m ? m : "a call of your function failed");
	fflush(stderr);
	exit(1);
}
