/*
 * assay-staff - the FastCGI program of the staff API (/api/staff/).
 *
 *   GET  /api/staff/submissions?exercise=&login=&label=&valid=&from=&to=
 *        &language=&sort=&order=&page=      a page of 50 (staffq.h)
 *   GET  /api/staff/submissions/ID         the whole record, its history,
 *                                          the student's others, the previous
 *   POST /api/staff/regrade                {ids: [...]} or {filter: {...}} ->
 *                                          202 {job, total}
 *   GET  /api/staff/jobs/JOB               a regrade job's progress
 *   POST /api/staff/jobs/JOB/cancel        what waits gets its result back
 *   GET  /api/staff/gradebook?policy=&invalid=&exercise=&format=json|csv
 *                                          the gradebook (gradebook.h), streamed
 *   GET  /api/staff/printout?policy=&invalid=&exercise=
 *                                          the chosen code as one HTML page
 *   GET  /api/staff/audit?login=&action=&from=&to=&page=
 *   GET  /api/staff/exams                  the timed exams (staff_exams.h)
 *   GET  /api/staff/exams/ID               a timed exam's students
 *   POST /api/staff/exams/ID/extend        {login, minutes}: more time, audited
 *   GET  /api/staff/similarity?exercise=&policy=&threshold=&min=
 *   GET  /api/staff/similarity/pair?exercise=&a=&b=&policy=
 *   POST /api/staff/similarity/mark        {exercise, a, b, mark, note?}:
 *                                          the report, a pair side by side,
 *                                          a pair's mark, audited
 *                                          (staff_similarity.h)
 *   admins only:
 *   GET  /api/staff/users?q=TEXT
 *   POST /api/staff/users                  {login, name?, role, password?}
 *   POST /api/staff/users/import           CSV login,password[,role][,name]
 *   POST /api/staff/users/LOGIN            {role?, name?, disabled?,
 *                                          extra_minutes?, reset_password?,
 *                                          end_sessions?}
 *
 * Every route checks the role first (api_staff()): no session is a 401, a
 * student a 403 {"error": "Staff only."} and nothing else; staff may not use
 * the users routes ("Admins only."). Every POST needs the site's Origin.
 * Regrades, cancels, exports, printouts and the users routes write an
 * audit entry (audit.h).
 *
 * The gradebook and the printout are filled from one scan of the index
 * (grades.h) before the first byte goes out, so a failure there is still a
 * JSON error; then they are streamed a row (a student) at a time through
 * FastCGI: the memory is the gradebook's cells, whatever the submissions.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fcgi/api.h"
#include "fcgi/audit.h"
#include "fcgi/auth.h"
#include "fcgi/csv.h"
#include "fcgi/gradebook.h"
#include "fcgi/grades.h"
#include "fcgi/log.h"
#include "fcgi/printout.h"
#include "fcgi/queue.h"
#include "fcgi/staffq.h"
#include "fcgi/staff_exams.h"
#include "fcgi/staff_similarity.h"
#include "fcgi/staff_users.h"
#include "fcgi/store.h"
#include "sandbox/format/label.h"

#define PER_PAGE 50
#define BODY_MAX (1u << 20)
#define REGRADE_MAX 1000000	/* submissions in one job */

static const char usage[] =
    "usage: assay-staff [--data DIR] [--site DIR] [--socket PATH] [--children N]\n"
    "                   [--origin LIST]\n";

static const char *
address(const struct http_req *r)
{
	const char *a = http_param(r, "REMOTE_ADDR");

	return a ? a : "";
}

/* Writes an audit entry; a failure is logged, the action stands. */
static void
audit(struct api *a, struct http_req *r, const char *login, const char *action,
    const char *detail)
{
	if (audit_log(a->store, time(NULL), login, address(r), action, "%s", detail) != STORE_OK)
		log_msg(r->rid, "audit: %s", store_error(a->store));
}

/* Answers STATUS with J, a new reference it takes (NULL: out of memory). */
#define reply(r, status, j) api_reply((r), (status), (j))

