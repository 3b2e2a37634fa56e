/* exercise.c - exercise fields to spec; see exercise.h. */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sandbox/format/valid.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/file.h"
#include "sitegen/events.h"
#include "sitegen/exercise.h"
#include "sitegen/exercise_accept.h"
#include "sitegen/exercise_cases.h"
#include "sitegen/exercise_hspec.h"
#include "sitegen/exercise_linter.h"
#include "sitegen/exercise_mudoctest.h"
#include "sitegen/exercise_quiz.h"
#include "sitegen/exercise_sqlite.h"
#include "sitegen/text.h"

/* A file an exercise refers to. */
struct xfile {
	char *rel;		/* relative to the content root */
	char *real;		/* its realpath, to open */
};

struct xfiles {
	struct xfile *v;
	size_t n;
};

static void
xfiles_free(struct xfiles *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].rel);
		free(f->v[i].real);
	}
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

/*
 * The languages the stdio tester grades, by the names authors may use. The
 * grader's own list is sandbox/testers/lang.c; test_sitegen checks that each
 * canonical name here is one it knows (a table rather than a call, so that
 * the sitegen sources link without the jail's, as the fuzzers do).
 */
static const char *const languages[][2] = {
	{ "c", "c" }, { "python", "python" }, { "python3", "python" },
	{ "cpp", "cpp" }, { "c++", "cpp" }, { "java", "java" },
	{ "haskell", "haskell" },
};

const char *
exercise_language(const char *name)
{
	for (size_t i = 0; i < sizeof(languages) / sizeof(*languages); i++)
		if (strcasecmp(name, languages[i][0]) == 0)
			return languages[i][1];
	return NULL;
}

const char *
exercise_language_at(size_t i, const char **name)
{
	if (i >= sizeof(languages) / sizeof(*languages))
		return NULL;
	if (name != NULL)
		*name = languages[i][0];
	return languages[i][1];
}

#define node_error(p, c, node, key, ...) \
	page_node_error((p), (c)->diags, (node), (key), __VA_ARGS__)

static int
cmp_paths(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

/* Appends S with the glob characters *?[\ escaped. */
static void
glob_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("*?[\\", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

/*
 * Expands one glob PAT (node NODE of field KEY) relative to the page's
 * directory and appends the files to OUT. Returns 0, or -1 after reporting.
 */
static int
expand_one(const struct page *p, const struct exercise_ctx *c, const char *key,
    const json_t *node, const char *pat, struct xfiles *out)
{
	size_t rootlen = strlen(c->rootreal);
	struct buf full = BUF_INIT;
	glob_t g = { 0 };
	size_t found = 0;
	int rc = -1, grc;

	if (pat[0] == '\0' || pat[0] == '/') {
		node_error(p, c, node, key, "%s: \"%s\" must be a path relative to the page",
		    key, pat);
		return -1;
	}
	glob_escape(&full, c->root);
	buf_putc(&full, '/');
	glob_escape(&full, p->dir);
	buf_puts(&full, pat);
	if (full.oom) {
		node_error(p, c, node, key, "out of memory");
		goto out;
	}
	grc = glob(full.data, GLOB_ERR | GLOB_MARK | GLOB_NOSORT, NULL, &g);
	if (grc == GLOB_NOSPACE) {
		node_error(p, c, node, key, "out of memory");
		goto out;
	}
	if (grc == GLOB_ABORTED) {
		node_error(p, c, node, key, "%s: cannot read the files of \"%s\"", key, pat);
		goto out;
	}
	if (grc == 0)
		qsort(g.gl_pathv, g.gl_pathc, sizeof(*g.gl_pathv), cmp_paths);
	for (size_t i = 0; grc == 0 && i < g.gl_pathc; i++) {
		const char *m = g.gl_pathv[i];
		struct xfile *v;
		char *real;

		if (m[0] != '\0' && m[strlen(m) - 1] == '/')
			continue;	/* a directory */
		if ((real = realpath(m, NULL)) == NULL) {
			node_error(p, c, node, key, "%s: %s: %s", key, m, strerror(errno));
			goto out;
		}
		if (strncmp(real, c->rootreal, rootlen) != 0 || real[rootlen] != '/') {
			node_error(p, c, node, key, "%s: %s is outside the course directory",
			    key, m);
			free(real);
			goto out;
		}
		if ((v = realloc(out->v, (out->n + 1) * sizeof(*v))) == NULL) {
			free(real);
			node_error(p, c, node, key, "out of memory");
			goto out;
		}
		out->v = v;
		v[out->n].real = real;
		if ((v[out->n].rel = strdup(real + rootlen + 1)) == NULL) {
			free(real);
			node_error(p, c, node, key, "out of memory");
			goto out;
		}
		out->n++;
		found++;
	}
	if (found == 0) {
		node_error(p, c, node, key, "%s: no file matches \"%s\"", key, pat);
		goto out;
	}
	rc = 0;
out:
	buf_free(&full);
	globfree(&g);
	return rc;
}

/*
 * The files of field KEY: a glob or a list of globs. Absent is an empty
 * list. Returns 0, or -1 after reporting.
 */
static int
expand(const struct page *p, const struct exercise_ctx *c, const char *key,
    struct xfiles *out)
{
	json_t *v = json_object_get(p->meta.fields, key), *e;
	size_t i;
	int rc = 0;

	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return expand_one(p, c, key, v, json_string_value(v), out);
	if (!json_is_array(v)) {
		page_error(p, c->diags, key, "field \"%s\" must be a file name or "
		    "pattern, or a list of them", key);
		return -1;
	}
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			node_error(p, c, e, key, "%s: each entry must be a file name or pattern",
			    key);
			rc = -1;
		} else if (expand_one(p, c, key, e, json_string_value(e), out)) {
			rc = -1;
		}
	}
	return rc;
}

/* Reads a UTF-8 text file the exercise uses. Returns 0, or -1 after reporting. */
static int
read_text(const struct page *p, const struct exercise_ctx *c, const char *key,
    const struct xfile *f, char **data, size_t *len)
{
	size_t bad;

	if (file_read(f->real, data, len) == -1) {
		page_error(p, c->diags, key, "%s: %s: %s", key, f->rel, strerror(errno));
		return -1;
	}
	if ((bad = text_utf8_invalid(*data, *len)) != *len) {
		page_error(p, c->diags, key, "%s: %s:%u: not UTF-8 text", key, f->rel,
		    text_line_of(*data, bad));
		free(*data);
		*data = NULL;
		return -1;
	}
	return 0;
}

/*
 * Codex's guide writes the skeleton as a fenced code block inside the YAML
 * string (code: |, then ~~~, the code, ~~~). Returns a copy of CODE without
 * such a fence, or a plain copy; NULL on ENOMEM.
 */
