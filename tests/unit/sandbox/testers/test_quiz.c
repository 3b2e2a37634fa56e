/*
 * test_quiz.c - the quiz tester through engine_grade(): single, multiple
 * and fill-in questions, Codex's formula and the weights, groups of
 * variants chosen per student as /api/shuffle chooses them, unanswered and
 * unknown questions, malformed quizzes; the answer key kept out of the
 * report and tests. Nothing runs in the jail (no root needed).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/engine/engine.h"
#include "sandbox/format/shuffle.h"
#include "tests/tap.h"
#include "tests/unit/engine_util.h"

/* The quiz of the page as sitegen writes it (exercise_quiz_json()): capital
 * (single, b), primes (multiple, a and c of four), answer (fill-in, "42"
 * or "forty two"), and a group G of two variants v1 (a) and v2 (b). */
static const char quiz_json[] =
    "{\"shuffle_questions\": false, \"shuffle_answers\": true, \"seed\": null,"
    " \"correct_weight\": 1.0, \"incorrect_weight\": null,"
    " \"order_key\": \"q/quiz#questions\","
    " \"units\": [{\"key\": \"q/quiz#unit-0\", \"questions\": [0]},"
    "  {\"key\": \"q/quiz#unit-1\", \"questions\": [1]},"
    "  {\"key\": \"q/quiz#unit-2\", \"questions\": [2]},"
    "  {\"key\": \"q/quiz#unit-3\", \"questions\": [3, 4]}],"
    " \"questions\": ["
    "  {\"id\": \"capital\", \"title\": \"Capital\", \"type\": \"single\", \"group\": null,"
    "   \"unit\": 0, \"options\": [{\"label\": \"a\", \"text\": \"Porto\"},"
    "   {\"label\": \"b\", \"text\": \"Lisbon\"}, {\"label\": \"c\", \"text\": \"Braga\"}],"
    "   \"answers\": [\"b\"], \"answers_key\": \"q/quiz#answers-capital\"},"
    "  {\"id\": \"primes\", \"title\": \"Primes\", \"type\": \"multiple\", \"group\": null,"
    "   \"unit\": 1, \"options\": [{\"label\": \"a\", \"text\": \"2\"},"
    "   {\"label\": \"b\", \"text\": \"4\"}, {\"label\": \"c\", \"text\": \"7\"},"
    "   {\"label\": \"d\", \"text\": \"9\"}],"
    "   \"answers\": [\"a\", \"c\"], \"answers_key\": \"q/quiz#answers-primes\"},"
    "  {\"id\": \"answer\", \"title\": \"\", \"type\": \"fillin\", \"group\": null,"
    "   \"unit\": 2, \"options\": [], \"answers\": [\"42\", \"forty two\"],"
    "   \"answers_key\": \"q/quiz#answers-answer\"},"
    "  {\"id\": \"v1\", \"title\": \"Variant one\", \"type\": \"single\", \"group\": \"G\","
    "   \"unit\": 3, \"options\": [{\"label\": \"a\", \"text\": \"yes\"},"
    "   {\"label\": \"b\", \"text\": \"no\"}], \"answers\": [\"a\"],"
    "   \"answers_key\": \"q/quiz#answers-v1\"},"
    "  {\"id\": \"v2\", \"title\": \"Variant two\", \"type\": \"single\", \"group\": \"G\","
    "   \"unit\": 3, \"options\": [{\"label\": \"a\", \"text\": \"no\"},"
    "   {\"label\": \"b\", \"text\": \"yes\"}], \"answers\": [\"b\"],"
    "   \"answers_key\": \"q/quiz#answers-v2\"}]}";

static struct spec *
quiz_spec(const char *quiz)
{
	struct spec *s = new_spec("q/quiz", "Quiz", "quiz");
	json_error_t e;
	json_t *q = json_loads(quiz, 0, &e);

	if (q == NULL)
		diag("the test's quiz: %s", e.text);
	json_object_set_new(s->options, "quiz", q);
	return s;
}

/* Grades ANSWERS (JSON text; NULL: none) as LOGIN. */
static int
grade_answers(const struct spec *spec, const char *login, const char *answers,
    struct grade_result *r)
{
	struct engine_config cfg = { .box_root = "/nonexistent", .uid_base = 64000 };
	struct grade_submission sub = { .language = "quiz", .login = login };
	json_t *a = answers ? json_loads(answers, 0, NULL) : NULL;
	int rc;

