/*
 * exercise_quiz.c - a quiz page's spec; see exercise_quiz.h.
 *
 * The questions' ids are the published page's, so the page is rendered here
 * as site.c renders it (render.c, which parses with quiz.c): this file sits
 * above both.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/format/spec.h"
#include "sandbox/util/buf.h"
#include "sitegen/exercise.h"
#include "sitegen/exercise_quiz.h"
#include "sitegen/page.h"
#include "sitegen/quiz.h"
#include "sitegen/render.h"

/* --- options.quiz --------------------------------------------------------- */

/* A shuffle key (quiz.h): ID#WHAT, and :SEED when the page sets one. */
static json_t *
key_of(const char *id, const char *what, const char *seed)
{
	char *k;
	json_t *j;

	if (asprintf(&k, "%s#%s%s%s", id, what, seed ? ":" : "", seed ? seed : "") < 0)
		return NULL;
	j = json_string(k);
	free(k);
	return j;
}

/* The option's Markdown, continuation lines de-indented. */
static json_t *
option_text(const char *body, const struct quiz_option *o)
{
	struct buf b = BUF_INIT;
	const char *p = body + o->text.start, *e = body + o->text.end;
	json_t *j;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *le = nl ? nl + 1 : e;

		if (p != body + o->text.start)
			for (size_t i = 0; i < o->indent && p < le && *p == ' '; i++)
				p++;
		buf_add(&b, p, (size_t)(le - p));
		p = le;
	}
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' ' ||
	    b.data[b.len - 1] == '\r'))
		b.len--;
	if (b.oom) {
		buf_free(&b);
		return NULL;
	}
	j = json_stringn(b.data ? b.data : "", b.len);
	buf_free(&b);
	return j;
}

json_t *
exercise_quiz_json(const struct quiz *q, const struct exercise_quiz_settings *s,
    const char *body, const char *id)
{
	static const char *const types[] = { "single", "multiple", "fillin" };
	json_t *j = json_object(), *qs = json_array(), *units = json_array();
	int bad = j == NULL || qs == NULL || units == NULL;
	char what[300];

	for (size_t u = 0; !bad && u < q->nunits; u++) {
		json_t *members = json_array();

		snprintf(what, sizeof(what), "unit-%zu", u);
		for (size_t i = 0; members != NULL && i < q->nquestions; i++)
			if (q->questions[i].unit == u)
				bad |= json_array_append_new(members, json_integer((json_int_t)i));
		bad |= members == NULL || json_array_append_new(units, json_pack("{s:o, s:o}",
		    "key", key_of(id, what, s->seed), "questions", members));
	}
	for (size_t i = 0; !bad && i < q->nquestions; i++) {
		const struct quiz_question *qq = &q->questions[i];
		json_t *o = json_object(), *opts = json_array(), *ans = json_array();

		bad |= o == NULL || opts == NULL || ans == NULL;
		for (size_t k = 0; !bad && k < qq->noptions; k++)
			bad |= json_array_append_new(opts, json_pack("{s:s, s:o}", "label",
			    qq->options[k].label, "text", option_text(body, &qq->options[k])));
		for (size_t k = 0; !bad && k < qq->nanswers; k++)
			bad |= json_array_append_new(ans, json_string(qq->answers[k]));
		snprintf(what, sizeof(what), "answers-%s", qq->id ? qq->id : "");
		bad |= bad || json_object_set_new(o, "id", json_string(qq->id ? qq->id : "")) ||
		    json_object_set_new(o, "title", json_string(qq->title ? qq->title : "")) ||
		    json_object_set_new(o, "type", json_string(types[qq->type])) ||
		    json_object_set_new(o, "group", qq->group ? json_string(qq->group) : json_null()) ||
		    json_object_set_new(o, "unit", json_integer(qq->unit)) ||
		    json_object_set(o, "options", opts) ||
		    json_object_set(o, "answers", ans) ||
		    json_object_set_new(o, "answers_key", key_of(id, what, s->seed)) ||
		    json_array_append(qs, o);
		json_decref(o);
		json_decref(opts);
		json_decref(ans);
	}
	bad = bad || json_object_set_new(j, "shuffle_questions", json_boolean(s->shuffle_questions)) ||
	    json_object_set_new(j, "shuffle_answers", json_boolean(s->shuffle_answers)) ||
	    json_object_set_new(j, "seed", s->seed ? json_string(s->seed) : json_null()) ||
	    json_object_set_new(j, "correct_weight", json_real(s->correct_weight)) ||
	    json_object_set_new(j, "incorrect_weight", isnan(s->incorrect_weight) ?
	    json_null() : json_real(s->incorrect_weight)) ||
	    json_object_set_new(j, "order_key", key_of(id, "questions", s->seed)) ||
	    json_object_set(j, "units", units) ||
	    json_object_set(j, "questions", qs);
	json_decref(units);
	json_decref(qs);
	if (bad) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* --- The page's fields --------------------------------------------------- */

/*
 * show-answers into S->options["show-answers"]: one of the service's words
 * (fcgi/rules.h), "after-close" when absent. Returns 0, or -1 after
 * reporting.
 */
static int
show_answers(const struct page *p, struct spec *s, struct diags *d)
{
	const json_t *v = json_object_get(p->meta.fields, "show-answers");
	const char *w = v ? json_string_value(v) : "after-close";

	if (w == NULL || (strcmp(w, "after-close") != 0 && strcmp(w, "always") != 0 &&
	    strcmp(w, "never") != 0)) {
		page_error(p, d, "show-answers", "field \"show-answers\" must be after-close "
		    "(the default: once the student can no longer submit), always or never");
		return -1;
	}
	if (json_object_set_new(s->options, "show-answers", json_string(w)) == -1) {
		page_error(p, d, "show-answers", "out of memory");
		return -1;
	}
	return 0;
}

/* A weight: a number, or text "a/b" or "a". Returns 0, or -1. */
static int
weight(const json_t *v, double *out)
{
	const char *s, *slash;
	char *end;
	double a, b = 1;

	if (json_is_number(v)) {
		*out = json_number_value(v);
		return 0;
	}
	if (!json_is_string(v))
		return -1;
	s = json_string_value(v);
	a = strtod(s, &end);
	if (end == s)
		return -1;
	slash = end;
	while (*slash == ' ')
		slash++;
	if (*slash == '/') {
		s = slash + 1;
		b = strtod(s, &end);
		if (end == s || b == 0)
			return -1;
	}
	while (*end == ' ')
		end++;
	if (*end != '\0')
		return -1;
	*out = a / b;
	return 0;
}

/*
 * The page's shuffle-seed (random-seed in Codex's later guide: the same
 * field; both is an error), into BUF when a number; NULL when none.
 */
static const char *
quiz_seed(const struct page *p, struct diags *d, char *buf, size_t size)
{
	json_t *f = p->meta.fields, *v = json_object_get(f, "shuffle-seed");
	const char *key = "shuffle-seed";

	if (json_object_get(f, "random-seed") != NULL) {
		if (v != NULL) {
			page_error(p, d, "random-seed", "\"random-seed\" is another name for "
			    "\"shuffle-seed\": give only one");
			return NULL;
		}
		key = "random-seed";
		v = json_object_get(f, key);
	}
	if (v == NULL)
		return NULL;
	if (json_is_integer(v)) {
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) <= 64)
		return json_string_value(v);
	page_error(p, d, key, "field \"%s\" must be a whole number (or a short text)", key);
	return NULL;
}

