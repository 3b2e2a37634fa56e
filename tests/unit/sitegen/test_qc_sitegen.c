/*
 * test_qc_sitegen.c - quickcheck exercise pages through sitegen's
 * exercise_spec(): the property file (default name, `properties:`), the
 * numbers under Assay's and Codex's spellings, the errors an author can
 * make, and the property file recorded as a grading file (never published).
 * Also: the example course's three property exercises build.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sitegen/exercise.h"
#include "sitegen/page.h"
#include "tests/tap.h"
#include "tests/unit/sitegen_util.h"

/* A test point; on failure, the diagnostics sitegen gave. */
static void
okm(int cond, const char *what)
{
	if (!ok(cond, "%s", what)) {
		for (const char *p = diag_str(); *p != '\0'; ) {
			size_t n = strcspn(p, "\n");

			diag("%.*s", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
}

static long long
opt_int(const struct spec *s, const char *key)
{
	json_t *v = json_object_get(s->options, key);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

static void
test_pages(const char *root)
{
	json_t *grading = json_object();
	struct spec *s;
	const char *text;

	put(root, "c/twice.md", "# Twice\n\n---\ntester: quickcheck\nlanguage: c\n"
	    "code: |\n  int twice(int x)\n  {\n  }\n...\n\nWrite it.\n");
	put(root, "c/twice.c", "#include \"qc.h\"\nint twice(int);\n");
	s = spec_of(root, "c/twice.md", grading);
	okm(s != NULL && strcmp(s->tester, "quickcheck") == 0, "a quickcheck page builds");
	text = s ? json_string_value(json_object_get(json_object_get(s->options,
	    "properties"), "text")) : NULL;
	okm(text != NULL && strcmp(text, "#include \"qc.h\"\nint twice(int);\n") == 0 &&
	    strcmp(json_string_value(json_object_get(json_object_get(s->options,
	    "properties"), "file")), "twice.c") == 0,
	    "the page's name with .c is its property file, carried in the spec");
	ok(json_object_get(grading, "c/twice.c") != NULL,
	    "the property file is a grading file: never published");
	ok(s != NULL && s->ntests == 0 && json_object_get(s->options, "max_success") == NULL,
	    "no tests, no numbers unless given");
	spec_free(s);

	put(root, "c/codex.md", "---\ntester: quickcheck\nlanguage: c\nproperties: p/props.c\n"
	    "maxSuccess: 500\nmaxSize: 30\nmaxDiscardRatio: 4\nrandSeed: 42\ntimeout: 50ms\n...\n");
	put(root, "c/p/props.c", "/* properties */\n");
	s = spec_of(root, "c/codex.md", grading);
	ok(s != NULL && opt_int(s, "max_success") == 500 && opt_int(s, "max_size") == 30 &&
	    opt_int(s, "max_discard_ratio") == 4 && opt_int(s, "seed") == 42 &&
	    opt_int(s, "timeout_ms") == 50, "Codex's spellings, and a timeout");

	okm(json_object_get(grading, "c/p/props.c") != NULL, "a named property file too");
	spec_free(s);

	put(root, "c/assay.md", "---\ntester: quickcheck\nlanguage: c\nproperties: p/props.c\n"
	    "max-success: 7\nqc-max-size: 3\nseed: 0\n...\n");
	s = spec_of(root, "c/assay.md", grading);
	ok(s != NULL && opt_int(s, "max_success") == 7 && opt_int(s, "max_size") == 3 &&
	    opt_int(s, "seed") == 0, "Assay's and qc- spellings");
	spec_free(s);

	put(root, "c/nofile.md", "---\ntester: quickcheck\nlanguage: c\n...\n");
	okm(spec_of(root, "c/nofile.md", grading) == NULL &&
	    strstr(diag_str(), "c/nofile.md:2: no property file nofile.c beside the page") != NULL,
	    "no property file: an error at the tester line");

	put(root, "c/both.md", "---\ntester: quickcheck\nlanguage: c\nproperties: p/props.c\n"
	    "maxSuccess: 5\nmax-success: 6\n...\n");
	okm(spec_of(root, "c/both.md", grading) == NULL &&
	    strstr(diag_str(), "are the same field") != NULL, "two spellings of one field");

	put(root, "c/bad.md", "---\ntester: quickcheck\nlanguages: [c, python]\n"
	    "properties: p/props.c\nmax-success: 0\npublic-inputs: x/*.in\ntimeout: 9s\n...\n");
	okm(spec_of(root, "c/bad.md", grading) == NULL &&
	    strstr(diag_str(), "c/bad.md:3: the quickcheck tester grades C functions, or Haskell") &&
	    strstr(diag_str(), "c/bad.md:5: field \"max-success\" must be a whole number from 1") &&
	    strstr(diag_str(), "c/bad.md:6: field \"public-inputs\" is for the stdio tester") &&
	    strstr(diag_str(), "c/bad.md:7: field \"timeout\" must be"), "each mistake at its line");

	put(root, "c/missing.md", "---\ntester: quickcheck\nlanguage: c\nproperties: nope.c\n...\n");
	okm(spec_of(root, "c/missing.md", grading) == NULL &&
	    strstr(diag_str(), "properties: no file matches \"nope.c\"") != NULL,
	    "a property file that does not exist");

	{
		char link[1024];

		snprintf(link, sizeof(link), "%s/c/link.c", root);
		if (symlink("/etc/hostname", link) == -1)
			diag("symlink: %s", strerror(errno));
	}
	put(root, "c/out.md", "---\ntester: quickcheck\nlanguage: c\nproperties: link.c\n...\n");
	okm(spec_of(root, "c/out.md", grading) == NULL &&
	    strstr(diag_str(), "outside the course directory") != NULL,
	    "a property file outside the course (a link)");
	json_decref(grading);
}

static void
test_content(void)
{
	static const char *const pages[] = { "c/strong.md", "c/sort.md", "c/insert.md" };
	json_t *grading = json_object();

	for (size_t i = 0; i < 3; i++) {
		struct spec *s = spec_of("content", pages[i], grading);
		const char *text = s ? json_string_value(json_object_get(json_object_get(
		    s->options, "properties"), "text")) : NULL;

		char what[128];

		snprintf(what, sizeof(what), "content/%s builds, with its properties and a"
		    " skeleton", pages[i]);
		okm(s != NULL && text != NULL && strstr(text, "QC_PROPERTY(") != NULL &&
		    s->code[0] != '\0' && diag_str()[0] == '\0', what);
		spec_free(s);
	}
	ok(json_object_get(grading, "c/strong.c") && json_object_get(grading, "c/sort.c") &&
	    json_object_get(grading, "c/insert.c"), "their property files are grading files");
	json_decref(grading);
}

int
main(void)
{
	char *root = tmpdir();

	test_pages(root);
	if (access("content/c/strong.md", R_OK) == 0)
		test_content();
	else
		diag("content/ not found from here: its part is skipped");
	tmpdir_remove(root);
	buf_free(&diag_text);
	return tap_done();
}
