/*
 * fuzz_quizgrade.c - libFuzzer harness for the quiz tester
 * (sandbox/testers/tester_quiz.c), which grades answers that come from a student:
 * any JSON the submission program lets through.
 *
 * The input is the answers' JSON text; the quiz is fixed (every kind of
 * question, weights, a group of variants). Checks, beyond "no crash, no
 * leak, no undefined behaviour": answers that parse as an object are
 * graded, with a score in [0, 1], Accepted exactly when it is 1, one test
 * per question shown, and a report of valid UTF-8; the right answers are
 * only in the key (no "expected" in a test, a key for every question shown).
 *
 * Build and run (from the repository root):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. \
 *     tests/fuzz/fuzz_quizgrade.c sandbox/testers/tester_quiz.c \
 *     sandbox/format/shuffle.c sandbox/format/grade.c sandbox/format/label.c \
 *     sandbox/format/spec.c sandbox/util/buf.c sandbox/util/clean.c \
 *     sandbox/util/errmsg.c $(pkg-config --cflags --libs jansson) -lm \
 *     -o /tmp/fuzz_quizgrade
 *   /tmp/fuzz_quizgrade -max_total_time=60 tests/fuzz/seeds/fuzz_quizgrade
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/tester.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char quiz[] =
    "{\"correct_weight\": 0.5, \"incorrect_weight\": -0.25,"
    " \"units\": [{\"key\": \"q#unit-0\", \"questions\": [0]},"
    "  {\"key\": \"q#unit-1\", \"questions\": [1]}, {\"key\": \"q#unit-2\", \"questions\": [2]},"
    "  {\"key\": \"q#unit-3\", \"questions\": [3, 4]}],"
    " \"questions\": ["
    "  {\"id\": \"s\", \"title\": \"S\", \"type\": \"single\", \"options\":"
    "   [{\"label\": \"a\"}, {\"label\": \"b\"}], \"answers\": [\"b\"]},"
    "  {\"id\": \"m\", \"title\": \"M\", \"type\": \"multiple\", \"options\":"
    "   [{\"label\": \"a\"}, {\"label\": \"b\"}, {\"label\": \"c\"}], \"answers\": [\"a\", \"c\"]},"
    "  {\"id\": \"f\", \"title\": \"\", \"type\": \"fillin\", \"options\": [],"
    "   \"answers\": [\"4 2\", \"x\"]},"
    "  {\"id\": \"v1\", \"type\": \"single\", \"options\": [{\"label\": \"a\"}],"
    "   \"answers\": [\"a\"]},"
    "  {\"id\": \"v2\", \"type\": \"single\", \"options\": [{\"label\": \"a\"}],"
    "   \"answers\": [\"a\"]}]}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct spec *spec;
	struct grade_submission sub = { .language = "quiz", .login = "student" };
	struct tester_env env = { .box_root = "/nonexistent", .sub = &sub };
	struct grade_result r;
	char log[256] = "", *c;
	json_t *answers;

	if (spec == NULL) {
		spec = spec_new();
		spec->id = strdup("q");
		json_object_set_new(spec->options, "quiz", json_loads(quiz, 0, NULL));
	}
	env.spec = spec;
	if ((answers = json_loadb((const char *)data, size, 0, NULL)) == NULL)
		return 0;
	sub.answers = answers;
	memset(&r, 0, sizeof(r));
	if (tester_quiz(&env, &r, log, sizeof(log)) == 0) {
		if (!json_is_object(answers) || !(r.score >= 0 && r.score <= 1) ||
		    (r.status == LABEL_ACCEPTED) != (r.score == 1) ||
		    json_array_size(r.tests) != 4 ||
		    json_object_size(json_object_get(r.key, "tests")) != 4 ||
		    !json_is_string(json_object_get(r.key, "report")))
			abort();
		for (size_t i = 0; i < json_array_size(r.tests); i++)
			if (json_object_get(json_array_get(r.tests, i), "expected") != NULL)
				abort();
		if ((c = clean_text(r.report, strlen(r.report), 0, 0, NULL)) == NULL ||
		    strcmp(c, r.report) != 0)
			abort();
		free(c);
	} else if (json_is_object(answers)) {
		abort();	/* the quiz is fine: only ENOMEM could fail */
	}
	grade_result_clear(&r);
	json_decref(answers);
	return 0;
}
