/*
 * test_sitegen_testers.c - the fields of every tester and of the submission
 * rules, as sitegen reads them into specs: languages, arguments,
 * all-or-nothing, doctest files, cases (and their examples on the page),
 * the events file, valid and forbid; each mistake with its place.
 *
 * Runs from the repository root.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/format/spec.h"
#include "sandbox/util/buf.h"
#include "sitegen/assets.h"
#include "sitegen/diag.h"
#include "sitegen/events.h"
#include "sitegen/exercise.h"
#include "sitegen/exercise_cases.h"
#include "sitegen/meta.h"
#include "sitegen/page.h"
#include "sitegen/render.h"
#include "sitegen/site.h"
#include "sitegen/text.h"
#include "tests/tap.h"
#include "tests/unit/sitegen_util.h"

/* ---- Helpers ---------------------------------------------------------- */

/* Is MESSAGE among the diagnostics, after the course root ROOT? */
static int
has(const char *root, const char *message)
{
	char want[1024];

	snprintf(want, sizeof(want), "%s/%s\n", root, message);
	return strstr(diag_str(), want) != NULL;
}

/* Writes LEN bytes (NUL bytes too) to DIR/REL, whose directory exists. */
static void
put_bytes(const char *dir, const char *rel, const char *data, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if ((f = fopen(path, "w")) != NULL) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

static json_t *grading, *deps, *events;

/*
 * The spec of page PATH under ROOT, built with the course's events (the
 * global EVENTS); diagnostics in diag_str(); the files it grades with in
 * GRADING and its other dependencies in DEPS (both emptied first).
 */
static struct spec *
course_spec(const char *root, const char *path)
{
	json_object_clear(grading);
	json_object_clear(deps);
	return spec_with(root, path, grading, events, deps);
}

static json_t *
opt(const struct spec *s, const char *key)
{
	return s ? json_object_get(s->options, key) : NULL;
}

/* The JSON text of V, compact with sorted keys (static buffer). */
static const char *
dump(const json_t *v)
{
	static char text[4096];
	char *t = v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;

	snprintf(text, sizeof(text), "%s", t ? t : "(null)");
	free(t);
	return text;
}

/* ---- mudoctest: target, mutants, limit-tests ----------------------------- */

static void
test_mudoctest(const char *root)
{
	struct spec *s;

	put(root, "m/mu/f.py", "def f(x):\n    return x\n");
	put(root, "m/mu/f_mut1.py", "def f(x):\n    return 0\n");
	put(root, "m/mu/f_mut2.py", "def f(x):\n    return 1\n");
	put(root, "m/ok.md", "---\ntester: mudoctest\nlanguage: python\n"
	    "target: \"mu/f.py\"\nmutants: [ \"mu/f_mut*.py\" ]\nlimit-tests: 2\n...\n# F\n");
	s = course_spec(root, "m/ok.md");
	ok(s != NULL, "a mudoctest page: %s", diag_str());
	is_str(dump(opt(s, "mudoctest")), "{\"limit-tests\":2,\"mutants\":[{\"text\":"
	    "\"def f(x):\\n    return 0\\n\"},{\"text\":\"def f(x):\\n    return 1\\n\"}],"
	    "\"target\":\"def f(x):\\n    return x\\n\"}", "options.mudoctest: the texts,"
	    " the glob's files in order");
	ok(json_object_get(grading, "m/mu/f_mut1.py") != NULL &&
	    json_object_get(grading, "m/mu/f.py") != NULL,
	    "mutants and a target the page does not include are grading files");
	spec_free(s);

	put(root, "m/bad.md", "---\ntester: mudoctest\nlanguage: python\n"
	    "mutants: []\nlimit-tests: 0\n...\n");
	s = course_spec(root, "m/bad.md");
	ok(s == NULL && has(root, "m/bad.md:2: a mudoctest exercise needs \"target\": the"
	    " right module, which the student's examples must pass on") &&
	    has(root, "m/bad.md:4: mutants: no file is named") &&
	    has(root, "m/bad.md:5: limit-tests: the most examples a student may write,"
	    " a whole number from 1"), "no target, no mutant, limit 0: %s", diag_str());
	spec_free(s);

	put(root, "m/bad2.md", "---\ntester: mudoctest\nlanguage: c\n"
	    "target: \"mu/none.py\"\nmutants: [\"mu/none*.py\"]\n...\n");
	s = course_spec(root, "m/bad2.md");
	ok(s == NULL && has(root, "m/bad2.md:3: the mudoctest tester grades Python only"
	    " (language: python)") && has(root, "m/bad2.md:4: target: no file matches"
	    " \"mu/none.py\"") && has(root, "m/bad2.md:5: mutants: no file matches"
	    " \"mu/none*.py\""), "C, no target file, no mutant file: %s", diag_str());
	spec_free(s);
	put(root, "m/bad2.md", "---\ntester: mudoctest\nlanguage: python\n"
	    "target: \"mu/*.py\"\nmutants: [\"mu/f_mut1.py\"]\n...\n");
	s = course_spec(root, "m/bad2.md");
	ok(s == NULL && has(root, "m/bad2.md:4: target: one file is needed, not 3"),
	    "three targets: %s", diag_str());
	spec_free(s);

	put(root, "m/bad3.md", "---\ntester: mudoctest\nlanguage: python\n"
	    "target: mu/f.py\nmutants: [mu/f.py]\n...\n");
	s = course_spec(root, "m/bad3.md");
	ok(s == NULL && has(root, "m/bad3.md:5: mutants: m/mu/f.py is the target"),
	    "the target among the mutants: %s", diag_str());
	spec_free(s);

	put(root, "m/bad4.md", "---\ntester: doctest\nlanguage: python\n"
	    "tests: mu/f.py\nmutants: [mu/f.py]\n...\n");
	s = course_spec(root, "m/bad4.md");
	ok(s == NULL && has(root, "m/bad4.md:5: field \"mutants\" is for the mudoctest"
	    " tester, not doctest"), "mutants on a doctest page: %s", diag_str());
	spec_free(s);
}

/* A page that shows its target and a mutant: public, and no error. */
static void
test_mudoctest_build(void)
{
	char *root = tmpdir(), *out = tmpdir(), *text, path[PATH_MAX];
	struct diags d = new_diags();
	struct site_config c = config(root, out, &d);
	struct site_stats st;

	put(root, "index.md", "# Course\n");
	put(root, "mu/f.py", "def f(x):\n    return x\n");
	put(root, "mu/f1.py", "def f(x):\n    return 0\n");
	put(root, "mu/f2.py", "def f(x):\n    return 1\n");
	put(root, "m.md", "---\ntester: mudoctest\nlanguage: python\n"
	    "target: mu/f.py\nmutants: [mu/f1.py, mu/f2.py]\n...\n# M\n\n"
	    "~~~ {.include src=\"mu/f.py\"}\n~~~\n\n~~~ {.include src=\"mu/f2.py\"}\n~~~\n");
	is_int(site_build(&c, &st), 0, "a page that includes its target and a mutant"
	    " builds: %s", diag_str());
	snprintf(path, sizeof(path), "%s/current/specs/m.json", out);
	text = slurp(path, NULL);
	ok(text && strstr(text, "\"name\": \"f2.py\"") && !strstr(text, "\"f1.py\""),
	    "the shown mutant is named in the spec, the other is not");
	free(text);
	put(root, "m.md", "---\ntester: mudoctest\nlanguage: python\n"
	    "target: mu/f.py\nmutants: [mu/f1.py]\n...\n# M\n\n"
	    "~~~ {.include src=\"mu/f.py\"}\n~~~\n");
	put(root, "n.md", "# N\n\n~~~ {.include src=\"mu/f1.py\"}\n~~~\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "another page including a private mutant fails");
	ok(has(root, "n.md:3:20: mu/f1.py is a private file of an exercise (it grades"
	    " with it; students must not see it): a page cannot show it"),
	    "... saying why, at the include: %s", diag_str());
	tmpdir_remove(root);
	tmpdir_remove(out);
}

/* ---- Languages, arguments, all-or-nothing ------------------------------ */

static void
test_stdio(const char *root)
{
	struct spec *s;

	put(root, "s/t/1.in", "1\n");
	put(root, "s/t/1.out", "1\n");
	put(root, "s/t/2.in", "2\n");
	put(root, "s/t/2.out", "2\n");
	put(root, "s/p/1.in", "3\n");
	put(root, "s/p/1.out", "3\n");
	put(root, "s/args/1.args", "-n  5\t--name=x\n\nlast\n");
	put(root, "s/args/2.args", "");
	put(root, "s/args/3.args", "  secret-argument  ");

	put(root, "s/langs.md", "---\ntester: stdio\nlanguages: [c, cpp, C++, java, python3]\n...\n");
	s = course_spec(root, "s/langs.md");
	ok(s == NULL && has(root, "s/langs.md:3: language \"cpp\" is listed twice"),
	    "cpp and c++ are one language: %s", diag_str());
	spec_free(s);
	put(root, "s/langs.md", "---\ntester: stdio\nlanguages: [c, C++, java, python3]\n"
	    "public-inputs: t/1.in\npublic-outputs: t/1.out\n...\n");
	s = course_spec(root, "s/langs.md");
	ok(s != NULL && s->nlanguages == 4 && strcmp(s->languages[1], "cpp") == 0 &&
	    strcmp(s->languages[2], "java") == 0, "c, C++ (cpp), java, python3 (python): %s",
	    diag_str());
	spec_free(s);

	put(root, "s/args.md", "# Args\n\n---\ntester: stdio\nlanguage: c\n"
	    "public-inputs: t/*.in\npublic-outputs: t/*.out\n"
	    "private-inputs: p/*.in\nprivate-outputs: p/*.out\n"
	    "arguments: [args/1.args, \"args/[23].args\"]\nall-or-nothing: yes\n...\n");
	s = course_spec(root, "s/args.md");
	ok(s != NULL, "arguments: %s", diag_str());
	is_str(dump(opt(s, "arguments")), "[[\"-n\",\"5\",\"--name=x\",\"last\"],[],"
	    "[\"secret-argument\"]]", "one list of arguments per test, split at white space");
	ok(json_is_true(opt(s, "all-or-nothing")), "all-or-nothing: yes is true");
	ok(json_object_get(grading, "s/args/3.args") != NULL,
	    "argument files are grading files (never published)");
	spec_free(s);

	put(root, "s/args2.md", "---\ntester: stdio\nlanguage: c\n"
	    "public-inputs: t/*.in\npublic-outputs: t/*.out\n"
	    "arguments: args/*.args\nall-or-nothing: sometimes\n...\n");
	s = course_spec(root, "s/args2.md");
	ok(s == NULL, "three argument files for two tests");
	ok(has(root, "s/args2.md:6: arguments has 3 files but the exercise has 2 tests: "
	    "one file of arguments per test, in the tests' order (public, then private)"),
	    "... is an error at the field's line: %s", diag_str());
	ok(has(root, "s/args2.md:7: field \"all-or-nothing\" must be yes or no"),
	    "all-or-nothing of the wrong type, at its line");
	spec_free(s);

	put(root, "s/args3.md", "---\ntester: stdio\nlanguage: c\n"
	    "public-inputs: t/1.in\npublic-outputs: t/1.out\narguments: args/none*\n...\n");
	s = course_spec(root, "s/args3.md");
	ok(s == NULL && has(root, "s/args3.md:6: arguments: no file matches \"args/none*\""),
	    "an arguments glob that matches nothing: %s", diag_str());
	spec_free(s);

	{
		struct buf many = BUF_INIT;

		for (int i = 0; i < 257; i++)
			buf_puts(&many, "x ");
		buf_add(&many, "", 1);
		put(root, "s/args4/1.args", many.data);
		put_bytes(root, "s/args4/2.args", "a\0b\n", 4);
		buf_free(&many);
	}
	put(root, "s/args4.md", "---\ntester: stdio\nlanguage: c\n"
	    "public-inputs: t/*.in\npublic-outputs: t/*.out\narguments: args4/*.args\n...\n");
	s = course_spec(root, "s/args4.md");
	ok(s == NULL && has(root, "s/args4.md:6: arguments: s/args4/1.args has 257 arguments, "
	    "more than 256") && has(root, "s/args4.md:6: arguments: s/args4/2.args has a NUL "
	    "byte"), "too many arguments, a NUL byte: %s", diag_str());
	spec_free(s);

	/* Codex's inputs: and outputs: lists, public tests before the files'. */
	put(root, "s/io.md", "---\ntester: stdio\nlanguage: c\n"
	    "inputs: [\"1 2\\n\", \"3 4\\n\"]\noutputs:\n  - \"3\\n\"\n  - |\n    7\n"
	    "public-inputs: t/1.in\npublic-outputs: t/1.out\n"
	    "private-inputs: p/1.in\nprivate-outputs: p/1.out\nfeedback: no\n...\n");
	s = course_spec(root, "s/io.md");
	ok(s != NULL && s->ntests == 4, "inputs and outputs: %s", diag_str());
	if (s != NULL && s->ntests == 4) {
		static const char *const want[][3] = {
			{ "public 1", "1 2\n", "3\n" }, { "public 2", "3 4\n", "7\n" },
			{ "public 3", "1\n", "1\n" }, { "private 1", "3\n", "3\n" },
		};

		for (size_t i = 0; i < 4; i++) {
			ok(strcmp(s->tests[i].name, want[i][0]) == 0 &&
			    strcmp(s->tests[i].input, want[i][1]) == 0 &&
			    strcmp(s->tests[i].output, want[i][2]) == 0 &&
			    s->tests[i].public == (i < 3), "test %zu is %s, as a file's would be",
			    i + 1, want[i][0]);
		}
	}
	spec_free(s);
	put(root, "s/io1.md", "---\ntester: stdio\nlanguage: c\n"
	    "inputs: [\"\"]\noutputs: [\"hello\\n\"]\n...\n");
	s = course_spec(root, "s/io1.md");
	ok(s != NULL && s->ntests == 1 && s->tests[0].public &&
	    strcmp(s->tests[0].output, "hello\n") == 0, "inputs/outputs alone: %s", diag_str());
	spec_free(s);
	put(root, "s/io2.md", "---\ntester: stdio\nlanguage: c\n"
	    "inputs: {a: 1}\noutputs: [\"3\\n\", 4]\n...\n");
	s = course_spec(root, "s/io2.md");
	ok(s == NULL && has(root, "s/io2.md:4: field \"inputs\" must be a list of files "
	    "(inputs: [\"t/*.in\"]) or of texts (inputs: [\"1 2\\n\", \"3 4\\n\"])"),
	    "inputs not a list: %s", diag_str());
	ok(has(root, "s/io2.md:5: outputs[2] must be text (quote it: \"3\\n\", not 3)"),
	    "an output that is a number");
	spec_free(s);
	put(root, "s/io3.md", "---\ntester: stdio\nlanguage: c\n"
	    "inputs: [\"a\\n\", \"b\\n\"]\noutputs:\n  - \"a\\n\"\n...\n");
	s = course_spec(root, "s/io3.md");
	ok(s == NULL && has(root, "s/io3.md:5: inputs has 2 tests but outputs has 1: "
	    "inputs and outputs pair up in order"), "lengths differ: %s", diag_str());
	spec_free(s);
	/* Codex's own form: globs of files, relative to the page. */
	put(root, "s/io/2.in", "2\n");
	put(root, "s/io/10.in", "10\n");
	put(root, "s/io/2.out", "4\n");
	put(root, "s/io/10.out", "100\n");
	put(root, "s/io4.md", "---\ntester: stdio\nlanguage: c\n"
	    "inputs: [\"io/*.in\", \"0\\n\"]\noutputs: [io/*.out, \"0\\n\"]\n...\n");
	s = course_spec(root, "s/io4.md");
	ok(s != NULL && s->ntests == 3 && strcmp(s->tests[0].input, "2\n") == 0 &&
	    strcmp(s->tests[1].output, "100\n") == 0 && strcmp(s->tests[2].input, "0\n") == 0 &&
	    s->tests[2].public, "Codex's inputs/outputs name files (globs in natural order), "
	    "texts with a newline are tests as written: %s", diag_str());
	ok(json_object_get(public_files, "s/io/10.out") != NULL &&
	    json_object_get(grading, "s/io/10.out") == NULL,
	    "... public files, which a page may include");
	spec_free(s);
	put(root, "s/io5.md", "---\ntester: stdio\nlanguage: c\n"
	    "inputs: io/*.txt\noutputs: io/*.out\n...\n");
	s = course_spec(root, "s/io5.md");
	ok(s == NULL && has(root, "s/io5.md:4: inputs: no file matches \"io/*.txt\""),
	    "a glob that matches nothing is an error at its line: %s", diag_str());
	spec_free(s);
	put(root, "s/io4.md", "---\ntester: stdio\nlanguage: c\ninputs: [a]\n...\n");
	s = course_spec(root, "s/io4.md");
	ok(s == NULL && has(root, "s/io4.md:4: inputs without outputs: inputs and "
	    "outputs pair up in order"), "inputs alone: %s", diag_str());
	spec_free(s);
	put(root, "s/io5.md", "---\ntester: doctest\nlanguage: python\n"
	    "inputs: [a]\noutputs: [a]\n...\n");
	s = course_spec(root, "s/io5.md");
	ok(s == NULL && has(root, "s/io5.md:4: field \"inputs\" is for the stdio tester, "
	    "not doctest"), "inputs on a doctest page: %s", diag_str());
	spec_free(s);
	put(root, "s/none.md", "---\ntester: stdio\nlanguage: c\nfiles: []\n...\n");
	s = course_spec(root, "s/none.md");
	ok(s == NULL && has(root, "s/none.md:2: no tests: every program would be Accepted; "
	    "give inputs and outputs, or public-inputs and public-outputs (private-inputs "
	    "and private-outputs too)"), "no tests at all: an error at tester: %s", diag_str());
	spec_free(s);

	put(root, "s/wrong.md", "---\ntester: stdio\nlanguage: c\n"
	    "public-inputs: t/1.in\npublic-outputs: t/1.out\n"
	    "public-tests: x.tst\ncases: []\ngrader: near\n...\n");
	s = course_spec(root, "s/wrong.md");
	ok(s == NULL && has(root, "s/wrong.md:6: field \"public-tests\" is for the doctest "
	    "tester, not stdio") && has(root, "s/wrong.md:7: field \"cases\" is for the cases "
	    "tester, not stdio") && has(root, "s/wrong.md:8: field \"grader\" is for the cases "
	    "tester, not stdio"), "fields of other testers are errors: %s", diag_str());
	spec_free(s);
}

/* ---- doctest ------------------------------------------------------------- */

static void
test_doctest(const char *root)
{
	struct spec *s;

	put(root, "d/a.tst", ">>> f(1)\n1");
	put(root, "d/b.tst", "Some prose.\n>>> f(2)\n2\n");
	put(root, "d/secret/1.tst", ">>> f(-1) # secret example\n-1\n");
	put(root, "d/prose.tst", "No examples here.\n");
	put(root, "d/bad.tst", "\xff\n");

	put(root, "d/f.md", "# F\n\n---\ntester: doctest\nlanguage: python\n"
	    "code: |\n  def f(x):\n      pass\n"
	    "public-tests: [a.tst, b.tst]\nprivate-tests: secret/*.tst\n...\n");
	s = course_spec(root, "d/f.md");
	ok(s != NULL, "a doctest exercise: %s", diag_str());
	is_str(json_string_value(json_object_get(opt(s, "doctest"), "public")),
	    ">>> f(1)\n1\n\nSome prose.\n>>> f(2)\n2\n",
	    "public examples joined in order, a blank line between files");
	is_str(json_string_value(json_object_get(opt(s, "doctest"), "private")),
	    ">>> f(-1) # secret example\n-1\n", "private examples");
	ok(s && s->ntests == 0 && strcmp(s->tester, "doctest") == 0, "no stdio tests");
	ok(json_object_get(grading, "d/secret/1.tst") && !json_object_get(grading, "d/a.tst"),
	    "private-tests are private files (never published)");
	ok(json_object_get(public_files, "d/a.tst") != NULL,
	    "public-tests are public files (a page may include them)");
	spec_free(s);

	/* Codex's legacy field, and the default file. */
	put(root, "d/g.md", "---\ntester: doctest\nlanguage: python\ntests: b.tst\n...\n");
	s = course_spec(root, "d/g.md");
	ok(s != NULL && json_object_get(opt(s, "doctest"), "private") == NULL,
	    "tests: is public: %s", diag_str());
	is_str(json_string_value(json_object_get(opt(s, "doctest"), "public")),
	    "Some prose.\n>>> f(2)\n2\n", "... read");
	spec_free(s);
	put(root, "d/h.md", "---\ntester: doctest\nlanguage: python\n...\n");
	put(root, "d/h.tst", ">>> h()\n'h'\n");
	s = course_spec(root, "d/h.md");
	is_str(json_string_value(json_object_get(opt(s, "doctest"), "public")),
	    ">>> h()\n'h'\n", "the default: the page's name with .tst");
	ok(json_object_get(public_files, "d/h.tst") != NULL, "... a public file, like tests:");
	spec_free(s);
	put(root, "d/[x].md", "---\ntester: doctest\nlanguage: python\n...\n");
	put(root, "d/[x].tst", ">>> 1\n1\n");
	s = course_spec(root, "d/[x].md");
	ok(s == NULL || json_object_get(opt(s, "doctest"), "public") != NULL,
	    "a page name with glob characters: %s", diag_str());
	spec_free(s);

	put(root, "d/i.md", "---\ntester: doctest\nlanguage: python\n...\n");
	s = course_spec(root, "d/i.md");
	ok(s == NULL && has(root, "d/i.md:2: a doctest exercise needs examples: "
	    "\"public-tests\" and \"private-tests\" name files of them (or put them in "
	    "i.tst beside the page)"), "no examples at all: %s", diag_str());
	put(root, "d/j.md", "---\ntester: doctest\nlanguage: python\npublic-tests: prose.tst\n...\n");
	s = course_spec(root, "d/j.md");
	ok(s == NULL && has(root, "d/j.md:4: no doctest examples (lines starting with >>>) "
	    "in the test files"), "files without an example: %s", diag_str());
	put(root, "d/k.md", "---\ntester: doctest\nlanguages: [python, c]\ntests: a.tst\n"
	    "public-tests: b.tst\nprivate-tests: [nothing.tst, bad.tst]\n"
	    "public-inputs: x.in\nlinter: yes\n...\n");
	s = course_spec(root, "d/k.md");
	ok(s == NULL, "a doctest page with many mistakes");
	ok(has(root, "d/k.md:3: the doctest tester grades Python only (language: python)"),
	    "two languages: %s", diag_str());
	ok(has(root, "d/k.md:4: \"tests\" is Codex's name for \"public-tests\": give only one"),
	    "tests and public-tests");
	ok(has(root, "d/k.md:7: field \"public-inputs\" is for the stdio tester, not doctest"),
	    "a stdio field");
	put(root, "d/l.md", "---\ntester: doctest\nlanguage: c\n"
	    "private-tests: [nothing.tst, bad.tst]\n...\n");
	s = course_spec(root, "d/l.md");
	ok(s == NULL && has(root, "d/l.md:3: the doctest tester grades Python only "
	    "(language: python)"), "language c: %s", diag_str());
	ok(has(root, "d/l.md:4: private-tests: no file matches \"nothing.tst\""),
	    "a file that is missing");
	put(root, "d/l.md", "---\ntester: doctest\nlanguage: python\n"
	    "private-tests: [a.tst, bad.tst]\n...\n");
	s = course_spec(root, "d/l.md");
	ok(s == NULL && has(root, "d/l.md:4: private-tests: d/bad.tst:1: not UTF-8 text"),
	    "a file that is not text: %s", diag_str());
	put(root, "d/m.md", "---\ntester: doctest\nlanguage: python\ntests: a.tst\n"
	    "linter: yes\n...\n");
	s = course_spec(root, "d/m.md");
	ok(s != NULL && diag_str()[0] == '\0', "linter: yes: %s", diag_str());
	is_str(dump(json_object_get(opt(s, "doctest"), "linter")),
	    "{\"args\":[],\"name\":\"mypy\"}", "... is mypy, without arguments");
	spec_free(s);
	put(root, "d/m.md", "---\ntester: doctest\nlanguage: python\ntests: a.tst\n"
	    "linter: true\nlinter-args: \" --strict  --warn-unreachable\"\n...\n");
	s = course_spec(root, "d/m.md");
	is_str(dump(json_object_get(opt(s, "doctest"), "linter")),
	    "{\"args\":[\"--strict\",\"--warn-unreachable\"],\"name\":\"mypy\"}",
	    "linter-args: a text, split at white space");
	spec_free(s);
	put(root, "d/m.md", "---\ntester: doctest\nlanguage: python\ntests: a.tst\n"
	    "linter: pylint\nlinter-args: [--strict, 3]\n...\n");
	s = course_spec(root, "d/m.md");
	ok(s == NULL && has(root, "d/m.md:5: linter: true (mypy), or the name of a linter"
	    " Assay runs: mypy"), "an unknown linter: %s", diag_str());
	put(root, "d/m.md", "---\ntester: doctest\nlanguage: python\ntests: a.tst\n"
	    "linter: mypy\nlinter-args: [--strict, 3]\n...\n");
	s = course_spec(root, "d/m.md");
	ok(s == NULL && has(root, "d/m.md:6: linter-args: each argument must be text"),
	    "an argument that is not text: %s", diag_str());
	put(root, "d/m.md", "---\ntester: doctest\nlanguage: python\ntests: a.tst\n"
	    "linter-args: --strict\n...\n");
	s = course_spec(root, "d/m.md");
	ok(s != NULL && has(root, "d/m.md:5: warning: linter-args: no linter runs without"
	    " \"linter: true\"; the field is ignored"), "linter-args alone: a warning: %s",
	    diag_str());
	ok(json_object_get(opt(s, "doctest"), "linter") == NULL, "... and no linter");
	spec_free(s);
}

/* ---- cases ---------------------------------------------------------------- */

static void
test_cases(const char *root)
{
	struct spec *s;
	struct buf b = BUF_INIT;
	json_t *c;

	put(root, "k/sqr.md", "# Square\n\n---\ntester: cases\nlanguage: c\n"
	    "grader: near\nall-or-nothing: yes\ntemplate: |\n  #include <stdio.h>\n"
	    "cases:\n"
	    "  - test: 'printf(\"%d\\n\", sqr(-3));'\n"
	    "    expected: \"9\"\n"
	    "    show: example\n"
	    "  - test: 'int n; scanf(\"%d\", &n); printf(\"%d\\n\", sqr(n));'\n"
	    "    stdin: \"12 <b>\"\n"
	    "    expected: \"144\"\n"
	    "    show: example\n"
	    "    mark: 2.5\n"
	    "  - test: 'printf(\"%d\\n\", sqr(0));'\n"
	    "    expected: \"0\"\n"
	    "  - test: 'printf(\"%d\\n\", sqr(46340)); /* hidden */'\n"
	    "    expected: \"2147395600\"\n"
	    "    show: hidden\n"
	    "    mark: 3\n"
	    "...\n\nWrite `sqr`.\n");
	s = course_spec(root, "k/sqr.md");
	ok(s != NULL, "a cases exercise: %s", diag_str());
	c = opt(s, "cases");
	is_str(json_string_value(json_object_get(c, "grader")), "near", "grader");
	ok(json_is_true(json_object_get(c, "all-or-nothing")), "all-or-nothing");
	is_str(json_string_value(json_object_get(c, "template")), "#include <stdio.h>\n",
	    "template");
	is_int(json_array_size(json_object_get(c, "cases")), 4, "four cases");
	is_str(dump(json_array_get(json_object_get(c, "cases"), 0)),
	    "{\"expected\":\"9\",\"mark\":1,\"show\":\"example\","
	    "\"test\":\"printf(\\\"%d\\\\n\\\", sqr(-3));\"}", "a case, with its defaults");
	is_str(dump(json_array_get(json_object_get(c, "cases"), 1)),
	    "{\"expected\":\"144\",\"mark\":2.5,\"show\":\"example\",\"stdin\":\"12 <b>\","
	    "\"test\":\"int n; scanf(\\\"%d\\\", &n); printf(\\\"%d\\\\n\\\", sqr(n));\"}",
	    "a case with standard input and a mark");
	is_str(json_string_value(json_object_get(json_array_get(json_object_get(c, "cases"), 2),
	    "show")), "shown", "show: shown by default");
	ok(s && s->ntests == 0, "no stdio tests");

	/* The examples on the page. */
	if (s != NULL) {
		ok(render_exercise(&b, s) & RENDER_CODE, "the examples' code is highlighted");
		ok(b.data && strstr(b.data, "<tr><th>Test</th><th>Input</th><th>Expected output"
		    "</th></tr>"), "a table with the input column");
		ok(b.data && strstr(b.data, "<tr><td><pre><code class=\"language-c\">"
		    "int n; scanf(&quot;%d&quot;, &amp;n); printf(&quot;%d\\n&quot;, sqr(n));"
		    "</code></pre></td><td><pre>12 &lt;b&gt;</pre></td><td><pre>144</pre></td></tr>"),
		    "each example: code, input and output, escaped");
		ok(b.data && strstr(b.data, "sqr(0)") == NULL && strstr(b.data, "46340") == NULL,
		    "shown and hidden cases are not on the page");
		ok(b.data && strstr(b.data, "data-tester=\"cases\""), "the form names its tester");
		ok(b.data && strstr(b.data, "assay-examples") < strstr(b.data, "assay-form"),
		    "the examples come before the form");
	}
	spec_free(s);

	buf_reset(&b);
	put(root, "k/re.md", "---\ntester: cases\nlanguage: python\ngrader: regex\ncases:\n"
	    "  - test: 'print(f())'\n    expected: '[0-9]+'\n    show: example\n"
	    "...\n");
	s = course_spec(root, "k/re.md");
	ok(s != NULL, "a regex grader: %s", diag_str());
	if (s != NULL) {
		exercise_cases_render_examples(&b, s);
		ok(b.data && strstr(b.data, "<tr><th>Test</th><th>Expected output (a pattern)"
		    "</th></tr>") && strstr(b.data, "class=\"language-python\"") &&
		    strstr(b.data, ">Example</h2>"), "no input column; the pattern is "
		    "labelled: %s", b.data ? b.data : "");
	}
	spec_free(s);
	buf_reset(&b);
	put(root, "k/none.md", "---\ntester: cases\nlanguage: c\ncases:\n"
	    "  - {test: 'f();', expected: \"\"}\n...\n");
	s = course_spec(root, "k/none.md");
	ok(s != NULL && exercise_cases_render_examples(&b, s) == 0 && b.len == 0,
	    "no examples, no table: %s", diag_str());
	spec_free(s);
	buf_free(&b);

	put(root, "k/bad.md", "---\n"			/* 1 */
	    "tester: cases\n"				/* 2 */
	    "languages: [c, python]\n"			/* 3 */
	    "grader: fuzzy\n"				/* 4 */
	    "all-or-nothing: 1\n"			/* 5 */
	    "template: [x]\n"				/* 6 */
	    "public-inputs: x.in\n"			/* 7 */
	    "cases:\n"					/* 8 */
	    "  - just text\n"				/* 9 */
	    "  - test: 'f();'\n"			/* 10 */
	    "    expected: 9\n"				/* 11 */
	    "    show: sometimes\n"			/* 12 */
	    "    mark: 0\n"				/* 13 */
	    "    expect: \"9\"\n"			/* 14 */
	    "  - stdin: [1]\n"				/* 15 */
	    "    mark: many\n"				/* 16 */
	    "...\n");
	s = course_spec(root, "k/bad.md");
	ok(s == NULL, "a cases page with many mistakes");
	ok(has(root, "k/bad.md:3: a cases exercise has one language: its tests are written "
	    "in it"), "two languages: %s", diag_str());
	ok(has(root, "k/bad.md:4: field \"grader\" must be exact, near or regex"), "grader");
	ok(has(root, "k/bad.md:5: field \"all-or-nothing\" must be yes or no"), "all-or-nothing");
	ok(has(root, "k/bad.md:6: field \"template\" must be text (use \"template: |\" and "
	    "indent it below)"), "template");
	ok(has(root, "k/bad.md:7: field \"public-inputs\" is for the stdio tester, not cases"),
	    "a stdio field");
	ok(has(root, "k/bad.md:9:5: cases[1] must be a mapping with test, expected and "
	    "optionally stdin, show and mark"), "a case that is not a mapping, at its place");
	ok(has(root, "k/bad.md:11:15: cases[2].expected must be text (quote it: \"9\", not 9)"),
	    "an expected output that is a number");
	ok(has(root, "k/bad.md:12:11: cases[2].show must be example, shown or hidden"), "show");
	ok(has(root, "k/bad.md:13:11: cases[2].mark must be a number greater than 0"), "mark 0");
	ok(has(root, "k/bad.md:14:13: cases[2]: unknown field \"expect\" (a case has test, "
	    "stdin, expected, show and mark)"), "a misspelt field of a case");
	ok(has(root, "k/bad.md:15:5: cases[3]: \"test\" is missing") &&
	    has(root, "k/bad.md:15:5: cases[3]: \"expected\" is missing"),
	    "missing test and expected, at the case");
	ok(has(root, "k/bad.md:15:12: cases[3].stdin must be text"), "stdin of the wrong type");
	ok(has(root, "k/bad.md:16:11: cases[3].mark must be a number greater than 0"),
	    "mark that is not a number");

	put(root, "k/bad2.md", "---\ntester: cases\nlanguage: java\ngrader: regex\ncases:\n"
	    "  - test: 'f();'\n    expected: 'a(b'\n"
	    "  - test: 'g();'\n    expected: \"[z-a]\"\n...\n");
	s = course_spec(root, "k/bad2.md");
	ok(s == NULL && has(root, "k/bad2.md:3: the cases tester grades C or Python "
	    "(language: c, or language: python)"), "java: %s", diag_str());
	ok(strstr(diag_str(), "k/bad2.md:7:15: cases[1].expected is not a regular expression "
	    "(grader: regex): ") != NULL && strstr(diag_str(), "k/bad2.md:9:15: cases[2].expected "
	    "is not a regular expression") != NULL, "patterns that do not compile, at their "
	    "place");
	put(root, "k/bad3.md", "---\ntester: cases\nlanguage: c\n...\n");
	s = course_spec(root, "k/bad3.md");
	ok(s == NULL && has(root, "k/bad3.md:2: a cases exercise needs \"cases\": a list of "
	    "{test, expected}"), "no cases: %s", diag_str());
	put(root, "k/bad4.md", "---\ntester: cases\nlanguage: c\ncases: []\n...\n");
	s = course_spec(root, "k/bad4.md");
	ok(s == NULL && has(root, "k/bad4.md:4: field \"cases\" must be a non-empty list of "
	    "{test, expected, stdin, show, mark}"), "an empty list: %s", diag_str());
	put(root, "k/bad5.md", "---\ntester: cases\nlanguage: c\ncases:\n"
	    "  - test: |\n      f();\n    expected: \"\"\n    show: example\n...\n"
	    "---\ntester: quiz\nshuffle-answers: yes\n...\n");
	s = course_spec(root, "k/bad5.md");
	ok(s == NULL && has(root, "k/bad5.md:12: field \"shuffle-answers\" is for the quiz "
	    "tester, not cases"), "a quiz field: %s", diag_str());
	put(root, "k/bad6.md", "---\ntester: cases\nlanguage: c\nshow-answers: always\ncases:\n"
	    "  - test: |\n      f();\n    expected: \"\"\n...\n");
	s = course_spec(root, "k/bad6.md");
	ok(s == NULL && has(root, "k/bad6.md:4: field \"show-answers\" is for the quiz "
	    "tester, not cases"), "show-answers is a quiz's: %s", diag_str());
}

/* ---- The events file, valid, forbid --------------------------------------- */

static void
test_events(const char *root)
{
	struct diags d;
	json_t *ev = NULL, *used;

	d = new_diags();
	is_int(events_load(root, &d, &ev), 0, "no events file");
	ok(ev == NULL && d.errors == 0, "... no events, no error");

	put(root, "events.cfg", "# The course's events\n\nweek1 = 15/02/2027\n"
	    "week2 = #week1 + 1 week\nexam = 09:00 20/06/2027\nresit=  \"exam\" + 2 weeks \n");
	d = new_diags();
	is_int(events_load(root, &d, &ev), 0, "an events file: %s", diag_str());
	is_int(json_object_size(ev), 4, "... four events");
	is_str(json_string_value(json_object_get(ev, "resit")), "\"exam\" + 2 weeks",
	    "... their times as written, trimmed");
	used = events_used("after #week2 and before \"resit\" - 1 day", ev);
	is_str(dump(used), "{\"exam\":\"09:00 20/06/2027\",\"resit\":\"\\\"exam\\\" + 2 weeks\","
	    "\"week1\":\"15/02/2027\",\"week2\":\"#week1 + 1 week\"}",
	    "the events an expression uses, and those they use");
	json_decref(used);
	used = events_used("before #exam or after 1/1/2030", ev);
	is_str(dump(used), "{\"exam\":\"09:00 20/06/2027\"}", "... only those");
	json_decref(used);
	used = events_used("always", ev);
	is_int(json_object_size(used), 0, "... none");
	json_decref(used);
	used = events_used("after #nothing", NULL);
	is_int(json_object_size(used), 0, "... without an events file");
	json_decref(used);
	json_decref(ev);
	ev = NULL;

	put(root, "events.cfg", "a = 01/01/2027\n\nthis is not an event\n");
	d = new_diags();
	is_int(events_load(root, &d, &ev), -1, "a malformed line");
	ok(has(root, "events.cfg:3: expected \"name = time\" (a name of letters, digits and "
	    "'_')"), "... an error at its line: %s", diag_str());
	put(root, "events.cfg", "a = 01/01/2027\nb = #c\nc = #b + 1 day\n");
	d = new_diags();
	is_int(events_load(root, &d, &ev), -1, "a cycle");
	ok(strstr(diag_str(), "events.cfg:2: event \"b\": ") != NULL &&
	    strstr(diag_str(), "defined in terms of itself") != NULL, "... at its line: %s",
	    diag_str());
	put(root, "events.cfg", "a = 01/01/2027\na = 02/01/2027\n");
	d = new_diags();
	is_int(events_load(root, &d, &ev), -1, "an event defined twice");
	ok(has(root, "events.cfg:2: event \"a\" defined twice"), "... at its line: %s",
	    diag_str());
	put(root, "events.cfg", "a = 31/02/2027\n");
	d = new_diags();
	is_int(events_load(root, &d, &ev), -1, "a date that does not exist");
	ok(strstr(diag_str(), "events.cfg:1: event \"a\": 31/02/2027 is not a date") != NULL,
	    "... at its line: %s", diag_str());
	put(root, "events.cfg", "a = 01/01/2027\nb = \xff\n");
	d = new_diags();
	is_int(events_load(root, &d, &ev), -1, "not UTF-8");
	ok(has(root, "events.cfg:2: not UTF-8 text"), "... at its line: %s", diag_str());
	{
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/events.cfg", root);
		unlink(path);
	}
}

static void
test_rules(const char *root)
{
	struct spec *s;
	struct diags d = new_diags();

	put(root, "events.cfg", "week1 = 15/02/2027\nweek2 = #week1 + 1 week\n"
	    "exam = 09:00 20/06/2027\n");
	events_load(root, &d, &events);
	ok(events != NULL, "the events for the rules: %s", diag_str());

	put(root, "r/ok.md", "---\ntester: stdio\nlanguage: c\n"
	    "valid: \"after #week2 and before #week2 + 2 days\"\n"
	    "attempts: 3\nlock: no\nforbid: [goto, 'system *\\(']\n"
	    "inputs: [\"\"]\noutputs: [\"\"]\n...\n");
	s = course_spec(root, "r/ok.md");
	ok(s != NULL, "valid with events, attempts, lock, forbid: %s", diag_str());
	is_str(dump(opt(s, "events")), "{\"week1\":\"15/02/2027\",\"week2\":\"#week1 + 1 week\"}",
	    "the events it uses are in the spec");
	is_str(json_string_value(opt(s, "valid")), "after #week2 and before #week2 + 2 days",
	    "valid carried as written");
	ok(json_integer_value(opt(s, "attempts")) == 3 && json_is_false(opt(s, "lock")) &&
	    json_array_size(opt(s, "forbid")) == 2, "attempts, lock and forbid carried");
	ok(json_object_get(deps, EVENTS_FILE) != NULL, "the spec depends on the events file");
	ok(json_object_get(grading, EVENTS_FILE) == NULL, "... which is not a grading file");
	spec_free(s);

	put(root, "r/dates.md", "---\ntester: stdio\nlanguage: c\n"
	    "valid: (from 16/02/2027 and until 18/02/2027 12:00) or after 08:00 20/02/2027\n"
	    "forbid: []\ninputs: [\"\"]\noutputs: [\"\"]\n...\n");
	s = course_spec(root, "r/dates.md");
	ok(s != NULL && opt(s, "events") == NULL && json_object_size(deps) == 0,
	    "valid without events: no events in the spec, no dependency; forbid: [] is "
	    "fine: %s", diag_str());
	spec_free(s);

	/* Mistakes, at their line and column inside the value. */
	put(root, "r/bad1.md", "---\ntester: stdio\nlanguage: c\n"
	    "valid: after 08:00 32/01/2027\n...\n");
	s = course_spec(root, "r/bad1.md");
	ok(s == NULL && has(root, "r/bad1.md:4:20: valid: 32/01/2027 is not a date"),
	    "a plain value: the column of the date: %s", diag_str());
	put(root, "r/bad2.md", "---\ntester: stdio\nlanguage: c\n"
	    "valid: \"after #week1 or befor #week2\"\n...\n");
	s = course_spec(root, "r/bad2.md");
	ok(s == NULL && has(root, "r/bad2.md:4:25: valid: expected after, from, before, until, "
	    "between, always or '('"), "a quoted value: the column of the mistake: %s",
	    diag_str());
	put(root, "r/bad3.md", "---\ntester: stdio\nlanguage: c\n"
	    "valid: 'before #week9'\n...\n");
	s = course_spec(root, "r/bad3.md");
	ok(s == NULL && has(root, "r/bad3.md:4:16: valid: no event \"week9\" in the events file"),
	    "an event the file lacks: %s", diag_str());
	put(root, "r/comment.md", "---\ntester: stdio\nlanguage: c\nvalid: before #exam\n...\n");
	s = course_spec(root, "r/comment.md");
	ok(s == NULL && has(root, "r/comment.md:4:14: valid: expected a time (HH:MM DD/MM/YYYY, "
	    "DD/MM/YYYY [HH:MM] or #event) (in YAML, \" #\" starts a comment: quote a value "
	    "that names an #event)"), "an unquoted #event, cut off as a YAML comment: a hint: %s",
	    diag_str());
	put(root, "r/bad4.md", "---\ntester: stdio\nlanguage: c\n"
	    "valid: |\n  after 08:00 15/02/2027 and\n  bfore 2027\n...\n");
	s = course_spec(root, "r/bad4.md");
	ok(s == NULL && strstr(diag_str(), "r/bad4.md:4:8: valid: expected after, from, before")
	    != NULL, "a block value: the place of the value: %s", diag_str());
	put(root, "r/bad5.md", "---\ntester: stdio\nlanguage: c\nvalid: 2027\n"
	    "forbid: ['goto', '(unclosed', \"\"]\n...\n");
	s = course_spec(root, "r/bad5.md");
	ok(s == NULL && has(root, "r/bad5.md:4: field \"valid\" must be text such as "
	    "\"after 08:00 15/02/2027 and before 12:00 15/02/2027\""), "valid not text: %s",
	    diag_str());
	ok(strstr(diag_str(), "r/bad5.md:5:18: forbid: \"(unclosed\" is not a regular "
	    "expression: ") != NULL, "a pattern that does not compile, at its place");
	ok(has(root, "r/bad5.md:5: forbid: each pattern must be a non-empty regular expression"),
	    "an empty pattern");
	put(root, "r/bad6.md", "---\ntester: stdio\nlanguage: c\n"
	    "forbid: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q]\n...\n");
	s = course_spec(root, "r/bad6.md");
	ok(s == NULL && has(root, "r/bad6.md:4: field \"forbid\" must be a regular expression "
	    "or a list of at most 16"), "too many patterns: %s", diag_str());
	put(root, "r/bad7.md", "---\ntester: quiz\nvalid: 'before #exam +'\nattempts: 0\n"
	    "lock: maybe\n...\n## Q {.question answer=a}\n(a) x\n(b) y\n");
	s = course_spec(root, "r/bad7.md");
	ok(s == NULL && has(root, "r/bad7.md:3:23: valid: expected a number after '+'") &&
	    has(root, "r/bad7.md:4: field \"attempts\" must be a positive whole number") &&
	    has(root, "r/bad7.md:5: field \"lock\" must be yes or no"),
	    "the rules of a quiz are checked too: %s", diag_str());
	put(root, "r/quiz.md", "---\ntester: quiz\nvalid: \"before #exam\"\n...\n"
	    "## Q {.question answer=a}\n(a) x\n(b) y\n");
	s = course_spec(root, "r/quiz.md");
	ok(s != NULL && json_object_get(opt(s, "events"), "exam") != NULL,
	    "... and its events are in its spec: %s", diag_str());
	spec_free(s);

	json_decref(events);
	events = NULL;
	s = course_spec(root, "r/ok.md");
	ok(s == NULL && has(root, "r/ok.md:4:15: valid: no event \"week2\" in the events file"),
	    "without an events file, an event is a mistake: %s", diag_str());
	{
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/events.cfg", root);
		unlink(path);
	}
}

/* ---- Whole builds: the events file and incremental builds ------------------- */

static void
test_build(void)
{
	char *root = tmpdir(), *out = tmpdir(), *text, path[PATH_MAX];
	struct diags d = new_diags();
	struct site_config c = config(root, out, &d);
	struct site_stats st;

	put(root, "index.md", "# Course\n");
	put(root, "events.cfg", "week1 = 15/02/2027\n");
	put(root, "ex/a.md", "---\ntester: stdio\nlanguage: c\nvalid: \"before #week1\"\n"
	    "inputs: [\"\"]\noutputs: [\"\"]\n...\n# A\n");
	put(root, "ex/b.md", "---\ntester: stdio\nlanguage: c\nvalid: \"before 1/1/2030\"\n"
	    "inputs: [\"\"]\noutputs: [\"\"]\n...\n# B\n");
	is_int(site_build(&c, &st), 0, "a course with an events file builds: %s", diag_str());
	snprintf(path, sizeof(path), "%s/current/specs/ex/a.json", out);
	text = slurp(path, NULL);
	ok(text && strstr(text, "\"week1\": \"15/02/2027\""), "the spec has the event");
	free(text);
	snprintf(path, sizeof(path), "%s/current/public/events.cfg", out);
	ok(access(path, F_OK) != 0, "the events file is not published");

	put(root, "events.cfg", "week1 = 22/02/2027\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "the events file changed");
	ok(st.rendered == 2 && st.reused == 1, "... the exercise that uses it is built again, "
	    "the other is not (%u built, %u reused)", st.rendered, st.reused);
	snprintf(path, sizeof(path), "%s/current/specs/ex/a.json", out);
	text = slurp(path, NULL);
	ok(text && strstr(text, "\"week1\": \"22/02/2027\""), "... with the new time");
	free(text);

	put(root, "events.cfg", "week1 = 22/02/2027\nweek2 = #week3\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "a mistake in the events file fails the build");
	ok(has(root, "events.cfg:2: event \"week2\": no event \"week3\" in the events file") &&
	    d.errors == 1, "... reported once, at its line: %s", diag_str());
	put(root, "events.cfg", "week1 = 22/02/2027\n");
	put(root, "ex/b.md", "---\ntester: stdio\nlanguage: c\nvalid: \"before 31/02/2030\"\n"
	    "inputs: [\"\"]\noutputs: [\"\"]\n...\n# B\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "a malformed valid fails the build");
	ok(has(root, "ex/b.md:4:16: valid: 31/02/2030 is not a date"), "... at its place: %s",
	    diag_str());
	{
		snprintf(path, sizeof(path), "%s/events.cfg", root);
		unlink(path);
	}
	put(root, "ex/b.md", "# B\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "the events file removed: a page that used it fails");
	ok(has(root, "ex/a.md:4:16: valid: no event \"week1\" in the events file"), "... %s",
	    diag_str());

	tmpdir_remove(root);
	tmpdir_remove(out);
}

/* ---- cases: functions (the isolated mode) --------------------------------- */

/* The prototype TEXT as its spec entry, or "error: " and the message. */
static const char *
proto(const char *text)
{
	static char out[512];
	char err[256];
	json_t *j = exercise_cases_prototype(text, err, sizeof(err));
	char *d;

	if (j == NULL) {
		snprintf(out, sizeof(out), "error: %s", err);
		return out;
	}
	d = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	snprintf(out, sizeof(out), "%s", d ? d : "?");
	free(d);
	json_decref(j);
	return out;
}

static void
test_cases_functions(const char *root)
{
	struct spec *s;
	json_t *f;

	is_str(proto("int sqr(int x)"), "{\"name\":\"sqr\",\"params\":[\"int\"],\"ret\":\"int\"}",
	    "a prototype: its types, the names dropped");
	is_str(proto("double mean(double a, double b);"),
	    "{\"name\":\"mean\",\"params\":[\"double\",\"double\"],\"ret\":\"double\"}",
	    "two parameters, a final ;");
	is_str(proto("unsigned long count(const char *s, char c)"),
	    "{\"name\":\"count\",\"params\":[\"const char *\",\"char\"],\"ret\":\"unsigned long\"}",
	    "a string and a character");
	is_str(proto("char *upper(char *s)"),
	    "{\"name\":\"upper\",\"params\":[\"char *\"],\"ret\":\"char *\"}", "char *");
	is_str(proto("char const*f(unsigned)"),
	    "{\"name\":\"f\",\"params\":[\"unsigned\"],\"ret\":\"const char *\"}",
	    "const after char, no names, no spaces");
	is_str(proto("void tick(void)"), "{\"name\":\"tick\",\"params\":[],\"ret\":\"void\"}",
	    "void: no parameters");
	is_str(proto("int now()"), "{\"name\":\"now\",\"params\":[],\"ret\":\"int\"}",
	    "() as (void)");
	ok(strstr(proto("int sum(int a[], int n)"), "error: an array") != NULL, "an array refused");
	ok(strstr(proto("int apply(int (*f)(int), int x)"), "error: a function pointer") != NULL,
	    "a function pointer refused");
	ok(strstr(proto("struct p mid(struct p a)"), "error: a struct or union") != NULL,
	    "a struct refused");
	ok(strstr(proto("int sum(int *a, int n)"), "error: a pointer other than const char *") != NULL,
	    "an int * refused");
	ok(strstr(proto("void *f(int)"), "error: a pointer other than") != NULL, "a void * refused");
	ok(strstr(proto("char **f(int)"), "error: a pointer other than") != NULL, "a char ** refused");
	ok(strstr(proto("int pr(const char *fmt, ...)"), "error: a variadic") != NULL,
	    "a variadic function refused");
	ok(strstr(proto("int f(int a, int b, int c, int d, int e, int f, int g)"), "error: more than 6 parameters") != NULL, "seven parameters refused");
	ok(strstr(proto("point f(int)"), "error: unknown type point") != NULL, "a typedef refused");
	ok(strstr(proto("int f(void x)"), "error: void") != NULL, "a void parameter refused");
	ok(strstr(proto("sqr"), "error: not a C prototype") != NULL, "not a prototype");

	put(root, "k/iso.md", "---\ntester: cases\nlanguage: c\n"
	    "functions: [\"int sqr(int x)\", \"double mean(double a, double b)\"]\n"
	    "cases:\n  - {test: 'printf(\"%d\\n\", sqr(3));', expected: \"9\"}\n...\n");
	s = course_spec(root, "k/iso.md");
	ok(s != NULL, "a cases exercise with functions: %s", diag_str());
	f = json_object_get(opt(s, "cases"), "functions");
	is_str(dump(f), "[{\"name\":\"sqr\",\"params\":[\"int\"],\"ret\":\"int\"},"
	    "{\"name\":\"mean\",\"params\":[\"double\",\"double\"],\"ret\":\"double\"}]",
	    "options.cases.functions");
	spec_free(s);

	put(root, "k/isobad.md", "---\n"		/* 1 */
	    "tester: cases\n"				/* 2 */
	    "language: c\n"				/* 3 */
	    "functions:\n"				/* 4 */
	    "  - int sqr(int x)\n"			/* 5 */
	    "  - int sum(int *a, int n)\n"		/* 6 */
	    "  - 7\n"					/* 7 */
	    "cases:\n  - {test: 'f();', expected: \"\"}\n...\n");
	s = course_spec(root, "k/isobad.md");
	ok(s == NULL && has(root, "k/isobad.md:6: functions[2]: a pointer other than "
	    "const char * or char * cannot cross to the student's process"), "a bad prototype at its line: %s",
	    diag_str());
	ok(has(root, "k/isobad.md:7: functions[3]: must be text: a C prototype"), "not text, at its line");
	put(root, "k/isopy.md", "---\ntester: cases\nlanguage: python\n"
	    "functions: [\"int sqr(int x)\"]\ncases:\n  - {test: 'f()', expected: \"\"}\n...\n");
	s = course_spec(root, "k/isopy.md");
	ok(s == NULL && has(root, "k/isopy.md:4: field \"functions\" is for C exercises only (language: c)"),
	    "python: refused: %s", diag_str());
	put(root, "k/isoq.md", "---\ntester: stdio\nlanguage: c\n"
	    "functions: [\"int sqr(int x)\"]\n...\n");
	s = course_spec(root, "k/isoq.md");
	spec_free(s);
	ok(has(root, "k/isoq.md:4: field \"functions\" is for the cases tester, not stdio"),
	    "another tester: refused: %s", diag_str());
}

/* The functions the skeleton CODE gives the tests CALLS, or "one program: "
 * and why. */
static const char *
skel2(const char *code, const char *calls)
{
	static char out[1024];
	char why[400];
	json_t *j = exercise_cases_skeleton(code, calls, why, sizeof(why));
	char *d;

	if (j == NULL) {
		snprintf(out, sizeof(out), "one program: %s", why);
		return out;
	}
	d = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	snprintf(out, sizeof(out), "%s", d ? d : "?");
	free(d);
	json_decref(j);
	return out;
}

static const char *
skel(const char *code)
{
	return skel2(code, NULL);
}

static void
test_cases_skeleton(const char *root)
{
	struct spec *s;

	is_str(skel("int sqr(int x)\n{\n}\n"),
	    "[{\"name\":\"sqr\",\"params\":[\"int\"],\"ret\":\"int\"}]",
	    "a skeleton's function");
	is_str(skel("#include <string.h>\n#include \"x.h\"\n\n"
	    "/* Count { the } braces; */\n"
	    "size_t count(const char *s, // the text\n"
	    "\tchar c)\n{\n\tconst char *b = \"}{;\";\n\tchar q = '}';\n"
	    "\tif (s) { return 0; }\n\treturn 0;\n}\n\n"
	    "int twice(int);\nint twice(int x) { return 2 * x; }\n"
	    "void tick(void) {}\n"),
	    "[{\"name\":\"count\",\"params\":[\"const char *\",\"char\"],\"ret\":\"size_t\"},"
	    "{\"name\":\"twice\",\"params\":[\"int\"],\"ret\":\"int\"},"
	    "{\"name\":\"tick\",\"params\":[],\"ret\":\"void\"}]",
	    "includes, comments, strings, braces in bodies, a prototype then its"
	    " definition (once)");
	is_str(skel("struct p { int x; };\nint f(int x) { return x; }\n"),
	    "one program: \"struct p\", which is not a function", "a struct");
	is_str(skel("int count;\nint f(int x) { return x; }\n"),
	    "one program: \"int count\", which is not a function", "a global");
	is_str(skel("#define N 10\nint f(int x) { return x; }\n"),
	    "one program: the directive \"#define\"", "a #define the tests may use");
	ok(strstr(skel("int sum(int *a, int n) { return 0; }"), "one program: \"int sum(int *a,"
	    " int n)\": a pointer other than") != NULL, "a type that cannot cross: %s",
	    skel("int sum(int *a, int n) { return 0; }"));
	is_str(skel("static int h(int x) { return x; }\nint f(int x) { return h(x); }\n"),
	    "one program: the static function in \"static int h(int x)\"", "a static helper");
	is_str(skel("int main(void) { return 0; }\n"), "one program: main()", "main");
	is_str(skel("/* Write the function here. */\n"),
	    "one program: no function in the skeleton (code:)", "none");
	is_str(skel(NULL), "one program: no skeleton (code:)", "no skeleton");
	is_str(skel("int f(int x) {\n"), "one program: a body without its closing brace",
	    "unclosed");
	is_str(skel2("static void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }\n"
	    "int *scratch(size_t n) { return 0; }\n"
	    "int gcd(int a, int b) { return 0; }\n",
	    "printf(\"%d\\n\", gcd(12, 18)); /* gcds, swaps */"),
	    "[{\"name\":\"gcd\",\"params\":[\"int\",\"int\"],\"ret\":\"int\"}]",
	    "helpers the tests do not name (as a word): any prototype, left out");
	is_str(skel2("static void swap(int *a, int *b) { }\nint gcd(int a, int b) { return 0; }\n",
	    "printf(\"swap %d\\n\", gcd(12, 18));"),
	    "one program: the static function in \"static void swap(int *a, int *b)\"",
	    "... a name anywhere in the tests' text counts (in a string too: the safe side)");
	ok(strstr(skel2("void swap(int *a, int *b) { }\nint gcd(int a, int b) { return 0; }\n",
	    "swap(&x, &y); printf(\"%d\", gcd(x, y));"), "one program: \"void swap(int *a,"
	    " int *b)\": a pointer other than") != NULL, "a function the tests call must cross");
	is_str(skel2("int gcd(int a, int b) { return 0; }\n", "puts(\"hello\");"),
	    "one program: the tests call no function of the skeleton (code:)",
	    "tests that call none of the skeleton's");

	diag_text.len = 0;
	put(root, "k/skel.md", "---\ntester: cases\nlanguage: c\n"
	    "code: |\n  int sqr(int x)\n  {\n  }\n"
	    "cases:\n  - {test: 'printf(\"%d\\n\", sqr(3));', expected: \"9\"}\n...\n");
	s = course_spec(root, "k/skel.md");
	is_str(dump(json_object_get(opt(s, "cases"), "functions")),
	    "[{\"name\":\"sqr\",\"params\":[\"int\"],\"ret\":\"int\"}]",
	    "no functions: the skeleton's, the isolated mode by default");
	ok(strstr(diag_str(), "k/skel.md") == NULL, "... without a word: %s", diag_str());
	spec_free(s);
	put(root, "k/skel1.md", "---\ntester: cases\nlanguage: c\n"
	    "code: |\n  int total;\n  void add(int x)\n  {\n  }\n"
	    "cases:\n  - {test: 'add(3); printf(\"%d\\n\", total);', expected: \"3\"}\n...\n");
	s = course_spec(root, "k/skel1.md");
	ok(s != NULL && json_object_get(opt(s, "cases"), "functions") == NULL,
	    "a skeleton with a global: one program");
	ok(strstr(diag_str(), "k/skel1.md:2: warning: the tests run in one program with the answer") &&
	    strstr(diag_str(), "(\"int total\", which is not a function); list the functions"),
	    "... with a warning at the tester line that says why: %s", diag_str());
	spec_free(s);
	diag_text.len = 0;
	put(root, "k/skel2.md", "---\ntester: cases\nlanguage: c\nfunctions: no\n"
	    "code: |\n  int total;\n  void add(int x)\n  {\n  }\n"
	    "cases:\n  - {test: 'add(3); printf(\"%d\\n\", total);', expected: \"3\"}\n...\n");
	s = course_spec(root, "k/skel2.md");
	ok(s != NULL && json_object_get(opt(s, "cases"), "functions") == NULL &&
	    strstr(diag_str(), "k/skel2.md") == NULL,
	    "functions: no: one program, without a warning: %s", diag_str());
	spec_free(s);
}

int
main(void)
{
	char *root = tmpdir();

	grading = json_object();
	deps = json_object();
	test_stdio(root);
	test_doctest(root);
	test_mudoctest(root);
	test_mudoctest_build();
	test_cases(root);
	test_cases_functions(root);
	test_cases_skeleton(root);
	test_events(root);
	test_rules(root);
	test_build();
	json_decref(grading);
	json_decref(deps);
	json_decref(events);
	buf_free(&diag_text);
	tmpdir_remove(root);
	return tap_done();
}