	if (answers != NULL && a == NULL)
		diag("the test's answers do not parse: %s", answers);
	sub.answers = a;
	rc = engine_grade(&cfg, spec, &sub, r);
	json_decref(a);
	return rc;
}

static int
near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

/* The entry of question ID in R's tests, or NULL. */
static json_t *
entry(const struct grade_result *r, const char *id)
{
	size_t i;
	json_t *t;

	json_array_foreach(r->tests, i, t)
		if (strcmp(json_string_value(json_object_get(t, "name")), id) == 0)
			return t;
	return NULL;
}

/* The key's fields for question ID (grade.h), or NULL. */
static json_t *
key_entry(const struct grade_result *r, const char *id)
{
	return json_object_get(json_object_get(r->key, "tests"), id);
}

/* The key's report, or "". */
static const char *
key_report(const struct grade_result *r)
{
	const char *s = json_string_value(json_object_get(r->key, "report"));

	return s ? s : "";
}

static double
entry_score(const struct grade_result *r, const char *id)
{
	return json_real_value(json_object_get(entry(r, id), "score"));
}

/* The variant of group G that LOGIN sees, as the page asks /api/shuffle:
 * "v1" or "v2". */
static const char *
variant(const char *login)
{
	unsigned pick = 9;

	shuffle_choose(login, "q/quiz#unit-3", 2, 1, &pick);
	return pick == 0 ? "v1" : "v2";
}

static void
test_right(struct spec *s)
{
	struct grade_result r;
	const char *seen = variant("alice");
	char answers[300];

	snprintf(answers, sizeof(answers), "{\"capital\": [\"b\"], \"primes\": [\"c\", \"a\"],"
	    " \"answer\": [\" 4 2 \"], \"%s\": [\"%s\"]}", seen,
	    strcmp(seen, "v1") == 0 ? "a" : "b");
	is_int(grade_answers(s, "alice", answers, &r), 0, "graded");
	is_str(label_name(r.status), "Accepted", "all right: Accepted");
	ok(r.score == 1, "score 1");
	is_int(json_array_size(r.tests), 4, "one entry per question shown (one variant)");
	ok(entry(&r, seen) != NULL, "the variant alice sees, %s, is the one graded", seen);
	ok(json_is_true(json_object_get(entry(&r, "answer"), "passed")),
	    "fill-in: white space ignored (\" 4 2 \" is 42)");
	ok(has(r.report, "4 of 4 questions right; score 1.\n"), "the report's head");
	ok(has(r.report, "\u2713 Capital: you answered b.\n"), "a tick per right answer");
	ok(has(r.report, "\u2713 Primes: you answered c, a.\n"), "the labels as given");
	ok(r.log == NULL, "nothing logged");
	{
		json_t *t = entry(&r, "primes");

		ok(json_is_true(json_object_get(t, "public")) &&
		    json_is_array(json_object_get(t, "answer")) &&
		    json_object_get(t, "expected") == NULL &&
		    strcmp(json_string_value(json_object_get(t, "status")), "Accepted") == 0 &&
		    strcmp(json_string_value(json_object_get(t, "title")), "Primes") == 0,
		    "an entry: name, title, public, passed, status, answer, score");
		ok(json_array_size(json_object_get(key_entry(&r, "primes"), "expected")) == 2,
		    "its right answers are in the key");
	}
	grade_result_clear(&r);

	is_int(grade_answers(s, "alice", "{\"answer\": [\"forty two\"],"
	    " \"capital\": [\"b\"], \"primes\": [\"a\", \"c\"], \"v1\": [\"a\"],"
	    " \"v2\": [\"b\"]}", &r), 0, "both variants answered");
	ok(r.score == 1 && r.status == LABEL_ACCEPTED, "the other variant's answer is ignored");
	ok(entry(&r, strcmp(seen, "v1") == 0 ? "v2" : "v1") == NULL,
	    "and is not in the tests");
	ok(near(entry_score(&r, "answer"), 1), "any accepted fill-in answer");
	grade_result_clear(&r);
}

