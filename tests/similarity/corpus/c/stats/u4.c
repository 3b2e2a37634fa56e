#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	size_t cap = 16, n = 0;
	long *a = malloc(cap * sizeof *a);
	double mean = 0;

	if (a == NULL)
		return 1;
	for (long v; scanf("%ld", &v) == 1; ) {
		if (n == cap) {
			cap *= 2;
			long *b = realloc(a, cap * sizeof *a);
			if (b == NULL) { free(a); return 1; }
			a = b;
		}
		a[n++] = v;
	}
	if (n == 0) {
		printf("no data\n");
		free(a);
		return 0;
	}
	qsort(a, n, sizeof *a, cmp);
	for (size_t i = 0; i < n; i++)
		mean += (a[i] - mean) / (double)(i + 1);
	printf("count %zu\nmin %ld\nmax %ld\nmean %.2f\n", n, a[0], a[n - 1], mean);
	free(a);
	return 0;
}
