/*
 * props: content/c/strong.c
 * kind: in-place side effect (the password is lowered while it is read;
 * the answer is right).
 * result: falsified
 * minimal:
 *	char *pw = "A";
 */
#include <ctype.h>

int strong(const char *pw)
{
	char *p = (char *)pw;
	int upper = 0, lower = 0, digit = 0, n = 0;

	for (; *p != '\0'; p++, n++) {
		if (isupper((unsigned char)*p)) {
			upper = 1;
			*p = (char)tolower((unsigned char)*p);
		} else if (islower((unsigned char)*p)) {
			lower = 1;
		} else if (isdigit((unsigned char)*p)) {
			digit = 1;
		}
	}
	return n >= 6 && upper && lower && digit;
}
