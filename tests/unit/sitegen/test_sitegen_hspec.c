/*
 * test_sitegen_hspec.c - Haskell exercises as sitegen reads them into specs:
 * haskell among stdio's languages, `tester: hspec` (spec, header, the
 * QuickCheck numbers in Codex's spellings), quickcheck with a Haskell
 * property file, and a Haskell exercise on a machine without GHC (the
 * error names the command that installs it). GHC is faked with $ASSAY_GHC.
 *
 * Runs from the repository root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/format/spec.h"
#include "sandbox/util/buf.h"
#include "sitegen/diag.h"
#include "sitegen/exercise.h"
#include "tests/tap.h"
#include "tests/unit/sitegen_util.h"

static json_t *grading;

/* Is MESSAGE among the diagnostics, after the course root ROOT? */
static int
has(const char *root, const char *message)
{
	char want[1024];

	snprintf(want, sizeof(want), "%s/%s\n", root, message);
	return strstr(diag_str(), want) != NULL;
}

static const char *
str_opt(const struct spec *s, const char *key, const char *sub)
{
	json_t *v = s ? json_object_get(s->options, key) : NULL;

	if (sub != NULL)
		v = json_object_get(v, sub);
	return json_is_string(v) ? json_string_value(v) : "";
}

static long long
int_opt(const struct spec *s, const char *key)
{
	return s ? json_integer_value(json_object_get(s->options, key)) : -1;
}

