#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define MAXN 50000

long data[MAXN];

double average(long *d, int len)
{
	double acc = 0.0;
	int j = 0;
	while (j < len) {
		acc += d[j];
		j++;
	}
	return len ? acc / len : 0.0;
}

long extreme(long *d, int len, int want_max)
{
	long best = d[0];
	for (int j = 1; j < len; j++)
		if ((want_max && d[j] > best) || (!want_max && d[j] < best))
			best = d[j];
	return best;
}

int main(void)
{
	int len = 0;
	while (len < MAXN && scanf("%ld", data + len) == 1)
		len++;
	if (len < 1) {
		fputs("no data\n", stdout);
		return EXIT_SUCCESS;
	}
	printf("count %d\n", len);
	printf("min %ld\n", extreme(data, len, 0));
	printf("max %ld\n", extreme(data, len, 1));
	printf("mean %.2f\n", average(data, len));
	return EXIT_SUCCESS;
}
