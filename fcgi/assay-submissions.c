/*
 * assay-submissions - the FastCGI program that takes and shows submissions.
 *
 *   POST /api/submissions        JSON {exercise, language, code}, or for a
 *                                quiz {exercise, answers}
 *                                -> 202 {id, status: "Evaluating"}
 *   POST /api/submissions        the same as an HTML form (urlencoded):
 *                                exercise, language, code, or for a quiz
 *                                exercise, quiz=1 and answer.QUESTION
 *                                fields (form.h, form_submission())
 *                                -> 303 to /api/submissions/ID.html; an
 *                                   error is an HTML page with the same
 *                                   status, the message and a link back to
 *                                   the exercise (429 with Retry-After)
 *   GET  /api/submissions/ID     -> the submission, as its owner, staff or
 *                                   an admin may see it (view.h: a quiz's
 *                                   answer key only as show-answers allows,
 *                                   evaluated now); 404 for anyone else
 *   GET  /api/submissions/ID.html -> the same as a page (the verdict page:
 *                                   view_html(), refreshing itself every 2 s
 *                                   while Evaluating, the owner's history
 *                                   of the exercise, a link back to it)
 *   GET  /api/submissions?exercise=ID[&login=L][&offset=K][&limit=N]
 *                                -> {submissions: [...], total}, newest
 *                                   first, N (default and at most 200) from
 *                                   the K-th newest: the caller's own; staff
 *                                   and admins may name a login
 *   GET  /api/exercises/ID       -> what the exercise page shows of its rules:
 *                                   {id, title, languages, valid, open, why,
 *                                   opens, closes, attempts, used, left, lock,
 *                                   feedback}, and for a quiz show_answers
 *                                   and answers_shown (for the caller, now);
 *                                   exam: ID for an exercise of a timed exam
 *                                   (its page starts and shows the exam's
 *                                   countdown)
 *   GET  /api/progress           -> {exercises: {ID: {best, submissions,
 *                                   score, last}}}: the caller's best label,
 *                                   number of submissions, best score and
 *                                   newest submission's id per exercise (the
 *                                   store's summaries: one read each)
 *   GET  /api/health             -> 200 {store: {used, map, reserve,
 *                                   disk_free, submissions, queued, full},
 *                                   status: "ok"}, or 503 with status "full"
 *                                   when submissions are refused; no login
 *   POST /api/exams/ID/start     -> starts timed exam ID for the caller, once
 *                                   (a second call never moves the start):
 *                                   {exam, title, started: true, start, end,
 *                                   now, remaining_s, duration_s, extra:
 *                                   {minutes, factor, added_s}}; 403 outside
 *                                   the exam's valid window (fcgi/exam.h)
 *   GET  /api/exams/ID           -> the same without starting: started
 *                                   false, and no start or end, before
 *   GET  /api/shuffle?key=K&n=N&choose=C
 *                                -> {order: [...]}: which C of N items the
 *                                   caller sees of shuffle K, in order
 *                                   (shuffle.h)
 *
 * An exercise of a timed exam (exam.h) takes a student's submission only
 * between their start of the exam and their end: before or after, 403
 * under lock (the exam's, else the exercise's), else stored and marked
 * invalid ("after the exam's end"); during the exam the report is hidden
 * (feedback off) unless the exam says feedback: yes, and shown once the
 * student's time is over (the record's feedback_exam). Staff and admins
 * are not timed.
 *
 * A submission is checked against its exercise's spec (exists, language
 * allowed), stored and queued in one durable transaction, and only then
 * answered 202; a grader is nudged afterwards.
 *
 * Limits, checked in that same transaction (store_submit_admit()): a
 * student (not an admin) may have at most --max-waiting submissions
 * waiting for a verdict and make at most --max-per-minute in any 60
 * seconds; beyond, 429 with a Retry-After header and {error, limit:
 * "waiting" | "per-minute", retry_after}. "waiting" says to retry in
 * RETRY_WAITING seconds (about a grading); "per-minute" when the oldest of
 * the minute's submissions leaves the window. When the store has no more
 * than its reserve left (store.h), 507 {error: "The store is full: ..."}:
 * what was accepted is still graded.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/api.h"
#include "fcgi/config.h"
#include "fcgi/exam.h"
#include "fcgi/form.h"
#include "fcgi/isotime.h"
#include "fcgi/log.h"
#include "fcgi/page.h"
#include "fcgi/rules.h"
#include "fcgi/session.h"
#include "fcgi/store.h"
#include "fcgi/view.h"
#include "fcgi/wake.h"
#include "sandbox/format/shuffle.h"
#include "sandbox/format/spec.h"

#define LIST_MAX 200		/* submissions listed at most */
#define RETRY_WAITING 5		/* seconds: about one grading, for a full "waiting" */

static const char usage[] =
    "usage: assay-submissions [--data DIR] [--site DIR] [--socket PATH]\n"
    "                         [--children N] [--origin LIST] [--max-code BYTES]\n"
    "                         [--max-waiting N] [--max-per-minute N]\n"
    "                         [--map-size BYTES] [--store-reserve BYTES]\n";

/*
 * A submission sent by an HTML form (application/x-www-form-urlencoded: a
 * browser without JavaScript) is answered with pages, not JSON: a 303 to
 * its verdict page, or a page saying what is wrong with a link BACK to the
 * exercise. handle() sets this for each request; fail() and the helpers of
 * submit() read it.
 */
static struct api_answer answer;

/* Errors, answered as the request wants them (api.h). */
#define fail(r, ...) api_fail(&answer, (r), __VA_ARGS__)
#define internal(a, r, what) api_internal_as((a), &answer, (r), (what))
#define same_origin(a, r) api_same_origin_as((a), &answer, (r))

/* api_user(), answered as the request wants it. */
static int
user_of(struct api *a, struct http_req *r, struct store_user *u, int status)
{
	int had, rc;

	if (!answer.html)
		return api_user(a, r, u, status);
	rc = session_user(a->store, r, time(NULL), u, &had);
	if (rc == STORE_OK)
		return 0;
	if (rc == STORE_ERROR)
		internal(a, r, "session");
	else
		fail(r, status, had ? "Your session has expired: log in again, then submit again." :
		    "You are not logged in: log in on the exercise's page, then submit again.");
	return -1;
}