static void
test_hspec(const char *root)
{
	struct spec *s;
	char *fn;

	put(root, "h/hspec/p_spec.hs", "module Main where\nmain = return ()\n");
	put(root, "h/p.md", "---\nlanguage: haskell\ntester: hspec\n"
	    "spec: \"hspec/p_spec.hs\"\nqc-max-success: 1000\nqc-max-size: 30\n...\n"
	    "# P\n\n---\ncode: |\n  ~~~\n  f :: Int -> Int\n  ~~~\n...\n");
	json_object_clear(grading);
	s = spec_of(root, "h/p.md", grading);
	ok(s != NULL && strcmp(s->tester, "hspec") == 0 &&
	    strcmp(s->languages[0], "haskell") == 0, "an hspec exercise: %s", diag_str());
	is_str(str_opt(s, "spec", "file"), "p_spec.hs", "the spec file's name");
	ok(strncmp(str_opt(s, "spec", "text"), "module Main", 11) == 0, "and its text");
	ok(int_opt(s, "max_success") == 1000 && int_opt(s, "max_size") == 30,
	    "qc-max-success and qc-max-size");
	is_str(s ? s->code : "", "f :: Int -> Int\n", "the skeleton, without its fence");
	ok(json_object_get(grading, "h/hspec/p_spec.hs") != NULL,
	    "the spec is a grading file (never published)");
	spec_free(s);

	put(root, "h/c.md", "---\nlanguage: c\ntester: hspec\nspec: hspec/p_spec.hs\n"
	    "maxSuccess: 50\nrandSeed: 7\nheader: |\n  ~~~\n  int f(int);\n  ~~~\n...\n");
	s = spec_of(root, "h/c.md", grading);
	ok(s != NULL, "hspec for C: %s", diag_str());
	is_str(str_opt(s, "header", NULL), "int f(int);\n", "the header, without its fence");
	ok(int_opt(s, "max_success") == 50 && int_opt(s, "seed") == 7,
	    "Codex's quickcheck spellings too");
	fn = s ? json_dumps(json_object_get(s->options, "functions"), JSON_COMPACT) : NULL;
	is_str(fn ? fn : "", "[{\"ret\":\"int\",\"name\":\"f\",\"params\":[\"int\"]}]",
	    "the header's functions, to cross to a process of their own");
	free(fn);
	spec_free(s);
	put(root, "h/c.md", "---\nlanguage: c\ntester: hspec\nspec: hspec/p_spec.hs\n"
	    "header: |\n  ~~~\n  int strong_passwd(char str[]);\n  void g(const char s[10], long n);\n"
	    "  ~~~\n...\n");
	s = spec_of(root, "h/c.md", grading);
	fn = s ? json_dumps(json_object_get(s->options, "functions"), JSON_COMPACT) : NULL;
	is_str(fn ? fn : "", "[{\"ret\":\"int\",\"name\":\"strong_passwd\",\"params\":"
	    "[\"char *\"]},{\"ret\":\"void\",\"name\":\"g\",\"params\":[\"const char *\","
	    "\"long\"]}]", "an array parameter is the pointer it is");
	free(fn);
	ok(strstr(diag_str(), "shares its process") == NULL, "no warning: %s", diag_str());
	spec_free(s);
	put(root, "h/c.md", "---\nlanguage: c\ntester: hspec\nspec: hspec/p_spec.hs\n"
	    "header: |\n  ~~~\n  struct p { int x; };\n  int f(struct p *q);\n  ~~~\n...\n");
	s = spec_of(root, "h/c.md", grading);
	ok(s != NULL && json_object_get(s->options, "functions") == NULL &&
	    strstr(diag_str(), "h/c.md:5: warning: the C code is linked with the test"
	    " program and shares its process") != NULL &&
	    strstr(diag_str(), "(\"struct p\", which is not a function;") != NULL,
	    "a header that cannot cross: linked, with a warning: %s",
	    diag_str());
	spec_free(s);

	put(root, "h/q.md", "---\nlanguage: haskell\ntester: hspec\n...\n");
	s = spec_of(root, "h/q.md", grading);
	ok(s == NULL && has(root, "h/q.md:3: no hspec file q.hs beside the page (name one"
	    " with \"spec:\")"), "no spec file: %s", diag_str());
	spec_free(s);
	put(root, "h/q.md", "---\nlanguage: python\ntester: hspec\nspec: hspec/p_spec.hs\n...\n");
	s = spec_of(root, "h/q.md", grading);
	ok(s == NULL && has(root, "h/q.md:2: the hspec tester grades Haskell or C"
	    " (language: haskell, or language: c)"), "hspec is for Haskell or C: %s",
	    diag_str());
	spec_free(s);
	put(root, "h/q.md", "---\nlanguage: haskell\ntester: hspec\nspec: hspec/p_spec.hs\n"
	    "header: \"int f(int);\"\n...\n");
	s = spec_of(root, "h/q.md", grading);
	ok(s == NULL && has(root, "h/q.md:5: field \"header\" declares C functions: it is"
	    " for an exercise in C (language: c)"), "a header is for C: %s", diag_str());
	spec_free(s);
	put(root, "h/q.md", "---\nlanguage: c\ntester: stdio\nheader: x\n"
	    "inputs: [a]\noutputs: [b]\n...\n");
	s = spec_of(root, "h/q.md", grading);
	ok(s == NULL && has(root, "h/q.md:4: field \"header\" is for the hspec and"
	    " quickcheck testers, not stdio"), "header on a stdio page: %s", diag_str());
	spec_free(s);
}