static void
test_partly(struct spec *s)
{
	struct grade_result r;
	const char *seen = variant("bob");
	const char *other = strcmp(seen, "v1") == 0 ? "v2" : "v1";
	char answers[300];

	/* capital 0; primes (1 right - 1 wrong) / 2 = 0; answer 1; the shown
	 * variant unanswered 0, the other's answer ignored: 1/4. */
	snprintf(answers, sizeof(answers), "{\"capital\": [\"a\"], \"primes\": [\"a\", \"b\"],"
	    " \"answer\": [\"42\"], \"%s\": [\"%s\"], \"nonsense\": [\"x\"]}", other,
	    strcmp(other, "v1") == 0 ? "a" : "b");
	grade_answers(s, "bob", answers, &r);
	is_str(label_name(r.status), "WrongAnswer", "partly right: WrongAnswer");
	ok(near(r.score, 0.25), "Codex's formula, 1/4: %g", r.score);
	ok(near(entry_score(&r, "primes"), 0), "primes: max(0, (1 - 1) / 2) = 0");
	ok(near(entry_score(&r, seen), 0) &&
	    json_array_size(json_object_get(entry(&r, seen), "answer")) == 0,
	    "the variant shown, unanswered: 0, with an empty answer");
	ok(has(r.report, "1 of 4 questions right; score 0.25.\n"), "the report's head");
	ok(has(r.report, "\u2717 Capital: you answered a.\n"),
	    "a cross and the answer given");
	ok(has(key_report(&r), "\u2717 Capital: you answered a; the answer: b.\n"),
	    "the key's report: the right one too");
	snprintf(answers, sizeof(answers), "\u2717 %s: not answered.\n",
	    strcmp(seen, "v1") == 0 ? "Variant one" : "Variant two");
	ok(has(r.report, answers) && has(key_report(&r), "not answered; the answer:"),
	    "an unanswered question is said");
	ok(!has(r.report, "nonsense"), "unknown ids are ignored");
	grade_result_clear(&r);

	grade_answers(s, "bob", "{\"primes\": [\"a\"]}", &r);
	ok(near(entry_score(&r, "primes"), 0.5), "primes, one of two right: 1/2");
	ok(has(r.report, "(0.5 of the question)"), "a part of a question is said");
	grade_result_clear(&r);
	grade_answers(s, "bob", "{\"primes\": [\"a\", \"c\", \"d\"]}", &r);
	ok(near(entry_score(&r, "primes"), 0.5), "both right and one wrong: (2 - 1) / 2");
	grade_result_clear(&r);
	grade_answers(s, "bob", "{\"primes\": [\"b\", \"d\"]}", &r);
	ok(near(entry_score(&r, "primes"), 0), "only wrong ones: 0, not negative");
	grade_result_clear(&r);
	grade_answers(s, "bob", "{\"primes\": [\"a\", \"a\", \"a\", \"zz\", 7]}", &r);
	ok(near(entry_score(&r, "primes"), 0.5),
	    "a label repeated counts once; unknown labels and non-text are ignored");
	grade_result_clear(&r);
	grade_answers(s, "bob", "{\"capital\": [\"b\", \"a\"]}", &r);
	ok(near(entry_score(&r, "capital"), 0), "single choice: two labels are wrong");
	grade_result_clear(&r);
	grade_answers(s, "bob", "{\"capital\": \"b\", \"answer\": [\"4 3\"]}", &r);
	ok(near(entry_score(&r, "capital"), 0), "an answer that is not a list: unanswered");
	ok(near(entry_score(&r, "answer"), 0) && has(key_report(&r), "accepted: \"42\" or"
	    " \"forty two\"") && !has(r.report, "forty"),
	    "a wrong fill-in: the key's report shows what is accepted, the report not");
	grade_result_clear(&r);

	grade_answers(s, "bob", "{}", &r);
	is_str(label_name(r.status), "WrongAnswer", "nothing answered: WrongAnswer");
	ok(r.score == 0, "score 0");
	is_int(json_array_size(r.tests), 4, "every question shown is listed");
	grade_result_clear(&r);
}

/* The quiz with FROM replaced by TO. */
static struct spec *
quiz_with(const char *from, const char *to)
{
	const char *p = strstr(quiz_json, from);
	struct spec *s;
	char *q;

	if (p == NULL || asprintf(&q, "%.*s%s%s", (int)(p - quiz_json), quiz_json, to,
	    p + strlen(from)) == -1)
		return NULL;
	s = quiz_spec(q);
	free(q);
	return s;
}

