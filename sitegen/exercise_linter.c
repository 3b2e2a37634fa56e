/*
 * exercise_linter.c - a doctest page's linter and linter-args read into
 * options.doctest.linter; see exercise_linter.h.
 */
#include <string.h>

#include "sitegen/exercise.h"
#include "sitegen/exercise_linter.h"
#include "sitegen/page.h"

/* The linters the grader knows (sandbox/testers/linter.c's table). */
static const char *const known[] = { "mypy", NULL };

/* The arguments V (text or list of texts) as a new list, or NULL after
 * reporting. */
static json_t *
linter_args(const struct page *p, const struct exercise_ctx *c, const json_t *v)
{
	json_t *args = json_array(), *e;
	size_t i;

	if (args == NULL)
		goto nomem;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);

		while (*s != '\0') {
			size_t n;

			s += strspn(s, " \t\n\r");
			if ((n = strcspn(s, " \t\n\r")) == 0)
				break;
			if (json_array_append_new(args, json_stringn(s, n)) == -1)
				goto nomem;
			s += n;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			if (!json_is_string(e)) {
				page_node_error(p, c->diags, e, "linter-args", "linter-args:"
				    " each argument must be text");
				json_decref(args);
				return NULL;
			}
			if (json_array_append(args, e) == -1)
				goto nomem;
		}
	} else {
		page_error(p, c->diags, "linter-args", "linter-args: the linter's"
		    " arguments, a text or a list of texts");
		json_decref(args);
		return NULL;
	}
	if (json_array_size(args) > 32) {
		page_error(p, c->diags, "linter-args", "linter-args: at most 32 arguments");
		json_decref(args);
		return NULL;
	}
	return args;
nomem:
	page_error(p, c->diags, "linter-args", "out of memory");
	json_decref(args);
	return NULL;
}

int
exercise_linter_build(const struct page *p, const struct exercise_ctx *c,
    json_t *doctest)
{
	const json_t *v = json_object_get(p->meta.fields, "linter");
	const json_t *a = json_object_get(p->meta.fields, "linter-args");
	const char *name = NULL;
	json_t *args = NULL;

	if (v == NULL || json_is_false(v) || json_is_null(v)) {
		if (a != NULL)
			diag_warning(c->diags, p->file, meta_key_line(&p->meta, "linter-args"),
			    "linter-args: no linter runs without \"linter: true\"; the field"
			    " is ignored");
		return 0;
	}
	if (json_is_true(v))
		name = "mypy";
	for (size_t i = 0; name == NULL && json_is_string(v) && known[i] != NULL; i++)
		if (strcmp(known[i], json_string_value(v)) == 0)
			name = known[i];
	if (name == NULL) {
		page_error(p, c->diags, "linter", "linter: true (mypy), or the name of a"
		    " linter Assay runs: mypy");
		return -1;
	}
	if (a != NULL && !json_is_null(a) && (args = linter_args(p, c, a)) == NULL)
		return -1;
	if (doctest != NULL && json_object_set_new(doctest, "linter", json_pack("{s:s, s:o}",
	    "name", name, "args", args ? args : json_array())) == -1) {
		page_error(p, c->diags, "linter", "out of memory");
		return -1;
	}
	return 0;
}