/*
 * May U read every submission (GET /api/submissions/ID, another user's
 * list, the grader's log)? Staff and admins; for nothing else does staff
 * count as admin.
 */
static int
reads_all(const struct store_user *u)
{
	return strcmp(u->role, "admin") == 0 || strcmp(u->role, "staff") == 0;
}

/*
 * A quiz's answers: {question id: [chosen option letters]} or, for a fill-in
 * question, {id: [typed text]}. Bounded so a record stays small; what the
 * ids and letters mean is the grader's business.
 */
static int
check_answers(struct http_req *r, const json_t *answers)
{
	const char *id;
	json_t *list, *a;
	size_t i;

	if (!json_is_object(answers)) {
		fail(r, 400, "field \"answers\" must be an object {question id: [answers]}");
		return -1;
	}
	if (json_object_size(answers) > 500) {
		fail(r, 400, "more than 500 answered questions");
		return -1;
	}
	json_object_foreach((json_t *)answers, id, list) {
		if (strlen(id) > 200 || !json_is_array(list) || json_array_size(list) > 64) {
			fail(r, 400, "answers[\"%.60s\"] must be a list of at most 64 answers", id);
			return -1;
		}
		json_array_foreach(list, i, a) {
			if (!json_is_string(a) || json_string_length(a) > 1000) {
				fail(r, 400, "answers[\"%.60s\"][%zu] must be text of at most 1000 "
				    "bytes", id, i);
				return -1;
			}
		}
	}
	return 0;
}

/* What store_submit_admit() is to check, and why it said no. */
struct admit {
	const struct rules *rules;
	unsigned long max_waiting;	/* 0: no limit (an admin: none either) */
	unsigned long max_per_minute;
	time_t now;
	enum { REFUSED_ATTEMPTS = 1, REFUSED_WAITING, REFUSED_PER_MINUTE } refused;
	long retry_after;		/* seconds, for the per-user limits */
	size_t count;			/* the count that reached the limit */
};

/*
 * The attempt limit and the per-user limits, checked inside the store's
 * transaction, so two submissions at once cannot both be the last one.
 */
static int
check_admit(json_t *rec, const struct store_counts *c, void *ctx)
{
	struct admit *a = ctx;
	const struct rules *rules = a->rules;
	char why[128];

	if (rules->attempts != 0 && c->previous >= (size_t)rules->attempts) {
		if (rules->lock) {
			a->refused = REFUSED_ATTEMPTS;
			return 1;
		}
		/* Unlocked: graded all the same, and marked invalid (unless already). */
		if (json_is_true(json_object_get(rec, "valid"))) {
			snprintf(why, sizeof(why), "over the limit of %ld attempts", rules->attempts);
			json_object_set_new(rec, "valid", json_false());
			json_object_set_new(rec, "validity", json_string(why));
		}
	}
	if (a->max_waiting != 0 && c->waiting >= a->max_waiting) {
		a->refused = REFUSED_WAITING;
		a->retry_after = RETRY_WAITING;
		a->count = c->waiting;
		return 1;
	}
	if (a->max_per_minute != 0 && c->recent >= a->max_per_minute) {
		a->refused = REFUSED_PER_MINUTE;
		a->retry_after = (long)(c->oldest + 60 - a->now);
		if (a->retry_after < 1)
			a->retry_after = 1;
		a->count = c->recent;
		return 1;
	}
	return 0;
}

static const char *
reason_of(int status)
{
	switch (status) {
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	case 507: return "Insufficient Storage";
	default: return "OK";
	}
}

/*
 * Answers STATUS with BODY (not stolen) and, when RETRY_AFTER > 0, a
 * Retry-After header: http_reply()'s answer with one header more.
 */
static void
reply_retry(struct http_req *r, int status, const json_t *body, long retry_after)
{
	char head[512], *text;
	int n;

	if (r->replied)
		return;
	if ((text = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII)) == NULL) {
		http_error(r, 500, "cannot encode the answer (request %s)", r->rid);
		return;
	}
	r->replied = 1;
	r->status = status;
	n = snprintf(head, sizeof(head),
	    "Status: %d %s\r\n"
	    "Content-Type: application/json\r\n"
	    "Content-Length: %zu\r\n"
	    "Cache-Control: no-store\r\n",
	    status, reason_of(status), strlen(text) + 1);
	if (retry_after > 0)
		n += snprintf(head + n, sizeof(head) - (size_t)n, "Retry-After: %ld\r\n",
		    retry_after);
	n += snprintf(head + n, sizeof(head) - (size_t)n, "\r\n");
	FCGX_PutStr(head, n, r->fcgx->out);
	FCGX_PutStr(text, (int)strlen(text), r->fcgx->out);
	FCGX_PutStr("\n", 1, r->fcgx->out);
	free(text);
}

/* Answers 429 for the per-user limit A reached. */
static void
too_many(struct http_req *r, const struct admit *a)
{
	char msg[256];
	json_t *out;

	if (a->refused == REFUSED_WAITING)
		snprintf(msg, sizeof(msg), "You have %zu submissions waiting for a verdict, the"
		    " most allowed at once: try again in %ld seconds, when one is graded.",
		    a->count, a->retry_after);
	else
		snprintf(msg, sizeof(msg), "You have made %zu submissions in the last minute, the"
		    " most allowed: try again in %ld seconds.", a->count, a->retry_after);
	out = json_pack("{s:s, s:s, s:I}", "error", msg, "limit",
	    a->refused == REFUSED_WAITING ? "waiting" : "per-minute",
	    "retry_after", (json_int_t)a->retry_after);
	if (out == NULL) {
		fail(r, 500, "out of memory (request %s)", r->rid);
		return;
	}
	if (answer.html)
		page_message(r, 429, msg, answer.back, a->retry_after);
	else
		reply_retry(r, 429, out, a->retry_after);
	json_decref(out);
}