static char *
strip_fence(const char *code)
{
	const char *first_end = strchr(code, '\n'), *last, *end;
	size_t open = 0, close = 0;
	char ch = code[0];

	while (code[open] == ch && (ch == '`' || ch == '~'))
		open++;
	if (open < 3 || first_end == NULL)
		return strdup(code);
	end = code + strlen(code);
	while (end > first_end && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\r'))
		end--;
	for (last = end; last > first_end + 1 && last[-1] != '\n'; last--)
		;
	while (last + close < end && last[close] == ch)
		close++;
	if (last <= first_end || close < open || last + close != end)
		return strdup(code);
	return strndup(first_end + 1, (size_t)(last - first_end - 1));
}

static int
mark(json_t *set, const char *rel)
{
	return json_object_set_new(set, rel, json_true());
}


/*
 * The tests of one kind ("public" or "private"), numbered from FIRST + 1.
 * Returns 0, or -1.
 */
static int
add_tests(const struct page *p, const struct exercise_ctx *c, struct spec *s,
    const char *kind, size_t first)
{
	char inkey[32], outkey[32];
	struct xfiles in = { 0 }, out = { 0 };
	int rc = -1;

	snprintf(inkey, sizeof(inkey), "%s-inputs", kind);
	snprintf(outkey, sizeof(outkey), "%s-outputs", kind);
	if (expand(p, c, inkey, &in) | expand(p, c, outkey, &out))
		goto out;
	if (in.n != out.n) {
		const char *key = json_object_get(p->meta.fields, outkey) ? outkey : inkey;

		page_error(p, c->diags, key, "%s has %zu file%s but %s has %zu: "
		    "inputs and outputs pair up in order", inkey, in.n,
		    in.n == 1 ? "" : "s", outkey, out.n);
		goto out;
	}
	rc = 0;
	for (size_t i = 0; i < in.n; i++) {
		char *idata = NULL, *odata = NULL, name[64];
		size_t ilen = 0, olen = 0;

		int (*use)(const struct exercise_ctx *, const char *) =
		    strcmp(kind, "public") == 0 ? exercise_file_public : exercise_file_private;

		if (use(c, in.v[i].rel) || use(c, out.v[i].rel)) {
			page_error(p, c->diags, inkey, "out of memory");
			rc = -1;
			break;
		}
		if (read_text(p, c, inkey, &in.v[i], &idata, &ilen) |
		    read_text(p, c, outkey, &out.v[i], &odata, &olen)) {
			rc = -1;
		} else {
			snprintf(name, sizeof(name), "%s %zu", kind, first + i + 1);
			if (spec_add_test(s, name, strcmp(kind, "public") == 0,
			    idata, ilen, odata, olen)) {
				page_error(p, c->diags, inkey, "out of memory");
				rc = -1;
			}
		}
		free(idata);
		free(odata);
	}
out:
	xfiles_free(&in);
	xfiles_free(&out);
	return rc;
}

/* Is field KEY a text or a list of texts? Reports why not. */
static int
string_list(const struct page *p, const struct exercise_ctx *c, const char *key,
    const json_t *v)
{
	size_t i;
	json_t *e;

	if (json_is_string(v))
		return 1;
	if (!json_is_array(v)) {
		page_error(p, c->diags, key, "field \"%s\" must be a list of files "
		    "(%s: [\"t/*.in\"]) or of texts (%s: [\"1 2\\n\", \"3 4\\n\"])", key, key,
		    key);
		return 0;
	}
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			page_error(p, c->diags, key, "%s[%zu] must be text (quote it: "
			    "\"3\\n\", not 3)", key, i + 1);
			return 0;
		}
	}
	return 1;
}

/*
 * The items of Codex's inputs: or outputs: (KEY, a list of texts) in order,
 * appended to TEXTS: an item holding a newline (or empty) is a test's text
 * written in the page (Assay's own); any other is a glob of files relative
 * to the page, as Codex reads it, each match read (a public file: the
 * tests are public). Returns 0, or -1 after reporting.
 */
static int
listed_texts(const struct page *p, const struct exercise_ctx *c, const char *key,
    const json_t *list, json_t *texts)
{
	json_t *one = json_is_string(list) ? json_pack("[O]", list) : NULL, *e;
	size_t i;
	int rc = 0;

	if (one != NULL)
		list = one;
	json_array_foreach(list, i, e) {
		const char *v = json_string_value(e);
		struct xfiles fs = { 0 };

		if (v[0] == '\0' || strchr(v, '\n') != NULL) {
			if (json_array_append(texts, e))
				goto nomem;
			continue;
		}
		if (expand_one(p, c, key, e, v, &fs)) {
			rc = -1;
			continue;
		}
		for (size_t k = 0; k < fs.n; k++) {
			char *data = NULL;
			size_t len = 0;

			if (exercise_file_public(c, fs.v[k].rel)) {
				xfiles_free(&fs);
				goto nomem;
			}
			if (read_text(p, c, key, &fs.v[k], &data, &len)) {
				rc = -1;
				continue;
			}
			if (json_array_append_new(texts, json_stringn(data, len))) {
				free(data);
				xfiles_free(&fs);
				goto nomem;
			}
			free(data);
		}
		xfiles_free(&fs);
	}
	json_decref(one);
	return rc;
nomem:
	json_decref(one);
	page_error(p, c->diags, key, "out of memory");
	return -1;
}

/*
 * Codex's public tests in the metadata, inputs: and outputs: (listed_texts:
 * files by glob, or texts written in the page), paired in order, numbered
 * before the public files' ones. Returns the number of tests added, or -1.
 */
static long
add_listed_tests(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	json_t *in = json_object_get(p->meta.fields, "inputs");
	json_t *out = json_object_get(p->meta.fields, "outputs");
	json_t *ins = NULL, *outs = NULL;
	char name[64];
	long rc = -1;
	size_t i;

	if (in == NULL && out == NULL)
		return 0;
	if (in == NULL || out == NULL) {
		page_error(p, c->diags, in ? "inputs" : "outputs", "%s without %s: "
		    "inputs and outputs pair up in order", in ? "inputs" : "outputs",
		    in ? "outputs" : "inputs");
		return -1;
	}
	if (!string_list(p, c, "inputs", in) | !string_list(p, c, "outputs", out))
		return -1;
	if ((ins = json_array()) == NULL || (outs = json_array()) == NULL) {
		page_error(p, c->diags, "inputs", "out of memory");
		goto out;
	}
	if (listed_texts(p, c, "inputs", in, ins) | listed_texts(p, c, "outputs", out, outs))
		goto out;
	if (json_array_size(ins) != json_array_size(outs)) {
		page_error(p, c->diags, "outputs", "inputs has %zu test%s but outputs "
		    "has %zu: inputs and outputs pair up in order", json_array_size(ins),
		    json_array_size(ins) == 1 ? "" : "s", json_array_size(outs));
		goto out;
	}
	for (i = 0; i < json_array_size(ins); i++) {
		json_t *x = json_array_get(ins, i), *y = json_array_get(outs, i);

		snprintf(name, sizeof(name), "public %zu", i + 1);
		if (spec_add_test(s, name, 1, json_string_value(x), json_string_length(x),
		    json_string_value(y), json_string_length(y))) {
			page_error(p, c->diags, "inputs", "out of memory");
			goto out;
		}
	}
	rc = (long)i;
out:
	json_decref(ins);
	json_decref(outs);
	return rc;
}

