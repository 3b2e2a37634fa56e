/*
 * test_grade.c - a grading's result: grade_result_clear() and
 * grade_key_reveal(), which puts an answer key into a result.
 */
#include <string.h>

#include "sandbox/format/grade.h"
#include "tests/tap.h"

/* A result as the service stores it: two questions, no right answers. */
static json_t *
result(void)
{
	return json_pack("{s:s, s:[{s:s, s:b}, {s:s, s:b}, i]}",
	    "report", "1 of 2 questions right.\n",
	    "tests", "name", "capital", "passed", 1, "name", "island", "passed", 0, 7);
}

static void
test_reveal(void)
{
	json_t *r = result(), *key = json_pack("{s:s, s:{s:{s:[s]}, s:{s:[s]}, s:s}}",
	    "report", "1 of 2 questions right.\nIsland: accepted: \"zanzibar\".\n",
	    "tests", "capital", "expected", "b", "island", "expected", "zanzibar",
	    "nowhere", "x");
	json_t *t;

	is_int(grade_key_reveal(r, key), 0, "revealed");
	is_str(json_string_value(json_object_get(r, "report")),
	    "1 of 2 questions right.\nIsland: accepted: \"zanzibar\".\n",
	    "the report is the key's");
	t = json_array_get(json_object_get(r, "tests"), 1);
	is_str(json_string_value(json_array_get(json_object_get(t, "expected"), 0)),
	    "zanzibar", "an entry gets the key's fields for its name");
	ok(json_is_false(json_object_get(t, "passed")), "and keeps its own");
	ok(json_integer_value(json_array_get(json_object_get(r, "tests"), 2)) == 7,
	    "an entry that is not an object is left alone");
	json_decref(r);

	r = result();
	t = result();
	is_int(grade_key_reveal(r, NULL), 0, "no key: nothing to do");
	ok(json_equal(r, t), "unchanged");
	json_decref(r);
	json_decref(t);

	r = result();
	json_object_set_new(key, "report", json_integer(3));
	json_object_set_new(key, "tests", json_string("x"));
	is_int(grade_key_reveal(r, key), 0, "a malformed key is skipped");
	is_str(json_string_value(json_object_get(r, "report")), "1 of 2 questions right.\n",
	    "the report stays");
	ok(json_object_get(json_array_get(json_object_get(r, "tests"), 0), "expected") == NULL,
	    "the tests stay");
	json_decref(r);
	json_decref(key);
}

static void
test_clear(void)
{
	struct grade_result g = { .status = LABEL_ACCEPTED, .score = 1 };

	g.report = strdup("r");
	g.tests = json_array();
	g.key = json_object();
	grade_result_clear(&g);
	ok(g.report == NULL && g.tests == NULL && g.key == NULL && g.score == 0,
	    "grade_result_clear() frees and zeroes, the key too");
	grade_result_clear(NULL);
	ok(1, "grade_result_clear(NULL) does nothing");
}

int
main(void)
{
	test_reveal();
	test_clear();
	return tap_done();
}
