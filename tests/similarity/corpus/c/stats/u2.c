#include <stdio.h>
#include <limits.h>

int main(void)
{
	long long x, lo = LLONG_MAX, hi = LLONG_MIN, total = 0;
	unsigned count = 0;

	while (scanf("%lld", &x) == 1) {
		count++;
		total += x;
		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	if (!count) {
		puts("no data");
		return 0;
	}
	printf("count %u\nmin %lld\nmax %lld\nmean %.2f\n", count, lo, hi,
	       total / (double)count);
	return 0;
}