/* Logs why exercise ID cannot be used (ERR) and answers 500. */
static void
exercise_broken(struct http_req *r, const char *id, const char *err)
{
	log_msg(r->rid, "%s", err);
	fail(r, 500, "the exercise \"%.200s\" is broken; staff can see why (request %s)",
	    id, r->rid);
}

/*
 * Loads the spec of exercise ID into *SPEC (free it with spec_free() in any
 * case). Returns 0, or -1 after answering 404 (no such exercise) or 500.
 */
static int
exercise_load(struct api *a, struct http_req *r, const char *id, struct spec **spec)
{
	char *path = spec_path(a->cfg.specdir, id), err[512];
	int rc = path ? spec_load(path, spec, err, sizeof(err)) : SPEC_NOTFOUND;

	free(path);
	if (rc == SPEC_NOTFOUND) {
		fail(r, 404, "no such exercise: \"%.200s\"", id);
		return -1;
	}
	if (rc != SPEC_OK) {
		exercise_broken(r, id, err);
		return -1;
	}
	return 0;
}

/* What a POST /api/submissions asks for: pointers into its JSON body. */
struct submission {
	const char *exercise;
	const char *language;	/* "quiz" for a quiz */
	json_t *code;		/* a string; NULL for a quiz */
	json_t *answers;	/* a quiz's answers, or NULL */
};

/*
 * Reads R's body, at most --max-code times GROWTH (what its encoding makes
 * of a byte) and 4 KiB for the other fields, into *BODY (free it). Returns
 * 0, or -1 after answering 413 or 500.
 */
static int
read_body(struct api *a, struct http_req *r, size_t growth, char **body, size_t *len)
{
	int rc = http_read_body(r, a->cfg.max_code * growth + 4096, body, len);

	if (rc == 413) {
		fail(r, 413, "the submission is too large: the limit is %zu bytes of code",
		    a->cfg.max_code);
		return -1;
	}
	if (rc != 0) {
		fail(r, rc > 0 ? rc : 500, "cannot read the request body");
		return -1;
	}
	return 0;
}

/*
 * Reads R's body as a JSON object into *REQ (the caller frees it). Returns
 * 0, or -1 after answering 400, 413 or 500.
 */
static int
read_json_object(struct api *a, struct http_req *r, json_t **req)
{
	char *body = NULL;
	json_error_t je;
	size_t len;

	*req = NULL;
	/* JSON escapes at most sextuple a byte (\u00XX); allow for the fields. */
	if (read_body(a, r, 6, &body, &len))
		return -1;
	*req = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	free(body);
	if (*req == NULL) {
		fail(r, 400, "malformed JSON at line %d, column %d: %s", je.line, je.column, je.text);
		return -1;
	}
	if (!json_is_object(*req)) {
		fail(r, 400, "the body must be a JSON object {exercise, language, code} "
		    "or, for a quiz, {exercise, answers}");
		return -1;
	}
	return 0;
}

/*
 * Reads R's body, an HTML form, into *REQ as the JSON object it stands for
 * (form_submission()), and points the error pages' link back at the
 * exercise's page. Returns 0, or -1 after answering 400, 413 or 500.
 */
static int
read_form_object(struct api *a, struct http_req *r, json_t **req)
{
	char *body = NULL, err[256];
	const char *exercise;
	size_t len;
	int rc;

	*req = NULL;
	/* Percent-encoding at most triples a byte; a quiz's form is small. */
	if (read_body(a, r, 3, &body, &len))
		return -1;
	rc = form_submission(body, len, req, err, sizeof(err));
	free(body);
	if (rc != 0) {
		fail(r, 400, "%s", err);
		return -1;
	}
	exercise = json_string_value(json_object_get(*req, "exercise"));
	if (exercise != NULL && spec_id_valid(exercise) && strlen(exercise) < sizeof(answer.back) - 7)
		snprintf(answer.back, sizeof(answer.back), "/%s.html", exercise);
	return 0;
}

/*
 * Fills SUB from the fields of REQ: {exercise, language, code} or, for a
 * quiz, {exercise, answers}. Returns 0, or -1 after answering 400 or 413.
 */
static int
read_submission(struct api *a, struct http_req *r, json_t *req, struct submission *sub)
{
	const char *key;
	json_t *v;

	sub->answers = json_object_get(req, "answers");
	json_object_foreach(req, key, v) {
		if (strcmp(key, "exercise") != 0 && (sub->answers != NULL ?
		    strcmp(key, "answers") != 0 :
		    strcmp(key, "language") != 0 && strcmp(key, "code") != 0)) {
			fail(r, 400, "unknown field \"%.64s\": expected %s", key, sub->answers ?
			    "exercise and answers (a quiz)" : "exercise, language and code");
			return -1;
		}
	}
	sub->exercise = json_string_value(json_object_get(req, "exercise"));
	sub->language = sub->answers ? "quiz" : json_string_value(json_object_get(req, "language"));
	sub->code = sub->answers ? NULL : json_object_get(req, "code");
	if (sub->exercise == NULL) {
		fail(r, 400, "field \"exercise\" must be a string (the exercise's id, like \"c/hello\")");
		return -1;
	}
	if (sub->answers != NULL)
		return check_answers(r, sub->answers);
	if (sub->language == NULL) {
		fail(r, 400, "field \"language\" must be a string");
		return -1;
	}
	if (!json_is_string(sub->code)) {
		fail(r, 400, "field \"code\" must be a string");
		return -1;
	}
	if (json_string_length(sub->code) > a->cfg.max_code) {
		fail(r, 413, "the code is %zu bytes; the limit is %zu",
		    json_string_length(sub->code), a->cfg.max_code);
		return -1;
	}
	return 0;
}

/*
 * Does SUB suit its exercise: answers for a quiz, code in an accepted
 * language otherwise? 0, or -1 after answering 400.
 */
static int
check_kind(struct http_req *r, const struct submission *sub, const struct spec *spec)
{
	char list[256] = "";

	if ((sub->answers != NULL) != (strcmp(spec->tester, "quiz") == 0)) {
		fail(r, 400, sub->answers ? "%s is not a quiz: send {exercise, language, code}" :
		    "%s is a quiz: send {exercise, answers}", sub->exercise);
		return -1;
	}
	if (sub->answers != NULL || spec_has_language(spec, sub->language))
		return 0;
	for (size_t i = 0; i < spec->nlanguages; i++) {
		strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
		strncat(list, spec->languages[i], sizeof(list) - strlen(list) - 1);
	}
	fail(r, 400, "language \"%.32s\" is not accepted for %s (accepted: %s)",
	    sub->language, sub->exercise, list);
	return -1;
}

