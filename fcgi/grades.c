/* grades.c - a gradebook filled from the store; see grades.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/grades.h"
#include "sandbox/format/label.h"

#define FEED_NOMEM 100	/* feed()'s stop: not a store result */

static int
feed(const struct store_subinfo *si, void *ctx)
{
	struct gradebook_sub sub = {
		.id = si->id,
		.login = si->login,
		.exercise = si->exercise,
		.received = si->received,
		.label = (enum label)si->label,
		.valid = si->valid,
		.score = si->has_score ? si->score : 0,
	};

	return gradebook_feed(ctx, &sub) ? FEED_NOMEM : 0;
}

int
grades_fill(struct store *s, struct gradebook *gb, const char *site, char *err,
    size_t errlen)
{
	json_t *users, *u;
	size_t i;
	int rc;

	if (gradebook_load_specs(gb, site, err, errlen))
		return 1;
	if (store_user_list(s, &users) != STORE_OK) {
		snprintf(err, errlen, "users: %s", store_error(s));
		return -1;
	}
	json_array_foreach(users, i, u)
		if (gradebook_student_add(gb, json_string_value(json_object_get(u, "login")),
		    json_string_value(json_object_get(u, "name")),
		    json_string_value(json_object_get(u, "role")))) {
			json_decref(users);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	json_decref(users);
	/* Staff's and admins' submissions are in the scan, and skipped by the feed. */
	rc = store_subinfo_scan(s, NULL, 1, feed, gb);
	if (rc == FEED_NOMEM)
		snprintf(err, errlen, "out of memory");
	else if (rc != STORE_OK)
		snprintf(err, errlen, "submissions: %s", store_error(s));
	return rc == STORE_OK ? 0 : -1;
}

int
grades_code(uint64_t id, const char **code, size_t *len, void *ctx)
{
	struct grades_code *c = ctx;
	json_t *v;
	int rc;

	json_decref(c->rec);
	c->rec = NULL;
	free(c->answers);
	c->answers = NULL;
	if ((rc = store_submission_get(c->s, id, &c->rec)) == STORE_NOTFOUND)
		return 1;
	if (rc != STORE_OK) {
		snprintf(c->err, sizeof(c->err), "submission %llu: %s", (unsigned long long)id,
		    store_error(c->s));
		return -1;
	}
	if (json_is_string(v = json_object_get(c->rec, "code"))) {
		*code = json_string_value(v);
		*len = json_string_length(v);
		return 0;
	}
	/* A quiz: its answers. */
	if ((v = json_object_get(c->rec, "answers")) == NULL ||
	    (c->answers = json_dumps(v, JSON_INDENT(2) | JSON_ENCODE_ANY)) == NULL)
		return 1;
	*code = c->answers;
	*len = strlen(c->answers);
	return 0;
}

void
grades_code_free(struct grades_code *c)
{
	json_decref(c->rec);
	c->rec = NULL;
	free(c->answers);
	c->answers = NULL;
}