static int
set_languages(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	json_t *one = json_object_get(p->meta.fields, "language");
	json_t *many = json_object_get(p->meta.fields, "languages"), *list, *e;
	const char *key = many ? "languages" : "language";
	size_t i;
	int rc = 0;

	if (one != NULL && many != NULL) {
		page_error(p, c->diags, "languages",
		    "use either \"language\" or \"languages\", not both");
		return -1;
	}
	list = many ? many : one;
	if (list == NULL) {
		page_error(p, c->diags, "tester", "an exercise needs a \"language\" "
		    "or a list of \"languages\"");
		return -1;
	}
	if (json_is_string(list)) {
		list = json_pack("[O]", list);
	} else if (json_is_array(list) && json_array_size(list) > 0) {
		json_incref(list);
	} else {
		page_error(p, c->diags, key, "field \"%s\" must be a language or a "
		    "non-empty list of languages", key);
		return -1;
	}
	if (list == NULL) {
		page_error(p, c->diags, key, "out of memory");
		return -1;
	}
	json_array_foreach(list, i, e) {
		const char *lang = json_is_string(e) ? exercise_language(json_string_value(e)) : NULL;

		/* accept and sqlite-query take languages of their own. */
		if (lang == NULL && json_is_string(e) && strcmp(p->tester, "accept") == 0)
			lang = exercise_accept_language(json_string_value(e));
		if (lang == NULL && json_is_string(e) && strcmp(p->tester, "sqlite-query") == 0)
			lang = exercise_sqlite_language(json_string_value(e));

		if (!json_is_string(e)) {
			node_error(p, c, e, key, "%s: each language must be a name", key);
			rc = -1;
		} else if (lang == NULL) {
			node_error(p, c, e, key, "language \"%s\" is not one the "
			    "grader knows (c, cpp, java, python, haskell)", json_string_value(e));
			rc = -1;
		} else if (spec_has_language(s, lang)) {
			node_error(p, c, e, key, "language \"%s\" is listed twice", lang);
			rc = -1;
		} else if (spec_add_language(s, lang)) {
			page_error(p, c->diags, key, "out of memory");
			rc = -1;
		}
	}
	json_decref(list);
	return rc;
}

/*
 * valid: parsed as the service will parse it (valid.h), with the course's
 * events; the events it uses go into options.events. A mistake is reported
 * at its place inside the value when the value was written as it is.
 */
static void
check_valid(const struct page *p, const struct exercise_ctx *c, struct spec *s,
    const json_t *v)
{
	struct valid_error ve;
	struct valid_expr *e = NULL;
	struct meta_pos pos = { meta_key_line(&p->meta, "valid"), 0 };
	json_t *used;

	if (c->events_failed)
		return;		/* the events file's mistake is reported already */
	if (valid_parse(json_string_value(v), c->events, &e, &ve) != 0) {
		size_t at = ve.column ? ve.column - 1 : 0;
		/* `valid: before #week1`, unquoted, is "before": YAML cut the rest. */
		int cut = at >= json_string_length(v) && meta_value_pos(&p->meta, v, 0, &pos) == 0 &&
		    strchr(json_string_value(v), '#') == NULL;

		if (meta_value_pos(&p->meta, v, at, &pos) != 0)
			meta_node_pos(&p->meta, v, &pos);
		diag_report(c->diags, DIAG_ERROR, p->file, pos.line, pos.column,
		    "valid: %s%s", ve.message, cut ? " (in YAML, \" #\" starts a comment: "
		    "quote a value that names an #event)" : "");
		return;
	}
	valid_free(e);
	if ((used = events_used(json_string_value(v), c->events)) == NULL) {
		page_error(p, c->diags, "valid", "out of memory");
		return;
	}
	if (json_object_size(used) > 0 &&
	    (json_object_set(s->options, "events", used) ||
	    (c->deps != NULL && json_object_set_new(c->deps, EVENTS_FILE, json_true()))))
		page_error(p, c->diags, "valid", "out of memory");
	json_decref(used);
}

/*
 * forbid: a POSIX extended regular expression or a list of them, compiled
 * as the service compiles them (fcgi/rules.c: REG_EXTENDED | REG_NEWLINE,
 * at most FORBID_MAX).
 */
#define FORBID_MAX 16

static void
check_forbid(const struct page *p, const struct exercise_ctx *c, const json_t *v)
{
	json_t *list = json_is_string(v) ? json_pack("[O]", v) : json_incref((json_t *)v), *f;
	size_t i;

	if (!json_is_array(list) || json_array_size(list) > FORBID_MAX) {
		page_error(p, c->diags, "forbid", "field \"forbid\" must be a regular "
		    "expression or a list of at most %d", FORBID_MAX);
		json_decref(list);
		return;
	}
	json_array_foreach(list, i, f) {
		regex_t re;
		char msg[160];
		int rc;

		if (!json_is_string(f) || json_string_length(f) == 0) {
			node_error(p, c, json_is_string(f) ? f : NULL, "forbid",
			    "forbid: each pattern must be a non-empty regular expression");
			continue;
		}
		if ((rc = regcomp(&re, json_string_value(f), REG_EXTENDED | REG_NEWLINE)) != 0) {
			struct meta_pos pos = { meta_key_line(&p->meta, "forbid"), 0 };

			regerror(rc, &re, msg, sizeof(msg));
			meta_node_pos(&p->meta, f, &pos);
			diag_report(c->diags, DIAG_ERROR, p->file, pos.line, pos.column,
			    "forbid: \"%s\" is not a regular expression: %s",
			    json_string_value(f), msg);
			continue;
		}
		regfree(&re);
	}
	json_decref(list);
}

/*
 * Codex's submission rules, checked as the service will read them and
 * carried as written. Returns 0, or -1.
 */
static int
set_rules(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	static const char *const carried[] = { "valid", "attempts", "lock", "forbid" };
	unsigned errors = c->diags->errors;
	json_t *f = p->meta.fields, *v;

	if ((v = json_object_get(f, "feedback")) != NULL) {
		if (json_is_boolean(v))
			s->feedback = json_is_true(v);
		else
			page_error(p, c->diags, "feedback",
			    "field \"feedback\" must be yes or no");
	}
	if ((v = json_object_get(f, "valid")) != NULL) {
		if (!json_is_string(v))
			page_error(p, c->diags, "valid", "field \"valid\" must be text such "
			    "as \"after 08:00 15/02/2027 and before 12:00 15/02/2027\"");
		else
			check_valid(p, c, s, v);
	}
	if ((v = json_object_get(f, "attempts")) != NULL &&
	    (!json_is_integer(v) || json_integer_value(v) < 1))
		page_error(p, c->diags, "attempts",
		    "field \"attempts\" must be a positive whole number");
	if ((v = json_object_get(f, "lock")) != NULL && !json_is_boolean(v))
		page_error(p, c->diags, "lock", "field \"lock\" must be yes or no");
	if ((v = json_object_get(f, "weight")) != NULL) {
		/* Bounded, so that a spec's weight is always a finite number
		   written exactly (an integer when whole). */
		if (json_is_number(v) && json_number_value(v) >= 0 &&
		    json_number_value(v) <= 1e9)
			s->weight = json_number_value(v);
		else
			page_error(p, c->diags, "weight", "field \"weight\" must be a "
			    "number from 0 to 1000000000 (such as 1, 2 or 0.5)");
	}
	if ((v = json_object_get(f, "forbid")) != NULL)
		check_forbid(p, c, v);
	if (c->diags->errors != errors)
		return -1;
	for (size_t i = 0; i < sizeof(carried) / sizeof(*carried); i++) {
		if ((v = json_object_get(f, carried[i])) != NULL &&
		    json_object_set(s->options, carried[i], v)) {
			page_error(p, c->diags, carried[i], "out of memory");
			return -1;
		}
	}
	return 0;
}

