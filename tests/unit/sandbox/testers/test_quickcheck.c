/*
 * test_quickcheck.c - the quickcheck tester through engine_grade(), with
 * real compilations and runs in the jail (needs root): every label it can
 * give, the report's Codex format, the tests entries, and who is blamed
 * (the student's CompileError, the author's MiscError).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/engine/engine.h"
#include "tests/tap.h"
#include "tests/unit/engine_util.h"

#define TEST_UID_BASE 64960

static const char strong_props[] =
    "#include <string.h>\n"
    "#include \"qc.h\"\n"
    "\n"
    "QC_FUNCTION(int, strong, const char *);\n"
    "\n"
    "static int\n"
    "reference(const char *pw)\n"
    "{\n"
    "\tint u = 0, l = 0, d = 0;\n"
    "\tsize_t n = strlen(pw);\n"
    "\n"
    "\tfor (size_t i = 0; i < n; i++) {\n"
    "\t\tu |= pw[i] >= 'A' && pw[i] <= 'Z';\n"
    "\t\tl |= pw[i] >= 'a' && pw[i] <= 'z';\n"
    "\t\td |= pw[i] >= '0' && pw[i] <= '9';\n"
    "\t}\n"
    "\treturn n >= 6 && u && l && d;\n"
    "}\n"
    "\n"
    "QC_PROPERTY(agrees, \"strong(pw)\")\n"
    "{\n"
    "\tchar *pw = qc_string(qc, 0, 12, NULL);\n"
    "\n"
    "\tqc_name(qc, pw, \"pw\");\n"
    "\tQC_SHOW_STR(pw);\n"
    "\tqc_freeze(qc, pw);\n"
    "\tQC_EXPECT_INT(reference(pw), strong(pw));\n"
    "}\n";

#define STRONG_HEAD "#include <ctype.h>\n#include <string.h>\n"

static const char strong_ok[] = STRONG_HEAD
    "int strong(const char *pw)\n"
    "{\n"
    "\tint u = 0, l = 0, d = 0;\n"
    "\tsize_t n = strlen(pw);\n"
    "\tfor (size_t i = 0; i < n; i++) {\n"
    "\t\tunsigned char c = (unsigned char)pw[i];\n"
    "\t\tu |= isupper(c) != 0; l |= islower(c) != 0; d |= isdigit(c) != 0;\n"
    "\t}\n"
    "\treturn n >= 6 && u && l && d;\n"
    "}\n";

/* STRONG_OK with the loop body's line replaced: a variant of the solution. */
static char *
variant(const char *from, const char *to)
{
	const char *at = strstr(strong_ok, from);
	size_t a, b = strlen(from), c = strlen(to);
	char *s;

	if (at == NULL)
		return strdup("#error bad variant\n");
	a = (size_t)(at - strong_ok);
	s = malloc(sizeof(strong_ok) + c);
	memcpy(s, strong_ok, a);
	memcpy(s + a, to, c);
	strcpy(s + a + c, at + b);
	return s;
}

static struct spec *
qc_spec(const char *props, const char *extra_key, json_t *extra_value)
{
	struct spec *s = new_spec("c/strong", "Strong", "quickcheck");

	spec_add_language(s, "c");
	json_object_set_new(s->options, "properties",
	    json_pack("{s:s, s:s}", "file", "strong.c", "text", props));
	json_object_set_new(s->options, "seed", json_integer(1));
	json_object_set_new(s->options, "timeout_ms", json_integer(100));
	if (extra_key != NULL)
		json_object_set_new(s->options, extra_key, extra_value);
	return s;
}

/* Grades CODE against SPEC and checks the label; the result stays in R. */
static int
expect(const struct spec *spec, const char *code, enum label l, struct grade_result *r,
    const char *what)
{
	int good;

	grade(spec, "c", code, r);
	good = ok(r->status == l && r->report != NULL && r->tests != NULL, "%s: %s", what,
	    label_name(l));
	if (!good)
		diag("got %s; report:\n%s\nlog: %s", label_name(r->status),
		    r->report ? r->report : "", r->log ? r->log : "");
	return good;
}

