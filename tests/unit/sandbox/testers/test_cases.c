/*
 * test_cases.c - the cases tester: its text work (cases_text.h: programs from
 * templates, cutting at markers, the graders), then real gradings through
 * engine_grade() in C, C++ and Python with each grader (those need root;
 * they are skipped without it).
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/engine/engine.h"
#include "sandbox/testers/cases_text.h"
#include "tests/tap.h"
#include "tests/unit/engine_util.h"

#define TEST_UID_BASE 64930

/* ---- cases_text.h alone ---------------------------------------------- */

static void
test_program(void)
{
	struct cases_text_test t[2] = { { "printf(\"%d\\n\", sqr(-3));", 1 },
	    { "int n = 12;\nprintf(\"%d\\n\", sqr(n));", 3 } };
	char err[200] = "", *p;

	p = cases_text_program(CASES_TEXT_C, NULL, "int sqr(int x) { return x * x; }", 32, t, 2,
	    err, sizeof(err));
	ok(p != NULL, "a C program from the default template");
	ok(has(p, "#include <stdio.h>\n#include <stdlib.h>\n#line 1 \"template.c\"\n"),
	    "stdio.h and stdlib.h first, then the template's own lines");
	ok(has(p, "#line 1 \"main.c\"\nint sqr(int x) { return x * x; }\n#line 9"
	    " \"template.c\"\n"), "the answer as main.c, from its line 1");
	ok(has(p, "#line 1 \"test-1.c\"\nprintf(\"%d\\n\", sqr(-3));\n}"),
	    "each test's code in a block, as test-K.c");
	ok(has(p, "assay_case_ == 0 || assay_case_ == 3) {\n{\n#line 1 \"test-3.c\"\n"
	    "int n = 12;"), "a test keeps its number among all the tests");
	ok(has(p, "getenv(\"ASSAY_CASE\")"), "ASSAY_CASE selects one test");
	ok(has(p, "getenv(\"ASSAY_MARK\")") && has(p, "assay_m_[assay_i_] = '-';"),
	    "the marker from the environment, overwritten there");
	ok(has(p, "sqr(n));\n}\nfflush(stdout); fputs(\"\\n\", stdout); fputs(assay_mark_,"
	    " stdout); fputs(\"\\n\", stdout); fflush(stdout); }\n"),
	    "the marker after each test that runs, alone or with the others");
	ok(!has(p, "#<"), "no marker in the program");
	ok(has(p, "int main(void)\n{\n\t\n{ const char"), "in main");
	free(p);

	p = cases_text_program(CASES_TEXT_PYTHON, NULL, "def sqr(x):\n    return x * x\n", 29,
	    t, 1, err, sizeof(err));
	ok(p != NULL && !has(p, "def sqr") && strncmp(p, "__assay_answer__(globals())\n", 28) == 0,
	    "Python: the program is the runner's: the answer's names bound where it was,"
	    " its code not in it");
	ok(has(p, "__assay_b__.exec(__assay_b__.compile('printf(\"%d\\\\n\", sqr(-3));',"
	    " '<test 1>', 'exec'), __assay_b__.globals())"),
	    "each test's code compiled as <test K>, quoted");
	ok(!has(p, "ASSAY_MARK") && has(p, "'exec'), __assay_b__.globals())\n    __assay_end__()\n"),
	    "the marker written by the runner after each test that runs, never read from"
	    " the environment");
	free(p);

	{
		size_t n = 99;

		ok(cases_text_before(NULL, &n) == 0 && n == 0, "the default template: nothing"
		    " before the answer");
		ok(cases_text_before("import math\n{{ STUDENT_ANSWER }}\n{{ TEST.testcode }}",
		    &n) == 0 && n == 12, "the template's code before the answer's placeholder");
		ok(cases_text_before("def f():\n    {{ STUDENT_ANSWER }}\n{{ TEST.testcode }}",
		    &n) == 0 && n == 0, "none for an indented placeholder");
		ok(cases_text_before("{{ TEST.testcode }}\n{{ STUDENT_ANSWER }}", &n) == -1,
		    "the tests before the answer: refused");
	}

	p = cases_text_program(CASES_TEXT_PYTHON, "def main():\n    {{ STUDENT_ANSWER }}\n"
	    "    {{TEST.testcode}}\nmain()\n", "pass", 4, t, 1, err, sizeof(err));
	ok(p != NULL && has(p, "\n    __assay_case__ = ") && has(p, "\n    if __assay_case__"),
	    "Python: the tests at the placeholder's indentation");
	free(p);

	t[0].code = "print('caf\xc3\xa9')";
	p = cases_text_program(CASES_TEXT_PYTHON, NULL, "", 0, t, 1, err, sizeof(err));
	ok(has(p, "'print(\\'caf\\xc3\\xa9\\')'.encode('latin-1').decode('utf-8',"
	    " 'replace')"), "non-ASCII test code survives the quoting");
	free(p);

	ok(cases_text_program(CASES_TEXT_C, "int main(void) { {{ TEST.testcode }} }", "", 0, t, 1,
	    err, sizeof(err)) == NULL && has(err, "STUDENT_ANSWER"),
	    "a template without the answer: %s", err);
	ok(cases_text_program(CASES_TEXT_C, "{{ STUDENT_ANSWER }}", "", 0, t, 1, err,
	    sizeof(err)) == NULL && has(err, "TEST.testcode"),
	    "a template without the tests: %s", err);
}

