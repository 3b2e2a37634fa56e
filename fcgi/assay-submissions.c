/*
 * assay-submissions - the FastCGI program that takes and shows submissions.
 *
 *   POST /api/submissions        JSON {exercise, language, code}, or for a
 *                                quiz {exercise, answers}
 *                                -> 202 {id, status: "Evaluating"}
 *   GET  /api/submissions/ID     -> the submission, as its owner or an admin
 *                                   may see it (view.h: a quiz's answer key
 *                                   only as show-answers allows, evaluated
 *                                   now); 404 for anyone else
 *   GET  /api/submissions?exercise=ID[&login=L]
 *                                -> {submissions: [...]}, newest first: the
 *                                   caller's own; an admin may name a login
 *   GET  /api/exercises/ID       -> what the exercise page shows of its rules:
 *                                   {id, title, languages, valid, open, why,
 *                                   opens, closes, attempts, used, left, lock,
 *                                   feedback}, and for a quiz show_answers
 *                                   and answers_shown (for the caller, now)
 *   GET  /api/progress           -> {exercises: {ID: {best, submissions,
 *                                   score}}}: the caller's best label, number
 *                                   of submissions and best score per exercise
 *   GET  /api/shuffle?key=K&n=N&choose=C
 *                                -> {order: [...]}: which C of N items the
 *                                   caller sees of shuffle K, in order
 *                                   (shuffle.h)
 *
 * A submission is checked against its exercise's spec (exists, language
 * allowed), stored and queued in one durable transaction, and only then
 * answered 202; a grader is nudged afterwards.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/api.h"
#include "fcgi/config.h"
#include "fcgi/form.h"
#include "fcgi/isotime.h"
#include "fcgi/log.h"
#include "fcgi/rules.h"
#include "fcgi/store.h"
#include "fcgi/view.h"
#include "fcgi/wake.h"
#include "sandbox/format/label.h"
#include "sandbox/format/shuffle.h"
#include "sandbox/format/spec.h"

#define LIST_MAX 200		/* submissions listed at most */

static const char usage[] =
    "usage: assay-submissions [--data DIR] [--site DIR] [--socket PATH]\n"
    "                         [--children N] [--origin LIST] [--max-code BYTES]\n";

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
		http_error(r, 400, "field \"answers\" must be an object {question id: [answers]}");
		return -1;
	}
	if (json_object_size(answers) > 500) {
		http_error(r, 400, "more than 500 answered questions");
		return -1;
	}
	json_object_foreach((json_t *)answers, id, list) {
		if (strlen(id) > 200 || !json_is_array(list) || json_array_size(list) > 64) {
			http_error(r, 400, "answers[\"%.60s\"] must be a list of at most 64 answers", id);
			return -1;
		}
		json_array_foreach(list, i, a) {
			if (!json_is_string(a) || json_string_length(a) > 1000) {
				http_error(r, 400, "answers[\"%.60s\"][%zu] must be text of at most 1000 "
				    "bytes", id, i);
				return -1;
			}
		}
	}
	return 0;
}

/* The attempt limit, checked inside the store's transaction; CTX: the rules. */
static int
check_attempts(json_t *rec, size_t previous, void *ctx)
{
	const struct rules *rules = ctx;
	char why[128];

	if (rules->attempts == 0 || previous < (size_t)rules->attempts)
		return 0;
	if (rules->lock)
		return 1;
	/* Unlocked: graded all the same, and marked invalid (unless already). */
	if (json_is_true(json_object_get(rec, "valid"))) {
		snprintf(why, sizeof(why), "over the limit of %ld attempts", rules->attempts);
		json_object_set_new(rec, "valid", json_false());
		json_object_set_new(rec, "validity", json_string(why));
	}
	return 0;
}