static void
list_submissions(struct api *a, struct http_req *r)
{
	struct staffq q;
	char err[256];
	json_t *list;
	size_t total;

	if (staffq_submissions(r->query, strlen(r->query), &q, err, sizeof(err))) {
		http_error(r, 400, "%s", err);
		return;
	}
	if (store_staff_list(a->store, &q.f, q.sort, q.desc, (q.page - 1) * PER_PAGE, PER_PAGE,
	    &list, &total) != STORE_OK) {
		staffq_free(&q);
		api_internal(a, r, "staff list");
		return;
	}
	reply(r, 200, json_pack("{s:I, s:I, s:i, s:o}", "total", (json_int_t)total,
	    "page", (json_int_t)q.page, "per_page", PER_PAGE, "submissions", list));
	staffq_free(&q);
}

/* A whole number in TEXT (all of it), from 1. 0 or -1. */
static int
parse_id(const char *text, uint64_t *id)
{
	char *end;

	if (text[0] < '1' || text[0] > '9' || strlen(text) > 18)
		return -1;
	*id = strtoull(text, &end, 10);
	return *end == '\0' ? 0 : -1;
}

struct others {
	uint64_t id;
	json_t *list;		/* {id, received, status, score} of the others */
	uint64_t previous;	/* the newest before ID */
};

static int
other(const struct store_subinfo *si, void *ctx)
{
	struct others *o = ctx;
	char when[32];
	struct tm tm;

	if (si->id == o->id)
		return 0;
	if (si->id < o->id)
		o->previous = si->id;
	gmtime_r(&si->received, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_array_insert_new(o->list, 0, json_pack("{s:I, s:s, s:s, s:o}", "id",
	    (json_int_t)si->id, "received", when, "status", label_name((enum label)si->label),
	    "score", si->has_score ? json_real(si->score) : json_null()));
	return 0;
}

static void
show_submission(struct api *a, struct http_req *r, const char *idtext)
{
	struct others o = { 0 };
	struct store_filter f;
	json_t *rec = NULL, *prev = NULL, *hist;
	uint64_t id;
	int rc;

	if (parse_id(idtext, &id) || (rc = store_submission_get(a->store, id, &rec)) ==
	    STORE_NOTFOUND) {
		http_error(r, 404, "no such submission");
		return;
	}
	if (rc != STORE_OK)
		goto fail;
	o.id = id;
	o.list = json_array();
	store_filter_init(&f);
	f.login = json_string_value(json_object_get(rec, "login"));
	f.exercise = json_string_value(json_object_get(rec, "exercise"));
	if (f.login && f.exercise && f.exercise[0] && f.exercise[strlen(f.exercise) - 1] != '/' &&
	    store_subinfo_scan(a->store, &f, 0, other, &o) != STORE_OK)
		goto fail;
	if (o.previous && (rc = store_submission_get(a->store, o.previous, &prev)) == STORE_OK) {
		json_t *p = json_pack("{s:I, s:O}", "id", (json_int_t)o.previous, "code",
		    json_object_get(prev, "code") ? json_object_get(prev, "code") : json_null());

		json_decref(prev);
		prev = p;
	} else if (o.previous && rc != STORE_NOTFOUND) {
		goto fail;
	}
	hist = json_object_get(rec, "history");
	reply(r, 200, json_pack("{s:O, s:O, s:o, s:o}", "submission", rec, "history",
	    hist ? hist : json_array(), "others", o.list, "previous", prev ? prev : json_null()));
	json_decref(rec);
	return;
fail:
	json_decref(rec);
	json_decref(o.list);
	api_internal(a, r, "staff submission");
}

/* Reads R's JSON body (an object) into *OUT, or answers 400/413 and returns -1. */
static int
json_body(struct http_req *r, json_t **out)
{
	char *body = NULL;
	size_t len;
	json_error_t je;
	int rc = http_read_body(r, BODY_MAX, &body, &len);

	*out = NULL;
	if (rc) {
		http_error(r, rc > 0 ? rc : 500, rc == 413 ? "the body is larger than 1 MiB" :
		    "cannot read the request body");
		return -1;
	}
	*out = json_loadb(body, len, 0, &je);
	free(body);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		http_error(r, 400, "the body must be a JSON object");
		return -1;
	}
	return 0;
}