static void
test_marker(void)
{
	unsigned char rnd[16];
	char m[CASES_TEXT_MARKER_SIZE];

	for (int i = 0; i < 16; i++)
		rnd[i] = (unsigned char)(i * 17);
	cases_text_marker(rnd, m);
	is_str(m, "#<assay-00112233445566778899aabbccddeeff>#", "a marker of 16 bytes");
}

static void
test_split(void)
{
	const char *m = "#<m>#";
	size_t st[3], ln[3];
	const char *out = "9\n\n#<m>#\n\n#<m>#\nabc\n#<m>#\n";

	ok(cases_text_split(out, strlen(out), m, 3, st, ln) == 0, "three outputs cut");
	ok(ln[0] == 2 && strncmp(out + st[0], "9\n", 2) == 0 && ln[1] == 0 && ln[2] == 3 &&
	    strncmp(out + st[2], "abc", 3) == 0,
	    "each output as written, the marker's newlines taken off");
	ok(cases_text_split(out, strlen(out), m, 2, st, ln) == -1,
	    "one marker too many: not believed");
	ok(cases_text_split(out, strlen(out), m, 4, st, ln) == -1 && cases_text_split("9\n", 2,
	    m, 1, st, ln) == -1, "one too few: not believed");
	ok(cases_text_split("\n#<m>#\nafter", 12, m, 1, st, ln) == -1,
	    "output after the last marker: not believed");
	ok(cases_text_split("x#<m>#\n", 7, m, 1, st, ln) == -1,
	    "a marker not on a line of its own is not one");
	ok(cases_text_split("\n#<m>#\n", 7, m, 1, st, ln) == 0 && ln[0] == 0,
	    "an empty output");
}

static void
test_graders(void)
{
	enum cases_text_grader g;
	regex_t re;

	ok(cases_text_grader_parse("near", &g) == 0 && g == CASES_TEXT_NEAR &&
	    cases_text_grader_parse("Exact", &g) == -1, "grader names");
	ok(cases_text_match(CASES_TEXT_EXACT, "9", "9\n", 2, NULL) == 1, "exact: a final newline");
	ok(cases_text_match(CASES_TEXT_EXACT, "a\nb", "a  \nb\t\n\n\n", 9, NULL) == 1,
	    "exact: white space at line ends and blank lines at the end");
	ok(cases_text_match(CASES_TEXT_EXACT, "a b", "a  b", 4, NULL) == 0,
	    "exact: white space inside a line counts");
	ok(cases_text_match(CASES_TEXT_EXACT, "a\nb", "a\n\nb", 4, NULL) == 0,
	    "exact: a blank line inside counts");
	ok(cases_text_match(CASES_TEXT_EXACT, "A", "a", 1, NULL) == 0, "exact: case counts");
	ok(cases_text_match(CASES_TEXT_EXACT, "", "\n\n", 2, NULL) == 1,
	    "exact: nothing is nothing");
	ok(cases_text_match(CASES_TEXT_NEAR, "HELLO WORLD", "  hello   World \n", 17, NULL) == 1,
	    "near: case and white space");
	ok(cases_text_match(CASES_TEXT_NEAR, "a b", "ab", 2, NULL) == 0, "near: words still apart");
	ok(cases_text_match(CASES_TEXT_NEAR, "x", "x\0", 2, NULL) == 0, "near: a NUL is no space");
	ok(cases_text_match(CASES_TEXT_NEAR, "CAF\xc3\x89 \xce\xa9 \xd0\x96 \xc5\xbd",
	    "caf\xc3\xa9 \xcf\x89 \xd0\xb6 \xc5\xbe", 14, NULL) == 1,
	    "near: case of Latin-1, Latin Extended-A, Greek and Cyrillic letters");
	ok(cases_text_match(CASES_TEXT_NEAR, "\xc3\x97", "\xc3\xb7", 2, NULL) == 0,
	    "near: \xc3\x97 is not \xc3\xb7");
	regcomp(&re, "[0-9]+ items?", REG_EXTENDED);
	ok(cases_text_match(CASES_TEXT_REGEX, "", "12 items\n", 9, &re) == 1,
	    "regex: the whole output, its final newline aside");
	ok(cases_text_match(CASES_TEXT_REGEX, "", "12 items!", 9, &re) == 0 &&
	    cases_text_match(CASES_TEXT_REGEX, "", "we have 12 items", 16, &re) == 0,
	    "regex: a match of a part is not enough");
	ok(cases_text_match(CASES_TEXT_REGEX, "", "1 item", 6, &re) == 1, "regex: ERE syntax");
	regfree(&re);
	regcomp(&re, "a.+c", REG_EXTENDED);
	ok(cases_text_match(CASES_TEXT_REGEX, "", "a\0c", 3, &re) == 1,
	    "regex: a NUL byte does not end the output");
	regfree(&re);
}

/* ---- Real gradings ------------------------------------------------------ */

/* A spec of the cases tester for LANGS ("c python"), with OPTIONS (JSON
 * text of options.cases). */