#define WEIGHTS "\"correct_weight\": 1.0, \"incorrect_weight\": null"

static void
test_weights(void)
{
	struct spec *s;
	struct grade_result r;

	/* correct-weight 1/2 for each right option, incorrect-weight -1/4. */
	s = quiz_with(WEIGHTS, "\"correct_weight\": 0.5, \"incorrect_weight\": -0.25");
	grade_answers(s, "bob", "{\"primes\": [\"a\"]}", &r);
	ok(near(entry_score(&r, "primes"), 0.5), "correct-weight 1/2: one right, 0.5");
	grade_result_clear(&r);
	grade_answers(s, "bob", "{\"primes\": [\"a\", \"c\", \"b\"]}", &r);
	ok(near(entry_score(&r, "primes"), 0.75), "two right, one wrong: 1 - 1/4");
	grade_result_clear(&r);
	grade_answers(s, "bob", "{\"primes\": [\"a\", \"b\", \"d\"]}", &r);
	ok(near(entry_score(&r, "primes"), 0), "one right, two wrong: 0.5 - 0.5 = 0");
	grade_result_clear(&r);
	grade_answers(s, "bob", "{\"primes\": [\"b\", \"d\"]}", &r);
	ok(near(entry_score(&r, "primes"), 0), "never below 0");
	grade_result_clear(&r);
	grade_answers(s, "bob", "{\"capital\": [\"a\"]}", &r);
	ok(near(entry_score(&r, "capital"), 0), "single choice is 1 or 0 whatever the weights");
	grade_result_clear(&r);
	spec_free(s);

	/* Only incorrect-weight: a right option is still worth 1/#right. */
	s = quiz_with(WEIGHTS, "\"correct_weight\": 1.0, \"incorrect_weight\": -0.5");
	grade_answers(s, "bob", "{\"primes\": [\"a\", \"c\", \"d\"]}", &r);
	ok(near(entry_score(&r, "primes"), 0.5), "incorrect-weight -1/2 alone: 1 - 1/2");
	grade_result_clear(&r);
	grade_answers(s, "bob", "{\"primes\": [\"a\"]}", &r);
	ok(near(entry_score(&r, "primes"), 0.5), "a right option is still 1/2");
	grade_result_clear(&r);
	spec_free(s);

	/* Thirds that add up to exactly 1. */
	s = quiz_with(WEIGHTS, "\"correct_weight\": 0.3333333333333333, \"incorrect_weight\": null");
	grade_answers(s, "bob", "{\"primes\": [\"a\", \"c\"]}", &r);
	ok(near(entry_score(&r, "primes"), 2.0 / 3), "correct-weight 1/3: two right, 2/3");
	grade_result_clear(&r);
	spec_free(s);
	s = quiz_with(WEIGHTS, "\"correct_weight\": 0.5, \"incorrect_weight\": null");
	grade_answers(s, "bob", "{\"primes\": [\"a\", \"c\"]}", &r);
	ok(entry_score(&r, "primes") == 1 &&
	    json_is_true(json_object_get(entry(&r, "primes"), "passed")),
	    "2 x 1/2 is exactly 1: passed");
	grade_result_clear(&r);
	spec_free(s);

	s = quiz_with(WEIGHTS, "\"correct_weight\": 7.0, \"incorrect_weight\": null");
	grade_answers(s, "bob", "{}", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "weights"),
	    "a weight out of range: MiscError, logged: %s", r.log ? r.log : "");
	grade_result_clear(&r);
	spec_free(s);
}

