/*
 * props: content/c/strong.c
 * kind: wrong case analysis (anything that is not a letter counts as a
 * digit): the example.
 * result: falsified
 * minimal:
 *	char *pw = "aaaaA!";
 */
#include <ctype.h>
#include <string.h>

int strong(const char *pw)
{
	int upper = 0, lower = 0, digit = 0;
	size_t n = strlen(pw);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)pw[i];

		if (isupper(c))
			upper = 1;
		else if (islower(c))
			lower = 1;
		else
			digit = 1;
	}
	return n >= 6 && upper && lower && digit;
}
