/* palindrome.c - int is_palindrome(const char *s): 1 when s reads the same
 * both ways. Strings of a small alphabet, so palindromes come up. */
#include <string.h>

#include "qc.h"

QC_FUNCTION(int, is_palindrome, const char *);	/* the student's */
QC_PROPERTY(tells_palindromes, "is_palindrome(s)")
{
	char *s = qc_string(qc, 0, 8, "abc");
	size_t n = strlen(s);
	int want = 1;

	qc_name(qc, s, "s");
	QC_SHOW_STR(s);
	qc_freeze(qc, s);
	for (size_t i = 0; i < n / 2; i++)
		if (s[i] != s[n - 1 - i])
			want = 0;
	QC_EXPECT_BOOL(want, is_palindrome(s));
}
