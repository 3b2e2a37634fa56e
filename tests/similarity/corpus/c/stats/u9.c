#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define LIMIT 50000

long vals[LIMIT];

long pick(long *v, int m, int biggest)
{
	long r = v[0];
	for (int t = 1; t < m; t++)
		if ((biggest && v[t] > r) || (!biggest && v[t] < r))
			r = v[t];
	return r;
}

double avg(long *v, int m)
{
	double tot = 0.0;
	int t = 0;
	while (t < m) { tot += v[t]; t++; }
	return m ? tot / m : 0.0;
}

int main(void)
{
	int m = 0;
	while (m < LIMIT && scanf("%ld", vals + m) == 1) m++;
	if (m < 1) { fputs("no data\n", stdout); return EXIT_SUCCESS; }
	printf("count %d\n", m);
	printf("min %ld\n", pick(vals, m, 0));
	printf("max %ld\n", pick(vals, m, 1));
	printf("mean %.2f\n", avg(vals, m));
	return EXIT_SUCCESS;
}