/*
 * Stores and queues SUB by U, received at NOW, as valid (OPEN) or not (WHY),
 * and answers 202, or 403 when the attempts are used up, 429 when a
 * per-user limit is reached, 507 when the store is full, or 500.
 */
static void
store_submission(struct api *a, struct http_req *r, const struct store_user *u,
    const struct submission *sub, const struct spec *spec, struct rules *rules,
    time_t now, int open, const char *why, const char *exam)
{
	struct admit ad = { 0 };
	char when[ISOTIME_SIZE];
	json_t *rec, *out;
	uint64_t id;
	int rc;

	isotime_format(now, when);
	rec = json_pack("{s:s, s:s, s:s, s:O?, s:O?, s:s, s:s, s:b, s:s?, s:n, s:s, s:[], s:b}",
	    "login", u->login, "exercise", sub->exercise, "language", sub->language,
	    "code", sub->code, "answers", sub->answers, "received", when,
	    "status", "Evaluating", "valid", open, "validity", open ? NULL : why, "score",
	    "report", "", "tests", "feedback", spec->feedback);
	/* The report hidden by an exam only: shown once the student's time is over. */
	if (rec == NULL || (*exam && json_object_set_new(rec, "feedback_exam", json_string(exam)))) {
		json_decref(rec);
		fail(r, 500, "out of memory (request %s)", r->rid);
		return;
	}
	ad.rules = rules;
	ad.now = now;
	if (strcmp(u->role, "admin") != 0) {
		ad.max_waiting = a->cfg.max_waiting;
		ad.max_per_minute = a->cfg.max_per_minute;
	}
	rc = store_submit_admit(a->store, rec, now, check_admit, &ad, &id);
	json_decref(rec);
	if (rc == STORE_REFUSED && ad.refused == REFUSED_ATTEMPTS) {
		fail(r, 403, "you have used all %ld attempts at this exercise", rules->attempts);
		return;
	}
	if (rc == STORE_REFUSED) {
		too_many(r, &ad);
		return;
	}
	if (rc == STORE_FULL) {
		log_msg(r->rid, "submission refused: %s", store_error(a->store));
		fail(r, 507, "The store is full: no more submissions can be accepted now"
		    " (those already accepted are still graded). Please tell the course staff.");
		return;
	}
	if (rc != STORE_OK) {
		internal(a, r, "submit");
		return;
	}
	wake_poke(a->cfg.rundir);
	if (answer.html) {
		char where[64];

		snprintf(where, sizeof(where), "/api/submissions/%llu.html", (unsigned long long)id);
		page_redirect(r, where);
		return;
	}
	out = json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "Evaluating");
	http_reply(r, 202, out);
	json_decref(out);
}

/* A student's time in exam E (exam.h): read from the store. */
struct exam_time {
	int started;
	time_t start, end;
	long added_s;
	struct store_user_info info;
};

/* Reads LOGIN's start of E and their settings into T. 0, or -1 after answering 500. */
static int
exam_time_of(struct api *a, struct http_req *r, const struct exam *e, const char *login,
    struct exam_time *t)
{
	int rc = store_exam_get(a->store, e->id, login, &t->start, &t->added_s);

	memset(&t->info, 0, sizeof(t->info));
	if ((rc != STORE_OK && rc != STORE_NOTFOUND) ||
	    store_user_info(a->store, login, &t->info) == STORE_ERROR) {
		internal(a, r, "exam");
		return -1;
	}
	t->started = rc == STORE_OK;
	if (!t->started)
		t->start = t->added_s = 0;
	t->end = t->started ? exam_end(e, t->start, t->info.extra_factor,
	    t->info.extra_minutes, t->added_s) : 0;
	return 0;
}

/*
 * The timed exam's rules for U's submission to SPEC at NOW, when it is an
 * exam's exercise: refused (403, returns -1) or *OPEN set to 0 with WHY
 * when out of U's time; the report hidden during the exam unless the exam
 * says feedback: yes. 0 to go on; -1 after answering.
 */
static int
exam_timing(struct api *a, struct http_req *r, const struct store_user *u, struct spec *spec,
    const struct rules *rules, time_t now, int *open, char *why, size_t whylen,
    char exam[EXAM_ID_MAX])
{
	struct exam e;
	struct exam_time t;
	char err[512];
	int rc = exam_of(a->cfg.specdir, spec->id, &e, err, sizeof(err)), lock;

	if (rc == 1)
		return 0;
	if (rc < 0 || exam_time_of(a, r, &e, u->login, &t)) {
		if (rc < 0)
			exercise_broken(r, spec->id, err);
		exam_free(&e);
		return -1;
	}
	lock = e.lock >= 0 ? e.lock : rules->lock;
	if (!exam_in_time(&e, t.started, t.end, now, why, whylen)) {
		exam_free(&e);
		if (lock) {
			fail(r, 403, "submissions to this exercise are closed: %s", why);
			return -1;
		}
		*open = 0;
		return 0;
	}
	if (!e.feedback && spec->feedback) {
		spec->feedback = 0;
		snprintf(exam, EXAM_ID_MAX, "%s", e.id);
	}
	exam_free(&e);
	return 0;
}

/*
 * POST /api/exams/ID/start (START) and GET /api/exams/ID: the caller's time
 * in exam ID, from the server's clock.
 */
