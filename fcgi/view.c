/* view.c - a stored record as the API shows it; see view.h. */
#include <string.h>

#include "fcgi/page.h"
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

void
view_label_text(struct buf *b, const char *status)
{
	if (status == NULL)
		status = "";
	for (const char *p = status; *p != '\0'; p++) {
		if (p > status && *p >= 'A' && *p <= 'Z' && p[-1] >= 'a' && p[-1] <= 'z') {
			buf_putc(b, ' ');
			buf_putc(b, *p - 'A' + 'a');
		} else {
			page_textn(b, p, 1);
		}
	}
}

void
view_label(struct buf *b, const char *status)
{
	size_t n = status ? strlen(status) : 0;
	int word = n > 0 && strspn(status, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == n;

	buf_puts(b, "<span class=\"label label-");
	buf_puts(b, word ? status : "MiscError");
	buf_puts(b, "\">");
	view_label_text(b, status);
	buf_puts(b, "</span>");
}

/* Appends the string member NAME of J in a <pre> labelled LABEL, when there. */
static void
io_block(struct buf *b, const json_t *j, const char *name, const char *label)
{
	const json_t *v = json_object_get(j, name);

	if (!json_is_string(v))
		return;
	buf_puts(b, "<div><div class=\"io-label\">");
	page_text(b, label);
	buf_puts(b, "</div><pre>");
	page_textn(b, json_string_value(v), json_string_length(v));
	buf_puts(b, "</pre></div>\n");
}

/* Appends the text of V: a string as it is, a list of strings joined by ", ". */
static void
put_value(struct buf *b, const json_t *v)
{
	size_t i;
	json_t *e;

	if (json_is_string(v)) {
		page_textn(b, json_string_value(v), json_string_length(v));
		return;
	}
	json_array_foreach(v, i, e) {
		if (i > 0)
			buf_puts(b, ", ");
		if (json_is_string(e))
			page_textn(b, json_string_value(e), json_string_length(e));
	}
}

static void
tests_table(struct buf *b, const json_t *tests)
{
	size_t i;
	json_t *t;

	buf_puts(b, "<table class=\"tests\">\n<thead><tr><th>Test</th><th>Result</th></tr>"
	    "</thead>\n<tbody>\n");
	json_array_foreach(tests, i, t) {
		const char *name = json_string_value(json_object_get(t, "name"));
		int passed = json_is_true(json_object_get(t, "passed"));

		buf_puts(b, "<tr><td>");
		if (name != NULL)
			page_text(b, name);
		else
			buf_printf(b, "test %zu", i + 1);
		buf_printf(b, "</td><td><span class=\"%s\">%s</span>", passed ? "passed" : "failed",
		    passed ? "passed" : "failed");
		if (!passed && json_is_string(json_object_get(t, "status"))) {
			buf_puts(b, " \xc2\xb7 ");
			view_label_text(b, json_string_value(json_object_get(t, "status")));
		}
		if (!passed && json_is_string(json_object_get(t, "message"))) {
			buf_puts(b, " \xc2\xb7 ");
			page_text(b, json_string_value(json_object_get(t, "message")));
		}
		buf_puts(b, "</td></tr>\n");
		/* A failed public test's details, as the page's script shows them; a
		   quiz's question with the answer (and the right one, when shown). */
		if (json_is_true(json_object_get(t, "public")) &&
		    (!passed || json_is_array(json_object_get(t, "answer"))) &&
		    (json_object_get(t, "input") || json_object_get(t, "expected") ||
		    json_object_get(t, "got") || json_object_get(t, "answer"))) {
			buf_puts(b, "<tr class=\"io\"><td colspan=\"2\">\n");
			io_block(b, t, "input", "Input");
			if (json_is_array(json_object_get(t, "answer"))) {
				buf_puts(b, "<div><div class=\"io-label\">Your answer</div><pre>");
				put_value(b, json_object_get(t, "answer"));
				buf_puts(b, "</pre></div>\n");
			}
			if (json_is_array(json_object_get(t, "expected"))) {
				buf_puts(b, "<div><div class=\"io-label\">Right answer</div><pre>");
				put_value(b, json_object_get(t, "expected"));
				buf_puts(b, "</pre></div>\n");
			} else {
				io_block(b, t, "expected", "Expected output");
			}
			io_block(b, t, "got", "Your output");
			buf_puts(b, "</td></tr>\n");
		}
	}
	buf_puts(b, "</tbody>\n</table>\n");
}

void
view_html(struct buf *b, const json_t *shown)
{
	const char *status = json_string_value(json_object_get(shown, "status"));
	const json_t *score = json_object_get(shown, "score"), *v, *tests, *answers;
	const char *validity = json_string_value(json_object_get(shown, "validity"));
	int evaluating = status == NULL || strcmp(status, "Evaluating") == 0;
	const char *id;

	buf_puts(b, "<div class=\"result-head\">");
	view_label(b, status ? status : "Evaluating");
	if (!evaluating && json_is_number(score))
		buf_printf(b, " <span>Score: %g%%</span>",
		    (double)(long long)(json_number_value(score) * 1000 + 0.5) / 10);
	buf_printf(b, " <span class=\"result-meta\">Submission %lld \xc2\xb7 ",
	    (long long)json_integer_value(json_object_get(shown, "id")));
	page_text(b, json_string_value(json_object_get(shown, "language")));
	buf_puts(b, " \xc2\xb7 ");
	page_text(b, json_string_value(json_object_get(shown, "received")));
	buf_puts(b, "</span></div>\n");
	if (json_is_false(json_object_get(shown, "valid"))) {
		buf_puts(b, "<p class=\"invalid\">Not valid");
		if (validity != NULL && validity[0] != '\0') {
			buf_puts(b, ": ");
			page_text(b, validity);
		}
		buf_puts(b, ".</p>\n");
	}
	if (evaluating) {
		buf_puts(b, "<p>Being graded\xe2\x80\xa6 This page refreshes itself.</p>\n");
	} else if (!json_is_false(json_object_get(shown, "feedback"))) {
		v = json_object_get(shown, "report");
		if (json_is_string(v) && json_string_length(v) > 0) {
			buf_puts(b, "<pre class=\"report\">");
			page_textn(b, json_string_value(v), json_string_length(v));
			buf_puts(b, "</pre>\n");
		}
		tests = json_object_get(shown, "tests");
		if (json_array_size(tests) > 0)
			tests_table(b, tests);
		if (json_is_false(json_object_get(shown, "answers_shown"))) {
			v = json_object_get(shown, "show_answers");
			buf_puts(b, "<p class=\"quiz-key-note\">");
			buf_puts(b, json_is_string(v) && strcmp(json_string_value(v), "never") == 0 ?
			    "This quiz does not show the right answers." :
			    "The right answers are shown once you can no longer submit: when the "
			    "quiz closes or your attempts are used up.");
			buf_puts(b, "</p>\n");
		}
		v = json_object_get(shown, "log");
		if (json_is_string(v) && json_string_length(v) > 0) {
			buf_puts(b, "<h2>The grader's log</h2>\n<pre class=\"report\">");
			page_textn(b, json_string_value(v), json_string_length(v));
			buf_puts(b, "</pre>\n");
		}
	}
	v = json_object_get(shown, "code");
	answers = json_object_get(shown, "answers");
	if (json_is_string(v)) {
		buf_puts(b, "<h2>The code</h2>\n<pre class=\"code\">");
		page_textn(b, json_string_value(v), json_string_length(v));
		buf_puts(b, "</pre>\n");
	} else if (json_is_object(answers)) {
		buf_puts(b, "<h2>The answers</h2>\n<ul class=\"answers\">\n");
		json_object_foreach((json_t *)answers, id, v) {
			buf_puts(b, "<li>");
			page_text(b, id);
			buf_puts(b, ": ");
			put_value(b, v);
			buf_puts(b, "</li>\n");
		}
		buf_puts(b, "</ul>\n");
	}
}