/* Logs why exercise ID cannot be used (ERR) and answers 500. */
static void
exercise_broken(struct http_req *r, const char *id, const char *err)
{
	log_msg(r->rid, "%s", err);
	http_error(r, 500, "the exercise \"%.200s\" is broken; staff can see why (request %s)",
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
		http_error(r, 404, "no such exercise: \"%.200s\"", id);
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
 * Reads R's body as a JSON object into *REQ (the caller frees it). Returns
 * 0, or -1 after answering 400, 413 or 500.
 */
static int
read_json_object(struct api *a, struct http_req *r, json_t **req)
{
	char *body = NULL;
	json_error_t je;
	size_t len;
	int rc;

	*req = NULL;
	/* JSON escapes at most sextuple a byte (\u00XX); allow for the fields. */
	rc = http_read_body(r, a->cfg.max_code * 6 + 4096, &body, &len);
	if (rc == 413) {
		http_error(r, 413, "the submission is too large: the limit is %zu bytes of code",
		    a->cfg.max_code);
		return -1;
	}
	if (rc != 0) {
		http_error(r, rc > 0 ? rc : 500, "cannot read the request body");
		return -1;
	}
	*req = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	free(body);
	if (*req == NULL) {
		http_error(r, 400, "malformed JSON at line %d, column %d: %s", je.line, je.column, je.text);
		return -1;
	}
	if (!json_is_object(*req)) {
		http_error(r, 400, "the body must be a JSON object {exercise, language, code} "
		    "or, for a quiz, {exercise, answers}");
		return -1;
	}
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
			http_error(r, 400, "unknown field \"%.64s\": expected %s", key, sub->answers ?
			    "exercise and answers (a quiz)" : "exercise, language and code");
			return -1;
		}
	}
	sub->exercise = json_string_value(json_object_get(req, "exercise"));
	sub->language = sub->answers ? "quiz" : json_string_value(json_object_get(req, "language"));
	sub->code = sub->answers ? NULL : json_object_get(req, "code");
	if (sub->exercise == NULL) {
		http_error(r, 400, "field \"exercise\" must be a string (the exercise's id, like \"c/hello\")");
		return -1;
	}
	if (sub->answers != NULL)
		return check_answers(r, sub->answers);
	if (sub->language == NULL) {
		http_error(r, 400, "field \"language\" must be a string");
		return -1;
	}
	if (!json_is_string(sub->code)) {
		http_error(r, 400, "field \"code\" must be a string");
		return -1;
	}
	if (json_string_length(sub->code) > a->cfg.max_code) {
		http_error(r, 413, "the code is %zu bytes; the limit is %zu",
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
		http_error(r, 400, sub->answers ? "%s is not a quiz: send {exercise, language, code}" :
		    "%s is a quiz: send {exercise, answers}", sub->exercise);
		return -1;
	}
	if (sub->answers != NULL || spec_has_language(spec, sub->language))
		return 0;
	for (size_t i = 0; i < spec->nlanguages; i++) {
		strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
		strncat(list, spec->languages[i], sizeof(list) - strlen(list) - 1);
	}
	http_error(r, 400, "language \"%.32s\" is not accepted for %s (accepted: %s)",
	    sub->language, sub->exercise, list);
	return -1;
}

/*
 * Stores and queues SUB by U, received at NOW, as valid (OPEN) or not (WHY),
 * and answers 202, or 403 when the attempts are used up, or 500.
 */
static void
store_submission(struct api *a, struct http_req *r, const struct store_user *u,
    const struct submission *sub, const struct spec *spec, struct rules *rules,
    time_t now, int open, const char *why)
{
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
	if (rec == NULL) {
		http_error(r, 500, "out of memory (request %s)", r->rid);
		return;
	}
	rc = store_submit(a->store, rec, check_attempts, rules, &id);
	json_decref(rec);
	if (rc == STORE_REFUSED) {
		http_error(r, 403, "you have used all %ld attempts at this exercise", rules->attempts);
		return;
	}
	if (rc != STORE_OK) {
		api_internal(a, r, "submit");
		return;
	}
	wake_poke(a->cfg.rundir);
	out = json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "Evaluating");
	http_reply(r, 202, out);
	json_decref(out);
}

/*
 * POST /api/submissions: the request, then the exercise's spec, then its
 * rules, each checked before anything is stored.
 */