static void
exam_info(struct api *a, struct http_req *r, const char *id, int start)
{
	struct store_user u;
	struct exam e;
	struct exam_time t;
	char err[512], why[256], t1[ISOTIME_SIZE], t2[ISOTIME_SIZE], t3[ISOTIME_SIZE];
	time_t now = config_now(&a->cfg);
	json_t *out;
	int rc;

	if ((start && !same_origin(a, r)) || user_of(a, r, &u, 401))
		return;
	if ((rc = exam_load(a->cfg.specdir, id, &e, err, sizeof(err))) != 0) {
		if (rc == 1)
			fail(r, 404, "no such exam: \"%.200s\"", id);
		else
			exercise_broken(r, id, err);
		return;
	}
	if (exam_time_of(a, r, &e, u.login, &t))
		goto out;
	if (start && !t.started) {
		if (!exam_open(&e, now, why, sizeof(why))) {
			fail(r, 403, "the exam cannot be started now: %s", why);
			goto out;
		}
		if (store_exam_start(a->store, e.id, u.login, now, &t.start, &t.added_s, NULL)) {
			internal(a, r, "exam start");
			goto out;
		}
		if (exam_time_of(a, r, &e, u.login, &t))
			goto out;
	}
	isotime_format(t.start, t1);
	isotime_format(t.end, t2);
	isotime_format(now, t3);
	out = json_pack("{s:s, s:s, s:b, s:s?, s:s?, s:s, s:I, s:{s:I, s:f, s:I}}",
	    "exam", e.id, "title", e.title, "started", t.started,
	    "start", t.started ? t1 : NULL, "end", t.started ? t2 : NULL, "now", t3,
	    "duration_s", (json_int_t)e.duration_s, "extra",
	    "minutes", (json_int_t)t.info.extra_minutes, "factor",
	    t.info.extra_factor > 0 ? t.info.extra_factor : 1.0,
	    "added_s", (json_int_t)t.added_s);
	json_object_set_new(out, "remaining_s", t.started ?
	    json_integer(t.end > now ? (json_int_t)(t.end - now) : 0) : json_null());
	http_reply(r, 200, out);
	json_decref(out);
out:
	exam_free(&e);
}

/*
 * POST /api/submissions: the request, then the exercise's spec, then its
 * rules, each checked before anything is stored. A form's (answer.html) is
 * read as the JSON body it stands for, then checked by the same code.
 */
static void
submit(struct api *a, struct http_req *r)
{
	struct store_user u;
	struct submission sub;
	struct spec *spec = NULL;
	struct rules rules = { 0 };
	time_t now = config_now(&a->cfg);
	char err[512], why[256], exam[EXAM_ID_MAX] = "";
	json_t *req = NULL;
	int open;

	/* A form reads its body first, for the error pages' link back. */
	if (!same_origin(a, r) || (answer.html && read_form_object(a, r, &req)) ||
	    user_of(a, r, &u, 403))
		goto out;
	if ((!answer.html && read_json_object(a, r, &req)) || read_submission(a, r, req, &sub) ||
	    exercise_load(a, r, sub.exercise, &spec) || check_kind(r, &sub, spec))
		goto out;
	if (rules_load(spec, &rules, err, sizeof(err)) != 0) {
		exercise_broken(r, sub.exercise, err);
		goto out;
	}
	if (sub.code != NULL && rules_forbidden(&rules, json_string_value(sub.code), why,
	    sizeof(why))) {
		fail(r, 400, "%s", why);
		goto out;
	}
	open = rules_open(&rules, now, why, sizeof(why));
	if (!open && rules.lock) {
		fail(r, 403, "submissions to this exercise are closed: %s", why);
		goto out;
	}
	if (open && !reads_all(&u) && exam_timing(a, r, &u, spec, &rules, now, &open, why,
	    sizeof(why), exam))
		goto out;
	store_submission(a, r, &u, &sub, spec, &rules, now, open, why, exam);
out:
	json_decref(req);
	rules_free(&rules);
	spec_free(spec);
}

/*
 * How many submissions LOGIN made to EXERCISE, from its summary (one small
 * read). 0, or -1 when the store fails.
 */
static int
submissions_made(struct api *a, const char *login, const char *exercise, size_t *used)
{
	json_t *sum;
	int rc = store_summary_get(a->store, login, exercise, &sum);

	*used = 0;
	if (rc == STORE_NOTFOUND)
		return 0;
	if (rc != STORE_OK)
		return -1;
	*used = (size_t)json_integer_value(json_object_get(sum, "submissions"));
	json_decref(sum);
	return 0;
}

/*
 * What caller U may see of REC (view.h): staff everything; a student its
 * answer key only when the exercise's show-answers rule holds now, for the
 * submissions its owner has made by now (rules_key_shown()). When the rule
 * cannot be read (the exercise is gone or broken, the store fails) the key
 * is kept.
 */
static void
rights_of(struct api *a, struct http_req *r, const struct store_user *u, const json_t *rec,
    struct view_rights *who)
{
	const char *exercise = json_string_value(json_object_get(rec, "exercise"));
	const char *login = json_string_value(json_object_get(rec, "login"));
	char *path = NULL, err[512] = "no spec";
	struct spec *spec = NULL;
	struct rules rules = { 0 };
	size_t used = 0;

	memset(who, 0, sizeof(*who));
	who->admin = reads_all(u);
	if (!view_has_key(rec) || exercise == NULL || login == NULL)
		return;
	if ((path = spec_path(a->cfg.specdir, exercise)) == NULL ||
	    spec_load(path, &spec, err, sizeof(err)) != SPEC_OK ||
	    rules_load(spec, &rules, err, sizeof(err)) != 0) {
		log_msg(r->rid, "%s: its answer key is kept: %s", exercise, err);
		goto out;
	}
	who->answers = rules_answers_name(rules.answers);
	if (submissions_made(a, login, exercise, &used)) {
		log_msg(r->rid, "%s: its answer key is kept: %s", exercise, store_error(a->store));
		goto out;
	}
	who->key = rules_key_shown(&rules, config_now(&a->cfg), used);
out:
	rules_free(&rules);
	spec_free(spec);
	free(path);
}

#define PAGE_HISTORY 50	/* submissions the verdict page lists at most */

/*
 * Appends the verdict page's list of the owner's submissions to EXERCISE
 * (the newest PAGE_HISTORY), each a link to its own page; CURRENT marked.
 * What a list shows of each: the summary fields (view_submission()).
 */
