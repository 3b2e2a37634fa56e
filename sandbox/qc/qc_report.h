/*
 * qc_report.h - the runner's report: the contract between qc-runner, which
 * writes it inside the box, and the grader (tester_quickcheck.c), which
 * reads it on the host. Both ends are in qc_report.c, so the format changes
 * in one place; nothing here knows the library's insides (qc_impl.h).
 *
 * The runner writes lines "KEY VALUE" on its standard output, VALUE escaped
 * (\\ \n \t \r \xHH for other control bytes):
 *	assay-qc 1
 *	seed 1234
 *	property NAME			a block per property, in order
 *	call strong(pw)
 *	result passed|falsified|crashed|hung|exited|flaky|error
 *	tests 12			tests passed before the failure
 *	discarded 0
 *	shrinks 6			smaller counterexamples found
 *	calls 87			runs while shrinking
 *	shrink-stopped 1		shrinking stopped at its budget (calls
 *					or time): the input may not be the
 *					smallest (absent: it finished)
 *	signal 11			crashed: the signal
 *	code 3				exited: the status
 *	timeout-ms 200			hung: the limit per call
 *	time-ms 35			the property's wall time
 *	input char *pw = "aaaaA!";	each line of the counterexample
 *	expected 0
 *	got 1
 *	message TEXT			what failed, when not expected/got
 *	note TEXT			the author's notes
 *	fault TEXT			what the fault handler saw
 *	output TEXT			what the function printed (final run)
 *	end
 *	error TEXT			the run itself failed (author or platform)
 *	done
 */
#ifndef ASSAY_QC_REPORT_H
#define ASSAY_QC_REPORT_H

#include <stddef.h>

#define QC_REPORT_VERSION 1

/* Properties in one report: as many as a property file may define
 * (QC_MAX_PROPS of qc_impl.h; the runner checks that they agree). */
#define QC_REPORT_MAX_PROPS 64

enum qc_result {
	QC_RES_PASSED = 0,
	QC_RES_FALSIFIED,
	QC_RES_CRASHED,
	QC_RES_HUNG,
	QC_RES_EXITED,
	QC_RES_FLAKY,		/* failed in a batch, not when replayed alone */
	QC_RES_ERROR,		/* the author's mistake, or gave up */
	QC_RES__COUNT
};

/* "passed", "falsified"... Static. */
const char *qc_result_name(enum qc_result r);

struct qc_report_prop {
	char *name, *call;
	enum qc_result result;
	unsigned tests, discarded, shrinks, calls, time_ms, timeout_ms;
	unsigned shrink_stopped;	/* 1: shrinking stopped at its budget */
	int signal, code;
	char *input;		/* lines joined with '\n', or NULL */
	char *expected, *got, *message, *note, *fault, *output;	/* or NULL */
};

struct qc_report {
	unsigned long long seed;
	struct qc_report_prop *props;
	size_t nprops;
	char *error;		/* or NULL */
	int done;		/* the closing line was there */
};

/*
 * Parses the runner's output (LEN bytes of TEXT, untrusted: it may be cut
 * off or garbled). Returns 0 and fills R (free with qc_report_free), or -1
 * with a one-line reason in ERR. Strings are unescaped and NUL-free, not
 * yet checked as UTF-8.
 */
int qc_report_parse(const char *text, size_t len, struct qc_report *r,
    char *err, size_t errlen);
void qc_report_free(struct qc_report *r);

/*
 * The writer's side: appends "KEY VALUE\n" with VALUE (N bytes) escaped to
 * the buffer *BUF (*LEN used, *CAP allocated; grown with realloc). Returns
 * 0 or -1 (ENOMEM).
 */
int qc_report_put(char **buf, size_t *len, size_t *cap, const char *key,
    const char *value, size_t n);

#endif
