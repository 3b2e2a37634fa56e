/*
 * gradebook.c - one grade per student and exercise; see gradebook.h.
 *
 * The exercises and the students are two arrays kept sorted as they are
 * added (a binary search finds a place, so an id or a login is looked up
 * in O(log n)); at the first feed a table of cells, one per pair, is
 * allocated, and each submission fed replaces its pair's cell when the
 * policy prefers it. Nothing else is kept of a submission.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fcgi/gradebook.h"

struct slot {
	struct gradebook_cell cell;
	int used;
};

struct gradebook {
	enum gradebook_policy policy;
	enum gradebook_invalid invalid;
	char *prefix;			/* without its slash; NULL: every exercise */
	struct gradebook_exercise *ex;
	size_t nex, capex;
	struct gradebook_student *st;
	size_t nst, capst;
	struct slot *cells;		/* nst * nex, row by row, once fed */
};

static const char *const policy_names[] = {
	[GRADEBOOK_BEST] = "best",
	[GRADEBOOK_LAST] = "last",
	[GRADEBOOK_LAST_VALID] = "last-valid",
	[GRADEBOOK_PRINTOUT] = "printout",
};

static const char *const invalid_names[] = {
	[GRADEBOOK_IGNORE] = "ignore",
	[GRADEBOOK_COUNT] = "count",
};

int
gradebook_policy_parse(const char *s, enum gradebook_policy *out)
{
	for (size_t i = 0; s != NULL && i < sizeof(policy_names) / sizeof(*policy_names); i++)
		if (strcmp(s, policy_names[i]) == 0) {
			*out = (enum gradebook_policy)i;
			return 0;
		}
	return -1;
}

const char *
gradebook_policy_name(enum gradebook_policy p)
{
	return (unsigned)p < sizeof(policy_names) / sizeof(*policy_names) ? policy_names[p] : "?";
}

int
gradebook_invalid_parse(const char *s, enum gradebook_invalid *out)
{
	for (size_t i = 0; s != NULL && i < sizeof(invalid_names) / sizeof(*invalid_names); i++)
		if (strcmp(s, invalid_names[i]) == 0) {
			*out = (enum gradebook_invalid)i;
			return 0;
		}
	return -1;
}

const char *
gradebook_invalid_name(enum gradebook_invalid v)
{
	return (unsigned)v < sizeof(invalid_names) / sizeof(*invalid_names) ? invalid_names[v] : "?";
}

struct gradebook *
gradebook_new(enum gradebook_policy policy, enum gradebook_invalid invalid, const char *prefix)
{
	struct gradebook *gb = calloc(1, sizeof(*gb));

	if (gb == NULL)
		return NULL;
	gb->policy = policy;
	gb->invalid = invalid;
	if (prefix != NULL && prefix[0] != '\0') {
		size_t n = strlen(prefix);

		while (n > 0 && prefix[n - 1] == '/')
			n--;
		if ((gb->prefix = strndup(prefix, n)) == NULL) {
			free(gb);
			return NULL;
		}
	}
	return gb;
}

void
gradebook_free(struct gradebook *gb)
{
	if (gb == NULL)
		return;
	for (size_t i = 0; i < gb->nex; i++) {
		free(gb->ex[i].id);
		free(gb->ex[i].title);
	}
	for (size_t i = 0; i < gb->nst; i++) {
		free(gb->st[i].login);
		free(gb->st[i].name);
	}
	free(gb->ex);
	free(gb->st);
	free(gb->cells);
	free(gb->prefix);
	free(gb);
}

/* Is exercise ID kept by GB's prefix? */
static int
kept(const struct gradebook *gb, const char *id)
{
	size_t n;

	if (gb->prefix == NULL)
		return 1;
	n = strlen(gb->prefix);
	/* An empty prefix ("/") keeps everything. */
	return n == 0 || (strncmp(id, gb->prefix, n) == 0 && (id[n] == '\0' || id[n] == '/'));
}

/*
 * Where KEY is (*AT, returns 1) or would go (*AT, returns 0) in the N
 * elements of SIZE bytes at BASE, sorted by the string at their start.
 */
