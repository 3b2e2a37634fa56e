/* view.c - a stored record as the API shows it; see view.h. */
#include <string.h>

#include "fcgi/view.h"
#include "sandbox/format/grade.h"

int
view_has_key(const json_t *rec)
{
	const char *language = json_string_value(json_object_get(rec, "language"));

	return json_is_object(json_object_get(rec, "key")) ||
	    (language != NULL && strcmp(language, "quiz") == 0);
}

/* Copies of REC's report and tests, with the key put in when REVEAL; with
 * an older quiz's key taken out when not. A new object, or NULL. */
static json_t *
result_of(const json_t *rec, int reveal)
{
	const json_t *key = json_object_get(rec, "key"), *report = json_object_get(rec, "report");
	json_t *res = json_object(), *tests = json_deep_copy(json_object_get(rec, "tests")), *t;
	int older = key == NULL && view_has_key(rec);
	size_t i;

	if (res == NULL || json_object_set_new(res, "tests", json_is_array(tests) ? tests :
	    json_array()) == -1 || json_object_set_new(res, "report", json_is_string(report) &&
	    !(older && !reveal) ? json_deep_copy(report) : json_string("")) == -1) {
		json_decref(res);
		return NULL;
	}
	if (reveal && json_is_object(key) && grade_key_reveal(res, key) == -1) {
		json_decref(res);
		return NULL;
	}
	if (older && !reveal)
		json_array_foreach(json_object_get(res, "tests"), i, t)
			json_object_del(t, "expected");
	return res;
}

/*
 * REC's report and tests into OUT as WHO may see them: the key in or out,
 * private tests as {name, public, passed}. 0, or -1 on ENOMEM.
 */
static int
put_result(json_t *out, const json_t *rec, const struct view_rights *who)
{
	int reveal = who->admin || who->key;
	json_t *res = result_of(rec, reveal), *tests = json_array(), *t;
	size_t i;
	int bad = res == NULL || tests == NULL;

	json_array_foreach(bad ? NULL : json_object_get(res, "tests"), i, t) {
		if (who->admin || json_is_true(json_object_get(t, "public")))
			bad |= json_array_append(tests, t) == -1;
		else
			bad |= json_array_append_new(tests, json_pack("{s:O?, s:b, s:O?}",
			    "name", json_object_get(t, "name"), "public", 0,
			    "passed", json_object_get(t, "passed"))) == -1;
	}
	bad = bad || json_object_set(out, "report", json_object_get(res, "report")) == -1 ||
	    json_object_set(out, "tests", tests) == -1;
	if (!bad && view_has_key(rec)) {
		bad |= json_object_set_new(out, "answers_shown", json_boolean(reveal)) == -1;
		if (who->answers != NULL)
			bad |= json_object_set_new(out, "show_answers",
			    json_string(who->answers)) == -1;
	}
	json_decref(tests);
	json_decref(res);
	return bad ? -1 : 0;
}

json_t *
view_submission(const json_t *rec, const struct view_rights *who, int full)
{
	static const char *const fields[] = { "id", "login", "exercise", "language",
	    "received", "status", "valid", "validity", "score" };
	json_t *out = json_object(), *v;
	int feedback = !json_is_false(json_object_get(rec, "feedback")), bad = out == NULL;

	for (size_t i = 0; !bad && i < sizeof(fields) / sizeof(*fields); i++) {
		v = json_object_get(rec, fields[i]);
		bad |= json_object_set(out, fields[i], v ? v : json_null()) == -1;
	}
	if (bad || !full)
		goto out;
	if ((v = json_object_get(rec, "code")) != NULL)
		bad |= json_object_set(out, "code", v) == -1;
	if ((v = json_object_get(rec, "answers")) != NULL)
		bad |= json_object_set(out, "answers", v) == -1;
	if (!who->admin && !feedback) {
		bad |= json_object_set_new(out, "report", json_string("")) == -1 ||
		    json_object_set_new(out, "tests", json_array()) == -1 ||
		    json_object_set_new(out, "feedback", json_false()) == -1;
		goto out;
	}
	bad |= put_result(out, rec, who) == -1;
	if (who->admin && (v = json_object_get(rec, "log")) != NULL)
		bad |= json_object_set(out, "log", v) == -1;
out:
	if (bad) {
		json_decref(out);
		return NULL;
	}
	return out;
}
