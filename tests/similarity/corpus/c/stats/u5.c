#include <stdio.h>
#include <ctype.h>

/* Reads the next integer by hand; 0 at the end of input. */
int next_int(long *out)
{
	int c, sign = 1, any = 0;
	long v = 0;

	do c = getchar(); while (c != EOF && isspace(c));
	if (c == '-') { sign = -1; c = getchar(); }
	while (c != EOF && isdigit(c)) {
		v = v * 10 + (c - '0');
		any = 1;
		c = getchar();
	}
	*out = sign * v;
	return any;
}

int main(void)
{
	long v, smallest = 0, largest = 0;
	double s = 0;
	int k = 0;

	while (next_int(&v)) {
		if (k == 0) smallest = largest = v;
		else if (v < smallest) smallest = v;
		else if (v > largest) largest = v;
		s += v;
		++k;
	}
	if (k > 0) {
		printf("count %d\n", k);
		printf("min %ld\n", smallest);
		printf("max %ld\n", largest);
		printf("mean %.2f\n", s / k);
	} else {
		printf("no data\n");
	}
	return 0;
}
