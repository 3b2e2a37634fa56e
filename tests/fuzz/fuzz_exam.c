/*
 * fuzz_exam.c - libFuzzer harness for a timed exam's duration
 * (sitegen/exam.c, exam_duration()): course text the site build parses.
 * A duration read is from 1 second to 7 days; a refusal says why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitegen/exam.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[128] = "";
	long s = 0;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (exam_duration(text, &s, err, sizeof(err)) == 0) {
		if (s < 1 || s > EXAM_DURATION_MAX)
			abort();
	} else if (err[0] == '\0') {
		abort();
	}
	free(text);
	return 0;
}
