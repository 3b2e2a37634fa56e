/* simreport.c - one exercise's similarity report from the store; see simreport.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/grades.h"
#include "fcgi/simreport.h"
#include "fcgi/simtok.h"
#include "sandbox/format/spec.h"

/* Adds CODE of LANGUAGE as NAME (or as the skeleton when NAME is NULL). 0 or -1. */
static int
add_code(struct similarity *sim, const char *name, const char *language, const char *code,
    size_t len)
{
	enum simtok_lang lang;
	struct simtok *t;
	size_t n;
	int rc;

	if (simtok_lang_parse(language, &lang))
		return 0;		/* not a language we read: left out */
	if (simtok_scan(lang, code, len, &t, &n))
		return -1;
	rc = name ? similarity_add(sim, name, t, n) : similarity_skeleton(sim, t, n);
	free(t);
	return rc;
}

/* The skeleton of the exercise's spec into SIM. 0, 1 (no such spec, a bad one) or -1. */
static int
add_skeleton(struct similarity *sim, const struct simreport_opts *o, char *err,
    size_t errlen)
{
	char dir[PATH_MAX], msg[512], *path;
	struct spec *sp = NULL;
	int rc;

	snprintf(dir, sizeof(dir), "%s/current/specs", o->site);
	if ((path = spec_path(dir, o->exercise)) == NULL) {
		snprintf(err, errlen, "no exercise \"%s\"", o->exercise);
		return 1;
	}
	if ((rc = spec_load(path, &sp, msg, sizeof(msg))) != SPEC_OK) {
		if (rc == SPEC_NOTFOUND)
			snprintf(err, errlen, "no exercise \"%s\" (no %s)", o->exercise, path);
		else
			snprintf(err, errlen, "%s", msg);
		free(path);
		return 1;
	}
	free(path);
	rc = sp->nlanguages > 0 ? add_code(sim, NULL, sp->languages[0], sp->code,
	    strlen(sp->code)) : 0;
	spec_free(sp);
	if (rc)
		snprintf(err, errlen, "out of memory");
	return rc;
}

/*
 * Adds to SIM every student's chosen submission of column E, and its id to
 * CHOSEN (when not NULL) under the login. 0 or -1.
 */
static int
add_chosen(struct store *s, struct gradebook *gb, size_t e, struct similarity *sim,
    json_t *chosen, char *err, size_t errlen)
{
	for (size_t i = 0; i < gradebook_nstudents(gb); i++) {
		const struct gradebook_cell *c = gradebook_cell(gb, i, e);
		json_t *rec = NULL, *code;
		const char *lang;
		enum simtok_lang known;
		int rc;

		if (c == NULL)
			continue;
		if ((rc = store_submission_get(s, c->id, &rec)) == STORE_NOTFOUND)
			continue;
		if (rc != STORE_OK) {
			snprintf(err, errlen, "submission %llu: %s", (unsigned long long)c->id,
			    store_error(s));
			return -1;
		}
		code = json_object_get(rec, "code");
		lang = json_string_value(json_object_get(rec, "language"));
		rc = json_is_string(code) ? add_code(sim, gradebook_student(gb, i)->login,
		    lang, json_string_value(code), json_string_length(code)) : 0;
		if (rc == 0 && chosen && json_is_string(code) && !simtok_lang_parse(lang, &known))
			rc = json_object_set_new(chosen, gradebook_student(gb, i)->login,
			    json_integer((json_int_t)c->id));
		json_decref(rec);
		if (rc) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

int
simreport_run(struct store *s, const struct simreport_opts *o, struct similarity **out,
    char *err, size_t errlen)
{
	struct gradebook *gb;
	struct similarity *sim = NULL;
	size_t e;
	int rc = -1;

	*out = NULL;
	if ((gb = gradebook_new(o->policy, GRADEBOOK_IGNORE, o->exercise)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((rc = grades_fill(s, gb, o->site, err, errlen)) != 0)
		goto out;
	for (e = 0; e < gradebook_nexercises(gb); e++)
		if (strcmp(gradebook_exercise(gb, e)->id, o->exercise) == 0)
			break;
	rc = 1;
	if (e == gradebook_nexercises(gb)) {
		snprintf(err, errlen, "no exercise \"%s\" in the site's specs", o->exercise);
		goto out;
	}
	rc = -1;
	if ((sim = similarity_new(&o->sim)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if ((rc = add_skeleton(sim, o, err, errlen)) != 0 ||
	    (rc = add_chosen(s, gb, e, sim, o->chosen, err, errlen)) != 0)
		goto out;
	if ((rc = similarity_run(sim)) != 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	*out = sim;
	sim = NULL;
out:
	similarity_free(sim);
	gradebook_free(gb);
	return rc;
}

int
simreport_text(const struct similarity *sim, csvout_write_fn *write, void *ctx)
{
	char line[1024];
	int len;

	len = snprintf(line, sizeof(line), "%-20s %-20s %7s %8s %9s  %s\n", "login A", "login B",
	    "similar", "longest", "fragments", "flagged");
	if (write(line, (size_t)len, ctx))
		return -1;
	for (size_t i = 0; i < similarity_npairs(sim); i++) {
		const struct similarity_pair *p = similarity_pair(sim, i);

		len = snprintf(line, sizeof(line), "%-20s %-20s %6.1f%% %8u %9zu  %s\n",
		    similarity_name(sim, p->a), similarity_name(sim, p->b), p->similarity * 100,
		    p->longest_lines, p->nfragments, p->why == SIMILARITY_BY_SIMILARITY ?
		    "* similarity" : p->why == SIMILARITY_BY_FRAGMENT ? "* fragment" : "");
		if (len < 0 || (size_t)len >= sizeof(line) || write(line, (size_t)len, ctx))
			return -1;
	}
	for (size_t i = 0; i < similarity_nclusters(sim); i++) {
		size_t n, used;
		const size_t *c = similarity_cluster(sim, i, &n);

		used = (size_t)snprintf(line, sizeof(line), "%scluster %zu:", i ? "" : "\n", i + 1);
		for (size_t m = 0; m < n; m++) {
			if (used + strlen(similarity_name(sim, c[m])) + 3 >= sizeof(line)) {
				if (write(line, used, ctx))
					return -1;
				used = 0;
			}
			used += (size_t)snprintf(line + used, sizeof(line) - used, " %.*s",
			    (int)(sizeof(line) - 8), similarity_name(sim, c[m]));
			if (used > sizeof(line) - 2)
				used = sizeof(line) - 2;
		}
		line[used++] = '\n';
		if (write(line, used, ctx))
			return -1;
	}
	return 0;
}

int
simreport_json(const struct similarity *sim, const char *exercise, csvout_write_fn *write,
    void *ctx)
{
	json_t *j = similarity_to_json(sim, exercise);
	char *text = j ? json_dumps(j, JSON_REAL_PRECISION(6) | JSON_COMPACT) : NULL;
	int rc = text == NULL || write(text, strlen(text), ctx) || write("\n", 1, ctx) ? -1 : 0;

	free(text);
	json_decref(j);
	return rc;
}