static int
find(const void *base, size_t n, size_t size, const char *key, size_t *at)
{
	size_t lo = 0, hi = n;

	/* Added in order is the usual case: check the end first. */
	if (n > 0 && strcmp(*(char *const *)((const char *)base + (n - 1) * size), key) < 0) {
		*at = n;
		return 0;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(*(char *const *)((const char *)base + mid * size), key);

		if (c == 0) {
			*at = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

/* Makes room at AT in an array (*BASE, *N of *CAP elements of SIZE bytes). */
static int
insert_at(void **base, size_t *n, size_t *cap, size_t size, size_t at)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		void *p = realloc(*base, c * size);

		if (p == NULL)
			return -1;
		*base = p;
		*cap = c;
	}
	memmove((char *)*base + (at + 1) * size, (char *)*base + at * size, (*n - at) * size);
	(*n)++;
	return 0;
}

int
gradebook_exercise_add(struct gradebook *gb, const char *id, const char *title,
    double weight, int quiz)
{
	struct gradebook_exercise e = { 0 };
	size_t at;

	if (gb->cells != NULL || id == NULL || !isfinite(weight) || weight < 0)
		return -1;
	if (!kept(gb, id))
		return 0;
	if (find(gb->ex, gb->nex, sizeof(*gb->ex), id, &at))
		return -1;
	e.id = strdup(id);
	e.title = strdup(title ? title : "");
	e.weight = weight;
	e.quiz = quiz != 0;
	if (e.id == NULL || e.title == NULL ||
	    insert_at((void **)&gb->ex, &gb->nex, &gb->capex, sizeof(*gb->ex), at)) {
		free(e.id);
		free(e.title);
		return -1;
	}
	gb->ex[at] = e;
	return 0;
}

int
gradebook_student_add(struct gradebook *gb, const char *login, const char *name,
    const char *role)
{
	struct gradebook_student s = { 0 };
	size_t at;

	if (gb->cells != NULL || login == NULL)
		return -1;
	if (role != NULL && strcmp(role, "student") != 0)
		return 0;
	if (find(gb->st, gb->nst, sizeof(*gb->st), login, &at))
		return -1;
	s.login = strdup(login);
	s.name = strdup(name ? name : "");
	if (s.login == NULL || s.name == NULL ||
	    insert_at((void **)&gb->st, &gb->nst, &gb->capst, sizeof(*gb->st), at)) {
		free(s.login);
		free(s.name);
		return -1;
	}
	gb->st[at] = s;
	return 0;
}

/* Is A newer than B (received, then id)? */
static int
newer(const struct gradebook_cell *a, const struct gradebook_cell *b)
{
	if (a->received != b->received)
		return a->received > b->received;
	return a->id > b->id;
}

/* Does the policy prefer A to B? */
static int
better(enum gradebook_policy p, const struct gradebook_cell *a, const struct gradebook_cell *b)
{
	int aa = a->label == LABEL_ACCEPTED, ba = b->label == LABEL_ACCEPTED;

	switch (p) {
	case GRADEBOOK_BEST:
		if (a->score != b->score)
			return a->score > b->score;
		if (a->label != b->label)
			return a->label > b->label;
		return newer(a, b);
	case GRADEBOOK_PRINTOUT:
		if (aa != ba)
			return aa;
		return newer(a, b);
	case GRADEBOOK_LAST:
	case GRADEBOOK_LAST_VALID:
		break;
	}
	return newer(a, b);
}

int
gradebook_feed(struct gradebook *gb, const struct gradebook_sub *s)
{
	struct gradebook_cell c;
	struct slot *slot;
	size_t si, ei;

	if (gb->cells == NULL) {
		/* The first feed: the table, one slot per pair (at least one byte). */
		if ((gb->cells = calloc(gb->nst * gb->nex + 1, sizeof(*gb->cells))) == NULL)
			return -1;
	}
	if (s->login == NULL || s->exercise == NULL || s->label == LABEL_EVALUATING ||
	    (unsigned)s->label >= LABEL__COUNT)
		return 0;
	if (!s->valid && (gb->invalid == GRADEBOOK_IGNORE || gb->policy == GRADEBOOK_LAST_VALID))
		return 0;
	if (!find(gb->st, gb->nst, sizeof(*gb->st), s->login, &si) ||
	    !find(gb->ex, gb->nex, sizeof(*gb->ex), s->exercise, &ei))
		return 0;
	c.id = s->id;
	c.received = s->received;
	c.label = s->label;
	c.valid = s->valid != 0;
	c.score = isnan(s->score) || s->score < 0 ? 0 : s->score > 1 ? 1 : s->score;
	slot = &gb->cells[si * gb->nex + ei];
	if (!slot->used || better(gb->policy, &c, &slot->cell)) {
		slot->cell = c;
		slot->used = 1;
	}
	return 0;
}

size_t
gradebook_nexercises(const struct gradebook *gb)
{
	return gb->nex;
}

const struct gradebook_exercise *
gradebook_exercise(const struct gradebook *gb, size_t i)
{
	return i < gb->nex ? &gb->ex[i] : NULL;
}

size_t
gradebook_nstudents(const struct gradebook *gb)
{
	return gb->nst;
}

const struct gradebook_student *
gradebook_student(const struct gradebook *gb, size_t i)
{
	return i < gb->nst ? &gb->st[i] : NULL;
}

const struct gradebook_cell *
gradebook_cell(const struct gradebook *gb, size_t s, size_t e)
{
	const struct slot *slot;

	if (gb->cells == NULL || s >= gb->nst || e >= gb->nex)
		return NULL;
	slot = &gb->cells[s * gb->nex + e];
	return slot->used ? &slot->cell : NULL;
}

double
gradebook_total(const struct gradebook *gb, size_t s)
{
	double sum = 0, weights = 0;

	for (size_t e = 0; e < gb->nex; e++) {
		const struct gradebook_cell *c = gradebook_cell(gb, s, e);

		weights += gb->ex[e].weight;
		if (c != NULL)
			sum += gb->ex[e].weight * c->score;
	}
	if (weights <= 0)
		return 0;
	return round(sum / weights * 100 * 100) / 100;
}

int
gradebook_write_csv(struct gradebook *gb, gradebook_write_fn *write, void *ctx)
{
	struct csvout c;
	int rc = -1;

	csvout_init(&c, write, ctx);
	csvout_text(&c, "login");
	csvout_text(&c, "name");
	for (size_t e = 0; e < gb->nex; e++)
		csvout_text(&c, gb->ex[e].id);
	csvout_text(&c, "total");
	if (csvout_end_row(&c))
		goto out;
	for (size_t s = 0; s < gb->nst; s++) {
		csvout_text(&c, gb->st[s].login);
		csvout_text(&c, gb->st[s].name);
		for (size_t e = 0; e < gb->nex; e++) {
			const struct gradebook_cell *cell = gradebook_cell(gb, s, e);

			if (cell == NULL)
				csvout_empty(&c);
			else
				csvout_number(&c, cell->score, 4, 1);
		}
		csvout_number(&c, gradebook_total(gb, s), 2, 0);
		if (csvout_end_row(&c))
			goto out;
	}
	rc = 0;
out:
	csvout_free(&c);
	return rc;
}

/* Student S's row as a new JSON object; NULL when out of memory. */
static json_t *
student_json(const struct gradebook *gb, size_t s)
{
	json_t *row, *cells = json_object();

	if (cells == NULL)
		return NULL;
	for (size_t e = 0; e < gb->nex; e++) {
		const struct gradebook_cell *c = gradebook_cell(gb, s, e);
		json_t *v = c == NULL ? json_null() :
		    json_pack("{s:f, s:s, s:I, s:b}", "score", c->score, "status",
			label_name(c->label), "id", (json_int_t)c->id, "valid", c->valid);

		if (v == NULL || json_object_set_new(cells, gb->ex[e].id, v)) {
			json_decref(cells);
			return NULL;
		}
	}
	row = json_pack("{s:s, s:s, s:o, s:f}", "login", gb->st[s].login, "name",
	    gb->st[s].name, "cells", cells, "total", gradebook_total(gb, s));
	return row;
}

/* The table's head {policy, invalid, exercises} as a new object. */
static json_t *
head_json(const struct gradebook *gb)
{
	json_t *exs = json_array();

	if (exs == NULL)
		return NULL;
	for (size_t e = 0; e < gb->nex; e++) {
		json_t *x = json_pack("{s:s, s:s, s:f, s:b}", "id", gb->ex[e].id, "title",
		    gb->ex[e].title, "weight", gb->ex[e].weight, "quiz", gb->ex[e].quiz);

		if (x == NULL || json_array_append_new(exs, x)) {
			json_decref(exs);
			return NULL;
		}
	}
	return json_pack("{s:s, s:s, s:o}", "policy", gradebook_policy_name(gb->policy),
	    "invalid", gradebook_invalid_name(gb->invalid), "exercises", exs);
}

json_t *
gradebook_to_json(struct gradebook *gb)
{
	json_t *out = head_json(gb), *rows = json_array();

	if (out == NULL || rows == NULL || json_object_set_new(out, "students", rows)) {
		json_decref(out);
		return NULL;
	}
	for (size_t s = 0; s < gb->nst; s++) {
		json_t *row = student_json(gb, s);

		if (row == NULL || json_array_append_new(rows, row)) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* Writes V compactly after PREFIX and before SUFFIX, in one call of WRITE. */
static int
write_json(json_t *v, const char *prefix, size_t cut, const char *suffix,
    gradebook_write_fn *write, void *ctx)
{
	char *text, *buf;
	size_t tl, pl = strlen(prefix), sl = strlen(suffix);
	int rc;

	if (v == NULL || (text = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(12))) == NULL)
		return -1;
	tl = strlen(text);
	tl = cut < tl ? tl - cut : 0;
	if ((buf = malloc(pl + tl + sl)) == NULL) {
		free(text);
		return -1;
	}
	memcpy(buf, prefix, pl);
	memcpy(buf + pl, text, tl);
	memcpy(buf + pl + tl, suffix, sl);
	rc = write(buf, pl + tl + sl, ctx) ? -1 : 0;
	free(buf);
	free(text);
	return rc;
}

int
gradebook_write_json(struct gradebook *gb, gradebook_write_fn *write, void *ctx)
{
	json_t *v = head_json(gb);
	int rc;

	/* The head without its closing brace, then the students one by one. */
	rc = write_json(v, "", 1, ",\"students\":[", write, ctx);
	json_decref(v);
	for (size_t s = 0; rc == 0 && s < gb->nst; s++) {
		v = student_json(gb, s);
		rc = write_json(v, s ? "," : "", 0, "", write, ctx);
		json_decref(v);
	}
	if (rc == 0 && write("]}\n", 3, ctx))
		rc = -1;
	return rc;
}

/* ---- The exercises, from the site's specs ---- */

/* Adds the exercise of spec file PATH. */
static int
load_spec(struct gradebook *gb, const char *path, char *err, size_t errlen)
{
	json_error_t je;
	json_t *spec = json_load_file(path, 0, &je), *w;
	const char *id, *tester;
	double weight = 1;
	int rc = -1;

	if (spec == NULL) {
		snprintf(err, errlen, "%s:%d: %s", path, je.line > 0 ? je.line : 1, je.text);
		return -1;
	}
	id = json_string_value(json_object_get(spec, "id"));
	tester = json_string_value(json_object_get(spec, "tester"));
	w = json_object_get(spec, "weight");
	if (id == NULL || id[0] == '\0') {
		snprintf(err, errlen, "%s: no \"id\" (a string) in the spec", path);
		goto out;
	}
	if (w != NULL && !json_is_null(w)) {
		if (!json_is_number(w) || !isfinite(json_number_value(w)) ||
		    json_number_value(w) < 0) {
			snprintf(err, errlen, "%s: \"weight\" must be a non-negative number", path);
			goto out;
		}
		weight = json_number_value(w);
	}
	if (gradebook_exercise_add(gb, id, json_string_value(json_object_get(spec, "title")),
	    weight, tester != NULL && strcmp(tester, "quiz") == 0)) {
		snprintf(err, errlen, "%s: exercise \"%.200s\" given twice (or out of memory)",
		    path, id);
		goto out;
	}
	rc = 0;
out:
	json_decref(spec);
	return rc;
}

/* Adds the specs under DIR, DEPTH folders deep at most. */
static int
load_dir(struct gradebook *gb, const char *dir, int depth, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];
	struct stat st;
	int rc = 0;

	if (d == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path)) {
			snprintf(err, errlen, "%s/%s: path too long", dir, de->d_name);
			rc = -1;
		} else if (stat(path, &st) != 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (depth <= 0) {
				snprintf(err, errlen, "%s: folders too deep", path);
				rc = -1;
			} else {
				rc = load_dir(gb, path, depth - 1, err, errlen);
			}
		} else if (S_ISREG(st.st_mode) && n > 5 && strcmp(de->d_name + n - 5, ".json") == 0) {
			rc = load_spec(gb, path, err, errlen);
		}
	}
	closedir(d);
	return rc;
}

int
gradebook_load_specs(struct gradebook *gb, const char *site, char *err, size_t errlen)
{
	char dir[4096];

	if ((size_t)snprintf(dir, sizeof(dir), "%s/current/specs", site) >= sizeof(dir)) {
		snprintf(err, errlen, "%s: path too long", site);
		return -1;
	}
	return load_dir(gb, dir, 32, err, errlen);
}
