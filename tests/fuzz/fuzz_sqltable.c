/*
 * fuzz_sqltable.c - libFuzzer harness for the sqlite-query tester's text
 * work (sandbox/testers/sqlite_table.c): a run's output read as a table
 * (the output of the student's query is untrusted) and two tables
 * compared, in order and as multisets, with what differs written out.
 *
 * The input: the expected table's text, a NUL, the obtained one's.
 * Checks, beyond "no crash, no leak, no undefined behaviour": a table read
 * has its rows within the input; a table is always its own match, in
 * order and not; two tables' sameness as multisets does not depend on
 * which is expected; a difference always writes something.
 *
 * Build and run (from the repository root):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. \
 *     tests/fuzz/fuzz_sqltable.c sandbox/testers/sqlite_table.c sandbox/util/buf.c \
 *     sandbox/util/clean.c -ljansson -o /tmp/fuzz_sqltable
 *   /tmp/fuzz_sqltable -max_total_time=60 tests/fuzz/seeds/fuzz_sqltable
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/sqlite_table.h"
#include "sandbox/util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
compare(const struct sqlite_table *a, const struct sqlite_table *b, int unordered,
    int names)
{
	struct buf d = BUF_INIT;
	int same = sqlite_table_compare(a, b, unordered, names, &d);

	if (same == 0 && d.len == 0 && !d.oom)
		abort();
	buf_free(&d);
	return same;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *sep = memchr(s, '\0', size);
	struct sqlite_table a, b = { 0 };
	size_t alen = sep ? (size_t)(sep - s) : size;
	int pa, pb;

	pa = sqlite_table_parse(s, alen, &a);
	pb = sep ? sqlite_table_parse(sep + 1, size - alen - 1, &b) : -1;
	if (pa == 0) {
		if (compare(&a, &a, 0, 1) != 1 || compare(&a, &a, 1, 1) != 1)
			abort();
		for (size_t i = 0; i < a.n; i++)
			if (a.rows[i] < a.text || a.rows[i] >= a.text + alen)
				abort();
	}
	if (pa == 0 && pb == 0) {
		int x = compare(&a, &b, 1, 0), y = compare(&b, &a, 1, 0);

		compare(&a, &b, 0, 1);
		if (x != -1 && y != -1 && x != y)
			abort();
	}
	sqlite_table_clear(&a);
	sqlite_table_clear(&b);
	return 0;
}