/*
 * One limit: a number in UNIT, or text with a suffix ("500ms", "2s"; "512K",
 * "256M", "1G"). TIME: seconds and milliseconds; otherwise sizes in bytes
 * with binary multiples. The result is in milliseconds (times) or KiB.
 */
static int
parse_limit(const json_t *v, int time, double unit_scale, double *out)
{
	const char *s, *end;
	double x;

	if (json_is_number(v)) {
		x = json_number_value(v) * unit_scale;
	} else if (json_is_string(v)) {
		s = json_string_value(v);
		errno = 0;
		x = strtod(s, (char **)&end);
		if (end == s || errno)
			return -1;
		while (*end == ' ')
			end++;
		if (time && strcmp(end, "ms") == 0)
			;
		else if (time && (strcmp(end, "s") == 0 || *end == '\0'))
			x *= *end == '\0' ? unit_scale : 1000;
		else if (!time && (*end == 'K' || *end == 'k') && (end[1] == '\0' || strcmp(end + 1, "iB") == 0))
			;
		else if (!time && *end == 'M' && (end[1] == '\0' || strcmp(end + 1, "iB") == 0))
			x *= 1024;
		else if (!time && *end == 'G' && (end[1] == '\0' || strcmp(end + 1, "iB") == 0))
			x *= 1024 * 1024;
		else if (!time && *end == '\0')
			x *= unit_scale;
		else
			return -1;
	} else {
		return -1;
	}
	if (!(x >= 1) || x > 4e9)
		return -1;
	*out = x;
	return 0;
}

/*
 * cpu, wall (seconds), memory (MiB), output (KiB), processes: the limits of
 * each run, capped by the grader's ceilings (spec.h). Returns 0, or -1.
 */
static int
set_limits(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	static const struct {
		const char *key;
		int time;
		double scale;	/* of a bare number, to ms or KiB */
		double max;
		const char *help;
	} fields[] = {
		{ "cpu", 1, 1000, SPEC_MAX_CPU_MS, "seconds of CPU time, like 2 or \"500ms\"" },
		{ "wall", 1, 1000, SPEC_MAX_WALL_MS, "seconds of wall-clock time, like 5 or \"1500ms\"" },
		{ "memory", 0, 1024, SPEC_MAX_MEMORY_KIB, "MiB, like 256 or \"512M\"" },
		{ "output", 0, 1, SPEC_MAX_OUTPUT_KIB, "KiB, like 64 or \"1M\"" },
	};
	unsigned *dst[] = { &s->limits.cpu_ms, &s->limits.wall_ms, &s->limits.memory_kib,
	    &s->limits.output_kib };
	unsigned errors = c->diags->errors;
	json_t *v;

	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		double x;

		if ((v = json_object_get(p->meta.fields, fields[i].key)) == NULL)
			continue;
		if (parse_limit(v, fields[i].time, fields[i].scale, &x)) {
			page_error(p, c->diags, fields[i].key, "field \"%s\" must be %s",
			    fields[i].key, fields[i].help);
		} else if (x > fields[i].max) {
			page_error(p, c->diags, fields[i].key, "%s: %g %s is above the ceiling "
			    "of %g %s that no exercise may pass", fields[i].key,
			    fields[i].time ? x / 1000 : x / (fields[i].scale == 1 ? 1 : 1024),
			    fields[i].time ? "s" : fields[i].scale == 1 ? "KiB" : "MiB",
			    fields[i].time ? fields[i].max / 1000 :
			    fields[i].max / (fields[i].scale == 1 ? 1 : 1024),
			    fields[i].time ? "s" : fields[i].scale == 1 ? "KiB" : "MiB");
		} else {
			*dst[i] = (unsigned)(x + 0.5);
		}
	}
	if ((v = json_object_get(p->meta.fields, "processes")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			page_error(p, c->diags, "processes",
			    "field \"processes\" must be a positive whole number");
		else if (json_integer_value(v) > SPEC_MAX_PROCESSES)
			page_error(p, c->diags, "processes", "processes: %lld is above the "
			    "ceiling of %d that no exercise may pass",
			    (long long)json_integer_value(v), SPEC_MAX_PROCESSES);
		else
			s->limits.processes = (unsigned)json_integer_value(v);
	}
	return c->diags->errors == errors ? 0 : -1;
}

/*
 * files (or extra-files, the and CodeRunner's word for it): read
 * into options.files, keyed by their base name.
 */
static int
set_files(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	struct xfiles fs = { 0 };
	json_t *files = NULL;
	const char *key = "files";
	int rc = -1;

	if (json_object_get(p->meta.fields, "extra-files") != NULL) {
		if (json_object_get(p->meta.fields, "files") != NULL) {
			page_error(p, c->diags, "extra-files", "use either \"files\" or "
			    "\"extra-files\", not both");
			return -1;
		}
		key = "extra-files";
	}
	if (expand(p, c, key, &fs))
		goto out;
	if (fs.n == 0) {
		rc = 0;
		goto out;
	}
	if ((files = json_object()) == NULL)
		goto nomem;
	rc = 0;
	for (size_t i = 0; i < fs.n; i++) {
		const char *base = strrchr(fs.v[i].rel, '/');
		char *data = NULL;
		size_t len = 0;

		base = base ? base + 1 : fs.v[i].rel;
		if (exercise_file_public(c, fs.v[i].rel))
			goto nomem;
		if (json_object_get(files, base) != NULL) {
			page_error(p, c->diags, key, "%s: two files are named \"%s\"", key, base);
			rc = -1;
			continue;
		}
		if (read_text(p, c, key, &fs.v[i], &data, &len)) {
			rc = -1;
			continue;
		}
		if (json_object_set_new(files, base, json_stringn(data, len))) {
			free(data);
			goto nomem;
		}
		free(data);
	}
	if (rc == 0 && json_object_set(s->options, "files", files))
		goto nomem;
	goto out;
nomem:
	page_error(p, c->diags, "files", "out of memory");
	rc = -1;
out:
	json_decref(files);
	xfiles_free(&fs);
	return rc;
}

static int
add_attachments(const struct page *p, const struct exercise_ctx *c)
{
	struct xfiles fs = { 0 };
	int rc = expand(p, c, "attachments", &fs);

	for (size_t i = 0; rc == 0 && i < fs.n; i++) {
		if (json_object_set_new(c->attachments, fs.v[i].rel, json_pack("{s:s, s:i}",
		    "file", p->file, "line", (json_int_t)meta_key_line(&p->meta, "attachments")))) {
			page_error(p, c->diags, "attachments", "out of memory");
			rc = -1;
		}
	}
	xfiles_free(&fs);
	return rc;
}

