/*
 * fuzz_diffs.c - libFuzzer harness for the line difference of a page's
 * {.diffs from= to=} block (sitegen/diffs.c), which reads course files.
 *
 * The input is the first text, a NUL byte, then the second (no NUL: split
 * in the middle). Checks, beyond "no crash, no leak, no undefined
 * behaviour": the same and removed lines, in order, are the first text's
 * lines; the same and added ones the second's; every line is one of the
 * three; equal texts give only same lines.
 *
 * Build and run (from the repository root):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. \
 *     tests/fuzz/fuzz_diffs.c sitegen/diffs.c -o /tmp/fuzz_diffs
 *   /tmp/fuzz_diffs -max_total_time=60 tests/fuzz/seeds/fuzz_diffs
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitegen/diffs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Do the lines of L marked SAME or OTHER, in order, make TEXT (LEN bytes)
 * again, each followed by a newline (but for a last line without one)?
 */
static int
rebuilds(const struct diffs_line *l, size_t n, enum diffs_op other, const char *text,
    size_t len)
{
	size_t at = 0;

	for (size_t i = 0; i < n; i++) {
		if (l[i].op != DIFFS_SAME && l[i].op != other)
			continue;
		if (l[i].len > len - at || memcmp(text + at, l[i].text, l[i].len) != 0)
			return 0;
		at += l[i].len;
		if (at < len && text[at] != '\n')
			return 0;
		at += at < len;
	}
	return at == len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *sep = memchr(s, '\0', size);
	size_t alen = sep ? (size_t)(sep - s) : size / 2;
	const char *b = sep ? sep + 1 : s + alen;
	size_t blen = size - (size_t)(b - s), n;
	struct diffs_line *l;
	int equal = alen == blen && memcmp(s, b, alen) == 0;

	if (diffs_lines(s, alen, b, blen, &l, &n) != 0)
		abort();	/* no ENOMEM here: a failure is a bug */
	for (size_t i = 0; i < n; i++)
		if (l[i].op != DIFFS_SAME && (equal || (l[i].op != DIFFS_DEL &&
		    l[i].op != DIFFS_ADD)))
			abort();
	if (!rebuilds(l, n, DIFFS_DEL, s, alen) || !rebuilds(l, n, DIFFS_ADD, b, blen))
		abort();
	free(l);
	return 0;
}