static void
submit(struct api *a, struct http_req *r)
{
	struct store_user u;
	struct submission sub;
	struct spec *spec = NULL;
	struct rules rules = { 0 };
	time_t now = config_now(&a->cfg);
	char err[512], why[256];
	json_t *req = NULL;
	int open;

	if (!api_same_origin(a, r) || api_user(a, r, &u, 403))
		return;
	if (read_json_object(a, r, &req) || read_submission(a, r, req, &sub) ||
	    exercise_load(a, r, sub.exercise, &spec) || check_kind(r, &sub, spec))
		goto out;
	if (rules_load(spec, &rules, err, sizeof(err)) != 0) {
		exercise_broken(r, sub.exercise, err);
		goto out;
	}
	if (sub.code != NULL && rules_forbidden(&rules, json_string_value(sub.code), why,
	    sizeof(why))) {
		http_error(r, 400, "%s", why);
		goto out;
	}
	open = rules_open(&rules, now, why, sizeof(why));
	if (!open && rules.lock) {
		http_error(r, 403, "submissions to this exercise are closed: %s", why);
		goto out;
	}
	store_submission(a, r, &u, &sub, spec, &rules, now, open, why);
out:
	json_decref(req);
	rules_free(&rules);
	spec_free(spec);
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
	json_t *recs = NULL;
	size_t used = 0;

	memset(who, 0, sizeof(*who));
	who->admin = strcmp(u->role, "admin") == 0;
	if (!view_has_key(rec) || exercise == NULL || login == NULL)
		return;
	if ((path = spec_path(a->cfg.specdir, exercise)) == NULL ||
	    spec_load(path, &spec, err, sizeof(err)) != SPEC_OK ||
	    rules_load(spec, &rules, err, sizeof(err)) != 0) {
		log_msg(r->rid, "%s: its answer key is kept: %s", exercise, err);
		goto out;
	}
	who->answers = rules_answers_name(rules.answers);
	if (store_submission_list(a->store, login, exercise, 0, &recs, &used) == STORE_ERROR) {
		log_msg(r->rid, "%s: its answer key is kept: %s", exercise, store_error(a->store));
		goto out;
	}
	who->key = rules_key_shown(&rules, config_now(&a->cfg), used);
out:
	json_decref(recs);
	rules_free(&rules);
	spec_free(spec);
	free(path);
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

	if (api_user(a, r, &u, 401))
		return;
	errno = 0;
	id = strtoull(idstr, &end, 10);
	if (*idstr < '0' || *idstr > '9' || *end != '\0' || errno) {
		http_error(r, 404, "no such submission: \"%.40s\"", idstr);
		return;
	}
	rc = store_submission_get(a->store, id, &rec);
	if (rc == STORE_ERROR) {
		api_internal(a, r, "show");
		return;
	}
	/* Someone else's submission is indistinguishable from none at all. */
	if (rc == STORE_NOTFOUND || (strcmp(u.role, "admin") != 0 &&
	    strcmp(json_string_value(json_object_get(rec, "login")) ?: "", u.login) != 0)) {
		http_error(r, 404, "no such submission: %llu", id);
		json_decref(rec);
		return;
	}
	rights_of(a, r, &u, rec, &who);
	if ((out = view_submission(rec, &who, 1)) == NULL)
		http_error(r, 500, "out of memory (request %s)", r->rid);
	else
		http_reply(r, 200, out);
	json_decref(out);
	json_decref(rec);
}