struct idlist {
	uint64_t *v;
	size_t n, cap;
	int failed;
};

static int
add_id(struct idlist *l, uint64_t id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		uint64_t *nv = cap <= REGRADE_MAX ? realloc(l->v, cap * sizeof(*nv)) : NULL;

		if (nv == NULL) {
			l->failed = 1;
			return 1;
		}
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = id;
	return 0;
}

static int
collect_id(const struct store_subinfo *si, void *ctx)
{
	return add_id(ctx, si->id);
}

/* The ids of BODY's "ids" or "filter" into L; -1 after answering 400/500. */
static int
regrade_ids(struct api *a, struct http_req *r, json_t *body, struct idlist *l, char *what,
    size_t wlen)
{
	json_t *ids = json_object_get(body, "ids"), *filter = json_object_get(body, "filter"), *v;
	struct staffq q;
	char err[256];
	size_t i;

	if ((ids == NULL) == (filter == NULL)) {
		http_error(r, 400, "give either ids (an array of submission ids) or filter");
		return -1;
	}
	if (ids) {
		if (!json_is_array(ids) || json_array_size(ids) > REGRADE_MAX) {
			http_error(r, 400, "bad parameter ids: an array of submission ids");
			return -1;
		}
		json_array_foreach(ids, i, v) {
			if (!json_is_integer(v) || json_integer_value(v) < 1) {
				http_error(r, 400, "bad parameter ids: an array of submission ids");
				return -1;
			}
			if (add_id(l, (uint64_t)json_integer_value(v)))
				break;
		}
		snprintf(what, wlen, "%zu submissions by id", json_array_size(ids));
	} else {
		if (staffq_filter_json(filter, &q, err, sizeof(err))) {
			http_error(r, 400, "%s", err);
			return -1;
		}
		if (store_subinfo_scan(a->store, &q.f, 0, collect_id, l) == STORE_ERROR) {
			staffq_free(&q);
			api_internal(a, r, "regrade: select");
			return -1;
		}
		staffq_free(&q);
		char *f = json_dumps(filter, JSON_COMPACT);

		snprintf(what, wlen, "filter %.900s", f ? f : "?");
		free(f);
	}
	if (l->failed) {
		http_error(r, 500, "out of memory (request %s)", r->rid);
		return -1;
	}
	return 0;
}

static void
regrade(struct api *a, struct http_req *r, const struct store_user *u)
{
	struct idlist l = { 0 };
	json_t *body;
	char what[1024], detail[1200];
	uint64_t job;
	size_t total;

	if (json_body(r, &body))
		return;
	if (regrade_ids(a, r, body, &l, what, sizeof(what)) == 0) {
		if (queue_regrade(a->store, l.v, l.n, u->login, time(NULL), &job, &total) !=
		    STORE_OK) {
			api_internal(a, r, "regrade");
		} else {
			snprintf(detail, sizeof(detail), "job %llu: %zu submissions (%s)",
			    (unsigned long long)job, total, what);
			audit(a, r, u->login, "regrade", detail);
			reply(r, 202, json_pack("{s:I, s:I}", "job", (json_int_t)job,
			    "total", (json_int_t)total));
		}
	}
	free(l.v);
	json_decref(body);
}

