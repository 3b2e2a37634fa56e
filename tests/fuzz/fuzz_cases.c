/*
 * fuzz_cases.c - libFuzzer harness for the text work of the cases tester
 * (sandbox/testers/cases_text.c): cutting a run's output at the markers (the output is
 * the student's program's), the graders on that output, and building a
 * program from a template and the student's answer.
 *
 * The input: its first byte picks the number of tests (1 to 4) and a
 * grader; the rest is the output, then (after a NUL) an answer.
 * Checks, beyond "no crash, no leak, no undefined behaviour": a cut output
 * has exactly the tests' outputs, in order, within the input, none holding
 * a marker line; a program from the default templates always has the
 * answer, and every test's number.
 *
 * Build and run (from the repository root):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. \
 *     tests/fuzz/fuzz_cases.c sandbox/testers/cases_text.c sandbox/util/buf.c \
 *     sandbox/util/clean.c -o /tmp/fuzz_cases
 *   /tmp/fuzz_cases -max_total_time=60 tests/fuzz/seeds/fuzz_cases
 */
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/cases_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MARKER "#<m>#"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static regex_t re;
	static int compiled;
	const char *s = (const char *)data + 1, *sep;
	size_t n, len, st[4], ln[4];
	struct cases_text_test t[4] = {
		{ "a()", 1 }, { "b()", 2 }, { "c()", 5 }, { "d()", 4 }
	};
	char err[100], *p, *answer;
	enum cases_text_grader g;

	if (size < 1)
		return 0;
	if (!compiled) {
		if (regcomp(&re, "[a-z]+ [0-9]*", REG_EXTENDED) != 0)
			abort();
		compiled = 1;
	}
	n = 1 + data[0] % 4;
	g = (enum cases_text_grader)(data[0] / 4 % 3);
	sep = memchr(s, '\0', size - 1);
	len = sep ? (size_t)(sep - s) : size - 1;

	if (cases_text_split(s, len, MARKER, n, st, ln) == 0) {
		size_t end = 0;

		for (size_t i = 0; i < n; i++) {
			if (st[i] < end || st[i] + ln[i] > len)
				abort();
			for (size_t k = st[i]; k + strlen(MARKER) + 2 <= st[i] + ln[i]; k++)
				if (s[k] == '\n' && memcmp(s + k + 1, MARKER "\n",
				    strlen(MARKER) + 1) == 0)
					abort();
			end = st[i] + ln[i];
		}
	}
	for (size_t i = 0; i < n; i++)
		if (cases_text_match(g, "abc 12", s, len, g == CASES_TEXT_REGEX ? &re :
		    NULL) == -1)
			abort();

	if ((answer = malloc(size)) == NULL)
		return 0;
	memcpy(answer, sep ? sep + 1 : "", sep ? size - 1 - len - 1 : 0);
	answer[sep ? size - 1 - len - 1 : 0] = '\0';
	for (int lang = 0; lang < 2; lang++) {
		p = cases_text_program(lang ? CASES_TEXT_PYTHON : CASES_TEXT_C, NULL, answer,
		    strlen(answer), t, n, err, sizeof(err));
		/* C's program holds the answer; Python's, the runner's, the call
		 * that binds its names in its place. */
		if (p == NULL || strstr(p, lang ? CASES_TEXT_PY_ANSWER "(globals())" :
		    answer) == NULL)
			abort();
		for (size_t i = 0; i < n; i++) {
			char want[32];

			snprintf(want, sizeof(want), lang ? "<test %zu>" : "test-%zu.c",
			    t[i].number);
			if (strstr(p, want) == NULL)
				abort();
		}
		free(p);
		/* A template of the fuzzer's: the answer's bytes. */
		p = cases_text_program(lang ? CASES_TEXT_PYTHON : CASES_TEXT_C, answer, "x", 1,
		    t, n, err, sizeof(err));
		free(p);
	}
	{
		size_t before;

		if (cases_text_before(answer, &before) == 0 && before > strlen(answer))
			abort();
	}
	free(answer);
	return 0;
}