static void
list(struct api *a, struct http_req *r)
{
	struct store_user u;
	char *exercise = NULL, *login = NULL;
	json_t *recs = NULL, *out = NULL, *arr, *rec;
	struct view_rights who = { 0 };
	size_t i, total;
	int rc, admin;

	if (api_user(a, r, &u, 401))
		return;
	admin = who.admin = strcmp(u.role, "admin") == 0;
	rc = form_get(r->query, strlen(r->query), "exercise", &exercise);
	if (rc < 0 || form_get(r->query, strlen(r->query), "login", &login) < 0) {
		http_error(r, 400, "malformed query string");
		goto out;
	}
	if (exercise != NULL && !spec_id_valid(exercise)) {
		http_error(r, 404, "no such exercise: \"%.200s\"", exercise);
		goto out;
	}
	if (login != NULL && strcmp(login, u.login) != 0 && !admin) {
		http_error(r, 403, "only admins may list another user's submissions");
		goto out;
	}
	rc = store_submission_list(a->store, login ? login : u.login, exercise, LIST_MAX,
	    &recs, &total);
	if (rc == STORE_ERROR) {
		api_internal(a, r, "list");
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
	json_t *langs, *out, *recs = NULL;
	size_t used = 0;
	int open;

	if (api_user(a, r, &u, 401) || exercise_load(a, r, id, &spec))
		goto out;
	if (rules_load(spec, &rules, err, sizeof(err)) != 0) {
		exercise_broken(r, id, err);
		goto out;
	}
	if (store_submission_list(a->store, u.login, id, 0, &recs, &used) == STORE_ERROR) {
		api_internal(a, r, "exercise");
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
		http_error(r, 500, "out of memory (request %s)", r->rid);
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
	json_decref(recs);
	rules_free(&rules);
	spec_free(spec);
}

/*
 * The best label, number of submissions and best score of each exercise the
 * caller has submitted to (badges beside exercise links).
 */
static void
progress(struct api *a, struct http_req *r)
{
	struct store_user u;
	json_t *recs = NULL, *ex, *rec, *out;
	size_t i, total;

	if (api_user(a, r, &u, 401))
		return;
	if (store_submission_list(a->store, u.login, NULL, (size_t)-1, &recs, &total) ==
	    STORE_ERROR) {
		api_internal(a, r, "progress");
		return;
	}
	ex = json_object();
	json_array_foreach(recs, i, rec) {
		const char *id = json_string_value(json_object_get(rec, "exercise"));
		const char *st = json_string_value(json_object_get(rec, "status"));
		json_t *e, *score = json_object_get(rec, "score");
		enum label l, best;

		if (id == NULL || st == NULL || label_parse(st, &l) != 0)
			continue;
		if ((e = json_object_get(ex, id)) == NULL) {
			e = json_pack("{s:s, s:i, s:n}", "best", st, "submissions", 0, "score");
			json_object_set_new(ex, id, e);
		}
		json_object_set_new(e, "submissions", json_integer(
		    json_integer_value(json_object_get(e, "submissions")) + 1));
		/* Better means later in the label order; Evaluating is not a result. */
		label_parse(json_string_value(json_object_get(e, "best")), &best);
		if (l != LABEL_EVALUATING && (best == LABEL_EVALUATING || l > best))
			json_object_set_new(e, "best", json_string(st));
		if (json_is_number(score) && (json_is_null(json_object_get(e, "score")) ||
		    json_number_value(score) > json_number_value(json_object_get(e, "score"))))
			json_object_set(e, "score", score);
	}
	out = json_pack("{s:o}", "exercises", ex);
	http_reply(r, 200, out);
	json_decref(out);
	json_decref(recs);
}

static void
shuffle(struct api *a, struct http_req *r)
{
	struct store_user u;
	char *key = NULL, *ns = NULL, *cs = NULL;
	unsigned long n, choose = 0;
	unsigned order[SHUFFLE_MAX], got;
	json_t *arr, *out;

	if (api_user(a, r, &u, 401))
		return;
	if (form_get(r->query, strlen(r->query), "key", &key) != 0 ||
	    form_get(r->query, strlen(r->query), "n", &ns) != 0 ||
	    config_number(ns, SHUFFLE_MAX, &n) || n == 0 ||
	    (form_get(r->query, strlen(r->query), "choose", &cs) == 0 &&
	    config_number(cs, SHUFFLE_MAX, &choose))) {
		http_error(r, 400, "expected ?key=KEY&n=ITEMS[&choose=COUNT], with 1 to %d items",
		    SHUFFLE_MAX);
		goto out;
	}
	if (strlen(key) > 512) {
		http_error(r, 400, "the key is longer than 512 bytes");
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

	if (strcmp(r->path, "/api/progress") == 0 || strcmp(r->path, "/api/shuffle") == 0) {
		if (strcmp(r->method, "GET") != 0)
			http_error(r, 405, "use GET for %s", r->path);
		else if (r->path[5] == 'p')
			progress(a, r);
		else
			shuffle(a, r);
		return;
	}
	if (strncmp(r->path, "/api/exercises/", 15) == 0) {
		if (strcmp(r->method, "GET") != 0)
			http_error(r, 405, "use GET for an exercise");
		else
			exercise_info(a, r, r->path + 15);
		return;
	}
	if (strncmp(r->path, prefix, sizeof(prefix) - 1) != 0) {
		http_error(r, 404, "no such API endpoint: %.200s", r->path);
		return;
	}
	rest = r->path + sizeof(prefix) - 1;
	if (*rest == '\0' || strcmp(rest, "/") == 0) {
		if (strcmp(r->method, "POST") == 0)
			submit(a, r);
		else if (strcmp(r->method, "GET") == 0)
			list(a, r);
		else
			http_error(r, 405, "use POST to submit, GET to list");
	} else if (*rest == '/') {
		if (strcmp(r->method, "GET") == 0)
			show(a, r, rest + 1);
		else
			http_error(r, 405, "use GET for a submission");
	} else {
		http_error(r, 404, "no such API endpoint: %.200s", r->path);
	}
}

int
main(int argc, char **argv)
{
	return api_main(argc, argv, "assay-submissions", usage, handle);
}
