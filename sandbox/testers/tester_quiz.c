/*
 * tester_quiz.c - the quiz tester: a student's answers against the quiz in
 * the spec. Nothing runs: no jail, no language.
 *
 * Spec options (sitegen/exercise_quiz.h, exercise_quiz_json(), writes them):
 *   "quiz": {"questions": [{"id", "title", "type": "single" | "multiple" |
 *                           "fillin", "group", "unit", "options":
 *                           [{"label", "text"}], "answers": [...]}, ...],
 *            "units": [{"key": "ID#unit-K[:SEED]", "questions": [I, ...]}],
 *            "correct_weight": 1, "incorrect_weight": null or W, ...}
 * The submission's answers: {question id: [chosen labels]} or, for a fill-in
 * question, {id: [typed text]}.
 *
 * Which questions the student was shown. A unit of several questions is a
 * group of variants, of which the page showed one: the one GET
 * /api/shuffle?key=KEY&n=N&choose=1 gave this student, KEY being the unit's
 * key and N its number of questions (sitegen/assets/assay.js asks exactly
 * that); so the grader makes the same choice, shuffle_choose(login, KEY, N,
 * 1). A quiz graded without a login (assay-grade) counts every variant, as
 * the page shows them all to someone not logged in. Answers to questions
 * not shown, and to unknown ids, are ignored; a question shown and not
 * answered scores 0. The order of questions and options does not matter:
 * answers name questions by id and options by label.
 *
 * Scores per question, in [0, 1]:
 *   single     1 when exactly the right option was chosen, else 0
 *   multiple   with C right options of which c were chosen, and w wrong
 *              ones chosen: max(0, (c - w) / C) (Codex's default); with
 *              correct-weight CW (other than 1, the default) each right
 *              option chosen is worth CW instead of 1/C, and with
 *              incorrect-weight IW each wrong one chosen IW (negative)
 *              instead of -1/C; the sum is kept within [0, 1]
 *   fillin     1 when the text, white space removed, is one of the accepted
 *              answers, white space removed (as Codex compares), else 0
 * Labels unknown to the question and repeated labels are ignored. The
 * quiz's score is the mean over the questions shown; the label Accepted
 * when it is 1, else WrongAnswer.
 *
 * tests: one entry per question shown, in the quiz's order:
 *   {"name": ID, "title", "public": true, "passed": score == 1,
 *    "status", "answer": [given], "score": S}
 * The report lists every question shown with its verdict and the answer
 * given (the service hides reports when feedback is off).
 *
 * The answer key is apart (grade.h): neither the report nor the tests
 * entries say what the right answer is, so that the service can show them
 * while it withholds the key (show-answers: after-close, the default, or
 * never). The key is the report again with the right answer after each
 * question not fully right ("the answer: b", "accepted: "42""), and
 * {ID: {"expected": [right]}} for every question shown. The tester does not
 * know the rule: it always writes both, and the service chooses at each
 * request (fcgi/view.h), so a result need not be graded again when the key
 * may be shown.
 *
 * tester_quiz(), at the end, is the phases in order: read the quiz and the
 * answers, check each question and grade those shown, write the result.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/format/shuffle.h"
#include "sandbox/testers/tester.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"

#define MAX_QUESTIONS 1000
#define SHOW_BYTES 200

enum qtype { Q_SINGLE, Q_MULTIPLE, Q_FILLIN };

static void
seterr(char *err, size_t errlen, const char *msg, const char *id)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "quiz: %s: %s", id ? id : "?", msg);
}

/* Is S one of the strings of the JSON array A? */
static int
member(const json_t *a, const char *s)
{
	size_t i;
	const json_t *v;

	json_array_foreach(a, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

/* Is S an option label of question Q? */
static int
option(const json_t *q, const char *s)
{
	size_t i;
	const json_t *o;

	json_array_foreach(json_object_get(q, "options"), i, o)
		if (json_is_string(json_object_get(o, "label")) &&
		    strcmp(json_string_value(json_object_get(o, "label")), s) == 0)
			return 1;
	return 0;
}

/* S without white space, into T. */
static void
squeeze(struct buf *t, const char *s)
{
	for (; *s != '\0'; s++)
		if (!(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\v' || *s == '\f'))
			buf_add(t, s, 1);
}

/*
 * The score of question Q (of type TYPE, right answers RIGHT) for GIVEN (a
 * JSON array, or NULL: not answered), with the weights CW and IW (NAN: the
 * default). -1 on ENOMEM.
 */
static double
score(const json_t *q, enum qtype type, const json_t *right, const json_t *given,
    double cw, double iw)
{
	size_t i, c = 0, w = 0, nright = json_array_size(right);
	const json_t *v;

	if (type == Q_FILLIN) {
		struct buf typed, key;
		double s = 0;

		buf_init(&typed);
		json_array_foreach(given, i, v)
			if (json_is_string(v))
				squeeze(&typed, json_string_value(v));
		buf_puts(&typed, "");
		if (typed.len == 0) {
			buf_free(&typed);
			return 0;
		}
		json_array_foreach(right, i, v) {
			buf_init(&key);
			squeeze(&key, json_string_value(v));
			buf_puts(&key, "");
			if (key.oom || typed.oom) {
				buf_free(&key);
				buf_free(&typed);
				return -1;
			}
			if (strcmp(key.data, typed.data) == 0)
				s = 1;
			buf_free(&key);
		}
		buf_free(&typed);
		return s;
	}
	/* The distinct labels chosen that are options of Q. */
	json_array_foreach(given, i, v) {
		const char *s = json_string_value(v);
		int seen = 0;

		if (s == NULL || !option(q, s))
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = json_is_string(json_array_get(given, k)) &&
			    strcmp(json_string_value(json_array_get(given, k)), s) == 0;
		if (seen)
			continue;
		if (member(right, s))
			c++;
		else
			w++;
	}
	if (type == Q_SINGLE)
		return c == 1 && w == 0 ? 1 : 0;
	{
		double pos = !isnan(cw) ? c * cw : (double)c / (double)nright;
		double neg = !isnan(iw) ? w * iw : -(double)w / (double)nright;
		double s = pos + neg;

		s = s < 0 ? 0 : s > 1 ? 1 : s;
		/* Rounded, so that three thirds make exactly 1. */
		return (double)(long long)(s * 1e9 + 0.5) / 1e9;
	}
}

/* "0.5", "1", "0.33": a score for people. */
static const char *
fraction(double s, char *buf, size_t len)
{
	snprintf(buf, len, "%.2f", s);
	if (strchr(buf, '.') != NULL) {
		char *e = buf + strlen(buf);

		while (e[-1] == '0')
			*--e = '\0';
		if (e[-1] == '.')
			e[-1] = '\0';
	}
	return buf;
}

/* A list for the report: labels as "a, c", a text quoted; "nothing". */
static void
put_list(struct buf *t, const json_t *a, int text)
{
	size_t i, n = 0;
	const json_t *v;

	json_array_foreach(a, i, v) {
		char *c;

		if (!json_is_string(v))
			continue;
		if ((c = clean_text(json_string_value(v), json_string_length(v),
		    SHOW_BYTES, 0, NULL)) == NULL) {
			t->oom = 1;
			return;
		}
		for (char *p = c; *p != '\0'; p++)
			if ((unsigned char)*p < ' ')
				*p = ' ';
		buf_printf(t, "%s%s%s%s", n++ ? (text ? " or " : ", ") : "",
		    text ? "\"" : "", c, text ? "\"" : "");
		free(c);
	}
	if (n == 0)
		buf_puts(t, "nothing");
}

/*
 * Marks in SHOWN (NQ entries) the questions this student was shown: every
 * question of a unit of one, and the variant shuffle_choose() gives LOGIN
 * of each unit of several (all of them when LOGIN is NULL). -1 when the
 * units are malformed.
 */
static int
shown_questions(const json_t *quiz, const char *login, size_t nq, char *shown)
{
	const json_t *units = json_object_get(quiz, "units"), *u;
	size_t i;

	if (!json_is_array(units)) {
		memset(shown, 1, nq);
		return 0;
	}
	memset(shown, 0, nq);
	json_array_foreach(units, i, u) {
		const json_t *members = json_object_get(u, "questions");
		const char *key = json_string_value(json_object_get(u, "key"));
		size_t n = json_array_size(members);
		unsigned pick;

		if (!json_is_array(members) || n == 0 || n > SHUFFLE_MAX || key == NULL)
			return -1;
		for (size_t k = 0; k < n; k++) {
			json_int_t q = json_integer_value(json_array_get(members, k));

			if (!json_is_integer(json_array_get(members, k)) || q < 0 ||
			    (size_t)q >= nq)
				return -1;
		}
		if (n == 1 || login == NULL) {
			for (size_t k = 0; k < n; k++)
				shown[json_integer_value(json_array_get(members, k))] = 1;
			continue;
		}
		if (shuffle_choose(login, key, (unsigned)n, 1, &pick) != 1)
			return -1;
		shown[json_integer_value(json_array_get(members, pick))] = 1;
	}
	/* A question in no unit (not written so by sitegen) counts. */
	for (size_t q = 0; q < nq; q++) {
		int in_unit = 0;

		json_array_foreach(units, i, u) {
			size_t k;
			const json_t *m;

			json_array_foreach(json_object_get(u, "questions"), k, m)
				in_unit |= (size_t)json_integer_value(m) == q;
		}
		if (!in_unit)
			shown[q] = 1;
	}
	return 0;
}

/* tester_json_set()'s twin: this file links without the jail, and
 * tester.c does not (tests/fuzz/run builds fuzz_quizgrade from it alone). */
static int
set(json_t *o, const char *key, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(o, key, v);
}

/* One grading: what the phases of the quiz tester share. */
struct quiz_grading {
	const struct tester_env *env;
	const json_t *questions;
	size_t nq;		/* questions in the quiz */
	double cw, iw;		/* the weights; NAN: the default */
	char *shown;		/* of each question: shown to this student */
	json_t *tests;
	json_t *expected;	/* the key's tests: {ID: {"expected": [right]}} */
	struct buf body;	/* the report's line of each question shown */
	struct buf keybody;	/* the same lines with the right answers */
	size_t nshown, right;
	double total;		/* of the scores of the questions shown */
	char *log;
	size_t loglen;
};

/* Frees what a grading holds. */
static void
quiz_grading_clear(struct quiz_grading *qg)
{
	buf_free(&qg->body);
	buf_free(&qg->keybody);
	json_decref(qg->tests);
	json_decref(qg->expected);
	free(qg->shown);
}

/*
 * Read: the quiz (its questions, weights and units) and the answers
 * checked, and which questions this student was shown. 0, or -1 with LOG.
 */
static int
read_quiz(const struct tester_env *env, struct quiz_grading *qg, char *log,
    size_t loglen)
{
	const struct spec *spec = env->spec;
	const json_t *quiz = json_object_get(spec->options, "quiz"), *v;

	memset(qg, 0, sizeof(*qg));
	qg->env = env;
	qg->cw = qg->iw = NAN;
	qg->log = log;
	qg->loglen = loglen;
	buf_init(&qg->body);
	buf_init(&qg->keybody);
	qg->questions = json_object_get(quiz, "questions");
	if (!json_is_object(quiz) || !json_is_array(qg->questions) ||
	    (qg->nq = json_array_size(qg->questions)) == 0 ||
	    qg->nq > MAX_QUESTIONS) {
		seterr(log, loglen, "options.quiz has no questions", spec->id);
		return -1;
	}
	if (!json_is_object(env->sub->answers)) {
		seterr(log, loglen, "the answers are not an object", spec->id);
		return -1;
	}
	v = json_object_get(quiz, "correct_weight");
	if (json_is_number(v) && json_number_value(v) != 1)
		qg->cw = json_number_value(v);
	v = json_object_get(quiz, "incorrect_weight");
	if (json_is_number(v))
		qg->iw = json_number_value(v);
	if ((!isnan(qg->cw) && !(qg->cw >= 0 && qg->cw <= 1)) ||
	    (!isnan(qg->iw) && !(qg->iw >= -1 && qg->iw <= 0))) {
		seterr(log, loglen, "the weights are out of range", spec->id);
		return -1;
	}
	if ((qg->shown = malloc(qg->nq)) == NULL || (qg->tests = json_array()) == NULL ||
	    (qg->expected = json_object()) == NULL) {
		seterr(log, loglen, "out of memory", spec->id);
		return -1;
	}
	if (shown_questions(quiz, env->sub->login, qg->nq, qg->shown) == -1) {
		seterr(log, loglen, "options.quiz.units is malformed", spec->id);
		return -1;
	}
	return 0;
}

/* The type of question Q into *T, once Q is checked: an id, a type and
 * answers (text). 0, or -1 with LOG. */
static int
question_type(const struct quiz_grading *qg, const json_t *q, enum qtype *t)
{
	const char *id = json_string_value(json_object_get(q, "id")),
	    *type = json_string_value(json_object_get(q, "type"));
	const json_t *key = json_object_get(q, "answers"), *v;
	const char *spec_id = qg->env->spec->id;
	size_t k;

	if (id == NULL || type == NULL || !json_is_array(key) ||
	    json_array_size(key) == 0) {
		seterr(qg->log, qg->loglen, "a question has no id, type or answers",
		    spec_id);
		return -1;
	}
	json_array_foreach(key, k, v)
		if (!json_is_string(v)) {
			seterr(qg->log, qg->loglen, "an answer of the quiz is not text",
			    spec_id);
			return -1;
		}
	if (strcmp(type, "single") == 0 && json_array_size(key) == 1)
		*t = Q_SINGLE;
	else if (strcmp(type, "multiple") == 0)
		*t = Q_MULTIPLE;
	else if (strcmp(type, "fillin") == 0)
		*t = Q_FILLIN;
	else {
		seterr(qg->log, qg->loglen, "a question has an unknown type, or a single"
		    " choice several answers", spec_id);
		return -1;
	}
	return 0;
}

/* The report's line on question Q of type T, which scored S for GIVEN (a
 * JSON array, or NULL: not answered); with its right answers KEY when it is
 * not NULL (the key's report). 0, or -1 on ENOMEM (BODY's own failures mark
 * it oom). */
static int
put_question(struct buf *body, const json_t *q, enum qtype t, double s,
    const json_t *given, const json_t *key)
{
	const char *id = json_string_value(json_object_get(q, "id")),
	    *title = json_string_value(json_object_get(q, "title"));
	char *name = clean_text(title && title[0] ? title : id,
	    strlen(title && title[0] ? title : id), SHOW_BYTES, 0, NULL);
	char buf[32];

	if (name == NULL)
		return -1;
	for (char *p = name; *p != '\0'; p++)
		if ((unsigned char)*p < ' ')
			*p = ' ';
	buf_printf(body, "%s %s: ", s == 1 ? "\u2713" : "\u2717", name);
	free(name);
	if (json_array_size(given) == 0) {
		buf_puts(body, "not answered");
	} else {
		buf_puts(body, "you answered ");
		put_list(body, given, t == Q_FILLIN);
	}
	if (s != 1 && key != NULL) {
		buf_puts(body, t == Q_FILLIN ? "; accepted: " : "; the answer: ");
		put_list(body, key, t == Q_FILLIN);
	}
	if (s != 1 && s != 0)
		buf_printf(body, " (%s of the question)", fraction(s, buf, sizeof(buf)));
	buf_puts(body, ".\n");
	return 0;
}

/*
 * Grade question Q of type T, shown to the student: its score from their
 * answer, its tests entry, its line in the report; its right answers in the
 * key. 0, or -1 with LOG.
 */
static int
grade_question(struct quiz_grading *qg, const json_t *q, enum qtype t)
{
	const char *id = json_string_value(json_object_get(q, "id")),
	    *title = json_string_value(json_object_get(q, "title"));
	const json_t *key = json_object_get(q, "answers"), *given;
	json_t *o;
	double s;

	given = json_object_get(qg->env->sub->answers, id);
	if (!json_is_array(given))
		given = NULL;
	if ((s = score(q, t, key, given, qg->cw, qg->iw)) < 0)
		goto nomem;
	qg->nshown++;
	qg->total += s;
	qg->right += s == 1;

	if ((o = json_object()) == NULL || json_array_append_new(qg->tests, o) == -1 ||
	    set(o, "name", json_string(id)) == -1 ||
	    set(o, "title", json_string(title ? title : "")) == -1 ||
	    set(o, "public", json_true()) == -1 ||
	    set(o, "passed", json_boolean(s == 1)) == -1 ||
	    set(o, "status", json_string(label_name(s == 1 ? LABEL_ACCEPTED :
	    LABEL_WRONG_ANSWER))) == -1 ||
	    set(o, "answer", given ? json_deep_copy(given) : json_array()) == -1 ||
	    set(o, "score", json_real(s)) == -1 ||
	    set(qg->expected, id, json_pack("{s:O}", "expected", key)) == -1)
		goto nomem;
	if (put_question(&qg->body, q, t, s, given, NULL) == -1 ||
	    put_question(&qg->keybody, q, t, s, given, key) == -1)
		goto nomem;
	return 0;
nomem:
	seterr(qg->log, qg->loglen, "out of memory", qg->env->spec->id);
	return -1;
}

/*
 * A report: how many questions were right and the score (the mean over the
 * questions shown), then BODY, a line per question. NULL on ENOMEM.
 */
static char *
report(const struct quiz_grading *qg, const struct buf *body)
{
	struct buf rep;
	char buf[32];

	buf_init(&rep);
	buf_printf(&rep, "%zu of %zu question%s right; score %s.\n\n", qg->right,
	    qg->nshown, qg->nshown == 1 ? "" : "s", fraction(qg->total / qg->nshown,
	    buf, sizeof(buf)));
	buf_add(&rep, body->data ? body->data : "", body->len);
	if (body->oom) {
		buf_free(&rep);
		return NULL;
	}
	return buf_steal(&rep);
}

/*
 * The result: the report and tests without the right answers, the key with
 * them; Accepted only at 1. 0, or -1 with LOG.
 */
static int
write_result(struct quiz_grading *qg, struct grade_result *out)
{
	char *keyreport = NULL;

	if (qg->nshown == 0) {
		seterr(qg->log, qg->loglen, "no question is shown to the student",
		    qg->env->spec->id);
		return -1;
	}
	if ((out->report = report(qg, &qg->body)) == NULL ||
	    (keyreport = report(qg, &qg->keybody)) == NULL ||
	    (out->key = json_pack("{s:s, s:O}", "report", keyreport, "tests",
	    qg->expected)) == NULL) {
		free(keyreport);
		seterr(qg->log, qg->loglen, "out of memory", qg->env->spec->id);
		return -1;
	}
	free(keyreport);
	out->score = qg->total / qg->nshown;
	out->status = out->score == 1 ? LABEL_ACCEPTED : LABEL_WRONG_ANSWER;
	out->tests = qg->tests;
	qg->tests = NULL;
	return 0;
}

int
tester_quiz(const struct tester_env *env, struct grade_result *out, char *log,
    size_t loglen)
{
	struct quiz_grading qg;
	const json_t *q;
	size_t i;
	int rc = -1;

	if (read_quiz(env, &qg, log, loglen) == -1)
		goto out;
	/* Every question is checked; those shown are graded. */
	json_array_foreach(qg.questions, i, q) {
		enum qtype t;

		if (question_type(&qg, q, &t) == -1)
			goto out;
		if (qg.shown[i] && grade_question(&qg, q, t) == -1)
			goto out;
	}
	rc = write_result(&qg, out);
out:
	quiz_grading_clear(&qg);
	return rc;
}