int
exercise_quiz_build(const struct page *p, struct spec *s,
    const struct exercise_ctx *ctx)
{
	struct exercise_quiz_settings set = { 0, 0, NULL, 1, NAN };
	struct diags *d = ctx->diags;
	unsigned errors = d->errors;
	json_t *f = p->meta.fields, *v, *qj = NULL;
	struct render_opts ro = { 0 };
	struct render_result r;
	char seedbuf[32];
	int rc = -1;

	memset(&r, 0, sizeof(r));
	if ((v = json_object_get(f, "shuffle-questions")) != NULL) {
		if (!json_is_boolean(v))
			page_error(p, d, "shuffle-questions", "field \"shuffle-questions\" must be yes or no");
		set.shuffle_questions = json_is_true(v);
	}
	if ((v = json_object_get(f, "shuffle-answers")) != NULL) {
		if (!json_is_boolean(v))
			page_error(p, d, "shuffle-answers", "field \"shuffle-answers\" must be yes or no");
		set.shuffle_answers = json_is_true(v);
	}
	set.seed = quiz_seed(p, d, seedbuf, sizeof(seedbuf));
	if ((v = json_object_get(f, "printout")) != NULL && !json_is_boolean(v))
		page_error(p, d, "printout", "field \"printout\" must be yes or no");
	if ((v = json_object_get(f, "correct-weight")) != NULL &&
	    (weight(v, &set.correct_weight) || set.correct_weight < 0 || set.correct_weight > 1))
		page_error(p, d, "correct-weight", "field \"correct-weight\" must be a number "
		    "from 0 to 1, such as 1 or \"1/2\"");
	if ((v = json_object_get(f, "incorrect-weight")) != NULL &&
	    (weight(v, &set.incorrect_weight) || set.incorrect_weight < -1 ||
	    set.incorrect_weight > 0))
		page_error(p, d, "incorrect-weight", "field \"incorrect-weight\" must be a number "
		    "from -1 to 0, such as -0.5 or \"-1/3\"");
	show_answers(p, s, d);
	if (d->errors != errors)
		return -1;

	/* The ids are the published page's: render it as site.c does. */
	ro.page = p->path;
	ro.page_id = p->id;
	ro.file = p->file;
	ro.root = ctx->root;
	ro.rootreal = ctx->rootreal;
	ro.diags = d;
	ro.quiz = 1;
	ro.shuffle_seed = set.seed;
	ro.shuffle_questions = set.shuffle_questions;
	ro.shuffle_answers = set.shuffle_answers;
	if (render_page(p->meta.body, p->meta.body_len, &ro, &r) != 0 || d->errors != errors)
		goto out;
	if (r.quiz == NULL || r.quiz->nquestions == 0) {
		diag_error(d, p->file, meta_key_line(&p->meta, "tester"), "a quiz needs "
		    "questions: headers with {.question answer=...}");
		goto out;
	}
	if ((qj = exercise_quiz_json(r.quiz, &set, p->meta.body, p->id)) == NULL ||
	    json_object_set_new(s->options, "quiz", qj)) {
		diag_error(d, p->file, 1, "out of memory");
		goto out;
	}
	rc = 0;
out:
	render_result_free(&r);
	return rc;
}
