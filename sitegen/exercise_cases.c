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

/* ---- functions: the isolated mode's prototypes ---------------------------- */

#define PROTO_MAX_PARAMS 6
#define PROTO_MAX_FUNCS 32
#define PROTO_MAX_WORDS 8

/* The words a scalar type may be made of. */
static const char *const type_words[] = {
	"void", "char", "short", "int", "long", "signed", "unsigned", "float",
	"double", "_Bool", "bool", "const", "size_t", "ssize_t", "ptrdiff_t",
	"intptr_t", "uintptr_t", "int8_t", "int16_t", "int32_t", "int64_t",
	"uint8_t", "uint16_t", "uint32_t", "uint64_t", NULL
};

static int
is_type_word(const char *w, size_t n)
{
	for (const char *const *t = type_words; *t != NULL; t++)
		if (strlen(*t) == n && strncmp(*t, w, n) == 0)
			return 1;
	return 0;
}

/* A type, its words (const apart) and its stars. */
struct ctype {
	char words[PROTO_MAX_WORDS][16];
	size_t nwords;
	int stars, is_const;
	char name[64];		/* the parameter's or function's name, or "" */
};

/*
 * Parses [S, END) as a type and an optional name (NAMED: 1 must have
 * one, 0 may have one) into T. 0, or -1 with ERR.
 */
