/*
 * props: content/c/strong.c
 * kind: off by one (more than 6 characters instead of at least 6).
 * result: falsified
 * minimal:
 *	char *pw = "aaaaA0";
 */
#include <ctype.h>
#include <string.h>

int strong(const char *pw)
{
	int upper = 0, lower = 0, digit = 0;
	size_t n = strlen(pw);

	for (size_t i = 0; i < n; i++) {
		upper |= isupper((unsigned char)pw[i]) != 0;
		lower |= islower((unsigned char)pw[i]) != 0;
		digit |= isdigit((unsigned char)pw[i]) != 0;
	}
	return n > 6 && upper && lower && digit;
}
