/*
 * fuzz_hstext.c - libFuzzer harness for the hspec tester's text work
 * (sandbox/testers/hs_text.c): the pragma scan and the modules made of a
 * student's code, the comparison of two interface dumps (GHC writes them,
 * from the student's module), the packages of a dump, and the judgement of
 * the test program's output (the student's values are in it).
 *
 * The input: its first byte picks a marker's length; the rest is two texts
 * split at the first NUL. Checks, beyond "no crash, no leak, no undefined
 * behaviour": a dump compared with itself matches; a verdict other than
 * "no marker" needs the marker in the output; the text shown is no longer
 * than the output.
 *
 * Build and run (from the repository root):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. \
 *     tests/fuzz/fuzz_hstext.c sandbox/testers/hs_text.c sandbox/util/buf.c \
 *     -o /tmp/fuzz_hstext
 *   /tmp/fuzz_hstext -max_total_time=60 tests/fuzz/seeds/fuzz_hstext
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/hs_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *a = (const char *)data + 1, *sep;
	size_t alen, blen;
	char why[64], marker[8], *m, *shown, *pk = strdup("");
	int nomem;
	enum hs_verdict v;

	if (size < 1 || pk == NULL) {
		free(pk);
		return 0;
	}
	sep = memchr(a, '\0', size - 1);
	alen = sep ? (size_t)(sep - a) : size - 1;
	blen = sep ? size - 1 - alen - 1 : 0;
	(void)hs_text_refused(a, alen, why, sizeof(why));
	free(hs_text_module(a, alen));
	free(hs_text_skeleton(a, alen));
	if ((m = hs_text_compare(a, alen, a, alen, &nomem)) != NULL)
		abort();	/* a dump always matches itself */
	free(hs_text_compare(a, alen, sep ? sep + 1 : "", blen, &nomem));
	(void)hs_text_packages(a, alen, &pk);
	free(pk);
	snprintf(marker, sizeof(marker), "%.*s", 1 + data[0] % 6, "abcdef");
	v = hs_text_judge(a, alen, marker, data[0] & 0x80, &shown, &nomem);
	if (shown != NULL && strlen(shown) > alen)
		abort();
	if (v != HS_NO_MARKER && memmem(a, alen, marker, strlen(marker)) == NULL)
		abort();
	free(shown);
	return 0;
}