static struct spec *
cases_spec(const char *langs, const char *options)
{
	struct spec *s = new_spec("k/x", "X", "cases");
	json_error_t e;
	json_t *o = json_loads(options, 0, &e);
	char *l = strdup(langs), *save = NULL;

	if (o == NULL)
		diag("the test's options: %s: %s", e.text, options);
	for (char *w = strtok_r(l, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save))
		spec_add_language(s, w);
	free(l);
	json_object_set_new(s->options, "cases", o);
	return s;
}

static int
passed(const struct grade_result *r, size_t i)
{
	return json_is_true(json_object_get(json_array_get(r->tests, i), "passed"));
}

/* The integration course's sqr, and a fourth case with input. */
static const char sqr_options[] =
    "{\"grader\": \"exact\", \"all-or-nothing\": false, \"cases\": ["
    " {\"test\": \"printf(\\\"%d\\\\n\\\", sqr(-3));\", \"expected\": \"9\","
    "  \"show\": \"example\", \"mark\": 1},"
    " {\"test\": \"printf(\\\"%d\\\\n\\\", sqr(0));\", \"expected\": \"0\","
    "  \"show\": \"shown\", \"mark\": 1},"
    " {\"test\": \"printf(\\\"%d\\\\n\\\", sqr(12));\", \"expected\": \"144\","
    "  \"show\": \"hidden\", \"mark\": 2},"
    " {\"test\": \"int n; scanf(\\\"%d\\\", &n); printf(\\\"%d\\\\n\\\", sqr(n));\","
    "  \"stdin\": \"-7\\n\", \"expected\": \"49\", \"show\": \"hidden\"}]}";

