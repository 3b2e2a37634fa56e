/*
 * props: tests/qc/props/palindrome.c
 * kind: off by one (s[n - i] instead of s[n - 1 - i]: compares with the
 * terminating '\0').
 * result: falsified
 * minimal:
 *	char *s = "aa";
 */
#include <string.h>

int is_palindrome(const char *s)
{
	int n = (int)strlen(s);

	for (int i = 0; i < n / 2; i++)
		if (s[i] != s[n - i])
			return 0;
	return 1;
}
