/* exam.c - timed exams' rules on the service's side; see exam.h. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "fcgi/exam.h"
#include "sandbox/format/spec.h"

static int
read_exam(const json_t *j, struct exam *e, char *err, size_t errlen)
{
	json_t *v;
	struct valid_error ve;

	v = json_object_get(j, "duration_s");
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		snprintf(err, errlen, "%s: duration_s must be a positive number", e->id);
		return -1;
	}
	e->duration_s = (long)json_integer_value(v);
	e->feedback = json_is_true(json_object_get(j, "feedback"));
	v = json_object_get(j, "lock");
	e->lock = json_is_boolean(v) ? json_is_true(v) : -1;
	if (json_is_string(v = json_object_get(j, "title")))
		snprintf(e->title, sizeof(e->title), "%s", json_string_value(v));
	v = json_object_get(j, "valid");
	if (v != NULL && (!json_is_string(v) || valid_parse(json_string_value(v),
	    json_object_get(j, "events"), &e->valid, &ve))) {
		snprintf(err, errlen, "%s: valid: %s", e->id, json_is_string(v) ? ve.message :
		    "must be text");
		return -1;
	}
	return 0;
}

int
exam_load(const char *specdir, const char *id, struct exam *e, char *err, size_t errlen)
{
	char path[4096];
	json_error_t je;
	json_t *j;
	int rc;

	memset(e, 0, sizeof(*e));
	e->lock = -1;
	if (!spec_id_valid(id) || strlen(id) >= sizeof(e->id))
		return 1;
	snprintf(e->id, sizeof(e->id), "%s", id);
	snprintf(path, sizeof(path), "%s/%s.exam.json", specdir, id);
	if (access(path, F_OK) != 0)
		return 1;
	if ((j = json_load_file(path, 0, &je)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, je.text);
		return -1;
	}
	rc = read_exam(j, e, err, errlen);
	json_decref(j);
	return rc;
}

int
exam_of(const char *specdir, const char *exercise, struct exam *e, char *err, size_t errlen)
{
	char id[EXAM_ID_MAX];
	char *slash;

	memset(e, 0, sizeof(*e));
	e->lock = -1;
	if (strlen(exercise) >= sizeof(id))
		return 1;
	snprintf(id, sizeof(id), "%s", exercise);
	while ((slash = strrchr(id, '/')) != NULL) {
		int rc;

		*slash = '\0';
		if ((rc = exam_load(specdir, id, e, err, errlen)) != 1)
			return rc;
	}
	return 1;
}

/* Adds the exams under DIR (REL below the specs; "" at the top) to IDS. */
static int
list_dir(const char *dir, const char *rel, int depth, json_t *ids)
{
	static const char suffix[] = ".exam.json";
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (d == NULL)
		return depth == 0 ? -1 : 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name), sn = sizeof(suffix) - 1;
		char path[4096], id[EXAM_ID_MAX];

		if (de->d_name[0] == '.')
			continue;
		if (n > sn && strcmp(de->d_name + n - sn, suffix) == 0) {
			if (snprintf(id, sizeof(id), "%s%s%.*s", rel, *rel ? "/" : "",
			    (int)(n - sn), de->d_name) < (int)sizeof(id) && spec_id_valid(id))
				rc = json_array_append_new(ids, json_string(id));
		} else if (de->d_type == DT_DIR && depth < 16 &&
		    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) < (int)sizeof(path) &&
		    snprintf(id, sizeof(id), "%s%s%s", rel, *rel ? "/" : "", de->d_name) <
		    (int)sizeof(id)) {
			rc = list_dir(path, id, depth + 1, ids);
		}
	}
	closedir(d);
	return rc;
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a),
	    json_string_value(*(json_t *const *)b));
}

int
exam_list(const char *specdir, json_t **ids)
{
	json_t *list = json_array(), **v;
	size_t n;

	*ids = NULL;
	if (list == NULL || list_dir(specdir, "", 0, list)) {
		json_decref(list);
		return -1;
	}
	if ((n = json_array_size(list)) > 0 && (v = malloc(n * sizeof(*v))) == NULL) {
		json_decref(list);
		return -1;
	}
	if (n > 0) {
		for (size_t i = 0; i < n; i++)
			v[i] = json_incref(json_array_get(list, i));
		qsort(v, n, sizeof(*v), by_text);
		json_array_clear(list);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, v[i]);
		free(v);
	}
	*ids = list;
	return 0;
}

void
exam_free(struct exam *e)
{
	valid_free(e->valid);
	e->valid = NULL;
}

int
exam_open(const struct exam *e, time_t now, char *why, size_t whylen)
{
	return e->valid == NULL || valid_eval(e->valid, now, why, whylen);
}

time_t
exam_end(const struct exam *e, time_t start, double factor, long minutes, long added_s)
{
	double d = (double)e->duration_s * (factor > 0 ? factor : 1.0);
	time_t end = start + (time_t)d + (time_t)minutes * 60 + added_s, opens, closes;

	if (e->valid != NULL) {
		opens = closes = (time_t)-1;
		valid_window(e->valid, &opens, &closes);
		if (closes != (time_t)-1 && closes < end)
			end = closes;
	}
	return end;
}

int
exam_in_time(const struct exam *e, int started, time_t end, time_t now, char *why,
    size_t whylen)
{
	if (!started) {
		snprintf(why, whylen, "this exercise is part of the exam \"%s\": open the exam's "
		    "page to start it first", e->title[0] ? e->title : e->id);
		return 0;
	}
	if (now >= end) {
		snprintf(why, whylen, "after the exam's end");
		return 0;
	}
	return 1;
}
