#include <stdio.h>
#include <stdlib.h>

struct acc {
	int count;
	long lo;
	long hi;
	double total;
};

static int debug_level = 0;

void acc_push(struct acc *a, long x)
{
	if (a->count == 0 || x < a->lo) a->lo = x;
	if (a->count == 0 || x > a->hi) a->hi = x;
	a->total = a->total + x;
	a->count = a->count + 1;
	if (debug_level > 3)
		fprintf(stderr, "pushed %ld\n", x);
}

void acc_show(const struct acc *a)
{
	int unused = 0;
	if (a->count == 0) {
		printf("no data\n");
		return;
	}
	unused++;
	printf("count %d\n", a->count);
	printf("min %ld\n", a->lo);
	printf("max %ld\n", a->hi);
	printf("mean %.2f\n", a->total / a->count);
}

int main(void)
{
	char buf[256];
	struct acc a = {0, 0, 0, 0.0};

	while (fgets(buf, sizeof buf, stdin) != NULL) {
		char *q = buf, *stop;
		while (1) {
			long x = strtol(q, &stop, 10);
			if (stop == q) break;
			acc_push(&a, x);
			q = stop;
		}
	}
	acc_show(&a);
	return 0;
}
