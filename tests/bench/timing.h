/*
 * timing.h - what the C benchmark programs share: a monotonic clock in
 * milliseconds and percentiles of a sample. Header only; included by the
 * programs that bench_engine.sh and bench_jail.sh build.
 */
#ifndef ASSAY_BENCH_TIMING_H
#define ASSAY_BENCH_TIMING_H

#include <stdlib.h>
#include <time.h>

static inline double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The P-th quantile (0..1) of the N values of V (sorts V). */
static inline double
percentile(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[(int)(p * (n - 1))];
}

#endif