static void
test_c(void)
{
	struct spec *s = cases_spec("c cpp", sqr_options);
	struct grade_result r;

	is_int(grade_timed(s, "c", "int sqr(int x)\n{\n\treturn x * x;\n}\n", &r,
	    "a C grading of 4 cases (2 compilations)"), 0, "C graded");
	is_str(label_name(r.status), "Accepted", "C right: Accepted");
	ok(r.score == 1, "score 1");
	is_int(json_array_size(r.tests), 4, "one entry per case");
	ok(has(r.report, "4 of 4 tests passed: 5 of 5 marks.\n"), "the report's head");
	ok(has(r.report, "\u2713 test 1\n  test:\n    printf(\"%d\\n\", sqr(-3));\n"
	    "  output:\n    9\n"), "a tick, the code and the output of a shown case");
	ok(has(r.report, "\u2713 test 3 (hidden)\n") && !has(r.report, "sqr(12)") &&
	    !has(r.report, "144") && !has(r.report, "-7"), "a hidden case: its name only");
	is_str(field(&r, 0, "name"), "test 1", "tests[0].name");
	is_str(field(&r, 0, "show"), "example", "tests[0].show");
	is_str(field(&r, 3, "stdin"), "-7\n", "tests[3].stdin (admins see it)");
	is_str(field(&r, 2, "got"), "144\n", "tests[2].got");
	ok(json_real_value(json_object_get(json_array_get(r.tests, 2), "mark")) == 2,
	    "tests[2].mark");
	ok(!json_is_true(json_object_get(json_array_get(r.tests, 2), "public")),
	    "a hidden case is not public");
	grade_result_clear(&r);

	grade(s, "c", "int sqr(int x)\n{\n\treturn x == 12 ? 0 : x * x;\n}\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "a hidden case fails: WrongAnswer");
	ok(r.score == 3.0 / 5, "the marks passed: 3 of 5");
	ok(has(r.report, "\u2717 test 3 (hidden)\n") && !has(r.report, "144"),
	    "a cross, nothing of its data");
	grade_result_clear(&r);

	grade(s, "c", "int sqr(int x)\n{\n\tif (x == 0) { int *p = 0; return *p; }\n"
	    "\treturn x * x;\n}\n", &r);
	is_str(label_name(r.status), "RuntimeError", "a crash in one case: RuntimeError");
	ok(passed(&r, 0) && !passed(&r, 1) && passed(&r, 2) && passed(&r, 3),
	    "the other cases are still graded (one run each after the crash)");
	ok(r.score == 4.0 / 5, "and scored: 4 of 5");
	ok(has(r.report, "\u2717 test 2: RuntimeError: killed by signal SIGSEGV"),
	    "the crash is said");
	grade_result_clear(&r);

	grade(s, "c", "int sqr(int x)\n{\n\treturn x * ;\n}\n", &r);
	is_str(label_name(r.status), "CompileError", "a syntax error: CompileError");
	ok(has(r.report, "main.c:3:20: error") && has(r.report, "return x * ;"),
	    "located in the answer's own lines, quoted");
	ok(!has(r.report, "template.c") && !has(r.report, "cases.c"),
	    "nothing of the program around it");
	ok(r.score == 0 && !strcmp(field(&r, 3, "status"), "CompileError"),
	    "score 0, every case not run");
	grade_result_clear(&r);

	grade(s, "c", "int square(int x)\n{\n\treturn x * x;\n}\n", &r);
	is_str(label_name(r.status), "CompileError", "a misnamed function: CompileError");
	ok(has(r.report, "The tests call sqr, which your code does not define"),
	    "explained");
	grade_result_clear(&r);

	grade(s, "c", "int sqr(int x) { return x * x; }\nint main(void) { return 0; }\n", &r);
	ok(r.status == LABEL_COMPILE_ERROR && has(r.report, "the tests bring their own main"),
	    "a main of the student's: explained");
	grade_result_clear(&r);

	grade(s, "cpp", "int sqr(int x)\n{\n\treturn x * x;\n}\n", &r);
	is_str(label_name(r.status), "Accepted", "C++: Accepted");
	grade_result_clear(&r);

	/* The marker is in no file of the box, not in the program, and no
	 * longer in the environment when a test calls the answer. */
	grade(s, "c", "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
	    "static int in(const char *path, const char *w)\n{\n"
	    "\tstatic char b[1 << 20]; FILE *f = fopen(path, \"rb\"); size_t n = 0;\n"
	    "\tif (f) { n = fread(b, 1, sizeof(b), f); fclose(f); }\n"
	    "\treturn memmem(b, n, w, strlen(w)) != NULL;\n}\n"
	    "int sqr(int x)\n{\n\tchar w[16]; const char *e = getenv(\"ASSAY_MARK\");\n"
	    "\tsnprintf(w, sizeof(w), \"#<%s-\", \"assay\");\n"
	    "\tprintf(\"%s %s %s\\n\", in(\"/proc/self/exe\", w) ? \"in-exe\" : \"not-in-exe\",\n"
	    "\t    in(\"/proc/self/environ\", w) ? \"in-environ\" : \"not-in-environ\",\n"
	    "\t    e && strstr(e, w) ? \"in-getenv\" : \"not-in-getenv\");\n"
	    "\treturn x * x;\n}\n", &r);
	is_str(field(&r, 0, "got"), "not-in-exe not-in-environ not-in-getenv\n9\n",
	    "a run's marker is neither in the program nor left in its environment");
	grade_result_clear(&r);

	/* A program that forges the marker (it finds one in the environment
	 * only when the tester leaves it there): the run is not believed, and
	 * each case is judged on its own run. */
	grade(s, "c", "#include <stdio.h>\n#include <stdlib.h>\n#include <unistd.h>\n"
	    "int sqr(int x)\n{\n\tconst char *m = getenv(\"ASSAY_MARK\");\n"
	    "\tprintf(\"0\\n\\n%s\\n0\\n\\n%s\\n144\\n\\n%s\\n\", m, m, m);\n"
	    "\tfflush(stdout);\n\t_exit(0);\n}\n", &r);
	is_str(label_name(r.status), "RuntimeError", "a forged marker: RuntimeError");
	ok(!passed(&r, 0) && !passed(&r, 1) && !passed(&r, 2) && r.score == 0,
	    "each case judged on its own run: the forged outputs pass nothing");
	ok(has(field(&r, 0, "message"), "ended before the end of the test's code"),
	    "said: %s", field(&r, 0, "message"));
	grade_result_clear(&r);

	/* Ending the program inside the function, after printing what the
	 * test would print: not a pass. Nor output after the test's end. */
	grade(s, "c", "#include <stdio.h>\n#include <stdlib.h>\n"
	    "int sqr(int x)\n{\n\tprintf(\"%d\\n\", x * x);\n\texit(0);\n}\n", &r);
	ok(r.status == LABEL_RUNTIME_ERROR && r.score == 0 && !passed(&r, 0) && !passed(&r, 3),
	    "exit(0) after the right output: RuntimeError, score 0");
	ok(has(r.report, "\u2717 test 1: RuntimeError: the program ended before the end of"
	    " the test's code (did the code call exit()?)\n") &&
	    has(r.report, "  your output:\n    9\n"), "said, with the output");
	grade_result_clear(&r);
	grade(s, "c", "#include <stdio.h>\n#include <stdlib.h>\n"
	    "static void bye(void) { puts(\"bye\"); }\n"
	    "int sqr(int x)\n{\n\tatexit(bye);\n\treturn x * x;\n}\n", &r);
	ok(r.status == LABEL_RUNTIME_ERROR && !passed(&r, 0) &&
	    has(field(&r, 0, "message"), "wrote after the end of the test"),
	    "output after the test's end: RuntimeError (%s)", field(&r, 0, "message"));
	grade_result_clear(&r);

	/* No program of the tests is a file of the box: neither at the
	 * compile (#include, .incbin, __has_include find nothing) nor while
	 * the shown cases run. */
	grade(s, "c", "#if __has_include(\"hidden.c\") || __has_include(\"cases.c\") ||"
	    " __has_include(\"hidden.cpp\")\n#error an author's file\n#endif\n"
	    "int sqr(int x) { return x * x; }\n", &r);
	is_str(label_name(r.status), "Accepted", "no author's file when the answer compiles");
	grade_result_clear(&r);
	grade(s, "c", "__asm__(\".section .rodata\\n.incbin \\\"cases.c\\\"\\n.previous\");\n"
	    "int sqr(int x) { return x * x; }\n", &r);
	ok(r.status == LABEL_COMPILE_ERROR && has(r.report, "cases.c"),
	    ".incbin of the program: CompileError, file not found");
	grade_result_clear(&r);
	grade(s, "c", "#include <stdio.h>\nint sqr(int x)\n{\n\tchar l[256];\n"
	    "\tconst char *f[] = { \"hidden.c\", \"cases.c\", \"main.c\" };\n"
	    "\tfor (int i = 0; i < 3; i++) { FILE *p = fopen(f[i], \"r\");\n"
	    "\t\tif (p) { while (fgets(l, sizeof(l), p)) fputs(l, stdout); fclose(p); }\n"
	    "\t\telse printf(\"no %s\\n\", f[i]); }\n\treturn x * x;\n}\n", &r);
	ok(has(field(&r, 0, "got"), "no hidden.c\nno cases.c\n#include <stdio.h>"),
	    "a shown case reads the answer in main.c, and no program");
	ok(!has(field(&r, 0, "got"), "sqr(12)") && !has(r.report, "sqr(12)") &&
	    !has(r.report, "scanf"), "so the hidden cases' code cannot be shown");
	grade_result_clear(&r);
	spec_free(s);

	/* The other graders in C. */
	s = cases_spec("c", "{\"grader\": \"near\", \"cases\": ["
	    " {\"test\": \"greet(\\\"ann\\\");\", \"expected\": \"Hello, Ann!\"},"
	    " {\"test\": \"greet(\\\"bob\\\");\", \"expected\": \"Hello, Bob!\","
	    "  \"show\": \"hidden\"}]}");
	grade(s, "c", "#include <stdio.h>\nvoid greet(const char *n) { printf(\"HELLO,  %s!"
	    "\\n\\n\", n); }\n", &r);
	is_str(label_name(r.status), "Accepted", "C, near grader: Accepted");
	grade_result_clear(&r);
	grade(s, "c", "#include <stdio.h>\nvoid greet(const char *n) { printf(\"Hello %s\","
	    " n); }\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "C, near grader: WrongAnswer");
	grade_result_clear(&r);
	spec_free(s);
	s = cases_spec("c", "{\"grader\": \"regex\", \"cases\": ["
	    " {\"test\": \"show(3);\", \"expected\": \"x = 3( \\\\(odd\\\\))?\"},"
	    " {\"test\": \"show(4);\", \"expected\": \"x = 4\", \"mark\": 3}]}");
	grade(s, "c", "#include <stdio.h>\nvoid show(int x) { printf(\"x = %d%s\\n\", x,"
	    " x % 2 ? \" (odd)\" : \"\"); }\n", &r);
	is_str(label_name(r.status), "Accepted", "C, regex grader: Accepted");
	grade_result_clear(&r);
	grade(s, "c", "#include <stdio.h>\nvoid show(int x) { printf(\"x = %d (%s)\\n\", x,"
	    " x % 2 ? \"odd\" : \"even\"); }\n", &r);
	ok(r.status == LABEL_WRONG_ANSWER && r.score == 0.25,
	    "C, regex grader: partly right, 1 of 4 marks");
	grade_result_clear(&r);
	spec_free(s);

	/* All or nothing, and a hidden case that does not compile. */
	s = cases_spec("c", "{\"all-or-nothing\": true, \"cases\": ["
	    " {\"test\": \"printf(\\\"%d\\\\n\\\", sqr(2));\", \"expected\": \"4\"},"
	    " {\"test\": \"printf(\\\"%d\\\\n\\\", sqr(3));\", \"expected\": \"9\"},"
	    " {\"test\": \"printf(\\\"%ld\\\\n\\\", cube(2L));\", \"expected\": \"8\","
	    "  \"show\": \"hidden\"}]}");
	grade(s, "c", "int sqr(int x) { return x * x; }\nlong cube(long x) { return x * x; }\n",
	    &r);
	ok(r.status == LABEL_WRONG_ANSWER && r.score == 0, "all or nothing: 2 of 3 is 0");
	ok(has(r.report, "2 of 3 tests passed (all must pass to score)."), "said so");
	grade_result_clear(&r);
	grade(s, "c", "int sqr(int x) { return x * x; }\n", &r);
	is_str(label_name(r.status), "CompileError",
	    "a function only hidden cases call, missing: CompileError");
	ok(passed(&r, 0) && passed(&r, 1), "the shown cases were graded");
	ok(has(r.report, "did not compile with the hidden tests") &&
	    !has(r.report, "cube(2L)"), "the report says so without the hidden code");
	grade_result_clear(&r);
	/* A macro of the answer quotes the hidden tests' code in a message
	 * on the answer's own line: no message of that compile is shown. */
	grade(s, "c", "int sqr(int x) { return x * x; }\nlong cube(long x) { return x * x * x; }\n"
	    "#if __has_include(\"prog\")\n"
	    "#define printf(...) ({ _Static_assert(0, #__VA_ARGS__); 0; })\n#endif\n", &r);
	ok(r.status == LABEL_COMPILE_ERROR && passed(&r, 0) && passed(&r, 1) &&
	    has(r.report, "did not compile with the hidden tests") &&
	    !has(r.report, "cube(2L)") && !has(r.report, "static assertion"),
	    "a macro quoting the hidden code: CompileError, nothing of the compiler's");
	grade_result_clear(&r);
	spec_free(s);
}

static void
test_python(void)
{
	struct spec *s = cases_spec("python", "{\"grader\": \"near\", \"cases\": ["
	    " {\"test\": \"print(shout(\\\"hello world\\\"))\", \"expected\": \"HELLO WORLD\"},"
	    " {\"test\": \"print(shout(input()))\", \"stdin\": \"a b\\n\","
	    "  \"expected\": \"A B\", \"show\": \"hidden\"},"
	    " {\"test\": \"print(shout('caf\\u00e9'))\", \"expected\": \"CAF\\u00c9\"}]}");
	struct grade_result r;

	grade(s, "python", "def shout(s):\n    return s.upper()\n", &r);
	is_str(label_name(r.status), "Accepted", "Python right: Accepted");
	ok(r.score == 1, "score 1");
	grade_result_clear(&r);

	grade(s, "python", "def shout(s):\n    return '  ' + s.upper().replace(' ', '   ')\n", &r);
	is_str(label_name(r.status), "Accepted", "near: white space ignored");
	grade_result_clear(&r);
	grade(s, "python", "def shout(s):\n    return s.title()\n", &r);
	is_str(label_name(r.status), "Accepted", "near: case ignored");
	grade_result_clear(&r);
	grade(s, "python", "def shout(s):\n    return s[::-1]\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "Python wrong: WrongAnswer");
	ok(r.score == 0, "score 0");
	ok(has(r.report, "\u2717 test 1: WrongAnswer: the output is not the expected"
	    " output (near grader)") && has(r.report, "  your output:\n    dlrow olleh\n"),
	    "the expected and obtained outputs of a shown case");
	ok(!has(r.report, "a b") && !has(r.report, "b a"), "nothing of the hidden one");
	grade_result_clear(&r);

	grade(s, "python", "def shout(s):\n    if ' ' in s and len(s) < 4:\n"
	    "        raise ValueError(s)\n    return s.upper()\n", &r);
	is_str(label_name(r.status), "RuntimeError", "an exception in one case: RuntimeError");
	ok(passed(&r, 0) && !passed(&r, 1) && passed(&r, 2), "only that case fails");
	ok(has(field(&r, 1, "message"), "exited with status 1"), "said: %s",
	    field(&r, 1, "message"));
	grade_result_clear(&r);

	grade(s, "python", "def shout(s)\n    return s\n", &r);
	is_str(label_name(r.status), "CompileError", "a syntax error: CompileError");
	ok(has(r.report, "File \"main.py\", line 1") && has(r.report, "SyntaxError"),
	    "in the answer's own lines");
	grade_result_clear(&r);

	grade(s, "python", "import sys\ndef shout(s):\n    print(s.upper())\n    sys.exit(0)\n",
	    &r);
	ok(r.status == LABEL_RUNTIME_ERROR && r.score == 0,
	    "a program that prints the right output, then exits: each case alone,"
	    " RuntimeError, score 0");
	ok(has(field(&r, 0, "message"), "ended before the end of the test's code"),
	    "said: %s", field(&r, 0, "message"));
	grade_result_clear(&r);

	grade(s, "python", "def shout(s):\n    print(open('main.py').read())\n"
	    "    print(open('hidden.py').read())\n", &r);
	ok(!has(r.report, "input()") && !has(field(&r, 0, "got"), "input()"),
	    "Python: the hidden cases' code is not there either");
	grade_result_clear(&r);
	spec_free(s);

	/* exact grader in Python. */
	s = cases_spec("python", "{\"cases\": ["
	    " {\"test\": \"print(add(1, 2))\", \"expected\": \"3\"},"
	    " {\"test\": \"print(add(-1, 1))\", \"expected\": \"0\"}]}");
	grade(s, "python", "def add(a, b):\n    return a + b\n", &r);
	is_str(label_name(r.status), "Accepted", "Python, exact grader: Accepted");
	grade_result_clear(&r);
	grade(s, "python", "def add(a, b):\n    return abs(a + b) if a > 0 else ' 0'\n", &r);
	ok(r.status == LABEL_WRONG_ANSWER && r.score == 0.5,
	    "Python, exact grader: white space before counts: 1 of 2");
	grade_result_clear(&r);
	spec_free(s);

	/* regex grader; a template of the author's. */
	s = cases_spec("python", "{\"grader\": \"regex\", \"template\":"
	    " \"import math\\n{{ STUDENT_ANSWER }}\\n\\ndef run():\\n    {{ TEST.testcode }}\\n\\nrun()\\n\","
	    " \"cases\": [{\"test\": \"print(area(1))\", \"expected\": \"3\\\\.14[0-9]*\\n\"},"
	    " {\"test\": \"print(area(2))\\nprint('done')\", \"expected\": \"12\\\\.5[0-9]*\\ndone\"}]}");
	grade(s, "python", "def area(r):\n    return math.pi * r * r\n", &r);
	is_str(label_name(r.status), "Accepted", "regex grader, a template: Accepted");
	grade_result_clear(&r);
	grade(s, "python", "def area(r):\n    return 3 * r * r\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "regex grader: WrongAnswer");
	grade_result_clear(&r);
	spec_free(s);

	/* The answer in a process apart from the tests: its print and builtins
	 * are its own, the marker is not in its environment; the template's
	 * code before the answer is the answer's context. */
	s = cases_spec("python", "{\"template\": \"def helper(x):\\n    return x * 10\\n"
	    "{{ STUDENT_ANSWER }}\\n{{ TEST.testcode }}\\n\", \"cases\": ["
	    " {\"test\": \"print(clean())\", \"expected\": \"clean\"},"
	    " {\"test\": \"print(tens(2))\", \"expected\": \"20\"}]}");
	grade(s, "python", "import builtins, os, sys\n_p = builtins.print\n"
	    "builtins.print = lambda *a, **k: _p('OK')\nsys.stdout.write = None\n"
	    "def print(*a, **k):\n    _p('OK')\n"
	    "def clean():\n    return 'marker' if 'ASSAY_MARK' in os.environ else 'clean'\n"
	    "def tens(x):\n    return helper(x)\n", &r);
	is_str(label_name(r.status), "Accepted", "Python: the answer's print (patched or its"
	    " own) and stdout are its own, no marker in its environment, the template's"
	    " helper is the answer's");
	grade_result_clear(&r);
	spec_free(s);

	/* The author's mistakes: MiscError, logged, never the student's. */
	s = cases_spec("python", "{\"cases\": [{\"test\": \"print(f(\", \"expected\": \"1\"}]}");
	grade(s, "python", "def f():\n    return 1\n", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "test 1: ") &&
	    has(r.log, "SyntaxError"), "a test's syntax error: MiscError, logged");
	grade_result_clear(&r);
	spec_free(s);
	s = cases_spec("c", "{\"grader\": \"regex\", \"cases\": [{\"test\": \"\","
	    " \"expected\": \"(\"}]}");
	grade(s, "c", "", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "regular expression"),
	    "a bad regular expression: MiscError");
	grade_result_clear(&r);
	spec_free(s);
	s = cases_spec("c", "{\"cases\": [{\"test\": \"\", \"expected\": \"\","
	    " \"show\": \"secret\"}]}");
	grade(s, "c", "", &r);
	ok(r.status == LABEL_MISC_ERROR, "an unknown show: MiscError");
	grade_result_clear(&r);
	spec_free(s);
	s = cases_spec("java", "{\"cases\": [{\"test\": \"\", \"expected\": \"\"}]}");
	grade(s, "java", "", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "C, C++ and Python"),
	    "Java: MiscError");
	grade_result_clear(&r);
	spec_free(s);
}

/* Options the cases tester refuses before anything runs, with the line
 * each logs. */
static void
test_options(void)
{
	static const struct {
		const char *options, *log;
	} bad[] = {
		{ "[]", "cases: k/x: no options.cases" },
		{ "{\"grader\": \"fuzzy\", \"cases\": [{\"test\": \"\", \"expected\": \"\"}]}",
		  "cases: k/x: grader must be exact, near or regex" },
		{ "{\"all-or-nothing\": 1, \"cases\": [{\"test\": \"\", \"expected\": \"\"}]}",
		  "cases: k/x: all-or-nothing must be true or false" },
		{ "{\"template\": 3, \"cases\": [{\"test\": \"\", \"expected\": \"\"}]}",
		  "cases: k/x: template must be text" },
		{ "{\"cases\": []}", "cases: k/x: cases must be a list of 1 to 200 cases" },
		{ "{\"cases\": [{\"test\": \"\", \"expected\": \"\"}, {\"test\": \"\"}]}",
		  "cases: k/x: case 2 needs test and expected (text), and may have stdin"
		  " (text), show (example, shown or hidden) and mark (a number from 0)" },
		{ "{\"cases\": [{\"test\": \"\", \"expected\": \"\", \"mark\": -1}]}",
		  "cases: k/x: case 1 needs test and expected (text), and may have stdin"
		  " (text), show (example, shown or hidden) and mark (a number from 0)" },
		{ "{\"cases\": [{\"test\": \"\", \"expected\": \"\", \"mark\": 0}]}",
		  "cases: k/x: the marks add up to 0" },
		{ "{\"grader\": \"regex\", \"cases\": [{\"test\": \"\", \"expected\": \"1\"},"
		  " {\"test\": \"\", \"expected\": \"[\\n\"}]}",
		  "cases: k/x: case 2: expected is not a regular expression: " },
	};
	struct grade_result r;
	struct spec *s;

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		s = cases_spec("c", bad[i].options);
		grade(s, "c", "", &r);
		ok(r.status == LABEL_MISC_ERROR && r.log != NULL &&
		    strncmp(r.log, bad[i].log, strlen(bad[i].log)) == 0 &&
		    (strlen(r.log) == strlen(bad[i].log) ||
		    bad[i].log[strlen(bad[i].log) - 1] == ' '),
		    "options %s: MiscError, logged", bad[i].options);
		if (r.log != NULL && strncmp(r.log, bad[i].log, strlen(bad[i].log)) != 0)
			diag("logged: %s", r.log);
		grade_result_clear(&r);
		spec_free(s);
	}
	s = cases_spec("c", "{\"cases\": [{\"test\": \"\", \"expected\": \"\"}]}");
	json_object_set_new(json_array_get(json_object_get(json_object_get(s->options,
	    "cases"), "cases"), 0), "test", json_stringn("a\0b", 3));
	grade(s, "c", "", &r);
	ok(r.status == LABEL_MISC_ERROR && r.log != NULL &&
	    strcmp(r.log, "cases: k/x: case 1: NUL in its code") == 0,
	    "a NUL in a case's code: MiscError, logged");
	grade_result_clear(&r);
	spec_free(s);
}

