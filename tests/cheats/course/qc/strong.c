/*
 * strong.c - the properties of c/strong (never published).
 *
 * The reference below is the exercise's solution. Passwords are drawn from
 * all printable ASCII characters (lower case letters first: they are the
 * simplest, so counterexamples read "aaaaA!"), plus the two bytes of an
 * "é": up to 12 of them in the first property; 5 to 7 in the second,
 * where the length rule is decided (random strings of 0 to 12 meet
 * "exactly 6, with every kind" in 2% of the tests only, so a "> 6" would
 * slip through one run in ten). The password is frozen: a function that
 * changes it fails even when its answer is right.
 */
#include <ctype.h>
#include <string.h>

#include "qc.h"

QC_FUNCTION(int, strong, const char *);	/* the student's */
static int
reference(const char *pw)
{
	int upper = 0, lower = 0, digit = 0;
	size_t n = strlen(pw);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)pw[i];

		upper |= c >= 'A' && c <= 'Z';
		lower |= c >= 'a' && c <= 'z';
		digit |= c >= '0' && c <= '9';
	}
	return n >= 6 && upper && lower && digit;
}

#define PASSWORD_CHARS QC_PRINTABLE "\303\251"

static void
check(struct qc *qc, char *pw)
{
	int want;

	qc_name(qc, pw, "pw");
	QC_SHOW_STR(pw);
	qc_freeze(qc, pw);
	want = reference(pw);
	QC_EXPECT_INT(want, strong(pw));
}

QC_PROPERTY(agrees_with_the_definition, "strong(pw)")
{
	check(qc, qc_string(qc, 0, 12, PASSWORD_CHARS));
}

QC_PROPERTY(decides_at_six_characters, "strong(pw)")
{
	check(qc, qc_string(qc, 5, 7, PASSWORD_CHARS));
}