/* ---- stdio: arguments, all-or-nothing ----------------------------------------- */

/*
 * arguments: one file per test, in the tests' order (public, then private),
 * each holding that test's command-line arguments separated by white space;
 * carried as options.arguments, a list of lists of strings.
 */
#define ARGS_MAX 256	/* per test, as sandbox/testers/tester_stdio.c takes them */

static int
set_arguments(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	struct xfiles fs = { 0 };
	json_t *all = NULL;
	int rc = -1;

	if (json_object_get(p->meta.fields, "arguments") == NULL)
		return 0;
	if (expand(p, c, "arguments", &fs))
		goto out;
	if (fs.n != s->ntests) {
		page_error(p, c->diags, "arguments", "arguments has %zu file%s but the "
		    "exercise has %zu test%s: one file of arguments per test, in the "
		    "tests' order (public, then private)", fs.n, fs.n == 1 ? "" : "s",
		    s->ntests, s->ntests == 1 ? "" : "s");
		goto out;
	}
	if ((all = json_array()) == NULL)
		goto nomem;
	rc = 0;
	for (size_t i = 0; i < fs.n; i++) {
		json_t *args = json_array();
		char *data = NULL;
		size_t len = 0;

		if (args == NULL || json_array_append_new(all, args) ||
		    exercise_file_private(c, fs.v[i].rel))
			goto nomem;
		if (read_text(p, c, "arguments", &fs.v[i], &data, &len)) {
			rc = -1;
			continue;
		}
		if (memchr(data, '\0', len) != NULL) {
			page_error(p, c->diags, "arguments", "arguments: %s has a NUL byte",
			    fs.v[i].rel);
			free(data);
			rc = -1;
			continue;
		}
		for (size_t k = 0; k < len;) {
			size_t start;

			while (k < len && isspace((unsigned char)data[k]))
				k++;
			start = k;
			while (k < len && !isspace((unsigned char)data[k]))
				k++;
			if (k > start && json_array_append_new(args,
			    json_stringn(data + start, k - start))) {
				free(data);
				goto nomem;
			}
		}
		free(data);
		if (json_array_size(args) > ARGS_MAX) {
			page_error(p, c->diags, "arguments", "arguments: %s has %zu arguments, "
			    "more than %d", fs.v[i].rel, json_array_size(args), ARGS_MAX);
			rc = -1;
		}
	}
	if (rc == 0 && json_object_set(s->options, "arguments", all))
		goto nomem;
	goto out;
nomem:
	page_error(p, c->diags, "arguments", "out of memory");
	rc = -1;
out:
	json_decref(all);
	xfiles_free(&fs);
	return rc;
}

/* A yes/no field carried as a boolean in options (KEY too). */
static int
set_boolean(const struct page *p, const struct exercise_ctx *c, struct spec *s,
    const char *key)
{
	json_t *v = json_object_get(p->meta.fields, key);

	if (v == NULL)
		return 0;
	if (!json_is_boolean(v)) {
		page_error(p, c->diags, key, "field \"%s\" must be yes or no", key);
		return -1;
	}
	if (json_object_set(s->options, key, v)) {
		page_error(p, c->diags, key, "out of memory");
		return -1;
	}
	return 0;
}

/* ---- doctest ------------------------------------------------------------------ */

/* Does TEXT have an example: a line whose first non-blank characters are >>>? */
static int
has_example(const char *text)
{
	for (const char *l = text; l != NULL; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		while (*l == ' ' || *l == '\t')
			l++;
		if (strncmp(l, ">>>", 3) == 0)
			return 1;
	}
	return 0;
}

/*
 * The files of field KEY (or the default file DEF, a glob, when KEY is
 * absent and DEF is not NULL), read and joined: a blank line between two
 * files, so that the last expected output of one never runs into the next.
 * Sets *OUT to a new string, or NULL when there is no file. 0, or -1.
 */
static int
doctest_text(const struct page *p, const struct exercise_ctx *c, const char *key,
    const char *def, json_t **out)
{
	struct xfiles fs = { 0 };
	struct buf b = BUF_INIT;
	int rc = -1;

	*out = NULL;
	if (def != NULL ? expand_one(p, c, "tester", NULL, def, &fs) : expand(p, c, key, &fs))
		goto out;
	rc = 0;
	for (size_t i = 0; i < fs.n; i++) {
		char *data = NULL;
		size_t len = 0;

		if ((strcmp(key, "private-tests") == 0 ? exercise_file_private(c, fs.v[i].rel) :
		    exercise_file_public(c, fs.v[i].rel))) {
			b.oom = 1;
			break;
		}
		if (read_text(p, c, def ? "tester" : key, &fs.v[i], &data, &len)) {
			rc = -1;
			continue;
		}
		if (b.len > 0)
			buf_puts(&b, b.data[b.len - 1] == '\n' ? "\n" : "\n\n");
		buf_add(&b, data, len);
		free(data);
	}
	if (b.oom) {
		page_error(p, c->diags, def ? "tester" : key, "out of memory");
		rc = -1;
	} else if (rc == 0 && fs.n > 0) {
		if (b.len == 0 || b.data[b.len - 1] != '\n')
			buf_putc(&b, '\n');
		if ((*out = json_stringn(b.data, b.len)) == NULL) {
			page_error(p, c->diags, def ? "tester" : key, "%s: not text", key);
			rc = -1;
		}
	}
out:
	buf_free(&b);
	xfiles_free(&fs);
	return rc;
}

/*
 * The fields of `tester: doctest`: public-tests (or Codex's legacy tests,
 * public; default: the page's name with .tst when that file exists) and
 * private-tests, files of doctest examples, never published; carried as
 * options.doctest {"public"?, "private"?}.
 */
static int
set_doctest(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	json_t *f = p->meta.fields, *pub = NULL, *priv = NULL, *dt = NULL;
	const char *pubkey = json_object_get(f, "public-tests") ? "public-tests" : "tests";
	unsigned errors = c->diags->errors;
	char *def = NULL;

	if (json_object_get(f, "public-tests") != NULL && json_object_get(f, "tests") != NULL) {
		page_error(p, c->diags, "tests", "\"tests\" is Codex's name for "
		    "\"public-tests\": give only one");
		return -1;
	}
	if (json_object_get(f, pubkey) == NULL && json_object_get(f, "private-tests") == NULL) {
		/* The page's name with .tst, escaped for glob(). */
		const char *base = strrchr(p->id, '/');
		struct buf b = BUF_INIT;
		char *path = NULL;

		base = base ? base + 1 : p->id;
		if (asprintf(&path, "%s/%s%s.tst", c->root, p->dir, base) >= 0 &&
		    access(path, F_OK) == 0) {
			glob_escape(&b, base);
			buf_puts(&b, ".tst");
			def = b.oom ? NULL : strndup(b.data, b.len);
		}
		free(path);
		buf_free(&b);
		if (def == NULL) {
			page_error(p, c->diags, "tester", "a doctest exercise needs examples: "
			    "\"public-tests\" and \"private-tests\" name files of them (or put "
			    "them in %s.tst beside the page)", base);
			return -1;
		}
	}
	doctest_text(p, c, pubkey, def, &pub);
	doctest_text(p, c, "private-tests", NULL, &priv);
	free(def);
	if (c->diags->errors != errors)
		goto out;
	if (!(pub && has_example(json_string_value(pub))) &&
	    !(priv && has_example(json_string_value(priv)))) {
		page_error(p, c->diags, json_object_get(f, pubkey) ? pubkey :
		    json_object_get(f, "private-tests") ? "private-tests" : "tester",
		    "no doctest examples (lines starting with >>>) in the test files");
		goto out;
	}
	if ((dt = json_object()) == NULL ||
	    (pub && json_object_set(dt, "public", pub)) ||
	    (priv && json_object_set(dt, "private", priv)) ||
	    json_object_set(s->options, "doctest", dt))
		page_error(p, c->diags, "tester", "out of memory");
out:
	json_decref(pub);
	json_decref(priv);
	json_decref(dt);
	return c->diags->errors == errors ? 0 : -1;
}

