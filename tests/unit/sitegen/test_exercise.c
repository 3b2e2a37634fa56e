/*
 * test_exercise.c - sitegen/exercise.h: a stdio exercise's fields into its
 * spec (languages, skeleton, tests in natural order, files, limits), the
 * mistakes reported at their lines, and the language names the graders
 * know. The other testers' fields: test_sitegen_testers.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/format/spec.h"
#include "sandbox/testers/lang.h"
#include "sitegen/exercise.h"
#include "tests/tap.h"
#include "tests/unit/sitegen_util.h"

static void
test_exercise(void)
{
	char *root = tmpdir(), want[512];
	json_t *grading = json_object();
	struct spec *s;

	for (int i = 1; i <= 11; i++) {
		char name[64], text[64];

		snprintf(name, sizeof(name), "ex/t/%d.in", i);
		snprintf(text, sizeof(text), "in %d\n", i);
		put(root, name, text);
		snprintf(name, sizeof(name), "ex/t/%d.out", i);
		snprintf(text, sizeof(text), "out %d\n", i);
		put(root, name, text);
	}
	put(root, "ex/p/secret.in", "s\n");
	put(root, "ex/p/secret.out", "S\n");
	put(root, "ex/bad.in", "\xff\xfe\n");
	put(root, "ex/data.txt", "data\n");

	put(root, "ex/a.md", "# A\n\n---\ntester: stdio\nlanguages: [python3, c]\n"
	    "code: |\n  x = 1\nfeedback: no\nattempts: 3\nvalid: \"after 1/1/2027\"\n"
	    "public-inputs: t/*.in\npublic-outputs: [\"t/1*.out\", \"t/[2-9].out\"]\n"
	    "private-inputs: p/*.in\nprivate-outputs: p/*.out\nfiles: data.txt\n"
	    "colour: blue\n...\n");
	s = spec_of(root, "ex/a.md", grading);
	ok(s != NULL, "a full exercise builds: %s", diag_line());
	snprintf(want, sizeof(want), "%s/ex/a.md:16: warning: unknown field \"colour\"\n", root);
	is_str(diag_str(), want, "an unknown field is a warning with its line");
	if (s != NULL) {
		is_str(s->id, "ex/a", "id");
		is_str(s->tester, "stdio", "tester");
		ok(s->nlanguages == 2 && strcmp(s->languages[0], "python") == 0 &&
		    strcmp(s->languages[1], "c") == 0, "python3 is python, order kept");
		is_str(s->code, "x = 1\n", "code");
		is_int(s->feedback, 0, "feedback: no");
		is_int(json_integer_value(json_object_get(s->options, "attempts")), 3,
		    "attempts carried in options");
		is_str(json_string_value(json_object_get(s->options, "valid")), "after 1/1/2027",
		    "valid carried in options");
		is_str(json_string_value(json_object_get(json_object_get(s->options, "files"),
		    "data.txt")), "data\n", "files carried in options");
		is_int(s->ntests, 12, "11 public and 1 private tests");
		if (s->ntests == 12) {
			is_str(s->tests[0].input, "in 1\n", "natural order: 1 first");
			is_str(s->tests[1].input, "in 2\n", "2 before 10");
			is_str(s->tests[9].input, "in 10\n", "10 after 9");
			/* outputs: t/1*.out (1, 10, 11) then t/[2-9].out */
			is_str(s->tests[0].output, "out 1\n", "outputs joined in list order");
			is_str(s->tests[1].output, "out 10\n", "... each glob sorted");
			is_str(s->tests[0].name, "public 1", "public test name");
			is_str(s->tests[11].name, "private 1", "private test name hides the file");
			ok(s->tests[0].public && !s->tests[11].public, "public flags");
		}
	}
	ok(json_object_get(grading, "ex/p/secret.in") != NULL, "private tests are private files");
	ok(json_object_get(grading, "ex/t/10.out") == NULL &&
	    json_object_get(public_files, "ex/t/10.out") != NULL &&
	    json_object_get(public_files, "ex/data.txt") != NULL,
	    "public tests and files: are public files (a page may show them)");
	spec_free(s);

	put(root, "ex/b.md", "---\ntester: stdio\nlanguage: c\n"
	    "public-inputs: t/*.in\npublic-outputs: t/1*.out\n...\n");
	s = spec_of(root, "ex/b.md", grading);
	ok(s == NULL, "inputs and outputs in different numbers");
	snprintf(want, sizeof(want), "%s/ex/b.md:5: public-inputs has 11 files but "
	    "public-outputs has 3: inputs and outputs pair up in order\n", root);
	is_str(diag_str(), want, "... is an error at the outputs' line");

	put(root, "ex/c.md", "---\ntester: stdio\nlanguage: cobol\n"
	    "private-inputs:\n  - p/*.in\n  - nothing*.in\nprivate-outputs: p/*.out\n...\n");
	s = spec_of(root, "ex/c.md", grading);
	ok(s == NULL && strstr(diag_str(), "ex/c.md:3: language \"cobol\" is not one"),
	    "an unknown language, at its line: %s", diag_line());
	ok(strstr(diag_str(), "ex/c.md:6: private-inputs: no file matches \"nothing*.in\"") != NULL,
	    "a glob that matches nothing, at the list element's line");

	put(root, "ex/d.md", "---\ntester: stdio\nlanguage: c\nlanguages: [c]\n"
	    "public-inputs: bad.in\npublic-outputs: t/1.out\nfeedback: maybe\n"
	    "attempts: many\n...\n");
	s = spec_of(root, "ex/d.md", grading);
	ok(s == NULL, "several mistakes in one page");
	ok(strstr(diag_str(), "ex/d.md:4: use either") != NULL, "language and languages: %s",
	    diag_line());
	ok(strstr(diag_str(), "ex/d.md:5: public-inputs: ex/bad.in:1: not UTF-8 text") != NULL,
	    "a test file that is not UTF-8");
	ok(strstr(diag_str(), "ex/d.md:7: field \"feedback\" must be yes or no") != NULL,
	    "feedback of the wrong type");
	ok(strstr(diag_str(), "ex/d.md:8: field \"attempts\"") != NULL, "attempts of the wrong type");

	put(root, "ex/e.md", "---\ntester: quiz\n...\n# Q {.question answer=a}\n");
	s = spec_of(root, "ex/e.md", grading);
	ok(s == NULL && (strstr(diag_str(), "ex/e.md:2: tester \"quiz\" is not supported") ||
	    strstr(diag_str(), "ex/e.md:4:5: question without options")),
	    "a quiz without options is an error, not a page with its answers: %s", diag_line());

	put(root, "ex/f.md", "---\ntester: stdio\nlanguage: c\npublic-inputs: ../../*\n"
	    "public-outputs: /etc/passwd\n...\n");
	s = spec_of(root, "ex/f.md", grading);
	ok(s == NULL && strstr(diag_str(), "outside the course directory") &&
	    strstr(diag_str(), "must be a path relative to the page"),
	    "test files must be inside the course: %s", diag_line());

	put(root, "ex/l.md", "---\ntester: stdio\nlanguage: c\ncpu: 0.5\nwall: \"2s\"\n"
	    "memory: \"1G\"\noutput: 16\nprocesses: 4\ninputs: [\"\"]\noutputs: [\"\"]\n...\n");
	s = spec_of(root, "ex/l.md", grading);
	ok(s != NULL, "limits: %s", diag_line());
	if (s != NULL) {
		is_int(s->limits.cpu_ms, 500, "cpu: 0.5 is 500 ms");
		is_int(s->limits.wall_ms, 2000, "wall: \"2s\" is 2000 ms");
		is_int(s->limits.memory_kib, 1024 * 1024, "memory: \"1G\" in KiB");
		is_int(s->limits.output_kib, 16, "output: 16 KiB");
		is_int(s->limits.processes, 4, "processes: 4");
	}
	spec_free(s);
	put(root, "ex/m.md", "---\ntester: stdio\nlanguage: c\ncpu: 11\nwall: fast\n"
	    "memory: 2048\nprocesses: 0\n...\n");
	s = spec_of(root, "ex/m.md", grading);
	ok(s == NULL, "limits above the ceiling or malformed are errors");
	ok(strstr(diag_str(), "ex/m.md:4: cpu: 11 s is above the ceiling of 10 s") != NULL,
	    "cpu above the ceiling, at its line: %s", diag_line());
	ok(strstr(diag_str(), "ex/m.md:5: field \"wall\" must be seconds") != NULL,
	    "a wall limit that is not a time");
	ok(strstr(diag_str(), "ex/m.md:6: memory: 2048 MiB is above the ceiling of 1024 MiB") != NULL,
	    "memory above the ceiling");
	ok(strstr(diag_str(), "ex/m.md:7: field \"processes\" must be a positive") != NULL,
	    "processes: 0");

	put(root, "ex/g.md", "---\nlanguage: c\ntester: stdio\n...\n# G\n");
	s = spec_of(root, "ex/g.md", grading);
	ok(s == NULL && strstr(diag_str(), "ex/g.md:3: no tests: every program would be "
	    "Accepted; give inputs and outputs, or public-inputs and public-outputs"),
	    "a stdio exercise without tests is an error at tester: %s", diag_line());
	spec_free(s);

	put(root, "ex/i.md", "---\ntester: stdio\nlanguage: python\n"
	    "code: |\n  ~~~ {.python}\n  def f():\n      pass\n  ~~~\n"
	    "inputs: [\"\"]\noutputs: [\"\"]\n...\n");
	s = spec_of(root, "ex/i.md", grading);
	is_str(s ? s->code : NULL, "def f():\n    pass\n",
	    "a skeleton in a fence, as Codex writes it, loses the fence");
	spec_free(s);
	put(root, "ex/i.md", "---\ntester: stdio\nlanguage: python\n"
	    "code: |\n  ```\n  x = 1\n  ~~~\n"
	    "inputs: [\"\"]\noutputs: [\"\"]\n...\n");
	s = spec_of(root, "ex/i.md", grading);
	is_str(s ? s->code : NULL, "```\nx = 1\n~~~\n", "... but not a mismatched one");
	spec_free(s);

	/* weight: a number >= 0 for the gradebook, default 1, read back by
	   the engine's own reader. */
	put(root, "ex/w.md", "---\ntester: stdio\nlanguage: c\nweight: 2.5\n"
	    "inputs: [\"\"]\noutputs: [\"\"]\n...\n# W\n");
	s = spec_of(root, "ex/w.md", grading);
	ok(s != NULL && s->weight == 2.5, "weight: 2.5 in the spec: %s", diag_line());
	if (s != NULL) {
		json_t *j = spec_to_json(s);
		struct spec *back = NULL;
		char err[256];

		ok(j != NULL && json_real_value(json_object_get(j, "weight")) == 2.5,
		    "weight written into the spec's JSON");
		ok(j != NULL && spec_from_json(j, &back, err, sizeof(err)) == 0 &&
		    back->weight == 2.5, "the engine's spec reader accepts it");
		spec_free(back);
		json_decref(j);
	}
	spec_free(s);
	put(root, "ex/w.md", "---\ntester: stdio\nlanguage: c\nweight: 0\n"
	    "inputs: [\"\"]\noutputs: [\"\"]\n...\n# W\n");
	s = spec_of(root, "ex/w.md", grading);
	ok(s != NULL && s->weight == 0, "weight: 0 is allowed (a practice exercise)");
	spec_free(s);
	put(root, "ex/w.md", "---\ntester: stdio\nlanguage: c\n"
	    "inputs: [\"\"]\noutputs: [\"\"]\n...\n# W\n");
	s = spec_of(root, "ex/w.md", grading);
	ok(s != NULL && s->weight == 1, "no weight: 1");
	if (s != NULL) {
		json_t *j = spec_to_json(s);

		ok(j != NULL && json_is_integer(json_object_get(j, "weight")) &&
		    json_integer_value(json_object_get(j, "weight")) == 1,
		    "... written as the whole number 1");
		json_decref(j);
	}
	spec_free(s);
	{
		static const char *const bad[] = { "-1", "heavy", "[1]", "1e10", ".nan", "yes" };

		for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
			char text[128];

			snprintf(text, sizeof(text), "# W\n\n---\ntester: stdio\nlanguage: c\n"
			    "weight: %s\n...\n", bad[i]);
			put(root, "ex/w.md", text);
			s = spec_of(root, "ex/w.md", grading);
			ok(s == NULL && strstr(diag_str(), "ex/w.md:6: field \"weight\" must be a number"),
			    "weight: %s is an error at its line: %s", bad[i], diag_line());
			spec_free(s);
		}
	}

	put(root, "ex/h.md", "---\ntester: [stdio]\n...\n");
	s = spec_of(root, "ex/h.md", grading);
	ok(s == NULL && strstr(diag_str(), "ex/h.md:2: field \"tester\" must be text"),
	    "a tester that is not text: %s", diag_line());

	json_decref(grading);
	tmpdir_remove(root);

	/* sitegen's language names are the grader's. */
	static const char *const names[] = { "c", "C", "python", "python3", "Python3",
	    "cpp", "C++", "java", "Java", "haskell", "Haskell" };
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		ok(exercise_language(names[i]) != NULL, "language %s is known", names[i]);
	{
		const char *canon, *name;

		for (size_t i = 0; (canon = exercise_language_at(i, &name)) != NULL; i++)
			ok(lang_find(canon) != NULL, "language %s (%s) is one the grader knows",
			    name, canon);
	}
	ok(exercise_language("cobol") == NULL, "no language the grader lacks");
}

int
main(void)
{
	test_exercise();
	buf_free(&diag_text);
	return tap_done();
}
