/*
 * test_view.c - fcgi/view.h: what the API shows of a stored record to a
 * student and to an admin. A quiz's answer key only when the rule lets the
 * student see it (nowhere in the answer otherwise), private tests reduced,
 * feedback off, an older quiz record holding its key in its tests, summary
 * views, and the record left as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "fcgi/view.h"
#include "tests/tap.h"

/* A quiz record as a grader stores it: the key apart. */
static const char quiz_record[] =
    "{\"id\": 7, \"login\": \"alice\", \"exercise\": \"q/quiz\", \"language\": \"quiz\","
    " \"received\": \"2027-02-15T10:00:00Z\", \"status\": \"WrongAnswer\", \"valid\": true,"
    " \"validity\": null, \"score\": 0.5, \"code\": null, \"feedback\": true,"
    " \"answers\": {\"capital\": [\"b\"], \"island\": [\"malta\"]},"
    " \"report\": \"1 of 2 questions right; score 0.5.\\n\\n\\u2713 Capital: you answered b.\\n"
    "\\u2717 Island: you answered \\\"malta\\\".\\n\","
    " \"tests\": [{\"name\": \"capital\", \"public\": true, \"passed\": true, \"answer\": [\"b\"],"
    "  \"score\": 1.0}, {\"name\": \"island\", \"public\": true, \"passed\": false,"
    "  \"answer\": [\"malta\"], \"score\": 0.0}],"
    " \"key\": {\"report\": \"1 of 2 questions right; score 0.5.\\n\\n\\u2713 Capital: you"
    " answered b.\\n\\u2717 Island: you answered \\\"malta\\\"; accepted: \\\"zanzibar\\\".\\n\","
    "  \"tests\": {\"capital\": {\"expected\": [\"b\"]}, \"island\": {\"expected\": [\"zanzibar\"]}}},"
    " \"graded\": \"2027-02-15T10:00:01Z\", \"attempt\": 1, \"log\": \"a log line\","
    " \"secret\": \"not a field the API knows\"}";

static json_t *
record(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (j == NULL) {
		printf("Bail out! the test's record: %s\n", e.text);
		exit(1);
	}
	return j;
}

/* Does the JSON text of V contain NEEDLE? */
static int
holds(const json_t *v, const char *needle)
{
	char *text = json_dumps(v, JSON_ENCODE_ANY);
	int r = text != NULL && strstr(text, needle) != NULL;

	free(text);
	return r;
}

/* Whether V shows anything of the quiz's key. */
static int
leaks(const json_t *v)
{
	return holds(v, "zanzibar") || holds(v, "\"expected\"") || holds(v, "\"key\"") ||
	    holds(v, "accepted:");
}

/* The entry of test NAME in V's tests. */
static json_t *
entry(const json_t *v, const char *name)
{
	size_t i;
	json_t *t;

	json_array_foreach(json_object_get(v, "tests"), i, t)
		if (strcmp(json_string_value(json_object_get(t, "name")) ?: "", name) == 0)
			return t;
	return NULL;
}

static void
test_quiz_key(void)
{
	json_t *rec = record(quiz_record), *copy = json_deep_copy(rec), *v;
	struct view_rights kept = { .answers = "after-close" };
	struct view_rights shown = { .key = 1, .answers = "after-close" };
	struct view_rights admin = { .admin = 1, .answers = "never" };

	ok(view_has_key(rec), "a record with a key has one");
	v = view_submission(rec, &kept, 1);
	ok(v != NULL && !leaks(v), "the key kept: nowhere in the answer");
	is_str(json_string_value(json_object_get(v, "report")),
	    json_string_value(json_object_get(rec, "report")), "the report without the answers");
	ok(json_is_true(json_object_get(entry(v, "capital"), "passed")) &&
	    json_is_false(json_object_get(entry(v, "island"), "passed")) &&
	    json_real_value(json_object_get(v, "score")) == 0.5,
	    "which questions were right and wrong, and the score");
	ok(json_is_false(json_object_get(v, "answers_shown")), "answers_shown: false");
	is_str(json_string_value(json_object_get(v, "show_answers")), "after-close",
	    "show_answers: the rule's word");
	ok(json_object_get(v, "log") == NULL && json_object_get(v, "secret") == NULL &&
	    json_object_get(v, "graded") == NULL, "no log, no field the view does not name");
	ok(json_object_get(v, "answers") != NULL, "the student's own answers, for the form");
	json_decref(v);

	v = view_submission(rec, &shown, 1);
	ok(v != NULL && holds(json_object_get(v, "report"), "accepted: \\\"zanzibar\\\""),
	    "the key shown: the key's report");
	is_str(json_string_value(json_array_get(json_object_get(entry(v, "island"), "expected"),
	    0)), "zanzibar", "... and each test's right answers");
	ok(json_is_true(json_object_get(v, "answers_shown")), "answers_shown: true");
	ok(json_object_get(v, "key") == NULL, "the key itself is not a field of the answer");
	json_decref(v);

	v = view_submission(rec, &admin, 1);
	ok(v != NULL && holds(v, "zanzibar") && json_is_true(json_object_get(v, "answers_shown")),
	    "an admin sees the key whatever the rule");
	is_str(json_string_value(json_object_get(v, "log")), "a log line", "and the log");
	json_decref(v);

	v = view_submission(rec, &kept, 0);
	ok(v != NULL && json_object_size(v) == 9 && !leaks(v) &&
	    json_object_get(v, "report") == NULL, "a summary: nine fields, no result");
	json_decref(v);

	ok(json_equal(rec, copy), "the record is as it was");
	json_decref(copy);
	json_decref(rec);
}

