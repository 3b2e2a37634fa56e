/* exercise_cases.c - a cases exercise's spec and examples; see exercise_cases.h. */
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/format/spec.h"
#include "sitegen/exercise.h"
#include "sitegen/exercise_cases.h"
#include "sitegen/html.h"
#include "sitegen/page.h"

#define CASES_MAX 1000

/* Reports a mistake about value NODE (of field "cases"), at its place. */
static void __attribute__((format(printf, 4, 5)))
case_error(const struct page *p, const struct exercise_ctx *c, const json_t *node,
    const char *fmt, ...)
{
	struct meta_pos pos = { meta_key_line(&p->meta, "cases"), 0 };
	char msg[512];
	va_list ap;

	if (node != NULL)
		meta_node_pos(&p->meta, node, &pos);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_report(c->diags, DIAG_ERROR, p->file, pos.line, pos.column, "%s", msg);
}

/* A text field of case N: absent (NULL, when not REQUIRED), or text. */
static int
case_text(const struct page *p, const struct exercise_ctx *c, const json_t *e,
    size_t n, const char *key, int required, const char **out)
{
	json_t *v = json_object_get(e, key);

	*out = NULL;
	if (v == NULL) {
		if (required)
			case_error(p, c, e, "cases[%zu]: \"%s\" is missing", n + 1, key);
		return required ? -1 : 0;
	}
	if (!json_is_string(v)) {
		case_error(p, c, json_is_null(v) || json_is_boolean(v) ? e : v,
		    "cases[%zu].%s must be text%s", n + 1, key,
		    json_is_number(v) ? " (quote it: \"9\", not 9)" : "");
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

/* One case, checked and normalised. NULL after reporting (or on ENOMEM). */
static json_t *
one_case(const struct page *p, const struct exercise_ctx *c, const json_t *e,
    size_t n, const char *grader)
{
	static const char *const keys[] = { "test", "stdin", "expected", "show", "mark", NULL };
	static const char *const shows[] = { "example", "shown", "hidden", NULL };
	const char *test, *in, *expected, *show = "shown", *key;
	unsigned errors = c->diags->errors;
	json_t *v, *mark = NULL, *out;

	if (!json_is_object(e)) {
		case_error(p, c, e, "cases[%zu] must be a mapping with test, expected and "
		    "optionally stdin, show and mark", n + 1);
		return NULL;
	}
	json_object_foreach((json_t *)e, key, v) {
		const char *const *k;

		for (k = keys; *k != NULL && strcmp(*k, key) != 0; k++)
			;
		if (*k == NULL)
			case_error(p, c, json_is_null(v) || json_is_boolean(v) ? e : v,
			    "cases[%zu]: unknown field \"%s\" (a case has test, stdin, "
			    "expected, show and mark)", n + 1, key);
	}
	case_text(p, c, e, n, "test", 1, &test);
	case_text(p, c, e, n, "stdin", 0, &in);
	case_text(p, c, e, n, "expected", 1, &expected);
	if ((v = json_object_get(e, "show")) != NULL) {
		const char *const *k = shows;

		while (json_is_string(v) && *k != NULL && strcmp(*k, json_string_value(v)) != 0)
			k++;
		if (!json_is_string(v) || *k == NULL)
			case_error(p, c, json_is_string(v) ? v : e, "cases[%zu].show must be "
			    "example, shown or hidden", n + 1);
		else
			show = *k;
	}
	if ((v = json_object_get(e, "mark")) != NULL) {
		if (!json_is_number(v) || !(json_number_value(v) > 0) ||
		    !isfinite(json_number_value(v)) || json_number_value(v) > 1e6)
			case_error(p, c, json_is_number(v) || json_is_string(v) ? v : e,
			    "cases[%zu].mark must be a number greater than 0", n + 1);
		else
			mark = v;
	}
	if (expected != NULL && strcmp(grader, "regex") == 0) {
		regex_t re;
		int rc = regcomp(&re, expected, REG_EXTENDED);

		if (rc != 0) {
			char msg[160];

			regerror(rc, &re, msg, sizeof(msg));
			case_error(p, c, json_object_get(e, "expected"), "cases[%zu].expected "
			    "is not a regular expression (grader: regex): %s", n + 1, msg);
		} else {
			regfree(&re);
		}
	}
	if (c->diags->errors != errors)
		return NULL;
	out = json_pack("{s:s, s:s, s:s, s:o}", "test", test, "expected", expected,
	    "show", show, "mark", mark ? json_incref(mark) : json_integer(1));
	if (out != NULL && in != NULL && json_object_set_new(out, "stdin", json_string(in))) {
		json_decref(out);
		out = NULL;
	}
	if (out == NULL)
		case_error(p, c, e, "out of memory");
	return out;
}

int
exercise_cases_build(const struct page *p, struct spec *s,
    const struct exercise_ctx *c)
{
	static const char *const graders[] = { "exact", "near", "regex", NULL };
	json_t *f = p->meta.fields, *v, *list, *e, *out = NULL, *arr = NULL;
	const char *grader = "exact";
	unsigned errors = c->diags->errors;
	int all = 0;
	size_t i;

	if ((v = json_object_get(f, "grader")) != NULL) {
		const char *const *g = graders;

		while (json_is_string(v) && *g != NULL && strcmp(*g, json_string_value(v)) != 0)
			g++;
		if (!json_is_string(v) || *g == NULL)
			page_error(p, c->diags, "grader", "field \"grader\" must be exact, near "
			    "or regex");
		else
			grader = *g;
	}
	if ((v = json_object_get(f, "all-or-nothing")) != NULL) {
		if (!json_is_boolean(v))
			page_error(p, c->diags, "all-or-nothing", "field \"all-or-nothing\" "
			    "must be yes or no");
		all = json_is_true(v);
	}
	if ((v = json_object_get(f, "template")) != NULL && !json_is_string(v))
		page_error(p, c->diags, "template", "field \"template\" must be text (use "
		    "\"template: |\" and indent it below)");
	list = json_object_get(f, "cases");
	if (list == NULL) {
		page_error(p, c->diags, "tester", "a cases exercise needs \"cases\": a list "
		    "of {test, expected}");
		return -1;
	}
	if (!json_is_array(list) || json_array_size(list) == 0) {
		page_error(p, c->diags, "cases", "field \"cases\" must be a non-empty list "
		    "of {test, expected, stdin, show, mark}");
		return -1;
	}
	if (json_array_size(list) > CASES_MAX) {
		page_error(p, c->diags, "cases", "cases: %zu cases, more than %d",
		    json_array_size(list), CASES_MAX);
		return -1;
	}
	if ((arr = json_array()) == NULL)
		goto nomem;
	json_array_foreach(list, i, e) {
		json_t *one = one_case(p, c, e, i, grader);

		if (one != NULL && json_array_append_new(arr, one))
			goto nomem;
	}
	if (c->diags->errors != errors) {
		json_decref(arr);
		return -1;
	}
	if ((out = json_pack("{s:s, s:b, s:o}", "grader", grader, "all-or-nothing", all,
	    "cases", arr)) == NULL)
		goto nomem;
	arr = NULL;
	if ((v = json_object_get(f, "template")) != NULL &&
	    json_object_set(out, "template", v))
		goto nomem;
	if (json_object_set_new(s->options, "cases", out)) {
		out = NULL;
		goto nomem;
	}
	return 0;
nomem:
	json_decref(arr);
	json_decref(out);
	page_error(p, c->diags, "cases", "out of memory");
	return -1;
}

int
exercise_cases_render_examples(struct buf *b, const struct spec *s)
{
	json_t *opts = json_object_get(s->options, "cases");
	json_t *list = json_object_get(opts, "cases"), *e;
	const char *lang = s->nlanguages > 0 ? s->languages[0] : "";
	int regex = json_is_string(json_object_get(opts, "grader")) &&
	    strcmp(json_string_value(json_object_get(opts, "grader")), "regex") == 0;
	size_t i, examples = 0, inputs = 0;

	json_array_foreach(list, i, e) {
		if (strcmp(json_string_value(json_object_get(e, "show")) ?: "", "example") != 0)
			continue;
		examples++;
		inputs += json_object_get(e, "stdin") != NULL;
	}
	if (examples == 0)
		return 0;
	buf_printf(b, "<section class=\"assay-examples\" aria-labelledby=\"assay-examples\">\n"
	    "<h2 id=\"assay-examples\">%s</h2>\n"
	    "<table class=\"assay-cases\">\n"
	    "<thead>\n<tr><th>Test</th>%s<th>%s</th></tr>\n</thead>\n<tbody>\n",
	    examples == 1 ? "Example" : "Examples", inputs ? "<th>Input</th>" : "",
	    regex ? "Expected output (a pattern)" : "Expected output");
	json_array_foreach(list, i, e) {
		json_t *in = json_object_get(e, "stdin");

		if (strcmp(json_string_value(json_object_get(e, "show")) ?: "", "example") != 0)
			continue;
		buf_puts(b, "<tr><td><pre><code class=\"language-");
		html_escape_str(b, lang);
		buf_puts(b, "\">");
		html_escape_str(b, json_string_value(json_object_get(e, "test")));
		buf_puts(b, "</code></pre></td>");
		if (inputs) {
			buf_puts(b, "<td>");
			if (in != NULL) {
				buf_puts(b, "<pre>");
				html_escape_str(b, json_string_value(in));
				buf_puts(b, "</pre>");
			}
			buf_puts(b, "</td>");
		}
		buf_puts(b, "<td><pre>");
		html_escape_str(b, json_string_value(json_object_get(e, "expected")));
		buf_puts(b, "</pre></td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</section>\n");
	return 1;
}
