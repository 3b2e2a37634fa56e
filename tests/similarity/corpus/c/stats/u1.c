#include <stdio.h>

static void print_stats(const long *v, int n)
{
	long min = v[0], max = v[0], sum = 0;
	for (int i = 0; i < n; i++) {
		if (v[i] < min)
			min = v[i];
		if (v[i] > max)
			max = v[i];
		sum += v[i];
	}
	printf("count %d\n", n);
	printf("min %ld\nmax %ld\n", min, max);
	printf("mean %.2f\n", (double)sum / n);
}

static int read_all(long *v, int cap)
{
	int n = 0;
	while (n < cap && scanf("%ld", &v[n]) == 1)
		n++;
	return n;
}

int main(void)
{
	static long values[100000];
	int n = read_all(values, 100000);
	if (n == 0) {
		printf("no data\n");
		return 0;
	}
	print_stats(values, n);
	return 0;
}
