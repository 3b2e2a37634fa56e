/* staff_similarity.c - the similarity report for staff; see staff_similarity.h. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/audit.h"
#include "fcgi/auth.h"
#include "fcgi/form.h"
#include "fcgi/gradebook.h"
#include "fcgi/log.h"
#include "fcgi/simreport.h"
#include "fcgi/staff_similarity.h"
#include "sandbox/format/spec.h"

#define EXERCISE_MAX 256
#define NOTE_MAX 1000
#define MIN_DEFAULT 0.1

/* A request's parameters, checked. */
struct simq {
	char exercise[EXERCISE_MAX];
	char a[AUTH_LOGIN_MAX + 1], b[AUTH_LOGIN_MAX + 1];
	enum gradebook_policy policy;
	double threshold, min;
};

/* A number from 0 to 1, all of TEXT. 0 or -1. */
static int
fraction(const char *text, double *out)
{
	char *end;

	*out = strtod(text, &end);
	return *end || end == text || !isfinite(*out) || *out < 0 || *out > 1 ? -1 : 0;
}

/* Sets KEY to VALUE (not empty) in Q; PAIR: the pair's keys. 0, or -1 with ERR. */
static int
simq_set(struct simq *q, int pair, const char *key, const char *value, char *err,
    size_t errlen)
{
	if (strcmp(key, "exercise") == 0 && strlen(value) < sizeof(q->exercise)) {
		strcpy(q->exercise, value);
	} else if (strcmp(key, "policy") == 0) {
		if (gradebook_policy_parse(value, &q->policy) == 0)
			return 0;
		snprintf(err, errlen, "bad parameter policy: best, last, last-valid or printout");
		return -1;
	} else if (!pair && (strcmp(key, "threshold") == 0 || strcmp(key, "min") == 0)) {
		if (fraction(value, key[0] == 't' ? &q->threshold : &q->min) == 0)
			return 0;
		snprintf(err, errlen, "bad parameter %s: a number from 0 to 1", key);
		return -1;
	} else if (pair && (strcmp(key, "a") == 0 || strcmp(key, "b") == 0) &&
	    auth_login_valid(value)) {
		strcpy(key[0] == 'a' ? q->a : q->b, value);
	} else {
		snprintf(err, errlen, "%s parameter %.64s", !strcmp(key, "exercise") ||
		    (pair && (!strcmp(key, "a") || !strcmp(key, "b"))) ? "bad" : "unknown", key);
		return -1;
	}
	return 0;
}

/* R's query string into Q. 0, or -1 after answering 400. */
static int
simq_parse(struct http_req *r, int pair, struct simq *q)
{
	size_t pos = 0, len = strlen(r->query);
	char *key, *value, err[256] = "";
	int rc;

	memset(q, 0, sizeof(*q));
	q->policy = GRADEBOOK_BEST;
	q->threshold = SIMILARITY_THRESHOLD;
	q->min = MIN_DEFAULT;
	while ((rc = form_next(r->query, len, &pos, &key, &value)) == 0) {
		rc = value[0] ? simq_set(q, pair, key, value, err, sizeof(err)) : 0;
		free(key);
		free(value);
		if (rc)
			break;
	}
	if (rc < 0 && err[0] == '\0')
		snprintf(err, sizeof(err), "a malformed query string");
	else if (rc >= 0 && q->exercise[0] == '\0')
		snprintf(err, sizeof(err), "give exercise=ID");
	else if (rc >= 0 && pair && (q->a[0] == '\0' || q->b[0] == '\0' || !strcmp(q->a, q->b)))
		snprintf(err, sizeof(err), "give a=LOGIN and b=LOGIN, two logins");
	if (err[0])
		http_error(r, 400, "%s", err);
	return err[0] ? -1 : 0;
}

/* Runs Q's report (pairs from MIN on), ids into CHOSEN (may be NULL). NULL after answering. */
static struct similarity *
run(struct api *a, struct http_req *r, const struct simq *q, double min, json_t *chosen)
{
	struct simreport_opts o = { .site = a->cfg.site, .exercise = q->exercise,
		.policy = q->policy, .chosen = chosen };
	struct similarity *sim = NULL;
	char err[PATH_MAX + 256];
	int rc;

	similarity_defaults(&o.sim);
	o.sim.threshold = q->threshold;
	o.sim.min = min;
	if ((rc = simreport_run(a->store, &o, &sim, err, sizeof(err))) == 1) {
		http_error(r, 404, "%s", err);
	} else if (rc) {
		log_msg(r->rid, "similarity: %s", err);
		http_error(r, 500, "cannot make the similarity report (request %s)", r->rid);
	}
	return sim;
}

/* The key of the pair A, B in store_simmark_list()'s object. */
static void
pair_key(const char *a, const char *b, char out[2 * AUTH_LOGIN_MAX + 2])
{
	int lo = strcmp(a, b) <= 0;

	snprintf(out, 2 * AUTH_LOGIN_MAX + 2, "%s %s", lo ? a : b, lo ? b : a);
}

