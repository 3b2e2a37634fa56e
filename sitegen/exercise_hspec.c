/* exercise_hspec.c - the fields of Haskell exercises; see exercise_hspec.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sitegen/exercise.h"
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

/* The page's name with .hs ("hs_passwd.hs"), or NULL on ENOMEM. */
static char *
default_spec(const struct page *p)
{
	const char *base = strrchr(p->id, '/');
	char *name = NULL;

	if (asprintf(&name, "%s.hs", base ? base + 1 : p->id) == -1)
		return NULL;
	return name;
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

/* options.header from the field header (C exercises). */
static void
set_header(const struct page *p, struct spec *s, const struct exercise_ctx *c)
{
	json_t *v = json_object_get(p->meta.fields, "header");
	char *text;

	if (v == NULL || json_is_null(v))
		return;
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
	if ((text = exercise_unfence(json_string_value(v))) == NULL ||
	    json_object_set_new(s->options, "header", json_string(text)))
		page_error(p, c->diags, "header", "out of memory");
	free(text);
}

void
exercise_hspec_build(const struct page *p, struct spec *s,
    const struct exercise_ctx *c)
{
	char *dflt = default_spec(p);
	json_t *prog;

	exercise_hspec_need_ghc(p, c, "tester");
	if (dflt == NULL) {
		page_error(p, c->diags, "tester", "out of memory");
		return;
	}
	if (json_object_get(p->meta.fields, "spec") == NULL && !beside(p, c, dflt)) {
		page_error(p, c->diags, "tester", "no hspec file %s beside the page"
		    " (name one with \"spec:\")", dflt);
	} else if ((prog = exercise_grading_file(p, c, "spec", dflt)) != NULL) {
		if (!is_haskell_file(json_string_value(json_object_get(prog, "file"))))
			page_error(p, c->diags, "spec", "field \"spec\" must name a Haskell"
			    " file (.hs)");
		if (json_object_set_new(s->options, "spec", prog))
			page_error(p, c->diags, "spec", "out of memory");
	}
	free(dflt);
	set_header(p, s, c);
	exercise_qc_numbers(p, c, s);
}

void
exercise_hspec_quickcheck(const struct page *p, struct spec *s,
    const struct exercise_ctx *c)
{
	const char *file = json_string_value(json_object_get(json_object_get(
	    s->options, "properties"), "file"));

	if (is_haskell_file(file))
		exercise_hspec_need_ghc(p, c, "properties");
	else if (file != NULL && spec_has_language(s, "haskell"))
		page_error(p, c->diags, "properties", "a Haskell quickcheck exercise"
		    " needs a Haskell property file (properties: NAME.hs)");
}
