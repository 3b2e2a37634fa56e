#include <ctype.h>
#include <stdio.h>

int read_number(long *res)
{
	int ch, neg = 1, seen = 0;
	long acc = 0;

	do ch = getchar(); while (ch != EOF && isspace(ch));
	if (ch == '-') { neg = -1; ch = getchar(); }
	while (ch != EOF && isdigit(ch)) {
		seen = 1;
		acc = acc * 10 + (ch - '0');
		ch = getchar();
	}
	*res = neg * acc;
	return seen;
}

int main(void)
{
	int cnt = 0;
	double tot = 0;
	long lo = 0, hi = 0, x;

	while (read_number(&x)) {
		tot += x;
		if (cnt == 0) lo = hi = x;
		else if (x < lo) lo = x;
		else if (x > hi) hi = x;
		++cnt;
	}
	if (cnt <= 0) {
		printf("no data\n");
	} else {
		printf("count %d\n", cnt);
		printf("min %ld\n", lo);
		printf("max %ld\n", hi);
		printf("mean %.2f\n", tot / cnt);
	}
	return 0;
}