static void
test_verdicts(void)
{
	struct spec *spec = qc_spec(strong_props, NULL, NULL);
	struct grade_result r, r2;
	char *code;

	if (expect(spec, strong_ok, LABEL_ACCEPTED, &r, "the right function")) {
		ok(r.score == 1 && has(r.report, "agrees: +++ OK, passed 100 tests.") &&
		    has(r.report, "Seed: 1 "), "score 1; the report says so, with the seed");
		ok(json_array_size(r.tests) == 1 && strcmp(field(&r, 0, "name"), "agrees") == 0 &&
		    json_is_true(json_object_get(json_array_get(r.tests, 0), "passed")),
		    "one test entry per property");
	}
	grade_result_clear(&r);

	code = variant("d |= isdigit(c) != 0;", "d |= !isalpha(c);");
	if (expect(spec, code, LABEL_WRONG_ANSWER, &r, "digits that are not")) {
		ok(r.score == 0 && has(r.report, "*** Failed! Falsified (after ") &&
		    has(r.report, "Testing strong(pw) with:\n\tchar *pw = \"aaaaA!\";\n"
		    "Expected:\n\t0\nGot:\n\t1\n"),
		    "the shrunk counterexample, in Codex's words");
		ok(strcmp(field(&r, 0, "input"), "char *pw = \"aaaaA!\";") == 0 &&
		    strcmp(field(&r, 0, "expected"), "0") == 0 &&
		    strcmp(field(&r, 0, "got"), "1") == 0 &&
		    strncmp(field(&r, 0, "message"), "Falsified after ", 16) == 0 &&
		    strcmp(field(&r, 0, "status"), "WrongAnswer") == 0,
		    "the test entry holds it too");
		grade(spec, "c", code, &r2);
		ok(r2.report != NULL && strcmp(r.report, r2.report) == 0,
		    "the same seed, the same report");
		grade_result_clear(&r2);
	}
	grade_result_clear(&r);
	free(code);

	code = variant("for (size_t i = 0; i < n; i++) {", "for (size_t i = 0; i < n + 2; i++) {");
	if (expect(spec, code, LABEL_WRONG_ANSWER, &r, "reading past the end")) {
		ok(has(r.report, "Crashed with SIGSEGV (invalid memory access)") &&
		    has(r.report, "\tchar *pw = \"\";") &&
		    has(r.report, "The function read or wrote past the end of the string pw"),
		    "a crash, shrunk, with what it touched");
	}
	grade_result_clear(&r);
	free(code);

	code = variant("for (size_t i = 0; i < n; i++) {",
	    "for (size_t i = 0; i < n; i += !isdigit((unsigned char)pw[i])) {");
	if (expect(spec, code, LABEL_WRONG_ANSWER, &r, "an endless loop on digits")) {
		ok(has(r.report, "Did not return within 100 ms") &&
		    has(r.report, "\tchar *pw = \"0\";"), "a hang, shrunk");
	}
	grade_result_clear(&r);
	free(code);

	code = variant("for (size_t i = 0; i < n; i++) {",
	    "if (strpbrk(pw, \"0123456789\") != NULL) exit(3);\n"
	    "\tfor (size_t i = 0; i < n; i++) {");
	{
		char *full = malloc(strlen(code) + 32);

		sprintf(full, "#include <stdlib.h>\n%s", code);
		if (expect(spec, full, LABEL_WRONG_ANSWER, &r, "exit() in the function")) {
			ok(has(r.report, "Exited with status 3 instead of returning") &&
			    has(r.report, "\tchar *pw = \"0\";"), "an exit, shrunk");
		}
		free(full);
	}
	grade_result_clear(&r);
	free(code);

	code = variant("\treturn n >= 6 && u && l && d;",
	    "\tstatic int calls;\n\tif (++calls == 5) return !(n >= 6 && u && l && d);\n"
	    "\treturn n >= 6 && u && l && d;");
	if (expect(spec, code, LABEL_WRONG_ANSWER, &r, "a function with a memory")) {
		ok(has(r.report, "*** Failed! (after 5 tests): this input failed among the"
		    " others, but not when it was tested again alone"), "reported as flaky");
	}
	grade_result_clear(&r);
	free(code);

	code = variant("for (size_t i = 0; i < n; i++) {",
	    "printf(\"checking %s\\n\", pw);\n\tfor (size_t i = 0; i < n; i++) {");
	{
		char *full = malloc(strlen(code) + 32);

		sprintf(full, "#include <stdio.h>\n%s", code);
		if (expect(spec, full, LABEL_ACCEPTED, &r, "a function that prints"))
			ok(!has(r.report, "checking"), "what it prints is not shown when it passes");
		grade_result_clear(&r);
		free(full);
	}
	free(code);
	code = variant("\treturn n >= 6 && u && l && d;",
	    "\tprintf(\"n=%zu\\n\", n);\n\treturn n > 6 && u && l && d;");
	{
		char *full = malloc(strlen(code) + 32);

		sprintf(full, "#include <stdio.h>\n%s", code);
		if (expect(spec, full, LABEL_WRONG_ANSWER, &r, "a wrong function that prints"))
			ok(has(r.report, "Your function printed:\n\tn=6\n"),
			    "what it printed on the counterexample is shown");
		grade_result_clear(&r);
		free(full);
	}
	free(code);

	code = variant("for (size_t i = 0; i < n; i++) {", "int unused;\n\tfor (size_t i = 0; i < n; i++) {");
	if (expect(spec, code, LABEL_ACCEPTED, &r, "a warning"))
		ok(has(r.report, "The compiler's warnings:") && has(r.report, "unused"),
		    "the warnings follow the report");
	grade_result_clear(&r);
	free(code);

	{
		/* Every failing trial takes 250 ms: shrinking two numbers down to
		 * 1000000 needs more than the shrinker's 3 s. */
		struct spec *slow = qc_spec("#include <limits.h>\n#include <time.h>\n"
		    "#include \"qc.h\"\n"
		    "QC_PROPERTY(slow, \"f(x, y)\")\n{\n"
		    "\tint x = qc_int_range(qc, 0, INT_MAX), y = qc_int_range(qc, 0, INT_MAX);\n"
		    "\tQC_SHOW_INT(x);\n\tQC_SHOW_INT(y);\n"
		    "\tif (x >= 1000000 && y >= 1000000) {\n"
		    "\t\tstruct timespec ts = { 0, 250000000L };\n"
		    "\t\tnanosleep(&ts, NULL);\n\t\tQC_FAIL(\"both large\");\n\t}\n}\n",
		    "timeout_ms", json_integer(1000));

		if (expect(slow, strong_ok, LABEL_WRONG_ANSWER, &r, "shrinking that runs out"
		    " of time")) {
			ok(has(r.report, " shrinks):\nShrinking stopped at its limit: this input is"
			    " smaller than the one first found, but not necessarily the"
			    " smallest.\nTesting f(x, y) with:\n"),
			    "the report says the input may not be the smallest");
			ok(strstr(field(&r, 0, "message"), "(shrinking stopped at its limit: not"
			    " necessarily the smallest input)") != NULL,
			    "and so does its test entry");
		}
		grade_result_clear(&r);
		spec_free(slow);
	}

	if (expect(spec, "int main(void) { return 0; }\n" "#include <ctype.h>\n"
	    "#include <string.h>\nint strong(const char *pw) { return strlen(pw) > 99; }\n",
	    LABEL_WRONG_ANSWER, &r, "a main is allowed (never called)"))
		ok(has(r.report, "Expected:\n\t1\nGot:\n\t0"), "and the function is tested");
	grade_result_clear(&r);
	spec_free(spec);
}

