/*
 * bound5.c - short sum16(const short *a, int n): the sum of a[0..n-1] as a
 * short. The shrinking challenge "bound5": five lists of shorts, each summing
 * to less than 256; the claim that all of them sum to less than 5 * 256,
 * false by overflow. The challenge states ([-32768], [-1], [], [], []); in
 * qc.h's order the simplest input has its empty lists first (each is one
 * "more?" flag of 0) and, in the integer order (0, 1, -1, ..., -32768
 * last), the smaller magnitude first: ([], [], [], [], [-1, -32768]).
 */
#include <stdio.h>

#include "qc.h"

#define LISTS	5
#define MAXLEN	10

QC_FUNCTION(short, sum16, const short *, int);	/* the student's */

/* "short *p[5] = {(short []){-1}, NULL, ...};" */
static void
show_lists(struct qc *qc, short p[LISTS][MAXLEN], const int *n)
{
	char buf[1024];
	size_t k = 0;

	k += (size_t)snprintf(buf + k, sizeof(buf) - k, "short *p[%d] = {", LISTS);
	for (int i = 0; i < LISTS; i++) {
		if (n[i] == 0)
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "NULL");
		for (int j = 0; j < n[i]; j++)
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%d",
			    j ? ", " : "(short []){", p[i][j]);
		if (n[i] > 0)
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "}");
		k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s",
		    i + 1 < LISTS ? ", " : "};");
	}
	qc_show(qc, "%s", buf);
	qc_show(qc, "int n[%d] = {%d, %d, %d, %d, %d};", LISTS, n[0], n[1], n[2],
	    n[3], n[4]);
}

QC_PROPERTY(sum_is_bounded, "sum16(all, total)")
{
	short p[LISTS][MAXLEN], *all;
	int n[LISTS], total = 0;

	for (int i = 0; i < LISTS; i++) {
		struct qc_many m;
		int sum = 0;

		n[i] = 0;
		qc_many_init(qc, &m, 0, MAXLEN);
		while (qc_many_more(qc, &m)) {
			p[i][n[i]] = (short)qc_int_range(qc, -32768, 32767);
			sum += p[i][n[i]++];
		}
		qc_assume(qc, sum < 256);
		total += n[i];
	}
	show_lists(qc, p, n);
	all = qc_alloc(qc, (size_t)total, sizeof(*all), "all");
	for (int i = 0, k = 0; i < LISTS; i++)
		for (int j = 0; j < n[i]; j++)
			all[k++] = p[i][j];
	QC_CHECK_INT(sum16(all, total), <, 5 * 256);
}