static int
parse_decl(const char *s, const char *end, int named, struct ctype *t,
    char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	while (s < end) {
		const char *w = s;
		size_t n;

		if (*s == ' ' || *s == '\t' || *s == '\n') {
			s++;
			continue;
		}
		if (*s == '*') {
			if (t->name[0] != '\0')
				goto syntax;
			t->stars++;
			s++;
			continue;
		}
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			goto syntax;
		while (s < end && (*s == '_' || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			s++;
		n = (size_t)(s - w);
		if ((n == 6 && strncmp(w, "struct", 6) == 0) ||
		    (n == 5 && strncmp(w, "union", 5) == 0)) {
			snprintf(err, errlen, "a struct or union cannot cross to the"
			    " student's process: numbers, characters and strings"
			    " (const char *, char *) only");
			return -1;
		}
		if (t->name[0] != '\0')
			goto syntax;
		if (n == 5 && strncmp(w, "const", 5) == 0) {
			t->is_const = 1;
		} else if (is_type_word(w, n) && t->stars == 0) {
			if (t->nwords == PROTO_MAX_WORDS)
				goto syntax;
			snprintf(t->words[t->nwords++], sizeof(t->words[0]), "%.*s",
			    (int)n, w);
		} else if (t->nwords > 0 && n < sizeof(t->name)) {
			snprintf(t->name, sizeof(t->name), "%.*s", (int)n, w);
		} else {
			snprintf(err, errlen, "unknown type %.*s: numbers, characters"
			    " and strings (const char *, char *) only", (int)n, w);
			return -1;
		}
	}
	if (t->nwords == 0 || (named && t->name[0] == '\0'))
		goto syntax;
	return 0;
syntax:
	snprintf(err, errlen, "not a C prototype such as \"int sqr(int x)\"");
	return -1;
}

/* T as a type ("unsigned long", "const char *"), into OUT; checks it
 * crosses. 0, or -1 with ERR. */
static int
type_text(const struct ctype *t, int param, char *out, size_t len, char *err,
    size_t errlen)
{
	size_t k = 0;
	int is_char = t->nwords == 1 && strcmp(t->words[0], "char") == 0;
	int is_void = t->nwords == 1 && strcmp(t->words[0], "void") == 0;

	out[0] = '\0';
	if (t->stars > 1 || (t->stars == 1 && !is_char)) {
		snprintf(err, errlen, "a pointer other than const char * or char *"
		    " cannot cross to the student's process");
		return -1;
	}
	if (is_void && (param || t->stars)) {
		snprintf(err, errlen, "void is a parameter list alone, or a result");
		return -1;
	}
	for (size_t i = 0; i < t->nwords; i++)
		if (strcmp(t->words[i], "void") == 0 && t->nwords > 1)
			goto bad;
	if (t->nwords == 2 && strcmp(t->words[0], "long") == 0 &&
	    strcmp(t->words[1], "double") == 0)
		goto bad;
	if (t->is_const && t->stars == 1)
		k += (size_t)snprintf(out + k, len - k, "const ");
	for (size_t i = 0; i < t->nwords && k < len; i++)
		k += (size_t)snprintf(out + k, len - k, "%s%s", i ? " " : "",
		    t->words[i]);
	if (t->stars && k < len)
		snprintf(out + k, len - k, " *");
	return 0;
bad:
	snprintf(err, errlen, "this type cannot cross to the student's process");
	return -1;
}

/* The parameters [S, END) into PARAMS. 0, or -1 with ERR. */
static int
parse_params(const char *s, const char *end, json_t *params, char *err,
    size_t errlen)
{
	size_t n = 0;

	for (const char *q = s; q < end; q++)
		if (*q != ' ' && *q != '\t')
			n++;
	if (n == 0)
		return 0;	/* f(): as f(void) */
	while (s < end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *e = comma ? comma : end;
		struct ctype t;
		char type[96];

		if (memmem(s, (size_t)(e - s), "...", 3) != NULL) {
			snprintf(err, errlen, "a variadic function (...) cannot be"
			    " called across");
			return -1;
		}
		if (parse_decl(s, e, 0, &t, err, errlen) == -1)
			return -1;
		if (t.nwords == 1 && !strcmp(t.words[0], "void") && !t.stars &&
		    !t.name[0] && json_array_size(params) == 0 && comma == NULL)
			return 0;
		if (type_text(&t, 1, type, sizeof(type), err, errlen) == -1)
			return -1;
		if (json_array_size(params) == PROTO_MAX_PARAMS) {
			snprintf(err, errlen, "more than %d parameters",
			    PROTO_MAX_PARAMS);
			return -1;
		}
		json_array_append_new(params, json_string(type));
		s = comma ? comma + 1 : end;
	}
	return 0;
}

json_t *
exercise_cases_prototype(const char *text, char *err, size_t errlen)
{
	const char *open = strchr(text, '('), *close, *end = text + strlen(text);
	struct ctype t;
	char ret[96];
	json_t *params;

	while (end > text && (end[-1] == ' ' || end[-1] == ';' || end[-1] == '\n'))
		end--;
	if (strchr(text, '[') != NULL) {
		snprintf(err, errlen, "an array cannot cross to the student's process:"
		    " numbers, characters and strings only");
		return NULL;
	}
	if (open == NULL || end == text || end[-1] != ')') {
		snprintf(err, errlen, "not a C prototype such as \"int sqr(int x)\"");
		return NULL;
	}
	close = end - 1;
	if (memchr(open + 1, '(', (size_t)(close - open - 1)) != NULL ||
	    memchr(text, ')', (size_t)(open - text)) != NULL) {
		snprintf(err, errlen, "a function pointer cannot cross to the"
		    " student's process");
		return NULL;
	}
	if (parse_decl(text, open, 1, &t, err, errlen) == -1 ||
	    type_text(&t, 0, ret, sizeof(ret), err, errlen) == -1)
		return NULL;
	if ((params = json_array()) == NULL ||
	    parse_params(open + 1, close, params, err, errlen) == -1) {
		json_decref(params);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:o}", "ret", ret, "name", t.name, "params",
	    params);
}

/* ---- functions from the skeleton: the isolated mode by default ---------- */

static const char *skip_lexeme(const char *s);

/* Whether [S, E) is white space and comments only. */
static int
blank(const char *s, const char *e)
{
	while (s < e) {
		if (s[0] == '/' && (s[1] == '/' || s[1] == '*')) {
			s = skip_lexeme(s);
			continue;
		}
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' &&
		    *s != '\f' && *s != '\v')
			return 0;
		s++;
	}
	return 1;
}

/* S past the comment, string or character literal it starts, or S when it
 * starts none. */
static const char *
skip_lexeme(const char *s)
{
	if (s[0] == '/' && s[1] == '/') {
		while (*s != '\0' && *s != '\n')
			s++;
		return s;
	}
	if (s[0] == '/' && s[1] == '*') {
		const char *e = strstr(s + 2, "*/");

		return e ? e + 2 : s + strlen(s);
	}
	if (*s == '"' || *s == '\'') {
		char q = *s++;

		while (*s != '\0' && *s != q && *s != '\n')
			s += (*s == '\\' && s[1] != '\0') ? 2 : 1;
		return *s == q ? s + 1 : s;
	}
	return s;
}