static void
report(struct api *a, struct http_req *r)
{
	char key[2 * AUTH_LOGIN_MAX + 2];
	struct similarity *sim;
	struct simq q;
	json_t *out, *marks = NULL, *p;
	size_t i;

	if (simq_parse(r, 0, &q) || (sim = run(a, r, &q, q.min, NULL)) == NULL)
		return;
	out = similarity_to_json(sim, q.exercise);
	similarity_free(sim);
	if (out == NULL || store_simmark_list(a->store, q.exercise, &marks) != STORE_OK) {
		json_decref(out);
		json_decref(marks);
		api_internal(a, r, "similarity marks");
		return;
	}
	json_array_foreach(json_object_get(out, "pairs"), i, p) {
		json_t *m;

		pair_key(json_string_value(json_object_get(p, "a")),
		    json_string_value(json_object_get(p, "b")), key);
		m = json_object_get(marks, key);
		json_object_set_new(p, "mark", m ? json_deep_copy(m) : json_null());
	}
	json_decref(marks);
	json_object_set_new(out, "policy", json_string(gradebook_policy_name(q.policy)));
	json_object_set_new(out, "min", json_real(q.min));
	api_reply(r, 200, out);
}

/* LOGIN's submission ID as {login, id, language, received, status, code}; NULL: none. */
static json_t *
side(struct api *a, const char *login, json_int_t id, int *failed)
{
	json_t *rec = NULL, *out;
	int rc = store_submission_get(a->store, (uint64_t)id, &rec);

	if (rc != STORE_OK) {
		*failed = rc != STORE_NOTFOUND;
		return NULL;
	}
	out = json_pack("{s:s, s:I, s:O?, s:O?, s:O?, s:O?}", "login", login, "id", id,
	    "language", json_object_get(rec, "language"), "received",
	    json_object_get(rec, "received"), "status", json_object_get(rec, "status"),
	    "code", json_object_get(rec, "code"));
	json_decref(rec);
	*failed = out == NULL;
	return out;
}

/* The pair P as seen from FIRST (its "a" side) as {similarity, longest, ...}. */
static json_t *
pair_json(const struct similarity_pair *p, size_t first)
{
	json_t *frags = json_array();
	int swap = p->a != first;

	for (size_t i = 0; i < p->nfragments; i++) {
		const struct similarity_fragment *f = &p->fragments[i];

		json_array_append_new(frags, json_pack("{s:[I, I], s:[I, I], s:I}",
		    "a", (json_int_t)(swap ? f->b_from : f->a_from),
		    (json_int_t)(swap ? f->b_to : f->a_to),
		    "b", (json_int_t)(swap ? f->a_from : f->b_from),
		    (json_int_t)(swap ? f->a_to : f->b_to), "tokens", (json_int_t)f->tokens));
	}
	/* Rounded as similarity_to_json() rounds, so the two views agree. */
	return json_pack("{s:f, s:I, s:I, s:o}", "similarity",
	    (double)(long long)(p->similarity * 10000 + 0.5) / 10000,
	    "longest", (json_int_t)p->longest_lines, "longest_tokens", (json_int_t)p->longest,
	    "fragments", frags);
}

/* The pair of A and B in SIM; NULL when they share nothing. *FIRST gets A's index. */
static const struct similarity_pair *
find_pair(const struct similarity *sim, const char *a, const char *b, size_t *first)
{
	for (size_t i = 0; i < similarity_npairs(sim); i++) {
		const struct similarity_pair *p = similarity_pair(sim, i);
		const char *x = similarity_name(sim, p->a), *y = similarity_name(sim, p->b);

		if ((!strcmp(x, a) && !strcmp(y, b)) || (!strcmp(x, b) && !strcmp(y, a))) {
			*first = !strcmp(x, a) ? p->a : p->b;
			return p;
		}
	}
	return NULL;
}

static void
pair(struct api *a, struct http_req *r)
{
	const struct similarity_pair *p;
	struct similarity *sim;
	struct simq q;
	json_t *chosen = json_object(), *out = NULL, *sa = NULL, *sb = NULL, *mark = NULL;
	size_t first;
	int failed = 0;

	if (chosen == NULL || simq_parse(r, 1, &q) || (sim = run(a, r, &q, 0, chosen)) == NULL) {
		if (chosen == NULL)
			api_internal(a, r, "similarity pair");
		json_decref(chosen);
		return;
	}
	if ((p = find_pair(sim, q.a, q.b, &first)) == NULL) {
		http_error(r, 404, "%.64s and %.64s share no fragment in %.200s (or one of them "
		    "has no submission to compare)", q.a, q.b, q.exercise);
		goto out;
	}
	sa = side(a, q.a, json_integer_value(json_object_get(chosen, q.a)), &failed);
	if (!failed)
		sb = side(a, q.b, json_integer_value(json_object_get(chosen, q.b)), &failed);
	if (failed || sa == NULL || sb == NULL ||
	    store_simmark_get(a->store, q.exercise, q.a, q.b, &mark) == STORE_ERROR ||
	    (out = pair_json(p, first)) == NULL) {
		api_internal(a, r, "similarity pair");
		goto out;
	}
	json_object_set_new(out, "exercise", json_string(q.exercise));
	json_object_set_new(out, "policy", json_string(gradebook_policy_name(q.policy)));
	json_object_set(out, "a", sa);
	json_object_set(out, "b", sb);
	json_object_set(out, "mark", mark ? mark : json_null());
	api_reply(r, 200, out);
out:
	json_decref(sa);
	json_decref(sb);
	json_decref(mark);
	json_decref(chosen);
	similarity_free(sim);
}

