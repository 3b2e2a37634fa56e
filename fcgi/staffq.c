/* staffq.c - the staff API's parameters; see staffq.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/form.h"
#include "fcgi/staffq.h"
#include "sandbox/format/label.h"

static const char *const sorts[] = { "received", "id", "login", "exercise", "status", "score",
	"language" };

int
staffq_time(const char *text, int end, time_t *out)
{
	struct tm tm = { 0 };
	int n = 0;
	size_t len = strlen(text);

	if (len == 10 && sscanf(text, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &n) == 3 && n == 10) {
		if (end) {
			tm.tm_hour = 23;
			tm.tm_min = tm.tm_sec = 59;
		}
	} else if (len != 20 || sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || n != 20) {
		return -1;
	}
	if (text[4] != '-' || text[7] != '-' || tm.tm_year < 1970 || tm.tm_year > 9999 ||
	    tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

static void
init(struct staffq *q)
{
	memset(q, 0, sizeof(*q));
	q->f.label = -1;
	q->f.valid = -1;
	q->desc = 1;
	q->page = 1;
}

void
staffq_free(struct staffq *q)
{
	for (size_t i = 0; i < q->nstrs; i++)
		free(q->strs[i]);
	q->nstrs = 0;
}

/* Sets parameter KEY of the submissions list to VALUE (owned by Q from now on). */
static int
set(struct staffq *q, const char *key, char *value, char *err, size_t errlen)
{
	enum label l;
	unsigned long page;
	char *end;

	if (q->nstrs == sizeof(q->strs) / sizeof(*q->strs)) {
		free(value);
		snprintf(err, errlen, "too many parameters");
		return -1;
	}
	q->strs[q->nstrs++] = value;
	if (strcmp(key, "exercise") == 0 && value[0] && strlen(value) < 256) {
		q->f.exercise = value;
	} else if (strcmp(key, "login") == 0 && value[0] && strlen(value) < 256) {
		q->f.login = value;
	} else if (strcmp(key, "action") == 0 && staffq_action_valid(value)) {
		q->audit.action = value;
	} else if (strcmp(key, "language") == 0 && value[0] && strlen(value) < 64) {
		q->f.language = value;
	} else if (strcmp(key, "label") == 0 && label_parse(value, &l) == 0) {
		q->f.label = (int)l;
	} else if (strcmp(key, "valid") == 0 && (!strcmp(value, "yes") || !strcmp(value, "no"))) {
		q->f.valid = strcmp(value, "yes") == 0;
	} else if (strcmp(key, "from") == 0 && staffq_time(value, 0, &q->f.from) == 0) {
		q->audit.from = q->f.from;
	} else if (strcmp(key, "to") == 0 && staffq_time(value, 1, &q->f.to) == 0) {
		q->audit.to = q->f.to;
	} else if (strcmp(key, "order") == 0 && (!strcmp(value, "asc") || !strcmp(value, "desc"))) {
		q->desc = strcmp(value, "desc") == 0;
	} else if (strcmp(key, "page") == 0 && value[0] >= '1' && value[0] <= '9' &&
	    (page = strtoul(value, &end, 10)) <= STAFFQ_PAGE_MAX && *end == '\0') {
		q->page = page;
	} else if (strcmp(key, "sort") == 0) {
		for (size_t i = 0; i < sizeof(sorts) / sizeof(*sorts); i++)
			if (strcmp(value, sorts[i]) == 0) {
				q->sort = (enum store_sort)i;
				return 0;
			}
		snprintf(err, errlen, "bad parameter sort: one of received, id, login, exercise, "
		    "status, score, language");
		return -1;
	} else {
		snprintf(err, errlen, "bad parameter %s: %s", key,
		    !strcmp(key, "from") || !strcmp(key, "to") ?
		    "an ISO 8601 UTC time (2026-11-21T23:38:17Z) or a date" :
		    !strcmp(key, "valid") ? "yes or no" : !strcmp(key, "order") ? "asc or desc" :
		    !strcmp(key, "page") ? "a whole number from 1" :
		    !strcmp(key, "label") ? "a label such as Accepted" :
		    !strcmp(key, "action") ? "one of login, login-failed, regrade, cancel, export, "
		    "printout, user-add, user-change, user-import, extra-time, exam-extend, "
		    "similarity-reviewed, similarity-case, similarity-clear" : "empty or too long");
		return -1;
	}
	return 0;
}

/* Checks that every key of QUERY is one of KEYS, each at most once. */
static int
known_keys(const char *query, size_t len, const char *const *keys, char *err, size_t errlen)
{
	const char *p = query, *end = query + len;
	unsigned seen = 0;

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p)), *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		size_t kl = (size_t)((eq ? eq : stop) - p);
		int found = -1;

		for (int i = 0; keys[i] && kl > 0; i++)
			if (strlen(keys[i]) == kl && memcmp(keys[i], p, kl) == 0)
				found = i;
		if (kl > 0 && found < 0) {
			snprintf(err, errlen, "unknown parameter %.*s", kl > 40 ? 40 : (int)kl, p);
			return -1;
		}
		if (found >= 0 && (seen & (1u << found))) {
			snprintf(err, errlen, "parameter %s given twice", keys[found]);
			return -1;
		}
		if (found >= 0)
			seen |= 1u << found;
		p = stop + 1;
	}
	return 0;
}

