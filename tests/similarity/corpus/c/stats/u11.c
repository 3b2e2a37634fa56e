#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEBUG 0
#define BUFSIZE 256

struct stats {
	int count;
	long lo;
	long hi;
	double total;
};

/* not used any more, kept in case */
static int is_number(const char *w)
{
	if (*w == '-' || *w == '+')
		w++;
	if (*w == '\0')
		return 0;
	while (*w) {
		if (*w < '0' || *w > '9')
			return 0;
		w++;
	}
	return 1;
}

static void debug_print(const struct stats *st)
{
	if (DEBUG) {
		fprintf(stderr, "count=%d lo=%ld hi=%ld total=%f\n", st->count, st->lo,
			st->hi, st->total);
	}
}

void stats_add(struct stats *st, long x)
{
	if (st->count == 0 || x < st->lo) st->lo = x;
	if (st->count == 0 || x > st->hi) st->hi = x;
	st->total = st->total + x;
	st->count = st->count + 1;
	debug_print(st);
}

static double variance_unused(const long *xs, int n)
{
	double m = 0, v = 0;
	int i;
	if (n < 2)
		return 0;
	for (i = 0; i < n; i++)
		m += xs[i];
	m /= n;
	for (i = 0; i < n; i++)
		v += (xs[i] - m) * (xs[i] - m);
	return v / (n - 1);
}

void stats_print(const struct stats *st)
{
	if (st->count == 0) {
		printf("no data\n");
		return;
	}
	printf("count %d\n", st->count);
	printf("min %ld\n", st->lo);
	printf("max %ld\n", st->hi);
	printf("mean %.2f\n", st->total / st->count);
}

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

int main(void)
{
	char buf[BUFSIZE];
	struct stats st = {0, 0, 0, 0.0};
	int lines = 0;

	if (DEBUG)
		printf("%f %d\n", variance_unused(NULL, 0), is_number("12"));
	while (fgets(buf, sizeof buf, stdin) != NULL) {
		char *cur = buf, *stop;
		lines++;
		if (DEBUG)
			trim(buf);
		for (;;) {
			long x = strtol(cur, &stop, 10);
			if (stop == cur) break;
			stats_add(&st, x);
			cur = stop;
		}
	}
	if (DEBUG)
		fprintf(stderr, "%d lines\n", lines);
	stats_print(&st);
	return 0;
}