static void
test_blame(void)
{
	struct spec *spec = qc_spec(strong_props, NULL, NULL), *s2;
	struct grade_result r;

	if (expect(spec, "int strong(const char *pw) { return 0 }\n", LABEL_COMPILE_ERROR,
	    &r, "a syntax error"))
		ok(has(r.report, "Your code did not compile") && has(r.report, "main.c:1:"),
		    "the compiler's message, for main.c");
	grade_result_clear(&r);
	if (expect(spec, "int strength(const char *pw) { return 0; }\n", LABEL_COMPILE_ERROR,
	    &r, "the function misnamed"))
		ok(has(r.report, "it has no function int strong(const char *)"),
		    "the missing function is named: %s", r.report);
	grade_result_clear(&r);

	/* The student's code is linked alone: its names meet none of the
	 * tests'. */
	s2 = qc_spec("#include \"qc.h\"\nQC_FUNCTION(int, strong, const char *);\n"
	    "int helper(void) { return 1; }\n"
	    "QC_PROPERTY(p, \"strong(s)\") { QC_EXPECT_INT(helper(), strong(\"\")); }\n",
	    NULL, NULL);
	expect(s2, "int helper(void) { return 2; }\nint strong(const char *s) {"
	    " (void)s; return 1; }\n", LABEL_ACCEPTED, &r, "a name the tests use too");
	grade_result_clear(&r);
	spec_free(s2);

	s2 = qc_spec("#include \"qc.h\"\nint strong(const char *);\n"
	    "QC_PROPERTY(p, \"strong(s)\") { QC_EXPECT_INT(1, strong(\"\")); }\n",
	    NULL, NULL);
	if (expect(s2, strong_ok, LABEL_MISC_ERROR, &r, "a student's function called"
	    " without QC_FUNCTION"))
		ok(has(r.log, "undefined reference to `strong'") &&
		    has(r.log, "without QC_FUNCTION"), "the author's error, logged: %s",
		    r.log);
	grade_result_clear(&r);
	spec_free(s2);

	s2 = qc_spec("#include \"qc.h\"\nint strong(const char *);\n"
	    "QC_PROPERTY(p, \"strong(s)\") { QC_EXPECT_INT(0, strong(\"\")) }\n", NULL, NULL);
	if (expect(s2, strong_ok, LABEL_MISC_ERROR, &r, "a property file that does not compile"))
		ok(has(r.log, "the property file strong.c does not compile") &&
		    has(r.log, "strong.c:3:") && !has(r.report, "strong.c") &&
		    has(r.report, "platform"), "the author's error is logged, not shown");
	grade_result_clear(&r);
	spec_free(s2);

	s2 = qc_spec("#include \"qc.h\"\nint strong(const char *);\n"
	    "QC_PROPERTY(p, \"strong(s)\") { QC_EXPECT_INT(0, qc_int_range(qc, 5, 1)); }\n",
	    NULL, NULL);
	if (expect(s2, strong_ok, LABEL_MISC_ERROR, &r, "bounds the wrong way round"))
		ok(has(r.log, "wrong way round"), "the author's mistake is logged: %s", r.log);
	grade_result_clear(&r);
	spec_free(s2);

	s2 = qc_spec("#include \"qc.h\"\nQC_FUNCTION(int, strong, const char *);\n"
	    "QC_PROPERTY(p, \"strong(s)\") { qc_assume(qc, qc_int_range(qc, 0, 99) == 7);"
	    " QC_EXPECT_INT(0, strong(\"\")); }\n", NULL, NULL);
	if (expect(s2, strong_ok, LABEL_MISC_ERROR, &r, "a filter that rejects nearly all"))
		ok(has(r.log, "gave up after"), "gave up: the author's, logged");
	grade_result_clear(&r);
	spec_free(s2);

	s2 = qc_spec("#include \"qc.h\"\nint strong(const char *);\n", NULL, NULL);
	if (expect(s2, "int strong(const char *s) { (void)s; return 0; }\n", LABEL_MISC_ERROR,
	    &r, "no property at all"))
		ok(has(r.log, "defines no property"), "logged: %s", r.log);
	grade_result_clear(&r);
	spec_free(s2);

	s2 = qc_spec(strong_props, "max_success", json_string("many"));
	if (expect(s2, strong_ok, LABEL_MISC_ERROR, &r, "a bad option"))
		ok(has(r.log, "max_success"), "names the option");
	grade_result_clear(&r);
	spec_free(s2);

	if (expect(spec, "#include <sys/socket.h>\nint strong(const char *pw) {"
	    " (void)pw; return socket(AF_INET, SOCK_STREAM, 0) > 99; }\n",
	    LABEL_RUNTIME_ERROR, &r, "a forbidden system call"))
		ok(has(r.report, "not allowed here: socket"), "named");
	grade_result_clear(&r);
	spec_free(spec);
}

