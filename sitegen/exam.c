/* exam.c - a timed exam's field read from its page; see exam.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/format/valid.h"
#include "sitegen/events.h"
#include "sitegen/exam.h"

static long
unit_seconds(const char *u, size_t n)
{
	static const struct { const char *name; long s; } units[] = {
		{ "s", 1 }, { "sec", 1 }, { "second", 1 }, { "seconds", 1 },
		{ "min", 60 }, { "minute", 60 }, { "minutes", 60 },
		{ "h", 3600 }, { "hour", 3600 }, { "hours", 3600 },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == n && strncmp(units[i].name, u, n) == 0)
			return units[i].s;
	return 0;
}

int
exam_duration(const char *text, long *seconds, char *err, size_t errlen)
{
	const char *p = text;
	long total = 0;
	int pairs = 0;

	while (*p) {
		char *end;
		long n, mul;
		size_t len = 0;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		errno = 0;
		n = isdigit((unsigned char)*p) ? strtol(p, &end, 10) : -1;
		if (n < 0 || errno || n > EXAM_DURATION_MAX) {
			snprintf(err, errlen, "a duration is a number and a unit, as in \"90 min\"");
			return -1;
		}
		for (p = end; isspace((unsigned char)*p); p++)
			;
		while (isalpha((unsigned char)p[len]))
			len++;
		if ((mul = unit_seconds(p, len)) == 0) {
			snprintf(err, errlen, "unknown unit \"%.*s\" (s, min or h)", (int)len, p);
			return -1;
		}
		total += n * mul;
		if (total > EXAM_DURATION_MAX) {
			snprintf(err, errlen, "a duration of at most 7 days");
			return -1;
		}
		p += len;
		pairs++;
	}
	if (pairs == 0 || total < 1) {
		snprintf(err, errlen, "the duration is empty: write it as \"90 min\"");
		return -1;
	}
	*seconds = total;
	return 0;
}

/* A yes/no member NAME of object F into OUT under the same name. 0 or -1. */
static int
flag(const struct page *p, struct diags *d, const json_t *f, const char *name, json_t *out)
{
	json_t *v = json_object_get(f, name);

	if (v == NULL)
		return 0;
	if (!json_is_boolean(v)) {
		diag_error(d, p->file, page_node_line(p, v, "exam"),
		    "exam: %s must be yes or no", name);
		return -1;
	}
	return json_object_set(out, name, v);
}

/* The page's valid, checked as the service reads it, with the events it uses. */
static int
window(const struct page *p, struct diags *d, const json_t *events, json_t *out)
{
	json_t *v = json_object_get(p->meta.fields, "valid"), *used;
	struct valid_expr *e = NULL;
	struct valid_error ve;

	if (v == NULL)
		return 0;
	if (!json_is_string(v) || valid_parse(json_string_value(v), events, &e, &ve)) {
		page_error(p, d, "valid", "valid: %s", json_is_string(v) ? ve.message :
		    "must be text");
		return -1;
	}
	valid_free(e);
	if ((used = events_used(json_string_value(v), events)) == NULL)
		return -1;
	json_object_set(out, "valid", v);
	if (json_object_size(used) > 0)
		json_object_set(out, "events", used);
	json_decref(used);
	return 0;
}

int
exam_read(const struct page *p, struct diags *d, const json_t *events, json_t **out)
{
	json_t *f = json_object_get(p->meta.fields, "exam"), *dur, *j;
	size_t n = strlen(p->id);
	char err[128];
	long secs;
	int bad = 0;

	*out = NULL;
	if (f == NULL)
		return 0;
	if (n < 6 || strcmp(p->id + n - 6, "/index") != 0 || p->tester != NULL) {
		page_error(p, d, "exam", "exam: an exam is the index.md of a folder (its "
		    "exercises are the folder's), not %s", p->path);
		return -1;
	}
	dur = json_is_object(f) ? json_object_get(f, "duration") : f;
	if (!json_is_string(dur)) {
		page_error(p, d, "exam", "exam: give a duration, as in \"exam: 90 min\" or "
		    "\"exam: {duration: 90 min}\"");
		return -1;
	}
	if (exam_duration(json_string_value(dur), &secs, err, sizeof(err))) {
		diag_error(d, p->file, page_node_line(p, dur, "exam"), "exam: duration: %s", err);
		return -1;
	}
	j = json_pack("{s:s%, s:s, s:I, s:b}", "id", p->id, n - 6,
	    "title", p->title ? p->title : "", "duration_s", (json_int_t)secs, "feedback", 0);
	if (j == NULL)
		return -1;
	if (json_is_object(f)) {
		const char *k;
		json_t *v;

		json_object_foreach(f, k, v)
			if (strcmp(k, "duration") && strcmp(k, "feedback") && strcmp(k, "lock")) {
				diag_error(d, p->file, page_node_line(p, v, "exam"),
				    "exam: unknown field \"%s\" (duration, feedback, lock)", k);
				bad = 1;
			}
		bad |= flag(p, d, f, "feedback", j) != 0;
		bad |= flag(p, d, f, "lock", j) != 0;
	}
	bad |= window(p, d, events, j) != 0;
	if (bad) {
		json_decref(j);
		return -1;
	}
	*out = j;
	return 1;
}

int
exam_rel(const char *id, char **out)
{
	return asprintf(out, "specs/%s.exam.json", id) < 0 ? -1 : 0;
}
