/* rules.c - forbid, valid, attempts, lock and show-answers; see rules.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/rules.h"

int
rules_load(const struct spec *s, struct rules *r, char *err, size_t errlen)
{
	json_t *o = s->options, *v, *f;
	struct valid_error ve;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->lock = 1;
	if ((v = json_object_get(o, "lock")) != NULL) {
		if (!json_is_boolean(v)) {
			snprintf(err, errlen, "%s: lock must be a boolean", s->id);
			return -1;
		}
		r->lock = json_is_true(v);
	}
	if ((v = json_object_get(o, "attempts")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			snprintf(err, errlen, "%s: attempts must be a positive number", s->id);
			return -1;
		}
		r->attempts = (long)json_integer_value(v);
	}
	if ((v = json_object_get(o, "show-answers")) != NULL) {
		const char *w = json_is_string(v) ? json_string_value(v) : "";

		if (strcmp(w, "after-close") == 0) {
			r->answers = RULES_ANSWERS_AFTER_CLOSE;
		} else if (strcmp(w, "always") == 0) {
			r->answers = RULES_ANSWERS_ALWAYS;
		} else if (strcmp(w, "never") == 0) {
			r->answers = RULES_ANSWERS_NEVER;
		} else {
			r->answers = RULES_ANSWERS_NEVER;	/* a broken rule keeps the key */
			snprintf(err, errlen, "%s: show-answers must be after-close, always or never",
			    s->id);
			return -1;
		}
	}
	if ((v = json_object_get(o, "valid")) != NULL) {
		if (!json_is_string(v) ||
		    valid_parse(json_string_value(v), json_object_get(o, "events"), &r->valid, &ve)) {
			snprintf(err, errlen, "%s: valid: %s", s->id,
			    json_is_string(v) ? ve.message : "must be text");
			return -1;
		}
	}
	if ((v = json_object_get(o, "forbid")) != NULL) {
		json_t *list = json_is_string(v) ? json_pack("[O]", v) : json_incref(v);

		if (!json_is_array(list) || json_array_size(list) > RULES_FORBID_MAX) {
			json_decref(list);
			snprintf(err, errlen, "%s: forbid must be a pattern or a list of at most %d",
			    s->id, RULES_FORBID_MAX);
			return -1;
		}
		json_array_foreach(list, i, f) {
			int rc;

			if (!json_is_string(f)) {
				json_decref(list);
				snprintf(err, errlen, "%s: forbid: patterns must be text", s->id);
				return -1;
			}
			rc = regcomp(&r->forbid[r->nforbid], json_string_value(f),
			    REG_EXTENDED | REG_NEWLINE);
			if (rc != 0) {
				char msg[128];

				regerror(rc, &r->forbid[r->nforbid], msg, sizeof(msg));
				regfree(&r->forbid[r->nforbid]);
				json_decref(list);
				snprintf(err, errlen, "%s: forbid: %s", s->id, msg);
				return -1;
			}
			r->forbid_text[r->nforbid++] = strdup(json_string_value(f));
		}
		json_decref(list);
	}
	return 0;
}

void
rules_free(struct rules *r)
{
	valid_free(r->valid);
	for (size_t i = 0; i < r->nforbid; i++) {
		regfree(&r->forbid[i]);
		free(r->forbid_text[i]);
	}
	memset(r, 0, sizeof(*r));
}

int
rules_forbidden(const struct rules *r, const char *code, char *why, size_t whylen)
{
	for (size_t i = 0; i < r->nforbid; i++) {
		regmatch_t m;
		size_t line = 1, n;

		if (regexec(&r->forbid[i], code, 1, &m, 0) != 0)
			continue;
		for (regoff_t k = 0; k < m.rm_so; k++)
			line += code[k] == '\n';
		n = (size_t)(m.rm_eo - m.rm_so);
		snprintf(why, whylen, "line %zu: \"%.*s\" is not allowed in this exercise",
		    line, (int)(n > 60 ? 60 : n), code + m.rm_so);
		return 1;
	}
	return 0;
}

int
rules_open(const struct rules *r, time_t now, char *why, size_t whylen)
{
	return r->valid == NULL || valid_eval(r->valid, now, why, whylen);
}

int
rules_key_shown(const struct rules *r, time_t now, size_t used)
{
	switch (r->answers) {
	case RULES_ANSWERS_ALWAYS:
		return 1;
	case RULES_ANSWERS_AFTER_CLOSE:
		return (r->attempts > 0 && used >= (size_t)r->attempts) ||
		    (r->valid != NULL && valid_closed(r->valid, now));
	default:
		return 0;
	}
}

const char *
rules_answers_name(enum rules_answers a)
{
	return a == RULES_ANSWERS_ALWAYS ? "always" : a == RULES_ANSWERS_NEVER ? "never" :
	    "after-close";
}