/* Functions that attack the runner rather than answer. */
static void
test_hostile(void)
{
	struct spec *spec = qc_spec(strong_props, NULL, NULL);
	struct grade_result r;

	if (expect(spec, "#include <unistd.h>\n#include <stdint.h>\n"
	    "int strong(const char *pw) { (void)pw; uint32_t r[10] ="
	    " { 0x71635231u, 2, 1, 0, 0, 0, 0, 100, 0, 0 };"
	    " (void)!write(4, r, sizeof r); for (;;) pause(); }\n",
	    LABEL_WRONG_ANSWER, &r, "a forged \"all passed\" reply"))
		ok(!has(r.report, "+++ OK"), "is not believed");
	grade_result_clear(&r);
	if (expect(spec, "#include <unistd.h>\n#include <string.h>\n"
	    "int strong(const char *pw) { if (strlen(pw) > 2)"
	    " (void)!write(4, \"garbage garbage garbage garbage garbage\", 40);"
	    " return 0; }\n", LABEL_WRONG_ANSWER, &r, "garbage on the descriptors"))
		ok(has(r.report, "Falsified") && has(r.report, "Got:\n\t0"),
		    "changes nothing: the function is judged on what it returns");
	grade_result_clear(&r);
	/* The student's process is the memory killer's first choice: the
	 * runner reports, and says why (where the box has a memory cgroup;
	 * else the allocations fail and the function answers). */
	if (expect(spec, "#include <stdlib.h>\n#include <string.h>\n"
	    "int strong(const char *pw) { (void)pw; for (;;) { char *p ="
	    " malloc(1 << 20); if (p == NULL) return 1; memset(p, 1, 1 << 20); } }\n",
	    LABEL_WRONG_ANSWER, &r, "a function that takes all the memory"))
		ok(!has(r.report, "Crashed with SIGKILL") ||
		    has(r.report, "killed when the tests' memory ran out"),
		    "a SIGKILL at the memory limit is said so: %s", r.report);
	grade_result_clear(&r);
	/* The student's process may signal itself only: the runner and the
	 * child are out of reach, and the function is judged on its answer. */
	if (expect(spec, "#include <unistd.h>\n#include <signal.h>\n"
	    "int strong(const char *pw) { (void)pw; kill(getppid(), SIGKILL); return 0; }\n",
	    LABEL_WRONG_ANSWER, &r, "killing the runner"))
		ok(has(r.report, "Falsified") && has(r.report, "Got:\n\t0"),
		    "fails: judged on its answer");
	grade_result_clear(&r);
	if (expect(spec, "#include <unistd.h>\n#include <signal.h>\n"
	    "int strong(const char *pw) { (void)pw; kill(getppid(), SIGSEGV); return 0; }\n",
	    LABEL_WRONG_ANSWER, &r, "a fault signal sent to the runner"))
		ok(has(r.report, "Falsified") && r.log == NULL,
		    "fails: judged on its answer, nothing logged");
	grade_result_clear(&r);
	if (expect(spec, "#include <unistd.h>\n#include <string.h>\n"
	    "int strong(const char *pw) { if (strlen(pw) > 3) for (int i = 0; i < 40; i++)"
	    " if (fork() == 0) { setsid(); for (;;) pause(); } return 0; }\n",
	    LABEL_WRONG_ANSWER, &r, "processes left behind in sessions of their own"))
		ok(has(r.report, "Expected:\n\t1\nGot:\n\t0"),
		    "are cleared, and the function is still tested");
	grade_result_clear(&r);
	spec_free(spec);
}