/* ---- What each tester reads ---------------------------------------------------- */

/*
 * Fields that only some testers read: on a page of another tester they
 * would do nothing, silently, so they are errors.
 */
static const struct {
	const char *field;
	const char *testers;	/* space-separated */
} tester_fields[] = {
	{ "inputs", "stdio" }, { "outputs", "stdio" },
	{ "public-inputs", "stdio" }, { "public-outputs", "stdio" },
	{ "private-inputs", "stdio" }, { "private-outputs", "stdio" },
	{ "files", "stdio" }, { "extra-files", "stdio" }, { "arguments", "stdio" },
	{ "all-or-nothing", "stdio cases" },
	{ "public-tests", "doctest" }, { "private-tests", "doctest" },
	{ "tests", "doctest" }, { "linter", "doctest" }, { "linter-args", "doctest" },
	{ "target", "mudoctest" }, { "mutants", "mudoctest" },
	{ "limit-tests", "mudoctest" },
	{ "grader", "cases" }, { "template", "cases" }, { "cases", "cases" },
	{ "functions", "cases" },
	{ "properties", "quickcheck" }, { "timeout", "quickcheck" },
	{ "max-success", "quickcheck hspec" }, { "maxSuccess", "quickcheck hspec" },
	{ "qc-max-success", "quickcheck hspec" }, { "max-size", "quickcheck hspec" },
	{ "maxSize", "quickcheck hspec" }, { "qc-max-size", "quickcheck hspec" },
	{ "max-discard-ratio", "quickcheck hspec" },
	{ "maxDiscardRatio", "quickcheck hspec" },
	{ "qc-max-discard", "quickcheck hspec" }, { "seed", "quickcheck hspec" },
	{ "randSeed", "quickcheck hspec" },
	{ "spec", "hspec" }, { "header", "hspec quickcheck" },
	{ "shuffle-questions", "quiz" }, { "shuffle-answers", "quiz" },
	{ "shuffle-seed", "quiz" }, { "random-seed", "quiz" }, { "correct-weight", "quiz" },
	{ "incorrect-weight", "quiz" }, { "printout", "quiz" },
	{ "show-answers", "quiz" },
	{ "answer", "sqlite-query" }, { "public-databases", "sqlite-query" },
	{ "private-databases", "sqlite-query" }, { "databases", "sqlite-query" },
	{ "ignore-order", "sqlite-query" }, { "compare-column-names", "sqlite-query" },
};

static int
word_in(const char *word, const char *list)
{
	size_t n = strlen(word);

	for (const char *w = list; *w != '\0'; w += strcspn(w, " "), w += *w == ' ') {
		if (strncmp(w, word, n) == 0 && (w[n] == ' ' || w[n] == '\0'))
			return 1;
	}
	return 0;
}

static void
check_tester_fields(const struct page *p, const struct exercise_ctx *c)
{
	for (size_t i = 0; i < sizeof(tester_fields) / sizeof(*tester_fields); i++) {
		const char *t = tester_fields[i].testers;

		if (json_object_get(p->meta.fields, tester_fields[i].field) == NULL ||
		    word_in(p->tester, t))
			continue;
		if (strchr(t, ' ') != NULL)
			page_error(p, c->diags, tester_fields[i].field, "field \"%s\" is for "
			    "the %.*s and %s testers, not %s", tester_fields[i].field,
			    (int)strcspn(t, " "), t, t + strcspn(t, " ") + 1, p->tester);
		else
			page_error(p, c->diags, tester_fields[i].field, "field \"%s\" is for "
			    "the %s tester, not %s", tester_fields[i].field, t, p->tester);
	}
}

/*
 * The languages a tester grades (NULL: any the grader knows) and whether
 * an exercise may offer several.
 */
static void
check_tester_languages(const struct page *p, const struct exercise_ctx *c,
    const struct spec *s)
{
	static const struct {
		const char *tester;
		const char *langs;	/* space-separated canonical names */
		const char *help;
		int one;
	} t[] = {
		{ "quickcheck", "c haskell", "C functions, or Haskell with a .hs"
		    " property file (language: c, or language: haskell)", 0 },
		{ "hspec", "c haskell", "Haskell or C (language: haskell, or"
		    " language: c)", 1 },
		{ "doctest", "python", "Python only (language: python)", 1 },
		{ "mudoctest", "python", "Python only (language: python)", 1 },
		{ "cases", "c python", "C or Python (language: c, or language: python)", 1 },
		{ "sqlite-query", "sql", "SQL queries only (language: sql)", 1 },
	};
	const char *key = json_object_get(p->meta.fields, "languages") ? "languages" :
	    "language";

	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		if (strcmp(p->tester, t[i].tester) != 0)
			continue;
		for (size_t k = 0; k < s->nlanguages; k++)
			if (!word_in(s->languages[k], t[i].langs)) {
				page_error(p, c->diags, key, "the %s tester grades %s", t[i].tester,
				    t[i].help);
				return;
			}
		if (t[i].one && s->nlanguages > 1)
			page_error(p, c->diags, key, "a %s exercise has one language: its "
			    "tests are written in it", t[i].tester);
	}
}

/* ---- quickcheck ------------------------------------------------------------ */

/*
 * A whole number field of the quickcheck tester, under any of its names
 * (Assay's, then Codex's spellings). Absent: 0 and nothing set. Returns 1
 * when set (in *OUT), 0 when absent, -1 after reporting.
 */
static int
qc_number(const struct page *p, const struct exercise_ctx *c,
    const char *const *names, long long min, long long max, long long *out)
{
	const char *found = NULL;
	json_t *v = NULL;

	for (const char *const *n = names; *n != NULL; n++) {
		json_t *x = json_object_get(p->meta.fields, *n);

		if (x == NULL)
			continue;
		if (found != NULL) {
			page_error(p, c->diags, *n, "\"%s\" and \"%s\" are the same field:"
			    " give only one", found, *n);
			return -1;
		}
		found = *n;
		v = x;
	}
	if (found == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max) {
		page_error(p, c->diags, found, "field \"%s\" must be a whole number from"
		    " %lld to %lld", found, min, max);
		return -1;
	}
	*out = json_integer_value(v);
	return 1;
}