static void
test_feedback_off(void)
{
	json_t *rec = record(quiz_record), *v;
	struct view_rights shown = { .key = 1, .answers = "always" };
	struct view_rights admin = { .admin = 1 };

	json_object_set_new(rec, "feedback", json_false());
	v = view_submission(rec, &shown, 1);
	ok(v != NULL && !leaks(v) && strcmp(json_string_value(json_object_get(v, "report")), "") == 0 &&
	    json_array_size(json_object_get(v, "tests")) == 0 &&
	    json_is_false(json_object_get(v, "feedback")),
	    "feedback off: no report and no tests, key or not");
	json_decref(v);
	v = view_submission(rec, &admin, 1);
	ok(v != NULL && holds(v, "zanzibar"), "feedback off: an admin sees it all");
	json_decref(v);
	json_decref(rec);
}

static void
test_private_tests(void)
{
	json_t *rec = record("{\"id\": 1, \"login\": \"bob\", \"language\": \"c\", \"code\": \"x\","
	    " \"report\": \"r\", \"tests\": [{\"name\": \"public 1\", \"public\": true,"
	    " \"passed\": false, \"expected\": \"1\\n\", \"got\": \"2\\n\"},"
	    " {\"name\": \"private 1\", \"public\": false, \"passed\": false,"
	    " \"expected\": \"hidden output\", \"got\": \"x\"}]}");
	json_t *v, *t;
	struct view_rights student = { 0 }, admin = { .admin = 1 };

	ok(!view_has_key(rec), "a code submission without a key has none");
	v = view_submission(rec, &student, 1);
	t = entry(v, "private 1");
	ok(t != NULL && json_object_size(t) == 3 && json_is_false(json_object_get(t, "public")) &&
	    !holds(v, "hidden output"), "a private test: {name, public, passed}");
	is_str(json_string_value(json_object_get(entry(v, "public 1"), "expected")), "1\n",
	    "a public test: all of it");
	ok(json_object_get(v, "answers_shown") == NULL, "no answers_shown without a key");
	json_decref(v);
	v = view_submission(rec, &admin, 1);
	ok(holds(v, "hidden output"), "an admin sees private tests");
	json_decref(v);

	/* A key naming a private test: put in, then reduced with the rest. */
	json_object_set_new(rec, "key", json_pack("{s:{s:{s:s}}}", "tests", "private 1",
	    "expected", "zanzibar"));
	student.key = 1;
	v = view_submission(rec, &student, 1);
	ok(!holds(v, "zanzibar") && json_object_size(entry(v, "private 1")) == 3,
	    "a key never widens a private test");
	json_decref(v);
	json_decref(rec);
}

/* A quiz graded before the key was kept apart: the key in report and tests. */
static void
test_older_quiz(void)
{
	json_t *rec = record(quiz_record), *v;
	struct view_rights kept = { 0 }, shown = { .key = 1 };

	json_object_set_new(rec, "report", json_string("\u2717 Island: you answered"
	    " \"malta\"; accepted: \"zanzibar\".\n"));
	json_object_set_new(entry(rec, "island"), "expected", json_pack("[s]", "zanzibar"));
	json_object_del(rec, "key");
	ok(view_has_key(rec), "an older quiz record may hold a key");
	v = view_submission(rec, &kept, 1);
	ok(v != NULL && !leaks(v) && json_array_size(json_object_get(v, "tests")) == 2 &&
	    strcmp(json_string_value(json_object_get(v, "report")), "") == 0,
	    "key kept: no report, tests without their right answers");
	json_decref(v);
	v = view_submission(rec, &shown, 1);
	ok(holds(json_object_get(v, "report"), "zanzibar") &&
	    holds(entry(v, "island"), "zanzibar"), "key shown: as it was stored");
	json_decref(v);
	json_decref(rec);
}

