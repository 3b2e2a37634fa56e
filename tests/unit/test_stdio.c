/*
 * test_stdio.c - the stdio tester through engine_grade(), with real
 * compilations and runs of C and Python programs (needs root).
 *
 * Limits are lowered where a test waits for one, so that the program runs in
 * seconds; assertions are on labels and texts, not on timings.
 */
#include <dirent.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "../tap.h"

#define TEST_UID_BASE 64950

static char root[] = "/tmp/assay-test-stdio-XXXXXX";

static const char c_sum[] =
    "#include <stdio.h>\n"
    "int main(void)\n"
    "{\n"
    "\tlong a, b;\n"
    "\tif (scanf(\"%ld %ld\", &a, &b) != 2)\n"
    "\t\treturn 1;\n"
    "\tprintf(\"%ld\\n\", a + b);\n"
    "\treturn 0;\n"
    "}\n";

/* A spec of tester stdio for C and Python: the sum of two numbers, with two
 * public tests and one private one whose data must never show. */
static struct spec *
sum_spec(void)
{
	struct spec *s = spec_new();

	s->id = strdup("c/sum");
	s->title = strdup("Sum");
	s->tester = strdup("stdio");
	spec_add_language(s, "c");
	spec_add_language(s, "python");
	spec_add_test(s, "public 1", 1, "1 2\n", 4, "3\n", 2);
	spec_add_test(s, "public 2", 1, "10 -3\n", 6, "7\n", 2);
	spec_add_test(s, "private 1", 0, "4000 2\n", 7, "4002\n", 5);
	return s;
}

static int
grade(const struct spec *spec, const char *lang, const char *code,
    struct result *r)
{
	struct engine_config cfg = {
		.box_root = root, .slot = 0, .uid_base = TEST_UID_BASE,
	};
	struct submission sub = {
		.language = lang, .code = code, .code_len = strlen(code),
	};

	return engine_grade(&cfg, spec, &sub, r);
}

/* The message of test I of R, or "". */
static const char *
test_field(const struct result *r, size_t i, const char *key)
{
	const char *s = json_string_value(json_object_get(json_array_get(r->tests, i), key));

	return s ? s : "";
}

static int
has(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

/* How many processes of UID are alive on the host. */
static int
count_procs(uid_t uid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char path[300], line[256];
		FILE *f;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL) {
			unsigned u;

			if (sscanf(line, "Uid: %u", &u) == 1) {
				n += u == uid;
				break;
			}
		}
		fclose(f);
	}
	closedir(d);
	return n;
}

