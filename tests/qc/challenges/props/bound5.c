/*
 * bound5.c - short sum16(const short *a, int n): the sum of a[0..n-1] as a
 * short. The shrinking challenge "bound5": five lists of shorts, each summing
 * to less than 256; the claim that all of them sum to less than 5 * 256,
 * false by overflow. The challenge states ([-32768], [-1], [], [], []); in
 * qc.h's order the simplest input has its empty lists first (each is one
 * "more?" flag of 0) and, in the integer order (0, 1, -1, ..., -32768
 * last), the smaller magnitude first: ([], [], [], [], [-1, -32768]).
 */
#include <limits.h>

#include "qc.h"

#define LISTS	5
#define MAXLEN	10

QC_FUNCTION(short, sum16, const short *, int);	/* the student's */

static void
gen_short(struct qc *qc, void *elem, void *arg)
{
	(void)arg;
	*(short *)elem = qc_short_range(qc, SHRT_MIN, SHRT_MAX);
}

/* "(short[2]){-1, -32768}", or "malloc(0)" for an empty list. */
static const char *
show_shorts(struct qc *qc, const short *a, size_t n)
{
	const char *s;

	if (n == 0)
		return "malloc(0)";
	s = qc_sprintf(qc, "(short[%zu]){%d", n, a[0]);
	for (size_t j = 1; j < n; j++)
		s = qc_sprintf(qc, "%s, %d", s, a[j]);
	return qc_sprintf(qc, "%s}", s);
}

QC_PROPERTY(sum_is_bounded, "sum16(all, total)")
{
	short *p[LISTS], *all;
	size_t n[LISTS];
	int total = 0;

	for (int i = 0; i < LISTS; i++) {
		int sum = 0;

		p[i] = qc_array(qc, 0, MAXLEN, sizeof(short), gen_short, NULL, &n[i]);
		for (size_t j = 0; j < n[i]; j++)
			sum += p[i][j];
		qc_assume(qc, sum < 256);
		total += (int)n[i];
	}
	qc_show(qc, "short *p[%d] = {%s, %s, %s, %s, %s};", LISTS,
	    show_shorts(qc, p[0], n[0]), show_shorts(qc, p[1], n[1]),
	    show_shorts(qc, p[2], n[2]), show_shorts(qc, p[3], n[3]),
	    show_shorts(qc, p[4], n[4]));
	qc_show(qc, "int n[%d] = {%zu, %zu, %zu, %zu, %zu};", LISTS, n[0], n[1],
	    n[2], n[3], n[4]);
	all = qc_alloc(qc, (size_t)total, sizeof(*all), "all");
	for (int i = 0, k = 0; i < LISTS; i++)
		for (size_t j = 0; j < n[i]; j++)
			all[k++] = p[i][j];
	QC_CHECK_INT(sum16(all, total), <, 5 * 256);
}