/* The verdict page's HTML of REC for WHO: a malloc'd string. */
static char *
html_of(const json_t *rec, const struct view_rights *who)
{
	json_t *v = view_submission(rec, who, 1);
	struct buf b = BUF_INIT;

	view_html(&b, v);
	json_decref(v);
	buf_add(&b, "", 0);
	return buf_steal(&b);
}

/* view_html(): what the JSON view holds, escaped; nothing it does not hold. */
static void
test_html(void)
{
	json_t *rec = record("{\"id\": 3, \"login\": \"bob\", \"language\": \"c\","
	    " \"received\": \"2027-01-01T00:00:00Z\", \"status\": \"WrongAnswer\","
	    " \"valid\": false, \"validity\": \"late <b>\", \"score\": 0.5, \"feedback\": true,"
	    " \"code\": \"</pre><script>x('1')</script> & \\\"q\\\"\","
	    " \"report\": \"<img src=x onerror=y>\", \"log\": \"the grader's log\","
	    " \"tests\": [{\"name\": \"pub<1>\", \"public\": true, \"passed\": false,"
	    " \"input\": \"in&\", \"expected\": \"1\\n\", \"got\": \"2\\n\"},"
	    " {\"name\": \"private 1\", \"public\": false, \"passed\": false,"
	    " \"input\": \"secret input\", \"expected\": \"hidden output\", \"got\": \"x\"}]}");
	json_t *quiz = record(quiz_record);
	struct view_rights student = { 0 }, admin = { .admin = 1 };
	char *h = html_of(rec, &student);

	ok(h != NULL && strstr(h, "label-WrongAnswer\">Wrong answer</span>") != NULL &&
	    strstr(h, "Score: 50%") != NULL, "the label and the score");
	ok(strstr(h, "&lt;/pre&gt;&lt;script&gt;x(&#39;1&#39;)&lt;/script&gt; &amp; &quot;q&quot;") &&
	    strstr(h, "&lt;img src=x onerror=y&gt;") && strstr(h, "late &lt;b&gt;") &&
	    strstr(h, "pub&lt;1&gt;") && strstr(h, "in&amp;"),
	    "code, report, validity, test names and inputs escaped");
	ok(strstr(h, "<script") == NULL && strstr(h, "<img") == NULL, "no markup of theirs");
	ok(strstr(h, "secret input") == NULL && strstr(h, "hidden output") == NULL &&
	    strstr(h, "private 1") != NULL, "a private test: its name and verdict only");
	ok(strstr(h, "the grader&#39;s log") == NULL, "no log for a student");
	free(h);
	h = html_of(rec, &admin);
	ok(h != NULL && strstr(h, "the grader&#39;s log") != NULL, "staff see the log");
	free(h);

	json_object_set_new(rec, "status", json_string("Evaluating"));
	h = html_of(rec, &student);
	ok(h != NULL && strstr(h, "Being graded") && !strstr(h, "Score:") &&
	    !strstr(h, "onerror"), "Evaluating: the label, no result yet");
	free(h);
	json_object_set_new(rec, "status", json_string("Accepted\"><x"));
	h = html_of(rec, &student);
	ok(h != NULL && strstr(h, "label-MiscError\">Accepted&quot;&gt;&lt;x") != NULL,
	    "a label that is not a word: a safe class, escaped text");
	free(h);
	json_object_set_new(rec, "status", json_string("Accepted"));
	json_object_set_new(rec, "feedback", json_false());
	h = html_of(rec, &student);
	ok(h != NULL && strstr(h, "onerror") == NULL && strstr(h, "pub&lt;1&gt;") == NULL,
	    "feedback off: neither report nor tests");
	free(h);

	h = html_of(quiz, &student);
	ok(h != NULL && strstr(h, "zanzibar") == NULL && strstr(h, "accepted:") == NULL &&
	    strstr(h, "Right answer") == NULL && strstr(h, "shown once you can no longer submit"),
	    "a quiz's key kept: nowhere on the page, and the page says so");
	ok(strstr(h, "malta") != NULL, "the student's own answers are there");
	free(h);
	student.key = 1;
	h = html_of(quiz, &student);
	ok(h != NULL && strstr(h, "zanzibar") != NULL, "the key shown when the rule allows");
	free(h);
	json_decref(quiz);
	json_decref(rec);
}

int
main(void)
{
	test_html();
	test_quiz_key();
	test_feedback_off();
	test_private_tests();
	test_older_quiz();
	return tap_done();
}