static void
test_groups(struct spec *s)
{
	const char *logins[] = { "alice", "bob", "carol", "dave", "erin", "frank" };
	int saw[2] = { 0, 0 }, all = 1;
	struct grade_result r;

	/* Each student is graded on the variant /api/shuffle shows them. */
	for (size_t i = 0; i < sizeof(logins) / sizeof(*logins); i++) {
		const char *v = variant(logins[i]);

		saw[strcmp(v, "v1") != 0] = 1;
		grade_answers(s, logins[i], "{\"v1\": [\"a\"], \"v2\": [\"a\"]}", &r);
		/* v1's answer is a, v2's is b. */
		all &= near(r.score, strcmp(v, "v1") == 0 ? 0.25 : 0) &&
		    entry(&r, v) != NULL && json_array_size(r.tests) == 4;
		grade_result_clear(&r);
	}
	ok(all, "six students, each graded on their own variant");
	ok(saw[0] && saw[1], "both variants are given out");

	grade_answers(s, NULL, "{\"v1\": [\"a\"], \"v2\": [\"b\"]}", &r);
	is_int(json_array_size(r.tests), 5, "without a login every variant counts");
	ok(near(r.score, 2.0 / 5), "and is graded: %g", r.score);
	grade_result_clear(&r);

	/* A fixed seed (the page's shuffle-seed) gives everyone the same. */
	{
		struct spec *fixed = quiz_with("q/quiz#unit-3", "q/quiz#unit-3:7");
		unsigned pick = 9;
		char buf[64];

		shuffle_choose(NULL, "q/quiz#unit-3:7", 2, 1, &pick);
		snprintf(buf, sizeof(buf), "v%u", pick + 1);
		grade_answers(fixed, "alice", "{}", &r);
		ok(entry(&r, buf) != NULL, "a fixed seed: the same variant (%s) for alice", buf);
		grade_result_clear(&r);
		grade_answers(fixed, "zed", "{}", &r);
		ok(entry(&r, buf) != NULL, "and for zed");
		grade_result_clear(&r);
		spec_free(fixed);
	}
}

/*
 * Whatever the answers, nothing of the key is in the report or the tests;
 * the key has every question shown, and revealed gives the report and
 * tests with the right answers.
 */
static void
test_key(struct spec *s)
{
	static const char *const answers[] = { "{}", "{\"capital\": [\"a\"]}",
	    "{\"answer\": [\"41\"], \"primes\": [\"b\"]}",
	    "{\"capital\": [\"b\"], \"primes\": [\"a\", \"c\"], \"answer\": [\"42\"],"
	    " \"v1\": [\"a\"], \"v2\": [\"b\"]}" };
	int clean = 1, complete = 1;
	struct grade_result r;
	json_t *shown, *t;
	size_t i;

	for (size_t k = 0; k < sizeof(answers) / sizeof(*answers); k++) {
		grade_answers(s, "carol", answers[k], &r);
		clean &= !has(r.report, "the answer") && !has(r.report, "accepted") &&
		    !has(r.report, "forty");
		json_array_foreach(r.tests, i, t) {
			clean &= json_object_get(t, "expected") == NULL;
			complete &= json_is_array(json_object_get(key_entry(&r,
			    json_string_value(json_object_get(t, "name"))), "expected"));
		}
		complete &= json_object_size(json_object_get(r.key, "tests")) ==
		    json_array_size(r.tests) && has(key_report(&r), "questions right; score");
		grade_result_clear(&r);
	}
	ok(clean, "no report and no test entry says a right answer");
	ok(complete, "the key has the right answers of every question shown");

	grade_answers(s, "carol", "{\"capital\": [\"c\"], \"answer\": [\"x\"]}", &r);
	shown = json_pack("{s:s, s:o}", "report", r.report, "tests", json_deep_copy(r.tests));
	is_int(grade_key_reveal(shown, r.key), 0, "grade_key_reveal()");
	is_str(json_string_value(json_object_get(shown, "report")), key_report(&r),
	    "revealed: the key's report");
	json_array_foreach(json_object_get(shown, "tests"), i, t) {
		const char *id = json_string_value(json_object_get(t, "name"));

		complete &= json_equal(json_object_get(t, "expected"),
		    json_object_get(key_entry(&r, id), "expected"));
		if (strcmp(id, "capital") == 0)
			complete &= strcmp(json_string_value(json_array_get(
			    json_object_get(t, "expected"), 0)) ?: "", "b") == 0;
	}
	ok(complete, "revealed: each entry has its right answers");
	json_decref(shown);
	grade_result_clear(&r);
}