/* Is there a file NAME.c in the page's directory? */
static int
default_exists(const struct page *p, const struct exercise_ctx *c, const char *name)
{
	char *path = NULL;
	int ok;

	if (asprintf(&path, "%s/%s%s.c", c->root, p->dir, name) == -1)
		return 0;
	ok = access(path, F_OK) == 0;
	free(path);
	return ok;
}

/*
 * The fields of `tester: quickcheck`: the property file (`properties:`,
 * default the page's name with .c) carried as options.properties {file,
 * text}, never published; the numbers, under Assay's and Codex's names.
 */
static int qc_numbers(const struct page *p, const struct exercise_ctx *c,
    struct spec *s);

static int
set_quickcheck(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	unsigned errors = c->diags->errors;
	struct xfiles fs = { 0 };
	json_t *v, *props = NULL;
	char *pattern = NULL, *data = NULL;
	const char *base;
	size_t len = 0;
	int rc = -1;

	qc_numbers(p, c, s);	/* reports its own mistakes */
	if ((v = json_object_get(p->meta.fields, "timeout")) != NULL) {
		double ms;

		if (parse_limit(v, 1, 1000, &ms) || ms > 5000)
			page_error(p, c->diags, "timeout", "field \"timeout\" must be the"
			    " time one call may take, up to 5 s, like \"200ms\" or 0.5");
		else if (json_object_set_new(s->options, "timeout_ms",
		    json_integer((json_int_t)(ms + 0.5))))
			goto nomem;
	}

	v = json_object_get(p->meta.fields, "properties");
	if (v != NULL && !json_is_string(v)) {
		page_error(p, c->diags, "properties", "field \"properties\" must name"
		    " the property file, relative to the page");
		goto out;
	}
	if (v == NULL) {
		/* The page's name with .c, escaped for glob(). */
		struct buf b = BUF_INIT;

		base = strrchr(p->id, '/');
		glob_escape(&b, base ? base + 1 : p->id);
		buf_puts(&b, ".c");
		if (b.oom) {
			buf_free(&b);
			goto nomem;
		}
		pattern = strndup(b.data, b.len);
		buf_free(&b);
		if (pattern == NULL)
			goto nomem;
		if (!default_exists(p, c, base ? base + 1 : p->id)) {
			page_error(p, c->diags, "tester", "no property file %s.c beside the"
			    " page (name another one with \"properties:\")",
			    base ? base + 1 : p->id);
			goto out;
		}
		if (expand_one(p, c, "tester", NULL, pattern, &fs))
			goto out;
	} else if (expand(p, c, "properties", &fs)) {
		goto out;
	}
	if (fs.n != 1) {
		page_error(p, c->diags, v ? "properties" : "tester", "one property file is"
		    " needed, not %zu", fs.n);
		goto out;
	}
	if (exercise_file_private(c, fs.v[0].rel))
		goto nomem;
	if (read_text(p, c, v ? "properties" : "tester", &fs.v[0], &data, &len))
		goto out;
	base = strrchr(fs.v[0].rel, '/');
	if ((props = json_pack("{s:s, s:s%}", "file", base ? base + 1 : fs.v[0].rel,
	    "text", data, len)) == NULL ||
	    json_object_set_new(s->options, "properties", props))
		goto nomem;
	rc = c->diags->errors == errors ? 0 : -1;
	goto out;
nomem:
	page_error(p, c->diags, "tester", "out of memory");
out:
	free(pattern);
	free(data);
	xfiles_free(&fs);
	return rc;
}

/*
 * The quickcheck numbers under every name, for the quickcheck and
 * hspec testers: max-success, maxSuccess, qc-max-success; max-size...;
 * max-discard-ratio...; seed, randSeed, into S's options max_success,
 * max_size, max_discard_ratio, seed. Returns 0, or -1 after reporting.
 */
static int
qc_numbers(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	static const char *const success[] = { "max-success", "maxSuccess",
	    "qc-max-success", NULL };
	static const char *const size[] = { "max-size", "maxSize", "qc-max-size", NULL };
	static const char *const discard[] = { "max-discard-ratio", "maxDiscardRatio",
	    "qc-max-discard", NULL };
	static const char *const seed[] = { "seed", "randSeed", NULL };
	const struct {
		const char *const *names;
		const char *key;
		long long min, max;
	} nums[] = {
		{ success, "max_success", 1, 1000000 },
		{ size, "max_size", 0, 1000000 },
		{ discard, "max_discard_ratio", 1, 1000 },
		{ seed, "seed", 0, (long long)(((unsigned long long)1 << 63) - 1) },
	};
	long long x;
	int rc = 0, r;

	for (size_t i = 0; i < sizeof(nums) / sizeof(*nums); i++) {
		if ((r = qc_number(p, c, nums[i].names, nums[i].min, nums[i].max, &x)) == -1)
			rc = -1;
		if (r == 1 && json_object_set_new(s->options, nums[i].key, json_integer(x))) {
			page_error(p, c->diags, nums[i].names[0], "out of memory");
			rc = -1;
		}
	}
	return rc;
}

/*
 * The one file named by field KEY of page P (a path relative to the page),
 * or when P has no KEY the file DFLT beside the page (a name), marked as a
 * grading file (never published): a new {"file": its name, "text": its
 * text}, or NULL after reporting.
 */
static json_t *
grading_file(const struct page *p, const struct exercise_ctx *c,
    const char *key, const char *dflt)
{
	json_t *v = json_object_get(p->meta.fields, key), *out = NULL;
	struct xfiles fs = { 0 };
	struct buf b = BUF_INIT;
	char *data = NULL;
	const char *base;
	size_t len = 0;

	if (v != NULL && !json_is_string(v)) {
		page_error(p, c->diags, key, "field \"%s\" must name a file, relative"
		    " to the page", key);
		return NULL;
	}
	if (v == NULL) {
		glob_escape(&b, dflt);
		buf_puts(&b, "");
		if (b.oom || expand_one(p, c, "tester", NULL, b.data, &fs))
			goto out;
	} else if (expand(p, c, key, &fs)) {
		goto out;
	}
	if (fs.n != 1) {
		page_error(p, c->diags, v ? key : "tester", "one file is needed, not %zu",
		    fs.n);
		goto out;
	}
	if (mark(c->grading, fs.v[0].rel) ||
	    read_text(p, c, v ? key : "tester", &fs.v[0], &data, &len))
		goto out;
	base = strrchr(fs.v[0].rel, '/');
	out = json_pack("{s:s, s:s%}", "file", base ? base + 1 : fs.v[0].rel,
	    "text", data, len);
out:
	buf_free(&b);
	free(data);
	xfiles_free(&fs);
	return out;
}

/* tester: quickcheck: C or Haskell properties (exercise_hspec.c takes a
 * Haskell file's header). */