static json_t *
job_json(const struct store_job *j)
{
	char when[32];
	struct tm tm;

	gmtime_r(&j->created, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_pack("{s:I, s:I, s:I, s:I, s:b, s:b, s:s, s:s}", "job", (json_int_t)j->job,
	    "total", (json_int_t)j->total, "done", (json_int_t)j->done,
	    "changed", (json_int_t)j->changed, "cancelled", j->cancelled,
	    "finished", j->finished, "created", when, "by", j->by);
}

static void
job(struct api *a, struct http_req *r, const struct store_user *u, const char *rest, int post)
{
	struct store_job j;
	char idtext[32], detail[96];
	const char *slash = strchr(rest, '/');
	size_t restored = 0, n = slash ? (size_t)(slash - rest) : strlen(rest);
	uint64_t id;
	int cancel = slash && strcmp(slash, "/cancel") == 0, rc;

	if (n >= sizeof(idtext) || (slash && !cancel)) {
		http_error(r, 404, "no such API endpoint: %.200s", r->path);
		return;
	}
	memcpy(idtext, rest, n);
	idtext[n] = '\0';
	if (cancel != post) {
		http_error(r, 405, cancel ? "use POST to cancel a job" : "use GET for a job");
		return;
	}
	if (parse_id(idtext, &id) || (rc = store_job_get(a->store, id, &j)) == STORE_NOTFOUND) {
		http_error(r, 404, "no such job");
		return;
	}
	if (rc == STORE_OK && cancel && !api_same_origin(a, r))
		return;
	if (rc == STORE_OK && cancel) {
		rc = queue_cancel(a->store, id, &restored);
		if (rc == STORE_OK) {
			snprintf(detail, sizeof(detail), "job %llu: %zu submissions keep their "
			    "previous result", (unsigned long long)id, restored);
			audit(a, r, u->login, "cancel", detail);
			rc = store_job_get(a->store, id, &j);
		}
	}
	if (rc != STORE_OK) {
		api_internal(a, r, "job");
		return;
	}
	reply(r, 200, job_json(&j));
}

static void
audit_list(struct api *a, struct http_req *r)
{
	struct staffq q;
	char err[256];
	json_t *list;
	size_t total;

	if (staffq_audit(r->query, strlen(r->query), &q, err, sizeof(err))) {
		http_error(r, 400, "%s", err);
		return;
	}
	if (store_audit_list(a->store, &q.audit, (q.page - 1) * PER_PAGE, PER_PAGE, &list,
	    &total) != STORE_OK) {
		staffq_free(&q);
		api_internal(a, r, "audit");
		return;
	}
	reply(r, 200, json_pack("{s:I, s:I, s:i, s:o}", "total", (json_int_t)total, "page",
	    (json_int_t)q.page, "per_page", PER_PAGE, "entries", list));
	staffq_free(&q);
}

static int
write_out(const char *buf, size_t len, void *ctx)
{
	return http_write(ctx, buf, len);
}

/* Streams GB (filled) as G asks: the printout, the CSV or the JSON. 0 or -1. */
static int
grades_stream(struct api *a, struct http_req *r, struct gradebook *gb,
    const struct staffq_grades *g, int printout)
{
	struct grades_code codes = { .s = a->store };
	char title[400];
	int rc;

	if (printout) {
		snprintf(title, sizeof(title), "Submissions%s%s (%s)", g->exercise[0] ? ": " : "",
		    g->exercise, gradebook_policy_name(g->policy));
		http_begin(r, 200, "text/html; charset=utf-8", NULL);
		rc = printout_write(gb, title, grades_code, &codes, write_out, r);
		if (codes.err[0])
			log_msg(r->rid, "printout: %s", codes.err);
		grades_code_free(&codes);
	} else if (g->csv) {
		http_begin(r, 200, "text/csv; charset=utf-8",
		    "Content-Disposition: attachment; filename=\"grades.csv\"\r\n");
		rc = gradebook_write_csv(gb, write_out, r);
	} else {
		http_begin(r, 200, "application/json", NULL);
		rc = gradebook_write_json(gb, write_out, r);
	}
	return rc;
}

/* GET /api/staff/gradebook and (PRINTOUT) /api/staff/printout. */
static void
grades(struct api *a, struct http_req *r, const struct store_user *u, int printout)
{
	struct staffq_grades g;
	struct gradebook *gb;
	char err[PATH_MAX + 256];
	int rc;

	if (staffq_grades(r->query, strlen(r->query), printout, &g, err, sizeof(err))) {
		http_error(r, 400, "%s", err);
		return;
	}
	if ((gb = gradebook_new(g.policy, g.invalid, g.exercise)) == NULL) {
		http_error(r, 500, "out of memory (request %s)", r->rid);
		return;
	}
	if ((rc = grades_fill(a->store, gb, a->cfg.site, err, sizeof(err))) != 0) {
		log_msg(r->rid, "gradebook: %s", err);
		http_error(r, 500, "%s (request %s)", rc > 0 ? "an exercise's spec is broken" :
		    "cannot read the gradebook", r->rid);
		gradebook_free(gb);
		return;
	}
	snprintf(err, sizeof(err), "%s: %zu students, %zu exercises, policy %s, invalid %s%s%s",
	    printout ? "printout" : g.csv ? "gradebook csv" : "gradebook json",
	    gradebook_nstudents(gb), gradebook_nexercises(gb), gradebook_policy_name(g.policy),
	    gradebook_invalid_name(g.invalid), g.exercise[0] ? ", exercise " : "", g.exercise);
	audit(a, r, u->login, printout ? "printout" : "export", err);
	if (grades_stream(a, r, gb, &g, printout))
		log_msg(r->rid, "%s cut short (the client left, or out of memory)",
		    printout ? "printout" : "gradebook");
	gradebook_free(gb);
}

static void
handle(struct http_req *r, struct api *a)
{
	static const char prefix[] = "/api/staff/";
	int post = strcmp(r->method, "POST") == 0, get = strcmp(r->method, "GET") == 0;
	const char *p = r->path + sizeof(prefix) - 1;
	struct store_user u;

	if (strncmp(r->path, prefix, sizeof(prefix) - 1) != 0) {
		http_error(r, 404, "no such API endpoint: %.200s", r->path);
		return;
	}
	if (!get && !post) {
		http_error(r, 405, "use GET or POST");
		return;
	}
	/* The role first: a student learns nothing, not even which routes exist. */
	if (api_staff(a, r, &u, strncmp(p, "users", 5) == 0 && (p[5] == '\0' || p[5] == '/')))
		return;
	if (strncmp(p, "users", 5) == 0 && (p[5] == '\0' || p[5] == '/')) {
		if (post && !api_same_origin(a, r))
			return;
		staff_users(a, r, &u, p[5] ? p + 6 : "", post);
	} else if (strcmp(p, "submissions") == 0 && get) {
		list_submissions(a, r);
	} else if (strncmp(p, "submissions/", 12) == 0 && get) {
		show_submission(a, r, p + 12);
	} else if (strcmp(p, "regrade") == 0 && post) {
		if (api_same_origin(a, r))
			regrade(a, r, &u);
	} else if (strncmp(p, "jobs/", 5) == 0) {
		job(a, r, &u, p + 5, post);
	} else if (strncmp(p, "exams", 5) == 0 && (p[5] == '\0' || p[5] == '/')) {
		if (!post || api_same_origin(a, r))
			staff_exams(a, r, &u, p[5] ? p + 6 : "", post);
	} else if (strncmp(p, "similarity", 10) == 0 && (p[10] == '\0' || p[10] == '/')) {
		if (!post || api_same_origin(a, r))
			staff_similarity(a, r, &u, p + 10, post);
	} else if (strcmp(p, "audit") == 0 && get) {
		audit_list(a, r);
	} else if ((strcmp(p, "gradebook") == 0 || strcmp(p, "printout") == 0) && get) {
		grades(a, r, &u, p[0] == 'p');
	} else {
		http_error(r, 404, "no such API endpoint: %.200s", r->path);
	}
}

int
main(int argc, char **argv)
{
	return api_main(argc, argv, "assay-staff", usage, handle);
}