static void
test_accepted(struct spec *s)
{
	struct result r;
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	is_int(grade(s, "c", c_sum, &r), 0, "C sum graded");
	clock_gettime(CLOCK_MONOTONIC, &b);
	is_str(label_name(r.status), "Accepted", "C sum: Accepted");
	ok(r.score == 1.0, "score 1");
	ok(has(r.report, "All 3 tests passed"), "report says all passed");
	is_int(json_array_size(r.tests), 3, "three tests in the result");
	ok(json_is_true(json_object_get(json_array_get(r.tests, 2), "passed")),
	    "the private test passed");
	ok(r.log == NULL, "no log");
	diag("one C grading with 3 tests: %.0f ms",
	    (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
	result_clear(&r);

	is_int(grade(s, "python", "a, b = map(int, input().split())\nprint(a + b)\n", &r),
	    0, "Python sum graded");
	is_str(label_name(r.status), "Accepted", "Python sum: Accepted");
	result_clear(&r);
}

static void
test_wrong_answer(struct spec *s)
{
	struct result r;

	grade(s, "c", "#include <stdio.h>\n"
	    "int main(void) { long a, b; scanf(\"%ld %ld\", &a, &b);"
	    " printf(\"%ld\\n\", a == 1 ? a + b : a - b); return 0; }\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "a - b: WrongAnswer");
	ok(r.score > 0.33 && r.score < 0.34, "score 1/3: %g", r.score);
	ok(has(r.report, "1 of 3 tests passed"), "report counts the passed tests");
	ok(has(r.report, "public 2: WrongAnswer") &&
	    has(r.report, "  input:\n    10 -3\n") &&
	    has(r.report, "  expected output:\n    7\n") &&
	    has(r.report, "  your output:\n    13\n"),
	    "a failed public test shows input, expected and obtained output");
	is_str(test_field(&r, 1, "got"), "13\n", "tests[1].got");
	is_str(test_field(&r, 1, "expected"), "7\n", "tests[1].expected");
	is_str(test_field(&r, 1, "status"), "WrongAnswer", "tests[1].status");
	ok(has(r.report, "private 1: failed\n"), "a failed private test says only that");
	ok(!has(r.report, "4000") && !has(r.report, "4002") && !has(r.report, "3998"),
	    "and nothing of its data");
	result_clear(&r);

	grade(s, "c", "#include <stdio.h>\n"
	    "int main(void) { long a, b; scanf(\"%ld %ld\", &a, &b);"
	    " printf(\"%ld \\n\", a + b); return 0; }\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "a trailing space: WrongAnswer");
	ok(has(test_field(&r, 0, "message"), "only in white space"),
	    "which is said: %s", test_field(&r, 0, "message"));
	result_clear(&r);

	grade(s, "python", "import sys\nsys.stdout.buffer.write(b'\\xff\\xfe\\x00abc')\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "binary garbage: WrongAnswer");
	ok(has(r.report, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "abc"),
	    "shown as valid UTF-8");
	{
		char *j = json_dumps(r.tests, 0);

		ok(j != NULL, "the tests are valid JSON");
		free(j);
	}
	result_clear(&r);
}

static void
test_compile_error(struct spec *s)
{
	struct result r;

	grade(s, "c", "#include <stdio.h>\nint main(void)\n{\n\tint x = ;\n\treturn 0;\n}\n", &r);
	is_str(label_name(r.status), "CompileError", "syntax error: CompileError");
	ok(r.score == 0, "score 0");
	ok(has(r.report, "main.c:4:"), "the compiler's message, located");
	ok(has(r.report, "error: expected expression"), "with gcc's words");
	ok(!has(r.report, root) && !has(r.report, "/tmp/"), "without the box's paths");
	is_int(json_array_size(r.tests), 3, "every test listed");
	is_str(test_field(&r, 0, "status"), "CompileError", "as not run");
	result_clear(&r);

	grade(s, "c", "int main(void) { undefined_function(); return 0; }\n", &r);
	is_str(label_name(r.status), "CompileError", "link error: CompileError");
	ok(has(r.report, "undefined reference to") && has(r.report, "main.o") &&
	    !has(r.report, "/tmp/cc"), "readable linker message");
	result_clear(&r);

	grade(s, "python", "a, b = map(int, input().split(\nprint(a + b)\n", &r);
	is_str(label_name(r.status), "CompileError", "Python syntax error: CompileError");
	ok(has(r.report, "File \"main.py\", line 1") && has(r.report, "SyntaxError"),
	    "with Python's message");
	result_clear(&r);

	grade(s, "c", "#include <stdio.h>\nint main(void) { int unused; puts(\"3\"); return 0; }\n", &r);
	ok(has(r.report, "warning: unused variable"), "warnings are reported");
	result_clear(&r);
}

static void
test_runtime_errors(struct spec *s)
{
	struct result r;
	struct spec_limits saved = s->limits;

	grade(s, "c", "int main(void) { volatile int *p = 0; return *p; }\n", &r);
	is_str(label_name(r.status), "RuntimeError", "null pointer: RuntimeError");
	is_str(test_field(&r, 0, "message"),
	    "killed by signal SIGSEGV (invalid memory access)", "says SIGSEGV");
	ok(has(r.report, "SIGSEGV"), "in the report too");
	result_clear(&r);

	grade(s, "c", "int main(void) { return 3; }\n", &r);
	is_str(label_name(r.status), "RuntimeError", "exit 3: RuntimeError");
	is_str(test_field(&r, 0, "message"), "exited with status 3", "says the status");
	result_clear(&r);

	/* A private test's traceback names its input: not in the report. */
	grade(s, "python", "x = input()\nraise ValueError('bad ' + x)\n", &r);
	is_str(label_name(r.status), "RuntimeError", "Python exception: RuntimeError");
	ok(has(r.report, "ValueError: bad 1 2"), "its traceback shown for a public test");
	ok(!has(r.report, "4000"), "not for a private one");
	result_clear(&r);

	s->limits.output_kib = 8;
	grade(s, "c", "#include <stdio.h>\nint main(void) { for (;;) puts(\"flood\"); }\n", &r);
	is_str(label_name(r.status), "RuntimeError", "output flood: RuntimeError");
	is_str(test_field(&r, 0, "message"), "output limit of 8 KiB exceeded",
	    "says the output limit");
	result_clear(&r);
	s->limits = saved;

	s->limits.memory_kib = 64 * 1024;
	grade(s, "python", "x = bytearray(200 * 1024 * 1024)\n", &r);
	is_str(label_name(r.status), "MemoryLimitExceeded",
	    "Python MemoryError: MemoryLimitExceeded");
	result_clear(&r);
	s->limits = saved;
}

static void
test_time_limits(struct spec *s)
{
	struct result r;
	struct spec_limits saved = s->limits;

	/* A wall limit far above: on a loaded machine the CPU limit still
	 * comes first. */
	s->limits.cpu_ms = 300;
	s->limits.wall_ms = 10000;
	grade(s, "c", "int main(void) { for (;;) ; }\n", &r);
	is_str(label_name(r.status), "TimeLimitExceeded", "endless loop: TimeLimitExceeded");
	is_str(test_field(&r, 0, "message"), "CPU time limit of 0.3 s exceeded",
	    "says CPU");
	is_int(json_array_size(r.tests), 3, "every test was run");
	result_clear(&r);

	s->limits.wall_ms = 300;
	grade(s, "c", "#include <unistd.h>\nint main(void) { sleep(10); return 0; }\n", &r);
	is_str(label_name(r.status), "TimeLimitExceeded", "sleep: TimeLimitExceeded");
	ok(has(test_field(&r, 0, "message"), "wall time limit of 0.3 s exceeded"),
	    "says wall time: %s", test_field(&r, 0, "message"));
	result_clear(&r);
	s->limits = saved;
	is_int(count_procs(TEST_UID_BASE), 0, "no process of the uid is left");
}

static void
test_hostile(struct spec *s)
{
	struct result r;

	grade(s, "c", "#include <stdio.h>\n#include <sys/socket.h>\n"
	    "int main(void) { socket(AF_INET, SOCK_STREAM, 0); puts(\"3\"); return 0; }\n",
	    &r);
	is_str(label_name(r.status), "RuntimeError", "socket(): RuntimeError");
	is_str(test_field(&r, 0, "message"), "forbidden system call: socket",
	    "naming the call");
	result_clear(&r);

	grade(s, "python", "import os\nos.execv('/bin/sh', ['sh'])\n", &r);
	is_str(test_field(&r, 0, "message"), "forbidden system call: execve",
	    "Python may not exec");
	result_clear(&r);

	grade(s, "c", "#include \"/dev/zero\"\n", &r);
	is_str(label_name(r.status), "CompileError", "#include \"/dev/zero\": CompileError");
	ok(has(r.report, "The compiler ran out of memory") ||
	    has(r.report, "Compilation took too long"), "saying which limit it met");
	result_clear(&r);
}

static void
test_misc(struct spec *s)
{
	struct result r;
	char path[512];

	snprintf(path, sizeof(path), "%s/box-0", root);
	ok(access(path, F_OK) == -1, "the box is removed after grading");

	s->ntests = 0;
	grade(s, "c", c_sum, &r);
	s->ntests = 3;
	is_str(label_name(r.status), "MiscError", "no tests: MiscError");
	ok(has(r.log, "no tests"), "logged: %s", r.log ? r.log : "");
	result_clear(&r);
}

int
main(void)
{
	struct spec *s;

	if (geteuid() != 0) {
		printf("1..0 # SKIP the jail needs root\n");
		return 0;
	}
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	s = sum_spec();
	test_accepted(s);
	test_wrong_answer(s);
	test_compile_error(s);
	test_runtime_errors(s);
	test_time_limits(s);
	test_hostile(s);
	test_misc(s);
	spec_free(s);
	{
		char lock[512];

		snprintf(lock, sizeof(lock), "%s/box-0.lock", root);
		unlink(lock);
	}
	ok(rmdir(root) == 0, "nothing else is left in the box root");
	return tap_done();
}
