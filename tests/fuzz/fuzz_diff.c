/*
 * fuzz_diff.c - libFuzzer harness for the difference shown to students
 * (sandbox/testers/diff.c), which reads a program's output: any bytes.
 *
 * The input is the expected text, a NUL byte, then the program's output.
 * Checks, beyond "no crash, no leak, no undefined behaviour": equal texts
 * give "", different ones a non-empty text of valid UTF-8 ending in a
 * newline, with at most the lines asked for (and one saying how many more).
 *
 * Build and run (from the repository root):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. \
 *     tests/fuzz/fuzz_diff.c sandbox/testers/diff.c sandbox/util/buf.c \
 *     sandbox/util/clean.c -o /tmp/fuzz_diff
 *   /tmp/fuzz_diff -max_total_time=60 tests/fuzz/seeds/fuzz_diff
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/diff.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *sep = memchr(s, '\0', size);
	size_t elen = sep ? (size_t)(sep - s) : size / 2;
	const char *g = sep ? sep + 1 : s + elen;
	size_t glen = size - (size_t)(g - s), lines = 0, n;
	char *d, *c;

	if ((d = diff_text(s, elen, g, glen, 12)) == NULL)
		abort();	/* no ENOMEM here: a NULL is a bug */
	n = strlen(d);
	if ((elen == glen && memcmp(s, g, elen) == 0) != (n == 0))
		abort();
	if (n > 0 && d[n - 1] != '\n')
		abort();
	for (size_t i = 0; i < n; i++)
		lines += d[i] == '\n';
	if (lines > 13)
		abort();
	if ((c = clean_text(d, n, 0, 0, NULL)) == NULL || strcmp(c, d) != 0)
		abort();	/* not valid UTF-8, or a NUL inside */
	free(c);
	free(d);
	return 0;
}