static int
parse(const char *query, size_t len, const char *const *keys, struct staffq *q, char *err,
    size_t errlen)
{
	init(q);
	if (known_keys(query, len, keys, err, errlen))
		return -1;
	for (int i = 0; keys[i]; i++) {
		char *v = NULL;
		int rc = form_get(query, len, keys[i], &v);

		if (rc < 0) {
			snprintf(err, errlen, "bad parameter %s: malformed", keys[i]);
			goto fail;
		}
		if (rc == 0 && set(q, keys[i], v, err, errlen))
			goto fail;
	}
	q->audit.login = q->f.login;
	return 0;
fail:
	staffq_free(q);
	return -1;
}

int
staffq_submissions(const char *query, size_t len, struct staffq *q, char *err, size_t errlen)
{
	static const char *const keys[] = { "exercise", "login", "label", "valid", "from", "to",
		"language", "sort", "order", "page", NULL };

	return parse(query, len, keys, q, err, errlen);
}

int
staffq_audit(const char *query, size_t len, struct staffq *q, char *err, size_t errlen)
{
	static const char *const keys[] = { "login", "action", "from", "to", "page", NULL };

	return parse(query, len, keys, q, err, errlen);
}

/* Sets the gradebook's parameter KEY to VALUE (not empty). 0, or -1 with ERR. */
static int
grades_set(struct staffq_grades *g, const char *key, const char *value, char *err,
    size_t errlen)
{
	if (strcmp(key, "policy") == 0) {
		if (gradebook_policy_parse(value, &g->policy) == 0)
			return 0;
		snprintf(err, errlen, "bad parameter policy: best, last, last-valid or printout");
	} else if (strcmp(key, "invalid") == 0) {
		if (gradebook_invalid_parse(value, &g->invalid) == 0)
			return 0;
		snprintf(err, errlen, "bad parameter invalid: count or ignore");
	} else if (strcmp(key, "format") == 0) {
		g->csv = strcmp(value, "csv") == 0;
		if (g->csv || strcmp(value, "json") == 0)
			return 0;
		snprintf(err, errlen, "bad parameter format: json or csv");
	} else {
		if (strlen(value) < sizeof(g->exercise)) {
			strcpy(g->exercise, value);
			return 0;
		}
		snprintf(err, errlen, "bad parameter exercise: too long");
	}
	return -1;
}

int
staffq_grades(const char *query, size_t len, int printout, struct staffq_grades *g,
    char *err, size_t errlen)
{
	static const char *const keys[] = { "policy", "invalid", "exercise", "format", NULL };
	static const char *const pkeys[] = { "policy", "invalid", "exercise", NULL };
	const char *const *k = printout ? pkeys : keys;

	memset(g, 0, sizeof(*g));
	g->policy = printout ? GRADEBOOK_PRINTOUT : GRADEBOOK_BEST;
	g->invalid = GRADEBOOK_IGNORE;
	if (known_keys(query, len, k, err, errlen))
		return -1;
	for (int i = 0; k[i]; i++) {
		char *v = NULL;
		int rc = form_get(query, len, k[i], &v), bad;

		if (rc < 0) {
			snprintf(err, errlen, "bad parameter %s: malformed", k[i]);
			return -1;
		}
		bad = rc == 0 && v[0] && grades_set(g, k[i], v, err, errlen);
		free(v);
		if (bad)
			return -1;
	}
	return 0;
}

int
staffq_action_valid(const char *action)
{
	static const char *const actions[] = { "login", "login-failed", "regrade", "cancel",
		"export", "printout", "user-add", "user-change", "user-import",
		"extra-time", "exam-extend", "similarity-reviewed", "similarity-case",
		"similarity-clear" };

	for (size_t i = 0; i < sizeof(actions) / sizeof(*actions); i++)
		if (strcmp(action, actions[i]) == 0)
			return 1;
	return 0;
}

int
staffq_filter_json(const json_t *obj, struct staffq *q, char *err, size_t errlen)
{
	static const char *const keys[] = { "exercise", "login", "label", "valid", "from", "to",
		"language", NULL };
	const char *key;
	json_t *v;

	init(q);
	if (!json_is_object(obj)) {
		snprintf(err, errlen, "bad parameter filter: an object");
		return -1;
	}
	json_object_foreach((json_t *)obj, key, v) {
		int i;
		char *copy;

		for (i = 0; keys[i] && strcmp(keys[i], key) != 0; i++)
			;
		if (keys[i] == NULL || !json_is_string(v)) {
			snprintf(err, errlen, "bad parameter filter.%.40s: %s", key,
			    keys[i] ? "a string" : "unknown");
			goto fail;
		}
		if ((copy = strdup(json_string_value(v))) == NULL ||
		    set(q, keys[i], copy, err, errlen)) {
			if (copy == NULL)
				snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	return 0;
fail:
	staffq_free(q);
	return -1;
}
