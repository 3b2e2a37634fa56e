#include <stdio.h>
#include <stdlib.h>

struct summary {
	int n;
	long min;
	long max;
	double sum;
};

void summary_add(struct summary *s, long v)
{
	if (s->n == 0 || v < s->min) s->min = v;
	if (s->n == 0 || v > s->max) s->max = v;
	s->sum = s->sum + v;
	s->n = s->n + 1;
}

void summary_print(const struct summary *s)
{
	if (s->n == 0) {
		printf("no data\n");
		return;
	}
	printf("count %d\n", s->n);
	printf("min %ld\n", s->min);
	printf("max %ld\n", s->max);
	printf("mean %.2f\n", s->sum / s->n);
}

int main(void)
{
	char line[256];
	struct summary s = {0, 0, 0, 0.0};

	while (fgets(line, sizeof line, stdin) != NULL) {
		char *p = line, *end;
		for (;;) {
			long v = strtol(p, &end, 10);
			if (end == p) break;
			summary_add(&s, v);
			p = end;
		}
	}
	summary_print(&s);
	return 0;
}