static void
set_quickcheck_hs(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	json_t *v = json_object_get(p->meta.fields, "header");
	char *header = NULL;

	set_quickcheck(p, c, s);
	if (json_is_string(v) && (header = strip_fence(json_string_value(v))) == NULL)
		page_error(p, c->diags, "header", "out of memory");
	exercise_hspec_quickcheck(p, s, c, header);
	free(header);
}

/* tester: hspec: the QuickCheck numbers, the spec file, the header
 * (exercise_hspec.h has the fields and checks them). */
static void
set_hspec(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	json_t *v = json_object_get(p->meta.fields, "header"), *prog = NULL;
	char *dflt = NULL, *header = NULL;

	qc_numbers(p, c, s);
	if (json_object_get(p->meta.fields, "spec") != NULL ||
	    (dflt = exercise_hspec_default(p, c)) != NULL)
		prog = grading_file(p, c, "spec", dflt);
	if (json_is_string(v) && (header = strip_fence(json_string_value(v))) == NULL)
		page_error(p, c->diags, "header", "out of memory");
	exercise_hspec_build(p, s, c, prog, header);
	free(header);
	free(dflt);
}

/* tester: stdio: the tests, their arguments and files. */
static void
set_stdio(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	unsigned before = c->diags->errors;
	long listed = add_listed_tests(p, c, s);

	add_tests(p, c, s, "public", listed > 0 ? (size_t)listed : 0);
	add_tests(p, c, s, "private", 0);
	if (c->diags->errors == before && s->ntests == 0)
		page_error(p, c->diags, "tester", "no tests: every program would be "
		    "Accepted; give inputs and outputs, or public-inputs and "
		    "public-outputs (private-inputs and private-outputs too)");
	if (c->diags->errors == before)
		set_arguments(p, c, s);
	set_files(p, c, s);
	set_boolean(p, c, s, "all-or-nothing");
}

/* ---- mudoctest ------------------------------------------------------------------ */

static void files_free(struct exercise_file *f, size_t n);

/*
 * The files of field KEY, read: *OUT (N of them; NULL and 0 when the field
 * is absent). Returns 0, or -1 after reporting, with *OUT NULL.
 */

static int
files_read(const struct page *p, const struct exercise_ctx *c,
    const char *key, struct exercise_file **out, size_t *n)
{
	struct xfiles fs = { 0 };
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (expand(p, c, key, &fs))
		goto out;
	if (fs.n > 0 && (*out = calloc(fs.n, sizeof(**out))) == NULL) {
		page_error(p, c->diags, key, "out of memory");
		goto out;
	}
	rc = 0;
	for (size_t i = 0; i < fs.n; i++) {
		*n = i + 1;
		if (read_text(p, c, key, &fs.v[i], &(*out)[i].text, &(*out)[i].len))
			rc = -1;
		(*out)[i].rel = fs.v[i].rel;
		fs.v[i].rel = NULL;
	}
	if (rc == -1) {
		files_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
out:
	xfiles_free(&fs);
	return rc;
}

static void
files_free(struct exercise_file *f, size_t n)
{
	for (size_t i = 0; f != NULL && i < n; i++) {
		free(f[i].rel);
		free(f[i].text);
	}
	free(f);
}

/* tester: mudoctest: its files read here, its fields in exercise_mudoctest.c. */
static void
set_mudoctest(const struct page *p, const struct exercise_ctx *c, struct spec *s)
{
	struct exercise_file *t = NULL, *m = NULL;
	size_t nt = 0, nm = 0;
	int rt = files_read(p, c, "target", &t, &nt);
	int rm = files_read(p, c, "mutants", &m, &nm);

	if (rt == 0 && rm == 0)
		exercise_mudoctest_build(p, s, c, t, nt, m, nm);
	files_free(t, nt);
	files_free(m, nm);
}

struct spec *
exercise_spec(const struct page *p, const char *title, const struct exercise_ctx *c)
{
	static const char *const testers[] = { "stdio", "quickcheck", "doctest", "cases",
	    "quiz", "hspec", "accept", "sqlite-query", "mudoctest", NULL };
	unsigned errors = c->diags->errors;
	const char *const *t;
	struct spec *s = NULL;
	json_t *code;

	for (t = testers; *t != NULL && strcmp(*t, p->tester) != 0; t++)
		;
	if (*t == NULL) {
		page_error(p, c->diags, "tester", "tester \"%s\" is not supported "
		    "(this version of Assay has: stdio, quickcheck, doctest, cases, quiz, "
		    "hspec, accept, sqlite-query, mudoctest)",
		    p->tester);
		return NULL;
	}
	if (!spec_id_valid(p->id)) {
		diag_error(c->diags, p->file, 1, "an exercise's path is its id: use "
		    "letters, digits, '-', '_' and '.' in directory and file names");
		return NULL;
	}
	if ((s = spec_new()) == NULL || (s->id = strdup(p->id)) == NULL ||
	    (s->title = strdup(title)) == NULL || (s->tester = strdup(p->tester)) == NULL) {
		diag_error(c->diags, p->file, 1, "out of memory");
		goto err;
	}
	check_tester_fields(p, c);
	if (strcmp(p->tester, "quiz") == 0) {
		/* A quiz has questions instead of languages and tests. */
		if (set_rules(p, c, s) == 0 && c->diags->errors == errors)
			exercise_quiz_build(p, s, c);
		add_attachments(p, c);
		if (c->diags->errors != errors)
			goto err;
		return s;
	}
	if (set_languages(p, c, s) == 0)
		check_tester_languages(p, c, s);
	code = json_object_get(p->meta.fields, "code");
	if (code != NULL && !json_is_null(code)) {
		if (!json_is_string(code)) {
			page_error(p, c->diags, "code", "field \"code\" must be text "
			    "(use \"code: |\" and indent the skeleton below it)");
		} else {
			free(s->code);
			if ((s->code = strip_fence(json_string_value(code))) == NULL)
				page_error(p, c->diags, "code", "out of memory");
		}
	}
	set_rules(p, c, s);
	set_limits(p, c, s);
	if (strcmp(p->tester, "quickcheck") == 0) {
		set_quickcheck_hs(p, c, s);
	} else if (strcmp(p->tester, "hspec") == 0) {
		set_hspec(p, c, s);
	} else if (strcmp(p->tester, "doctest") == 0) {
		set_doctest(p, c, s);
		exercise_linter_build(p, c, json_object_get(s->options, "doctest"));
	} else if (strcmp(p->tester, "cases") == 0) {
		exercise_cases_build(p, s, c);
	} else if (strcmp(p->tester, "sqlite-query") == 0) {
		exercise_sqlite_build(p, s, c);
	} else if (strcmp(p->tester, "accept") == 0) {
		;	/* nothing is checked: no tests, no error */
	} else if (strcmp(p->tester, "mudoctest") == 0) {
		set_mudoctest(p, c, s);
	} else {
		set_stdio(p, c, s);
	}
	if (spec_has_language(s, "haskell") && strcmp(p->tester, "stdio") == 0)
		exercise_hspec_need_ghc(p, c, json_object_get(p->meta.fields,
		    "languages") ? "languages" : "language");
	add_attachments(p, c);
	if (c->diags->errors != errors)
		goto err;
	return s;
err:
	spec_free(s);
	return NULL;
}