/* Is EXERCISE an exercise of the site (its spec there)? */
static int
exercise_known(struct api *a, const char *exercise)
{
	char *path = spec_path(a->cfg.specdir, exercise);
	int known = path && access(path, R_OK) == 0;

	free(path);
	return known;
}

/* The mark request BODY's fields, checked; 0, or -1 after answering 400/404. */
static int
mark_fields(struct api *a, struct http_req *r, json_t *body, const char **ex,
    const char **pa, const char **pb, const char **mark, const char **note)
{
	json_t *n = json_object_get(body, "note");

	*ex = json_string_value(json_object_get(body, "exercise"));
	*pa = json_string_value(json_object_get(body, "a"));
	*pb = json_string_value(json_object_get(body, "b"));
	*mark = json_string_value(json_object_get(body, "mark"));
	*note = json_string_value(n);
	if (*ex == NULL || !(*ex)[0] || strlen(*ex) >= EXERCISE_MAX || *pa == NULL ||
	    *pb == NULL || !auth_login_valid(*pa) || !auth_login_valid(*pb) ||
	    strcmp(*pa, *pb) == 0 || *mark == NULL || (strcmp(*mark, "none") &&
	    !store_simmark_valid(*mark)) || (n && !json_is_string(n)) ||
	    (*note && strlen(*note) > NOTE_MAX)) {
		http_error(r, 400, "send {exercise, a, b, mark: reviewed, case or none, note?}: "
		    "two logins, a note of at most %d bytes", NOTE_MAX);
		return -1;
	}
	if (!exercise_known(a, *ex)) {
		http_error(r, 404, "no exercise \"%.200s\"", *ex);
		return -1;
	}
	return 0;
}

static void
set_mark(struct api *a, struct http_req *r, const struct store_user *u)
{
	const char *ex, *pa, *pb, *m, *note;
	char *body = NULL;
	size_t len;
	json_t *req = NULL, *got = NULL;
	int rc = http_read_body(r, 4096, &body, &len), none;

	if (rc) {
		http_error(r, rc > 0 ? rc : 500, "cannot read the request body");
		free(body);
		return;
	}
	req = json_loadb(body, len, 0, NULL);
	free(body);
	if (mark_fields(a, r, req, &ex, &pa, &pb, &m, &note))
		goto out;
	none = strcmp(m, "none") == 0;
	if (store_simmark_set(a->store, ex, pa, pb, none ? NULL : m, u->login, time(NULL),
	    note) != STORE_OK || store_simmark_get(a->store, ex, pa, pb, &got) == STORE_ERROR) {
		api_internal(a, r, "similarity mark");
		goto out;
	}
	if (audit_log(a->store, time(NULL), u->login, http_param(r, "REMOTE_ADDR"),
	    none ? "similarity-clear" : m[0] == 'c' ? "similarity-case" : "similarity-reviewed",
	    "%s: %s %s%s%.900s", ex, strcmp(pa, pb) < 0 ? pa : pb, strcmp(pa, pb) < 0 ? pb : pa,
	    note && note[0] ? ": " : "", note ? note : "") != STORE_OK)
		log_msg(r->rid, "audit: %s", store_error(a->store));
	api_reply(r, 200, json_pack("{s:s, s:s, s:s, s:o}", "exercise", ex,
	    "a", strcmp(pa, pb) < 0 ? pa : pb, "b", strcmp(pa, pb) < 0 ? pb : pa,
	    "mark", got ? got : json_null()));
out:
	json_decref(req);
}

void
staff_similarity(struct api *a, struct http_req *r, const struct store_user *u,
    const char *rest, int post)
{
	int is_mark = strcmp(rest, "/mark") == 0;

	if (rest[0] && !is_mark && strcmp(rest, "/pair") != 0) {
		http_error(r, 404, "no such API endpoint: %.200s", r->path);
	} else if (is_mark != post) {
		http_error(r, 405, is_mark ? "use POST to mark a pair" : "use GET for the report");
	} else if (is_mark) {
		set_mark(a, r, u);
	} else if (rest[0]) {
		pair(a, r);
	} else {
		report(a, r);
	}
}
