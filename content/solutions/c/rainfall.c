/* A reference solution of c/rainfall.md (never published: see solutions/README). */
#include <stdio.h>

int main(void)
{
	long sum = 0, days = 0;
	int x;

	while (scanf("%d", &x) == 1 && x != 99999) {
		if (x >= 0) {
			sum += x;
			days++;
		}
	}
	if (days == 0)
		printf("no data\n");
	else
		printf("%.2f\n", (double)sum / days);
	return 0;
}