static void
history_html(struct api *a, struct buf *b, const char *login, const char *exercise,
    json_int_t current)
{
	json_t *recs = NULL, *rec;
	struct view_rights none = { 0 };
	size_t i, total = 0;

	if (store_submission_page(a->store, login, exercise, 0, PAGE_HISTORY, &recs,
	    &total) != STORE_OK)
		return;
	buf_puts(b, "<section class=\"assay-history\">\n<h2>Submissions to this exercise</h2>\n"
	    "<table>\n<thead><tr><th>Submission</th><th>Received</th><th>Result</th>"
	    "</tr></thead>\n<tbody>\n");
	json_array_foreach(recs, i, rec) {
		json_t *s = view_submission(rec, &none, 0);
		json_int_t id = json_integer_value(json_object_get(s, "id"));

		if (s == NULL)
			continue;
		buf_printf(b, "<tr%s><td><a href=\"/api/submissions/%lld.html\">%lld</a></td><td>",
		    id == current ? " class=\"selected\" aria-current=\"page\"" : "",
		    (long long)id, (long long)id);
		page_text(b, json_string_value(json_object_get(s, "received")));
		buf_puts(b, "</td><td>");
		view_label(b, json_string_value(json_object_get(s, "status")));
		if (json_is_false(json_object_get(s, "valid")))
			buf_puts(b, " <span class=\"invalid\">not valid</span>");
		buf_puts(b, "</td></tr>\n");
		json_decref(s);
	}
	buf_puts(b, "</tbody>\n</table>\n");
	if (total > PAGE_HISTORY)
		buf_printf(b, "<p>The newest %d of %zu.</p>\n", PAGE_HISTORY, total);
	buf_puts(b, "</section>\n");
	json_decref(recs);
}

/*
 * The verdict page: SHOWN (view_submission()'s answer) as HTML, refreshing
 * itself while it is graded, with the owner's history of the exercise and
 * a link back to the exercise's page.
 */
static void
verdict_page(struct api *a, struct http_req *r, const json_t *shown)
{
	const char *exercise = json_string_value(json_object_get(shown, "exercise"));
	const char *login = json_string_value(json_object_get(shown, "login"));
	const char *status = json_string_value(json_object_get(shown, "status"));
	json_int_t id = json_integer_value(json_object_get(shown, "id"));
	struct buf b = BUF_INIT, title = BUF_INIT;

	buf_printf(&title, "Submission %lld", (long long)id);
	if (exercise != NULL)
		buf_printf(&title, " to %s", exercise);
	buf_add(&title, "", 0);
	page_begin(&b, title.data ? title.data : "Submission",
	    status == NULL || strcmp(status, "Evaluating") == 0 ? 2 : 0);
	if (exercise != NULL && spec_id_valid(exercise)) {
		buf_puts(&b, "<p><a href=\"/");
		page_text(&b, exercise);
		buf_puts(&b, ".html\">Back to the exercise</a></p>\n");
	}
	buf_puts(&b, "<section class=\"assay-result\">\n");
	view_html(&b, shown);
	buf_puts(&b, "</section>\n");
	if (login != NULL && exercise != NULL)
		history_html(a, &b, login, exercise, id);
	page_end(&b);
	page_reply(r, 200, b.oom || title.oom ? NULL : b.data, 0);
	buf_free(&b);
	buf_free(&title);
}

/*
 * GET /api/submissions/ID, and its page GET /api/submissions/ID.html (the
 * verdict page, for browsers without JavaScript; its errors are pages too).
 */
/*
 * A report an exam hid (REC's feedback_exam) is shown once that student's
 * time in the exam is over (or the exam is gone): REC's feedback turns on.
 * When the store cannot tell, it stays hidden (and the log says why).
 */
static void
exam_over(struct api *a, struct http_req *r, json_t *rec)
{
	const char *id = json_string_value(json_object_get(rec, "feedback_exam"));
	const char *login = json_string_value(json_object_get(rec, "login"));
	struct exam e;
	struct store_user_info info;
	time_t start, now = config_now(&a->cfg);
	long added;
	char err[512];
	int rc;

	if (id == NULL || login == NULL || !json_is_false(json_object_get(rec, "feedback")))
		return;
	if ((rc = exam_load(a->cfg.specdir, id, &e, err, sizeof(err))) != 0) {
		if (rc < 0)
			log_msg(r->rid, "%s", err);
		else
			json_object_set_new(rec, "feedback", json_true());
		return;
	}
	memset(&info, 0, sizeof(info));
	rc = store_exam_get(a->store, e.id, login, &start, &added);
	if (rc == STORE_OK && store_user_info(a->store, login, &info) != STORE_ERROR &&
	    exam_end(&e, start, info.extra_factor, info.extra_minutes, added) <= now)
		json_object_set_new(rec, "feedback", json_true());
	else if (rc == STORE_ERROR)
		log_msg(r->rid, "exam %s: %s", e.id, store_error(a->store));
	exam_free(&e);
}

static void
show(struct api *a, struct http_req *r, const char *idstr)
{
	struct store_user u;
	struct view_rights who;
	unsigned long long id;
	char *end;
	json_t *rec, *out;
	int rc;

	end = strchr(idstr, '.');
	answer.html = end != NULL && strcmp(end, ".html") == 0;
	if (user_of(a, r, &u, 401))
		return;
	errno = 0;
	id = strtoull(idstr, &end, 10);
	if (*idstr < '0' || *idstr > '9' || (*end != '\0' && !(answer.html && *end == '.')) ||
	    errno) {
		fail(r, 404, "no such submission: \"%.40s\"", idstr);
		return;
	}
	rc = store_submission_get(a->store, id, &rec);
	if (rc == STORE_ERROR) {
		internal(a, r, "show");
		return;
	}
	/* Someone else's submission is indistinguishable from none at all. */
	if (rc == STORE_NOTFOUND || (!reads_all(&u) &&
	    strcmp(json_string_value(json_object_get(rec, "login")) ?: "", u.login) != 0)) {
		fail(r, 404, "no such submission: %llu", id);
		json_decref(rec);
		return;
	}
	rights_of(a, r, &u, rec, &who);
	exam_over(a, r, rec);
	if ((out = view_submission(rec, &who, 1)) == NULL)
		fail(r, 500, "out of memory (request %s)", r->rid);
	else if (answer.html)
		verdict_page(a, r, out);
	else
		http_reply(r, 200, out);
	json_decref(out);
	json_decref(rec);
}