static void
test_quickcheck(const char *root)
{
	struct spec *s;
	char *fn;

	put(root, "h/props.hs", "main = return ()\n");
	put(root, "h/qc.md", "---\ntester: quickcheck\nlanguage: haskell\n"
	    "properties: props.hs\nmaxSuccess: 100\n...\n");
	s = spec_of(root, "h/qc.md", grading);
	ok(s != NULL && strcmp(str_opt(s, "properties", "file"), "props.hs") == 0,
	    "quickcheck with Haskell properties: %s", diag_str());
	spec_free(s);
	put(root, "h/props.c", "#include \"qc.h\"\n");
	put(root, "h/qc.md", "---\ntester: quickcheck\nlanguage: haskell\n"
	    "properties: props.c\n...\n");
	s = spec_of(root, "h/qc.md", grading);
	ok(s == NULL && has(root, "h/qc.md:4: a Haskell quickcheck exercise needs a Haskell"
	    " property file (properties: NAME.hs)"), "Haskell with C properties: %s",
	    diag_str());
	spec_free(s);

	/* C against a Haskell property file: the header's functions, or the
	 * skeleton's, cross to a process of their own. */
	put(root, "h/qc.md", "---\ntester: quickcheck\nlanguage: c\n"
	    "properties: props.hs\nheader: |\n  ~~~\n  int forte(char str[]);\n  ~~~\n...\n");
	s = spec_of(root, "h/qc.md", grading);
	fn = s ? json_dumps(json_object_get(s->options, "functions"), JSON_COMPACT) : NULL;
	is_str(fn ? fn : "", "[{\"ret\":\"int\",\"name\":\"forte\",\"params\":"
	    "[\"char *\"]}]", "quickcheck with a .hs file on C: the header's functions");
	free(fn);
	spec_free(s);
	put(root, "h/qc.md", "---\ntester: quickcheck\nlanguage: c\n"
	    "properties: props.hs\ncode: |\n  int twice(int x)\n  {\n    return 0;\n  }\n...\n");
	s = spec_of(root, "h/qc.md", grading);
	fn = s ? json_dumps(json_object_get(s->options, "functions"), JSON_COMPACT) : NULL;
	is_str(fn ? fn : "", "[{\"ret\":\"int\",\"name\":\"twice\",\"params\":"
	    "[\"int\"]}]", "... without a header, the skeleton's: %s", diag_str());
	free(fn);
	spec_free(s);
	put(root, "h/qc.md", "---\ntester: quickcheck\nlanguage: c\n"
	    "properties: props.hs\n...\n");
	s = spec_of(root, "h/qc.md", grading);
	ok(s != NULL && strstr(diag_str(), "h/qc.md:2: warning: the C code is linked with"
	    " the test program") != NULL, "... with neither, a warning at tester: %s",
	    diag_str());
	spec_free(s);
	put(root, "h/qc.md", "---\ntester: quickcheck\nlanguage: c\n"
	    "properties: props.c\nheader: \"int f(int);\"\n...\n");
	s = spec_of(root, "h/qc.md", grading);
	ok(s == NULL && has(root, "h/qc.md:5: field \"header\" is for a Haskell property"
	    " file (properties: NAME.hs) run against C functions; a C property file"
	    " declares them with QC_FUNCTION"), "a header with C properties: %s", diag_str());
	spec_free(s);
}

static void
test_stdio_and_ghc(const char *root)
{
	struct spec *s;

	put(root, "h/s.md", "---\ntester: stdio\nlanguages: [c, haskell]\n"
	    "inputs: [a]\noutputs: [b]\n...\n");
	s = spec_of(root, "h/s.md", grading);
	ok(s != NULL && s->nlanguages == 2 && strcmp(s->languages[1], "haskell") == 0,
	    "haskell in stdio: %s", diag_str());
	spec_free(s);
	setenv("ASSAY_GHC", "/nonexistent/ghc", 1);
	s = spec_of(root, "h/s.md", grading);
	ok(s == NULL && has(root, "h/s.md:3: haskell needs GHC (/nonexistent/ghc is"
	    " missing): apt-get install ghc libghc-hspec-dev libghc-quickcheck2-dev"),
	    "without GHC, a stdio exercise in Haskell names the install: %s", diag_str());
	spec_free(s);
	s = spec_of(root, "h/p.md", grading);
	ok(s == NULL && has(root, "h/p.md:3: haskell needs GHC (/nonexistent/ghc is"
	    " missing): apt-get install ghc libghc-hspec-dev libghc-quickcheck2-dev"),
	    "and so does an hspec exercise: %s", diag_str());
	spec_free(s);
	s = spec_of(root, "h/c.md", grading);
	ok(s == NULL, "an hspec exercise in C too (its tests are Haskell)");
	spec_free(s);
	put(root, "h/s.md", "---\ntester: stdio\nlanguages: [c]\ninputs: [a]\noutputs: [b]\n...\n");
	s = spec_of(root, "h/s.md", grading);
	ok(s != NULL, "a C exercise needs no GHC");
	spec_free(s);
	unsetenv("ASSAY_GHC");
}

int
main(void)
{
	char *root = tmpdir();

	grading = json_object();
	unsetenv("ASSAY_GHC");
	put(root, "h/a", "1\n");
	put(root, "h/b", "1\n");
	test_hspec(root);
	test_quickcheck(root);
	test_stdio_and_ghc(root);
	json_decref(grading);
	buf_free(&diag_text);
	tmpdir_remove(root);
	return tap_done();
}