/* The isolated mode: the tests in a program of their own, the answer's
 * functions in the student's process (options.cases.functions). */
static const char iso_options[] =
    "{\"functions\": [{\"ret\": \"int\", \"name\": \"sqr\", \"params\": [\"int\"]},"
    "  {\"ret\": \"int\", \"name\": \"shout\", \"params\": [\"const char *\"]}],"
    " \"cases\": ["
    " {\"test\": \"printf(\\\"%d\\\\n\\\", sqr(-3));\", \"expected\": \"9\"},"
    " {\"test\": \"printf(\\\"%d\\\\n\\\", sqr(0));\", \"expected\": \"0\"},"
    " {\"test\": \"printf(\\\"a\\\\n\\\"); int n = shout(\\\"hey\\\");"
    " printf(\\\"b %d\\\\n\\\", n);\", \"expected\": \"a\\nhey!\\nb 3\"},"
    " {\"test\": \"printf(\\\"%d\\\\n\\\", sqr(12));\", \"expected\": \"144\","
    "  \"show\": \"hidden\"}]}";

static const char iso_right[] =
    "#include <stdio.h>\n#include <string.h>\n"
    "int sqr(int x)\n{\n\treturn x * x;\n}\n"
    "int shout(const char *s)\n{\n\tprintf(\"%s!\\n\", s);\n"
    "\treturn (int)strlen(s);\n}\n";