static void
list(struct api *a, struct http_req *r)
{
	struct store_user u;
	char *exercise = NULL, *login = NULL, *offs = NULL, *lims = NULL;
	json_t *recs = NULL, *out = NULL, *arr, *rec;
	struct view_rights who = { 0 };
	unsigned long offset = 0, limit = LIST_MAX;
	size_t i, total;
	int rc, admin;

	if (user_of(a, r, &u, 401))
		return;
	admin = who.admin = reads_all(&u);
	rc = form_get(r->query, strlen(r->query), "exercise", &exercise);
	if (rc < 0 || form_get(r->query, strlen(r->query), "login", &login) < 0 ||
	    form_get(r->query, strlen(r->query), "offset", &offs) < 0 ||
	    form_get(r->query, strlen(r->query), "limit", &lims) < 0) {
		fail(r, 400, "malformed query string");
		goto out;
	}
	if ((offs != NULL && config_number(offs, 100000000, &offset)) ||
	    (lims != NULL && config_number(lims, LIST_MAX, &limit))) {
		fail(r, 400, "offset must be a number, limit a number from 0 to %d", LIST_MAX);
		goto out;
	}
	if (exercise != NULL && !spec_id_valid(exercise)) {
		fail(r, 404, "no such exercise: \"%.200s\"", exercise);
		goto out;
	}
	if (login != NULL && strcmp(login, u.login) != 0 && !admin) {
		fail(r, 403, "only staff and admins may list another user's submissions");
		goto out;
	}
	rc = store_submission_page(a->store, login ? login : u.login, exercise, offset, limit,
	    &recs, &total);
	if (rc == STORE_ERROR) {
		internal(a, r, "list");
		goto out;
	}
	/* Summaries: no result, so no key to weigh. */
	arr = json_array();
	json_array_foreach(recs, i, rec)
		json_array_append_new(arr, view_submission(rec, &who, 0));
	out = json_pack("{s:o, s:I}", "submissions", arr, "total",
	    (json_int_t)(rc == STORE_OK ? total : 0));
	http_reply(r, 200, out);
out:
	json_decref(out);
	json_decref(recs);
	free(exercise);
	free(login);
	free(offs);
	free(lims);
}

/*
 * An exercise of a timed exam: OUT (its rules) names the exam, whose page
 * the exercise's page then starts and counts down as the exam's own does,
 * and says whether the report is shown during it. 0, or -1 when answered.
 */
static int
exam_note(struct api *a, struct http_req *r, const struct spec *spec, json_t *out)
{
	struct exam e;
	char err[512];
	int rc = exam_of(a->cfg.specdir, spec->id, &e, err, sizeof(err));

	if (rc == 1)
		return 0;
	if (rc < 0) {
		exercise_broken(r, spec->id, err);
		return -1;
	}
	json_object_set_new(out, "exam", json_string(e.id));
	if (!e.feedback)
		json_object_set_new(out, "feedback", json_false());
	exam_free(&e);
	return 0;
}

/* The rules of an exercise as its page shows them to the caller. */
static void
exercise_info(struct api *a, struct http_req *r, const char *id)
{
	struct store_user u;
	struct spec *spec = NULL;
	struct rules rules = { 0 };
	char err[512], why[256] = "", t1[ISOTIME_SIZE], t2[ISOTIME_SIZE];
	time_t now = config_now(&a->cfg), opens, closes;
	json_t *langs, *out;
	size_t used = 0;
	int open;

	if (user_of(a, r, &u, 401) || exercise_load(a, r, id, &spec))
		goto out;
	if (rules_load(spec, &rules, err, sizeof(err)) != 0) {
		exercise_broken(r, id, err);
		goto out;
	}
	if (submissions_made(a, u.login, id, &used)) {
		internal(a, r, "exercise");
		goto out;
	}
	open = rules_open(&rules, now, why, sizeof(why));
	opens = closes = (time_t)-1;
	if (rules.valid)
		valid_window(rules.valid, &opens, &closes);
	if (opens != (time_t)-1)
		isotime_format(opens, t1);
	if (closes != (time_t)-1)
		isotime_format(closes, t2);
	langs = json_array();
	for (size_t i = 0; i < spec->nlanguages; i++)
		json_array_append_new(langs, json_string(spec->languages[i]));
	out = json_pack("{s:s, s:s, s:o, s:O?, s:b, s:s?, s:s?, s:s?, s:b, s:I, s:b}",
	    "id", spec->id, "title", spec->title ? spec->title : "", "languages", langs,
	    "valid", json_object_get(spec->options, "valid"), "open", open,
	    "why", open ? NULL : why, "opens", opens == (time_t)-1 ? NULL : t1,
	    "closes", closes == (time_t)-1 ? NULL : t2, "lock", rules.lock,
	    "used", (json_int_t)used, "feedback", spec->feedback);
	if (out == NULL) {
		fail(r, 500, "out of memory (request %s)", r->rid);
		goto out;
	}
	if (exam_note(a, r, spec, out)) {
		json_decref(out);
		goto out;
	}
	if (strcmp(spec->tester, "quiz") == 0) {
		json_object_set_new(out, "show_answers",
		    json_string(rules_answers_name(rules.answers)));
		json_object_set_new(out, "answers_shown", json_boolean(strcmp(u.role, "admin") == 0 ||
		    rules_key_shown(&rules, now, used)));
	}
	if (rules.attempts) {
		json_object_set_new(out, "attempts", json_integer(rules.attempts));
		json_object_set_new(out, "left", json_integer(
		    rules.attempts > (long)used ? rules.attempts - (long)used : 0));
	} else {
		json_object_set_new(out, "attempts", json_null());
		json_object_set_new(out, "left", json_null());
	}
	http_reply(r, 200, out);
	json_decref(out);
out:
	rules_free(&rules);
	spec_free(spec);
}

/*
 * The best label, number of submissions, best score and newest id of each
 * exercise the caller has submitted to (badges beside exercise links): the
 * store's summaries, one small record per exercise.
 */