/*
 * Submissions that try to pass without solving, as the issue found them:
 * patching the property table from a constructor, printing the property
 * file, including it. Each failed (Accepted, or the reference shown)
 * before the student's code had a process of its own.
 */
static void
test_cheats(void)
{
	struct spec *spec = qc_spec(strong_props, NULL, NULL);
	struct grade_result r;

	if (expect(spec, "#include <stdint.h>\n#include <sys/mman.h>\n"
	    "struct qc_property { const char *n, *c; void (*fn)(void *);"
	    " const char *f; int l; };\n"
	    "extern struct qc_property __start_qc_props[] __attribute__((weak));\n"
	    "extern struct qc_property __stop_qc_props[] __attribute__((weak));\n"
	    "static void nothing(void *q) { (void)q; }\n"
	    "__attribute__((constructor)) static void patch(void) {\n"
	    " for (struct qc_property *p = __start_qc_props; p && p < __stop_qc_props;"
	    " p++) { uintptr_t pg = (uintptr_t)p & ~(uintptr_t)4095;\n"
	    " mprotect((void *)pg, 8192, PROT_READ | PROT_WRITE); p->fn = nothing; } }\n"
	    "int strong(const char *pw) { (void)pw; return 0; }\n",
	    LABEL_WRONG_ANSWER, &r, "patching the property table"))
		ok(has(r.report, "Falsified") && has(r.report, "Got:\n\t0"),
		    "finds no table: the function is judged on its answer");
	grade_result_clear(&r);
	if (expect(spec, "#include <stdio.h>\n#include <dirent.h>\n#include <string.h>\n"
	    "static void show(const char *path) { FILE *f = fopen(path, \"r\");"
	    " char b[4096]; size_t n; if (!f) return;"
	    " while ((n = fread(b, 1, sizeof b, f)) > 0) fwrite(b, 1, n, stdout);"
	    " fclose(f); }\n"
	    "int strong(const char *pw) { static int done; char p[300]; DIR *d;"
	    " struct dirent *e; if (done++) return 0;"
	    " show(\"strong.c\"); show(\"prop.so\"); show(\"/tmp/box/strong.c\");"
	    " for (int pid = 1; pid < 64; pid++) {"
	    " snprintf(p, sizeof p, \"/proc/%d/mem\", pid); show(p);"
	    " snprintf(p, sizeof p, \"/proc/%d/maps\", pid); show(p);"
	    " snprintf(p, sizeof p, \"/proc/%d/fd\", pid);"
	    " if ((d = opendir(p)) != NULL) { while ((e = readdir(d)) != NULL) {"
	    " snprintf(p, sizeof p, \"/proc/%d/fd/%s\", pid, e->d_name); show(p); }"
	    " closedir(d); } }"
	    " (void)pw; return 0; }\n",
	    LABEL_WRONG_ANSWER, &r, "printing the property file"))
		ok(!has(r.report, "reference") && !has(r.report, "qc_prop") &&
		    !has(r.report, "QC_PROPERTY"), "nothing of it reaches the report");
	grade_result_clear(&r);
	{
		/* The reference's answer in a block of its own, at an address
		 * the student can work out: pointing at it is no answer. */
		struct spec *s2 = qc_spec("#include \"qc.h\"\n"
		    "QC_FUNCTION(const int *, find_max, const int *, int);\n"
		    "QC_PROPERTY(p, \"find_max(a, n)\") { size_t n;"
		    " int *a = qc_int_array(qc, 1, 5, 0, 9, &n);"
		    " int *want = qc_alloc(qc, 1, sizeof(int), \"want\");"
		    " *want = a[0]; for (size_t i = 1; i < n; i++)"
		    " if (a[i] > *want) *want = a[i];"
		    " QC_SHOW_INT_ARRAY(a, n);"
		    " QC_EXPECT_INT(*want, *find_max(a, (int)n)); }\n", NULL, NULL);

		expect(s2, "const int *find_max(const int *a, int n) { const int *m = a;"
		    " for (int i = 1; i < n; i++) if (a[i] > *m) m = a + i; return m; }\n",
		    LABEL_ACCEPTED, &r, "a pointer into the array handed over");
		grade_result_clear(&r);
		if (expect(s2, "const int *find_max(const int *a, int n) { (void)a; (void)n;"
		    " return (const int *)(0x2a0000000000UL + 3 * 4096 - 4); }\n",
		    LABEL_WRONG_ANSWER, &r, "a pointer to the reference's answer"))
			ok(has(r.report, "returned a pointer to memory it was not given"),
			    "is refused: %s", r.report);
		grade_result_clear(&r);
		if (expect(s2, "const int *find_max(const int *a, int n) { static const"
		    " int *out[1]; (void)n; out[0] = (const int *)(0x2a0000000000UL +"
		    " 3 * 4096 - 4); return a; }\n",
		    LABEL_WRONG_ANSWER, &r, "the first element, not the largest"))
			ok(has(r.report, "Falsified"), "is judged");
		grade_result_clear(&r);
		spec_free(s2);
		/* Likewise through a pointer the function writes. */
		s2 = qc_spec("#include \"qc.h\"\n"
		    "QC_FUNCTION(void, find_max, const int *, int, const int **);\n"
		    "QC_PROPERTY(p, \"find_max(a, n, out)\") { size_t n;"
		    " int *a = qc_int_array(qc, 1, 5, 0, 9, &n);"
		    " int *want = qc_alloc(qc, 1, sizeof(int), \"want\");"
		    " const int **out = qc_alloc(qc, 1, sizeof(int *), \"out\");"
		    " *want = a[0]; for (size_t i = 1; i < n; i++)"
		    " if (a[i] > *want) *want = a[i];"
		    " QC_SHOW_INT_ARRAY(a, n); find_max(a, (int)n, out);"
		    " QC_EXPECT_INT(*want, **out); }\n", NULL, NULL);
		expect(s2, "void find_max(const int *a, int n, const int **out) {"
		    " const int *m = a; for (int i = 1; i < n; i++) if (a[i] > *m)"
		    " m = a + i; *out = m; }\n", LABEL_ACCEPTED, &r,
		    "a pointer into the array, written through a pointer");
		grade_result_clear(&r);
		if (expect(s2, "void find_max(const int *a, int n, const int **out) {"
		    " (void)a; (void)n; *out = (const int *)(0x2a0000000000UL +"
		    " 3 * 4096 - 4); }\n", LABEL_WRONG_ANSWER, &r,
		    "a pointer to the reference's answer, written"))
			ok(has(r.report, "wrote into out a pointer to memory it was not"
			    " given"), "is refused: %s", r.report);
		grade_result_clear(&r);
		spec_free(s2);
	}
	if (expect(spec, "#include \"strong.c\"\n"
	    "int strong(const char *pw) { return reference(pw); }\n",
	    LABEL_COMPILE_ERROR, &r, "#include of the property file"))
		ok(has(r.report, "strong.c: No such file"), "it is not there: %s",
		    r.report);
	grade_result_clear(&r);
	if (expect(spec, "__asm__(\".section .rodata\\n.incbin \\\"strong.c\\\"\\n"
	    ".previous\\n\");\nint strong(const char *pw) { (void)pw; return 0; }\n",
	    LABEL_COMPILE_ERROR, &r, ".incbin of the property file"))
		ok(has(r.report, "strong.c"), "it is not there");
	grade_result_clear(&r);
	spec_free(spec);
}

int
main(void)
{
	if (skip_without_root())
		return 0;
	box_root_make(TEST_UID_BASE);
	test_verdicts();
	test_blame();
	test_hostile();
	test_cheats();
	if (box_root_remove() != 0)
		diag("could not remove %s", box_root);
	return tap_done();
}