static void
test_isolated(void)
{
	struct spec *s = cases_spec("c", iso_options);
	struct grade_result r;

	is_int(grade(s, "c", iso_right, &r), 0, "isolated: graded");
	is_str(label_name(r.status), "Accepted", "isolated: right: Accepted");
	ok(r.score == 1, "score 1");
	is_str(field(&r, 2, "got"), "a\nhey!\nb 3\n",
	    "the function's output in its place between the tests'");
	if (r.status != LABEL_ACCEPTED)
		diag("%s", r.report);
	grade_result_clear(&r);

	grade(s, "c", "#include <stdio.h>\n#include <string.h>\n"
	    "int sqr(int x)\n{\n\treturn x == 12 ? 0 : x * x;\n}\n"
	    "int shout(const char *s)\n{\n\tprintf(\"%s!\\n\", s);\n"
	    "\treturn (int)strlen(s);\n}\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "isolated: wrong: WrongAnswer");
	ok(r.score == 3.0 / 4, "3 of 4");
	grade_result_clear(&r);

	grade(s, "c", "#include <stdio.h>\n#include <string.h>\n"
	    "int sqr(int x)\n{\n\tif (x == 0) { int *p = 0; return *p; }\n"
	    "\treturn x * x;\n}\n"
	    "int shout(const char *s)\n{\n\tprintf(\"%s!\\n\", s);\n"
	    "\treturn (int)strlen(s);\n}\n", &r);
	is_str(label_name(r.status), "RuntimeError", "isolated: a crash: RuntimeError");
	ok(passed(&r, 0) && !passed(&r, 1) && passed(&r, 2) && passed(&r, 3),
	    "the other cases still pass");
	ok(has(r.report, "\u2717 test 2: RuntimeError: killed by signal SIGSEGV"),
	    "the crash is said");
	grade_result_clear(&r);

	grade(s, "c", "int sqr(int x)\n{\n\treturn x * x;\n}\n", &r);
	is_str(label_name(r.status), "RuntimeError",
	    "isolated: a function missing: RuntimeError");
	ok(passed(&r, 0) && !passed(&r, 2), "only its test fails");
	ok(has(r.report, "your code has no function int shout(const char *)"),
	    "explained");
	grade_result_clear(&r);

	grade(s, "c", "int sqr(int x)\n{\n\treturn x * ;\n}\n", &r);
	is_str(label_name(r.status), "CompileError", "isolated: CompileError");
	ok(has(r.report, "main.c:3:20: error"), "in the answer's lines");
	grade_result_clear(&r);

	grade(s, "c", "int helper(int);\nint sqr(int x)\n{\n\treturn helper(x);\n}\n"
	    "int shout(const char *s) { return 0; }\n", &r);
	is_str(label_name(r.status), "CompileError", "isolated: undefined: CompileError");
	ok(has(r.report, "helper"), "names it");
	grade_result_clear(&r);

	/* The marker: not in the student's process, even to a constructor. */
	grade(s, "c", "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
	    "static char seen[64] = \"none\";\n"
	    "__attribute__((constructor)) static void early(void)\n{\n"
	    "\tconst char *m = getenv(\"ASSAY_MARK\");\n"
	    "\tif (m && strstr(m, \"#<assay-\")) snprintf(seen, sizeof(seen), \"found\");\n}\n"
	    "int sqr(int x)\n{\n\tprintf(\"%s\\n\", seen);\n\treturn x * x;\n}\n"
	    "int shout(const char *s) { return 0; }\n", &r);
	is_str(field(&r, 0, "got"), "none\n9\n",
	    "isolated: a constructor of the answer never sees the marker");
	grade_result_clear(&r);
	spec_free(s);

	s = cases_spec("c cpp", iso_options);
	grade(s, "cpp", iso_right, &r);
	ok(r.status == LABEL_MISC_ERROR, "isolated: C only (C++ is the author's error)");
	grade_result_clear(&r);
	spec_free(s);
}

int
main(void)
{
	test_program();
	test_marker();
	test_split();
	test_graders();
	if (geteuid() != 0) {
		diag("SKIP the gradings: the jail needs root");
		return tap_done();
	}
	box_root_make(TEST_UID_BASE);
	test_c();
	test_python();
	test_options();
	test_isolated();
	ok(box_root_remove() == 0, "nothing is left in the box root");
	return tap_done();
}
