#include <limits.h>
#include <stdio.h>

int main(void)
{
	printf("int:       %d to %d\n", INT_MIN, INT_MAX);
	printf("long long: %lld to %lld\n", LLONG_MIN, LLONG_MAX);
	return 0;
}