static void
test_malformed(void)
{
	struct spec *s = quiz_spec(quiz_json), *bad;
	struct grade_result r;

	grade_answers(s, "alice", NULL, &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "without its answers"),
	    "no answers: MiscError (the caller's fault), logged: %s", r.log ? r.log : "");
	ok(has(r.report, "platform"), "the student is told it is not their fault");
	grade_result_clear(&r);

	bad = quiz_spec("{\"questions\": []}");
	grade_answers(bad, "alice", "{}", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "no questions"),
	    "a quiz without questions: MiscError");
	grade_result_clear(&r);
	spec_free(bad);

	bad = quiz_spec("{\"questions\": [{\"id\": \"x\", \"type\": \"single\","
	    " \"answers\": [\"a\", \"b\"], \"options\": []}]}");
	grade_answers(bad, "alice", "{}", &r);
	ok(r.status == LABEL_MISC_ERROR, "a single choice with two answers: MiscError");
	grade_result_clear(&r);
	spec_free(bad);

	bad = quiz_spec("{\"questions\": [{\"id\": \"x\", \"type\": \"fillin\","
	    " \"answers\": [\"1\"], \"options\": []}], \"units\": [{\"key\": \"k\","
	    " \"questions\": [3]}]}");
	grade_answers(bad, "alice", "{}", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "units"),
	    "a unit naming no question: MiscError");
	grade_result_clear(&r);
	spec_free(bad);

	bad = quiz_spec("{\"questions\": [{\"id\": \"x\", \"type\": \"fillin\","
	    " \"answers\": [\"1\"], \"options\": []}]}");
	grade_answers(bad, "alice", "{\"x\": [\"1\"]}", &r);
	ok(r.status == LABEL_ACCEPTED, "a quiz without units: every question counts");
	grade_result_clear(&r);
	grade_answers(bad, "alice", "[\"x\"]", &r);
	ok(r.status == LABEL_MISC_ERROR, "answers that are not an object: MiscError");
	grade_result_clear(&r);
	spec_free(bad);

	/* Every question is checked, shown or not (alice is shown x of the
	 * group of z and x); each mistake logs its line. */
	{
		static const struct {
			const char *quiz, *log;
		} q[] = {
			{ "{\"questions\": [{\"id\": \"x\", \"answers\": [\"1\"]}]}",
			  "quiz: q/quiz: a question has no id, type or answers" },
			{ "{\"questions\": [{\"id\": \"x\", \"type\": \"fillin\","
			  " \"answers\": []}]}",
			  "quiz: q/quiz: a question has no id, type or answers" },
			{ "{\"questions\": [{\"id\": \"x\", \"type\": \"fillin\","
			  " \"answers\": [1]}]}",
			  "quiz: q/quiz: an answer of the quiz is not text" },
			{ "{\"questions\": [{\"id\": \"x\", \"type\": \"essay\","
			  " \"answers\": [\"1\"]}]}", "quiz: q/quiz: a question has an unknown"
			  " type, or a single choice several answers" },
			{ "{\"questions\": [{\"id\": \"x\", \"type\": \"fillin\","
			  " \"answers\": [\"1\"]}, {\"id\": \"y\", \"type\": \"fillin\","
			  " \"answers\": [\"1\"]}, {\"id\": \"z\", \"type\": \"single\","
			  " \"answers\": [\"a\", \"b\"]}], \"units\": [{\"key\": \"k\","
			  " \"questions\": [2, 0]}, {\"key\": \"l\", \"questions\": [1]}]}",
			  "quiz: q/quiz: a question has an unknown type, or a single choice"
			  " several answers" },
		};

		for (size_t i = 0; i < sizeof(q) / sizeof(*q); i++) {
			bad = quiz_spec(q[i].quiz);
			grade_answers(bad, "alice", "{\"x\": [\"1\"]}", &r);
			ok(r.status == LABEL_MISC_ERROR && r.log != NULL &&
			    strcmp(r.log, q[i].log) == 0, "a malformed question (%zu):"
			    " MiscError, logged: %s", i + 1, r.log ? r.log : "");
			grade_result_clear(&r);
			spec_free(bad);
		}
	}

	/* Untrusted text in the report: one line, valid UTF-8. */
	grade_answers(s, "alice", "{\"answer\": [\"a\\nb\\u0007\\u00e9\"]}", &r);
	ok(has(r.report, "you answered \"a b \xc3\xa9\""),
	    "a typed answer is shown on one line, as valid UTF-8");
	grade_result_clear(&r);
	spec_free(s);
}

int
main(void)
{
	struct spec *s = quiz_spec(quiz_json);

	test_right(s);
	test_partly(s);
	test_weights();
	test_groups(s);
	test_key(s);
	test_malformed();
	spec_free(s);
	return tap_done();
}