static int
ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* Whether TEXT (NULL: any text) has the identifier NAME[0, N) as a word. */
static int
mentions(const char *text, const char *name, size_t n)
{
	const char *end, *t;

	if (text == NULL)
		return 1;
	end = text + strlen(text);
	for (t = text; (t = memmem(t, (size_t)(end - t), name, n)) != NULL; t++)
		if ((t == text || !ident_char(t[-1])) && !ident_char(t[n]))
			return 1;
	return 0;
}

/*
 * Appends the declaration [S, E) (a function's head, or a prototype ending
 * in ";") to ARR when it is a function's that CALLS (the tests' code; NULL:
 * every function is called) names, without its comments; a function it
 * does not name is the answer's own (a helper: any prototype). 0, or -1
 * with WHY.
 */
static int
skeleton_decl(const char *s, const char *e, const char *calls, json_t *arr,
    char *why, size_t len)
{
	char text[512], err[256];
	size_t n = 0;
	json_t *one, *old;
	size_t i;

	while (s < e && n < sizeof(text) - 1) {
		const char *t = skip_lexeme(s);

		if (t != s) {
			if (*s == '"' || *s == '\'')
				goto notfn;
			text[n++] = ' ';
			s = t;
			continue;
		}
		text[n++] = *s == '\r' || *s == '\f' || *s == '\v' ? ' ' : *s;
		s++;
	}
	if (s < e) {
		snprintf(why, len, "a declaration longer than %zu characters",
		    sizeof(text) - 1);
		return -1;
	}
	text[n] = '\0';
	while (n > 0 && strchr(" \t\n", text[n - 1]) != NULL)
		text[--n] = '\0';
	if (n == 0 || text[n - 1] != ')')
		goto notfn;
	{	/* the name: the identifier before the first '(' */
		const char *open = strchr(text, '('), *b = open;

		while (b > text && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\n'))
			b--;
		open = b;
		while (b > text && ident_char(b[-1]))
			b--;
		if (b == open)
			goto notfn;
		if (!mentions(calls, b, (size_t)(open - b)))
			return 0;	/* a helper the tests do not call */
	}
	for (const char *w = text; *w != '\0'; w++)
		if ((w == text || strchr(" \t\n*(", w[-1]) != NULL) &&
		    (strncmp(w, "static", 6) == 0 || strncmp(w, "inline", 6) == 0) &&
		    strchr(" \t\n", w[6]) != NULL) {
			snprintf(why, len, "the %.6s function in \"%s\"", w, text);
			return -1;
		}
	if ((one = exercise_cases_prototype(text, err, sizeof(err))) == NULL) {
		snprintf(why, len, "\"%s\": %s", text, err);
		return -1;
	}
	if (strcmp(json_string_value(json_object_get(one, "name")), "main") == 0) {
		json_decref(one);
		snprintf(why, len, "main()");
		return -1;
	}
	json_array_foreach(arr, i, old)
		if (json_equal(json_object_get(old, "name"), json_object_get(one, "name"))) {
			json_decref(one);
			return 0;	/* declared, then defined */
		}
	if (json_array_size(arr) == PROTO_MAX_FUNCS) {
		json_decref(one);
		snprintf(why, len, "more than %d functions", PROTO_MAX_FUNCS);
		return -1;
	}
	return json_array_append_new(arr, one) ? -1 : 0;
notfn:
	snprintf(why, len, "\"%.60s\", which is not a function", text);
	return -1;
}

json_t *
exercise_cases_skeleton(const char *code, const char *calls, char *why,
    size_t len)
{
	json_t *arr = json_array();
	const char *s = code, *decl = code;
	int bol = 1;

	if (arr == NULL || code == NULL) {
		snprintf(why, len, code ? "out of memory" : "no skeleton (code:)");
		json_decref(arr);
		return NULL;
	}
	while (*s != '\0') {
		const char *t = skip_lexeme(s);

		if (t != s) {
			s = t;
			continue;
		}
		if (bol && *s == '#') {
			const char *d = s + 1;

			while (*d == ' ' || *d == '\t')
				d++;
			if (strncmp(d, "include", 7) != 0 || !blank(decl, s)) {
				snprintf(why, len, "the directive \"#%.*s\"",
				    (int)strcspn(d, " \t\n<\""), d);
				goto fail;
			}
			while (*s != '\0' && (*s != '\n' || s[-1] == '\\'))
				s++;
			decl = s;
			continue;
		}
		if (*s == '\n')
			bol = 1;
		else if (*s != ' ' && *s != '\t')
			bol = 0;
		if (*s == ';') {
			if (!blank(decl, s) && skeleton_decl(decl, s, calls, arr, why, len) == -1)
				goto fail;
			decl = ++s;
			continue;
		}
		if (*s == '{') {
			int depth = 0;

			if (skeleton_decl(decl, s, calls, arr, why, len) == -1)
				goto fail;
			do {	/* the body */
				if ((t = skip_lexeme(s)) != s) {
					s = t;
					continue;
				}
				depth += *s == '{';
				depth -= *s == '}';
				s++;
			} while (*s != '\0' && depth > 0);
			if (depth > 0) {
				snprintf(why, len, "a body without its closing brace");
				goto fail;
			}
			decl = s;
			continue;
		}
		s++;
	}
	if (!blank(decl, s)) {
		snprintf(why, len, "text after the last declaration");
		goto fail;
	}
	if (json_array_size(arr) == 0) {
		snprintf(why, len, calls ? "the tests call no function of the"
		    " skeleton (code:)" : "no function in the skeleton (code:)");
		goto fail;
	}
	return arr;
fail:
	json_decref(arr);
	return NULL;
}

/* The "functions" field F (may be NULL: derived from the skeleton) into
 * OUT's "functions". 0, or -1 after reporting. */
static int
read_functions(const struct page *p, const struct spec *s,
    const struct exercise_ctx *c, const json_t *f, json_t *out)
{
	json_t *arr, *e;
	size_t i;
	int bad = 0;
	int is_c = s->nlanguages == 1 && strcmp(s->languages[0], "c") == 0;

	if (f == NULL && is_c) {
		struct buf calls = BUF_INIT;	/* the tests' code, the template's */
		char why[400];

		json_array_foreach(json_object_get(out, "cases"), i, e)
			buf_printf(&calls, "%s\n", json_string_value(json_object_get(e,
			    "test")));
		if (json_is_string(json_object_get(out, "template")))
			buf_puts(&calls, json_string_value(json_object_get(out,
			    "template")));
		arr = calls.oom ? NULL : exercise_cases_skeleton(s->code,
		    calls.data ? calls.data : "", why, sizeof(why));
		if (calls.oom)
			snprintf(why, sizeof(why), "out of memory");
		buf_free(&calls);
		if (arr != NULL)
			return json_object_set_new(out, "functions", arr) ? -1 : 0;
		diag_warning(c->diags, p->file, meta_key_line(&p->meta, "tester"),
		    "the tests run in one program with the answer, whose code can"
		    " then pass a test by printing what a pass prints: the"
		    " skeleton's functions are not the tests' (%s); list the"
		    " functions the tests call (functions: [\"int sqr(int x)\"]),"
		    " or say functions: no", why);
		return 0;
	}
	if (f == NULL || json_is_false(f))
		return 0;
	if (!is_c) {
		page_error(p, c->diags, "functions", "field \"functions\" is for C"
		    " exercises only (language: c)");
		return -1;
	}
	if (!json_is_array(f) || json_array_size(f) == 0 ||
	    json_array_size(f) > PROTO_MAX_FUNCS) {
		page_error(p, c->diags, "functions", "field \"functions\" must be a"
		    " list of 1 to %d C prototypes, such as [\"int sqr(int x)\"]",
		    PROTO_MAX_FUNCS);
		return -1;
	}
	if ((arr = json_array()) == NULL)
		return -1;
	json_array_foreach(f, i, e) {
		char err[256];
		json_t *one = json_is_string(e) ?
		    exercise_cases_prototype(json_string_value(e), err, sizeof(err)) :
		    NULL;
		struct meta_pos pos = { meta_key_line(&p->meta, "functions"), 0 };

		if (!json_is_string(e))
			snprintf(err, sizeof(err), "must be text: a C prototype");
		if (one == NULL) {
			meta_node_pos(&p->meta, e, &pos);
			diag_report(c->diags, DIAG_ERROR, p->file, pos.line, 0,
			    "functions[%zu]: %s", i + 1, err);
			bad = 1;
			continue;
		}
		json_array_append_new(arr, one);
	}
	if (bad || json_object_set_new(out, "functions", arr)) {
		if (bad)
			json_decref(arr);
		return -1;
	}
	return 0;
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
	if (read_functions(p, s, c, json_object_get(f, "functions"), out) == -1) {
		json_decref(out);
		return -1;
	}
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
