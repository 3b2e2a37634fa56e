/* exercise_hspec.c - the fields of Haskell exercises; see exercise_hspec.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/util/buf.h"
#include "sitegen/exercise.h"
#include "sitegen/exercise_cases.h"
#include "sitegen/exercise_hspec.h"

#define GHC_INSTALL "apt-get install ghc libghc-hspec-dev libghc-quickcheck2-dev"

int
exercise_hspec_need_ghc(const struct page *p, const struct exercise_ctx *c,
    const char *key)
{
	const char *ghc = getenv("ASSAY_GHC");

	if (ghc == NULL || ghc[0] == '\0')
		ghc = "/usr/bin/ghc";
	if (access(ghc, X_OK) == 0)
		return 0;
	page_error(p, c->diags, key, "haskell needs GHC (%s is missing): %s", ghc,
	    GHC_INSTALL);
	return -1;
}

/* Does NAME end with .hs? */
static int
is_haskell_file(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return n > 3 && strcmp(name + n - 3, ".hs") == 0;
}

/* Is the file NAME beside page P? */
static int
beside(const struct page *p, const struct exercise_ctx *c, const char *name)
{
	char *path = NULL;
	int ok;

	if (asprintf(&path, "%s/%s%s", c->root, p->dir, name) == -1)
		return 0;
	ok = access(path, F_OK) == 0;
	free(path);
	return ok;
}

char *
exercise_hspec_default(const struct page *p, const struct exercise_ctx *c)
{
	const char *base = strrchr(p->id, '/');
	char *name = NULL;

	if (asprintf(&name, "%s.hs", base ? base + 1 : p->id) == -1) {
		page_error(p, c->diags, "tester", "out of memory");
		return NULL;
	}
	if (beside(p, c, name))
		return name;
	page_error(p, c->diags, "tester", "no hspec file %s beside the page (name one"
	    " with \"spec:\")", name);
	free(name);
	return NULL;
}

/*
 * A copy of HEADER with each array parameter written as the pointer it is
 * ("char str[]" -> "char *str", "int a[10]" -> "int *a"): within
 * parentheses, the brackets go and a '*' goes before the name. NULL on
 * ENOMEM.
 */
static char *
decay_arrays(const char *header)
{
	struct buf b = BUF_INIT;
	int depth = 0;

	for (const char *h = header; *h != '\0'; h++) {
		depth += *h == '(';
		depth -= *h == ')' && depth > 0;
		if (*h != '[' || depth == 0 || strchr(h, ']') == NULL) {
			buf_add(&b, h, 1);
			continue;
		}
		size_t end = b.len, name;

		while (end > 0 && (b.data[end - 1] == ' ' || b.data[end - 1] == '\t'))
			end--;
		name = end;
		while (name > 0 && (isalnum((unsigned char)b.data[name - 1]) ||
		    b.data[name - 1] == '_'))
			name--;
		buf_add(&b, "", 1);	/* room for the '*' */
		if (b.oom)
			break;
		memmove(b.data + name + 1, b.data + name, b.len - 1 - name);
		b.data[name] = '*';
		b.len--;
		h = strchr(h, ']');
	}
	buf_add(&b, "", 0);
	return buf_steal(&b);
}

/*
 * options.functions from HEADER (C prototypes), as the cases tester's are
 * from a skeleton (exercise_cases_skeleton): the functions the tester then
 * runs in a process of their own, called across from the test program.
 * When one cannot cross, a warning at the header line: the C code is then
 * linked with the test program and shares its process.
 */
static void
set_functions(const struct page *p, struct spec *s, const struct exercise_ctx *c,
    const char *header, const char *key)
{
	char why[400], *h = decay_arrays(header);
	json_t *arr = h ? exercise_cases_skeleton(h, NULL, why, sizeof(why)) : NULL;

	if (h == NULL)
		snprintf(why, sizeof(why), "out of memory");
	free(h);
	if (arr != NULL) {
		if (json_object_set_new(s->options, "functions", arr))
			page_error(p, c->diags, key, "out of memory");
		return;
	}
	diag_warning(c->diags, p->file, meta_key_line(&p->meta, key),
	    "the C code is linked with the test program and shares its process,"
	    " where it can read the tests and forge their verdict: the %s's"
	    " functions cannot cross to a process of their own (%s; numbers,"
	    " characters and strings only, at most six parameters)",
	    strcmp(key, "code") == 0 ? "skeleton" : key, why);
}

/*
 * A C exercise without a header: the functions from the skeleton (code:),
 * as the cases tester takes them; without a skeleton either, a warning.
 */
static void
functions_without_header(const struct page *p, struct spec *s,
    const struct exercise_ctx *c)
{
	if (!spec_has_language(s, "c"))
		return;
	if (s->code != NULL && s->code[0] != '\0') {
		set_functions(p, s, c, s->code, "code");
		return;
	}
	diag_warning(c->diags, p->file, meta_key_line(&p->meta, "tester"),
	    "the C code is linked with the test program and shares its process,"
	    " where it can read the tests and forge their verdict: give the C"
	    " prototypes the tests call in \"header:\" (or a skeleton in \"code:\")"
	    " so that they run in a process of their own");
}

/* options.header: HEADER, the field's text unfenced (C exercises). */
static void
set_header(const struct page *p, struct spec *s, const struct exercise_ctx *c,
    const char *header)
{
	json_t *v = json_object_get(p->meta.fields, "header");

	if (v == NULL || json_is_null(v)) {
		functions_without_header(p, s, c);
		return;
	}
	if (!json_is_string(v)) {
		page_error(p, c->diags, "header", "field \"header\" must be text (the C"
		    " prototypes: \"header: |\" and the code indented below it)");
		return;
	}
	if (!spec_has_language(s, "c")) {
		page_error(p, c->diags, "header", "field \"header\" declares C"
		    " functions: it is for an exercise in C (language: c)");
		return;
	}
	if (header != NULL && json_object_set_new(s->options, "header",
	    json_string(header)))
		page_error(p, c->diags, "header", "out of memory");
	if (header != NULL)
		set_functions(p, s, c, header, "header");
}

void
exercise_hspec_build(const struct page *p, struct spec *s,
    const struct exercise_ctx *c, json_t *prog, const char *header)
{
	exercise_hspec_need_ghc(p, c, "tester");
	if (prog != NULL) {
		if (!is_haskell_file(json_string_value(json_object_get(prog, "file"))))
			page_error(p, c->diags, "spec", "field \"spec\" must name a Haskell"
			    " file (.hs)");
		if (json_object_set_new(s->options, "spec", prog))
			page_error(p, c->diags, "spec", "out of memory");
	}
	set_header(p, s, c, header);
}

void
exercise_hspec_quickcheck(const struct page *p, struct spec *s,
    const struct exercise_ctx *c, const char *header)
{
	const char *file = json_string_value(json_object_get(json_object_get(
	    s->options, "properties"), "file"));

	if (is_haskell_file(file)) {
		exercise_hspec_need_ghc(p, c, "properties");
		set_header(p, s, c, header);
	} else if (json_object_get(p->meta.fields, "header") != NULL) {
		page_error(p, c->diags, "header", "field \"header\" is for a Haskell"
		    " property file (properties: NAME.hs) run against C functions; a C"
		    " property file declares them with QC_FUNCTION");
	} else if (file != NULL && spec_has_language(s, "haskell"))
		page_error(p, c->diags, "properties", "a Haskell quickcheck exercise"
		    " needs a Haskell property file (properties: NAME.hs)");
}
