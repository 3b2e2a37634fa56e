/* staff_exams.c - timed exams for staff; see staff_exams.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/audit.h"
#include "fcgi/exam.h"
#include "fcgi/isotime.h"
#include "fcgi/log.h"
#include "fcgi/staff_exams.h"

/*
 * Is LOGIN timed? Staff and admins opening an exam's page record a start
 * too, but their time is never enforced, and the lists leave them out.
 */
static int
timed(struct api *a, const char *login)
{
	struct store_user u;

	return store_user_get(a->store, login, &u) != STORE_OK || !store_role_staff(u.role);
}

/* A student's entry: START and ADDED from the store, now NOW. NULL: out of memory. */
static json_t *
student(struct api *a, const struct exam *e, const char *login, time_t start, long added,
    time_t now)
{
	struct store_user_info info = { "", 0, 0, 0 };
	char t1[ISOTIME_SIZE], t2[ISOTIME_SIZE];
	time_t end;

	if (store_user_info(a->store, login, &info) == STORE_ERROR)
		return NULL;
	end = exam_end(e, start, info.extra_factor, info.extra_minutes, added);
	isotime_format(start, t1);
	isotime_format(end, t2);
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:b, s:I, s:I, s:f}", "login", login,
	    "name", info.name, "start", t1, "end", t2,
	    "remaining_s", (json_int_t)(end > now ? end - now : 0), "writing", end > now,
	    "added_s", (json_int_t)added, "extra_minutes", (json_int_t)info.extra_minutes,
	    "extra_factor", info.extra_factor > 0 ? info.extra_factor : 1.0);
}

static void
show(struct api *a, struct http_req *r, const struct exam *e)
{
	time_t now = config_now(&a->cfg);
	char t[ISOTIME_SIZE];
	json_t *starts = NULL, *list, *v, *out;
	const char *login;

	if (store_exam_list(a->store, e->id, &starts) != STORE_OK) {
		json_decref(starts);
		api_internal(a, r, "exam list");
		return;
	}
	list = json_array();
	json_object_foreach(starts, login, v)
		if (timed(a, login))
			json_array_append_new(list, student(a, e, login,
			    (time_t)json_integer_value(json_array_get(v, 0)),
			    (long)json_integer_value(json_array_get(v, 1)), now));
	json_decref(starts);
	isotime_format(now, t);
	out = json_pack("{s:s, s:s, s:I, s:s, s:o}", "exam", e->id, "title", e->title,
	    "duration_s", (json_int_t)e->duration_s, "now", t, "students", list);
	api_reply(r, 200, out);
}

static void
extend(struct api *a, struct http_req *r, const struct store_user *u, const struct exam *e)
{
	char *body = NULL;
	size_t len;
	json_t *req = NULL, *login, *min;
	time_t start;
	long added;
	int rc = http_read_body(r, 4096, &body, &len);

	if (rc == 0)
		req = json_loadb(body, len, 0, NULL);
	free(body);
	login = json_object_get(req, "login");
	min = json_object_get(req, "minutes");
	if (!json_is_string(login) || !json_is_integer(min) || json_integer_value(min) < 1 ||
	    json_integer_value(min) > 1440) {
		http_error(r, 400, "send {login, minutes}, minutes from 1 to 1440");
		goto out;
	}
	rc = store_exam_extend(a->store, e->id, json_string_value(login),
	    (long)json_integer_value(min) * 60, &added);
	if (rc == STORE_NOTFOUND) {
		http_error(r, 404, "%.64s has not started the exam %.200s", json_string_value(login),
		    e->id);
		goto out;
	}
	if (rc != STORE_OK || store_exam_get(a->store, e->id, json_string_value(login), &start,
	    &added) != STORE_OK) {
		api_internal(a, r, "exam extend");
		goto out;
	}
	if (audit_log(a->store, time(NULL), u->login, http_param(r, "REMOTE_ADDR"), "exam-extend",
	    "%s: %s +%lld min", e->id, json_string_value(login),
	    (long long)json_integer_value(min)) != STORE_OK)
		log_msg(r->rid, "audit: %s", store_error(a->store));
	api_reply(r, 200, student(a, e, json_string_value(login), start, added,
	    config_now(&a->cfg)));
out:
	json_decref(req);
}

/* GET /api/staff/exams: every exam, with how many started and are writing. */
static void
list_exams(struct api *a, struct http_req *r)
{
	time_t now = config_now(&a->cfg);
	json_t *ids = NULL, *out = json_array(), *id;
	char err[512];
	size_t i;

	if (out == NULL || exam_list(a->cfg.specdir, &ids)) {
		json_decref(out);
		api_internal(a, r, "exam ids");
		return;
	}
	json_array_foreach(ids, i, id) {
		struct exam e;
		json_t *starts = NULL, *v;
		const char *login;
		long writing = 0, started = 0;

		if (exam_load(a->cfg.specdir, json_string_value(id), &e, err, sizeof(err)) != 0) {
			log_msg(r->rid, "%s", err);
			continue;
		}
		if (store_exam_list(a->store, e.id, &starts) != STORE_OK) {
			exam_free(&e);
			json_decref(starts);
			json_decref(ids);
			json_decref(out);
			api_internal(a, r, "exam list");
			return;
		}
		json_object_foreach(starts, login, v) {
			struct store_user_info info = { "", 0, 0, 0 };

			if (!timed(a, login))
				continue;
			started++;
			if (store_user_info(a->store, login, &info) != STORE_ERROR &&
			    exam_end(&e, (time_t)json_integer_value(json_array_get(v, 0)),
			    info.extra_factor, info.extra_minutes,
			    (long)json_integer_value(json_array_get(v, 1))) > now)
				writing++;
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:I, s:I}", "exam", e.id,
		    "title", e.title, "duration_s", (json_int_t)e.duration_s,
		    "started", (json_int_t)started, "writing", (json_int_t)writing));
		json_decref(starts);
		exam_free(&e);
	}
	json_decref(ids);
	api_reply(r, 200, json_pack("{s:o}", "exams", out));
}

void
staff_exams(struct api *a, struct http_req *r, const struct store_user *u, const char *rest,
    int post)
{
	char id[EXAM_ID_MAX], err[512];
	size_t n = strlen(rest);
	int ext = n > 7 && strcmp(rest + n - 7, "/extend") == 0, rc;
	struct exam e;

	if (n == 0 && !post) {
		list_exams(a, r);
		return;
	}
	snprintf(id, sizeof(id), "%.*s", (int)(ext ? n - 7 : n), rest);
	if (ext != post) {
		http_error(r, 405, ext ? "use POST to extend" : "use GET for an exam");
		return;
	}
	if ((rc = exam_load(a->cfg.specdir, id, &e, err, sizeof(err))) != 0) {
		if (rc < 0)
			log_msg(r->rid, "%s", err);
		http_error(r, rc == 1 ? 404 : 500, rc == 1 ? "no such exam: %.200s" :
		    "the exam %.200s is broken; see the log", id);
		return;
	}
	if (ext)
		extend(a, r, u, &e);
	else
		show(a, r, &e);
	exam_free(&e);
}