static void
progress(struct api *a, struct http_req *r)
{
	struct store_user u;
	json_t *sums = NULL, *ex, *sum, *out;
	const char *id;

	if (user_of(a, r, &u, 401))
		return;
	if (store_summary_list(a->store, u.login, &sums) != STORE_OK) {
		internal(a, r, "progress");
		return;
	}
	ex = json_object();
	json_object_foreach(sums, id, sum)
		json_object_set_new(ex, id, json_pack("{s:O, s:O, s:O, s:O}",
		    "best", json_object_get(sum, "best"),
		    "submissions", json_object_get(sum, "submissions"),
		    "score", json_object_get(sum, "score"),
		    "last", json_object_get(sum, "last")));
	out = json_pack("{s:o}", "exercises", ex);
	http_reply(r, 200, out);
	json_decref(out);
	json_decref(sums);
}

/*
 * GET /api/health, for monitors (no login): the store's use; 503 when it
 * is full, so that a monitor need not read the body to raise the alarm.
 */
static void
health(struct api *a, struct http_req *r)
{
	struct store_use use;
	json_t *out;

	if (store_use(a->store, &use) != STORE_OK) {
		internal(a, r, "health");
		return;
	}
	out = json_pack("{s:{s:I, s:I, s:I, s:I, s:I, s:I, s:b}, s:s}", "store",
	    "used", (json_int_t)use.used, "map", (json_int_t)use.map,
	    "reserve", (json_int_t)use.reserve,
	    "disk_free", (json_int_t)(use.disk_free > (uint64_t)INT64_MAX ? INT64_MAX :
	    (int64_t)use.disk_free),
	    "submissions", (json_int_t)use.submissions, "queued", (json_int_t)use.queued,
	    "full", use.full, "status", use.full ? "full" : "ok");
	if (out == NULL) {
		fail(r, 500, "out of memory (request %s)", r->rid);
		return;
	}
	reply_retry(r, use.full ? 503 : 200, out, 0);
	json_decref(out);
}

static void
shuffle(struct api *a, struct http_req *r)
{
	struct store_user u;
	char *key = NULL, *ns = NULL, *cs = NULL;
	unsigned long n, choose = 0;
	unsigned order[SHUFFLE_MAX], got;
	json_t *arr, *out;

	if (user_of(a, r, &u, 401))
		return;
	if (form_get(r->query, strlen(r->query), "key", &key) != 0 ||
	    form_get(r->query, strlen(r->query), "n", &ns) != 0 ||
	    config_number(ns, SHUFFLE_MAX, &n) || n == 0 ||
	    (form_get(r->query, strlen(r->query), "choose", &cs) == 0 &&
	    config_number(cs, SHUFFLE_MAX, &choose))) {
		fail(r, 400, "expected ?key=KEY&n=ITEMS[&choose=COUNT], with 1 to %d items",
		    SHUFFLE_MAX);
		goto out;
	}
	if (strlen(key) > 512) {
		fail(r, 400, "the key is longer than 512 bytes");
		goto out;
	}
	got = shuffle_choose(u.login, key, (unsigned)n, (unsigned)choose, order);
	arr = json_array();
	for (unsigned i = 0; i < got; i++)
		json_array_append_new(arr, json_integer(order[i]));
	out = json_pack("{s:o}", "order", arr);
	http_reply(r, 200, out);
	json_decref(out);
out:
	free(key);
	free(ns);
	free(cs);
}

static void
handle(struct http_req *r, struct api *a)
{
	static const char prefix[] = "/api/submissions";
	const char *rest;

	answer.html = 0;
	strcpy(answer.back, "/");
	/* A browser's form: nothing else sends this type here (JSON is JSON). */
	if (strcmp(r->method, "POST") == 0 && r->content_type != NULL &&
	    strncmp(r->content_type, "application/x-www-form-urlencoded", 33) == 0)
		answer.html = 1;

	if (strcmp(r->path, "/api/progress") == 0 || strcmp(r->path, "/api/shuffle") == 0) {
		if (strcmp(r->method, "GET") != 0)
			fail(r, 405, "use GET for %s", r->path);
		else if (r->path[5] == 'p')
			progress(a, r);
		else
			shuffle(a, r);
		return;
	}
	if (strcmp(r->path, "/api/health") == 0) {
		if (strcmp(r->method, "GET") != 0)
			fail(r, 405, "use GET for %s", r->path);
		else
			health(a, r);
		return;
	}
	if (strncmp(r->path, "/api/exams/", 11) == 0) {
		char id[EXAM_ID_MAX];
		size_t n = strlen(r->path + 11);
		int start = n > 6 && strcmp(r->path + 11 + n - 6, "/start") == 0;

		snprintf(id, sizeof(id), "%.*s", (int)(start ? n - 6 : n), r->path + 11);
		if (strcmp(r->method, start ? "POST" : "GET") != 0)
			fail(r, 405, start ? "use POST to start an exam" : "use GET for an exam");
		else
			exam_info(a, r, id, start);
		return;
	}
	if (strncmp(r->path, "/api/exercises/", 15) == 0) {
		if (strcmp(r->method, "GET") != 0)
			fail(r, 405, "use GET for an exercise");
		else
			exercise_info(a, r, r->path + 15);
		return;
	}
	if (strncmp(r->path, prefix, sizeof(prefix) - 1) != 0) {
		fail(r, 404, "no such API endpoint: %.200s", r->path);
		return;
	}
	rest = r->path + sizeof(prefix) - 1;
	if (*rest == '\0' || strcmp(rest, "/") == 0) {
		if (strcmp(r->method, "POST") == 0)
			submit(a, r);
		else if (strcmp(r->method, "GET") == 0)
			list(a, r);
		else
			fail(r, 405, "use POST to submit, GET to list");
	} else if (*rest == '/') {
		if (strcmp(r->method, "GET") == 0)
			show(a, r, rest + 1);
		else
			fail(r, 405, "use GET for a submission");
	} else {
		fail(r, 404, "no such API endpoint: %.200s", r->path);
	}
}

int
main(int argc, char **argv)
{
	return api_main(argc, argv, "assay-submissions", usage, handle);
}
