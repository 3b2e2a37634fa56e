/*
 * exercise_mudoctest.c - the fields of a mutation-testing page (target,
 * mutants, limit-tests) read into options.mudoctest; see
 * exercise_mudoctest.h for what they mean and which files stay private.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sandbox/format/spec.h"
#include "sitegen/exercise.h"
#include "sitegen/exercise_mudoctest.h"
#include "sitegen/page.h"
#include "sitegen/render.h"

/* Does page P (through CTX) include the file REL? */
static int
included(const struct exercise_ctx *c, const char *rel)
{
	for (size_t i = 0; i < c->nincludes; i++)
		if (strcmp(c->includes[i].rel, rel) == 0)
			return 1;
	return 0;
}

/* limit-tests: a whole number from 1, or absent (0). -1 after reporting. */
static long
limit_tests(const struct page *p, const struct exercise_ctx *c)
{
	const json_t *v = json_object_get(p->meta.fields, "limit-tests");
	long n = -1;

	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_integer(v))
		n = json_integer_value(v) > 1000000 ? -1 : (long)json_integer_value(v);
	else if (json_is_string(v) && strspn(json_string_value(v), "0123456789") ==
	    strlen(json_string_value(v)) && json_string_length(v) > 0 &&
	    json_string_length(v) < 7)
		n = strtol(json_string_value(v), NULL, 10);
	if (n < 1) {
		page_error(p, c->diags, "limit-tests", "limit-tests: the most examples a"
		    " student may write, a whole number from 1");
		return -1;
	}
	return n;
}

/* The mutants' entries of FS (N files), each private unless included. */
static json_t *
mutant_list(const struct page *p, const struct exercise_ctx *c,
    const struct exercise_file *fs, size_t n, const char *target)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < n; i++) {
		const char *base = strrchr(fs[i].rel, '/');
		json_t *e;

		if (strcmp(fs[i].rel, target) == 0) {
			page_error(p, c->diags, "mutants", "mutants: %s is the target",
			    fs[i].rel);
			continue;
		}
		e = json_pack("{s:s%}", "text", fs[i].text, fs[i].len);
		if (e == NULL || json_array_append_new(arr, e) == -1 ||
		    (included(c, fs[i].rel) ? (json_object_set_new(e, "name",
		    json_string(base ? base + 1 : fs[i].rel)) == -1 ||
		    exercise_file_public(c, fs[i].rel) == -1) :
		    exercise_file_private(c, fs[i].rel) == -1)) {
			json_decref(arr);
			arr = NULL;
		}
	}
	if (arr == NULL)
		page_error(p, c->diags, "mutants", "out of memory");
	return arr;
}

int
exercise_mudoctest_build(const struct page *p, struct spec *s,
    const struct exercise_ctx *c, const struct exercise_file *t, size_t nt,
    const struct exercise_file *m, size_t nm)
{
	unsigned errors = c->diags->errors;
	long limit = limit_tests(p, c);
	json_t *o = NULL, *mutants = NULL;

	if (json_object_get(p->meta.fields, "target") == NULL)
		page_error(p, c->diags, "tester", "a mudoctest exercise needs \"target\":"
		    " the right module, which the student's examples must pass on");
	else if (nt != 1)
		page_error(p, c->diags, "target", "target: one file is needed, not %zu", nt);
	if (json_object_get(p->meta.fields, "mutants") == NULL)
		page_error(p, c->diags, "tester", "a mudoctest exercise needs \"mutants\":"
		    " the wrong modules, each of which the examples must reject");
	else if (nm == 0)
		page_error(p, c->diags, "mutants", "mutants: no file is named");
	if (c->diags->errors != errors)
		goto out;
	if ((included(c, t[0].rel) ? exercise_file_public(c, t[0].rel) :
	    exercise_file_private(c, t[0].rel)) == -1)
		goto nomem;
	if ((mutants = mutant_list(p, c, m, nm, t[0].rel)) == NULL ||
	    c->diags->errors != errors)
		goto out;
	if ((o = json_pack("{s:s%, s:O}", "target", t[0].text, t[0].len, "mutants",
	    mutants)) == NULL || (limit > 0 && json_object_set_new(o, "limit-tests",
	    json_integer(limit)) == -1) || json_object_set(s->options, "mudoctest", o))
		goto nomem;
	goto out;
nomem:
	page_error(p, c->diags, "tester", "out of memory");
out:
	json_decref(o);
	json_decref(mutants);
	return c->diags->errors == errors ? 0 : -1;
}
