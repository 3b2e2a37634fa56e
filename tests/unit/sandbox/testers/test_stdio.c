/*
 * test_stdio.c - the stdio tester through engine_grade(), with real
 * compilations and runs of C, C++, Python and Java programs (needs root).
 *
 * Limits are lowered where a test waits for one, so that the program runs in
 * seconds; assertions are on labels and texts, not on timings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/engine/engine.h"
#include "tests/tap.h"
#include "tests/unit/engine_util.h"

#define TEST_UID_BASE 64950

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
	struct spec *s = new_spec("c/sum", "Sum", "stdio");

	spec_add_language(s, "c");
	spec_add_language(s, "python");
	spec_add_test(s, "public 1", 1, "1 2\n", 4, "3\n", 2);
	spec_add_test(s, "public 2", 1, "10 -3\n", 6, "7\n", 2);
	spec_add_test(s, "private 1", 0, "4000 2\n", 7, "4002\n", 5);
	return s;
}

static void
test_accepted(struct spec *s)
{
	struct grade_result r;

	is_int(grade_timed(s, "c", c_sum, &r, "one C grading with 3 tests"), 0,
	    "C sum graded");
	is_str(label_name(r.status), "Accepted", "C sum: Accepted");
	ok(r.score == 1.0, "score 1");
	ok(has(r.report, "All 3 tests passed"), "report says all passed");
	is_int(json_array_size(r.tests), 3, "three tests in the result");
	ok(json_is_true(json_object_get(json_array_get(r.tests, 2), "passed")),
	    "the private test passed");
	ok(r.log == NULL, "no log");
	grade_result_clear(&r);

	is_int(grade(s, "python", "a, b = map(int, input().split())\nprint(a + b)\n", &r),
	    0, "Python sum graded");
	is_str(label_name(r.status), "Accepted", "Python sum: Accepted");
	grade_result_clear(&r);
	grade(s, "python", "a, b = map(int, input().split())\nprint(a + b if a < 100 else a)\n",
	    &r);
	ok(r.status == LABEL_WRONG_ANSWER && r.score > 0.66 && r.score < 0.67,
	    "Python partly right: WrongAnswer, 2/3");
	grade_result_clear(&r);
}

static void
test_wrong_answer(struct spec *s)
{
	struct grade_result r;

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
	is_str(field(&r, 1, "got"), "13\n", "tests[1].got");
	is_str(field(&r, 1, "expected"), "7\n", "tests[1].expected");
	is_str(field(&r, 1, "status"), "WrongAnswer", "tests[1].status");
	ok(has(r.report, "  difference (- expected, + yours):\n    line 1:\n    - 7\n"
	    "    + 13\n"), "and the difference, line by line");
	ok(has(r.report, "1 of 3 tests passed.\n\npublic 2: WrongAnswer") &&
	    has(r.report, "private 1: failed\npublic 1: passed\n"),
	    "the failed tests first, then the passed ones");
	ok(has(r.report, "private 1: failed\n"), "a failed private test says only that");
	ok(!has(r.report, "4000") && !has(r.report, "4002") && !has(r.report, "3998"),
	    "and nothing of its data");
	grade_result_clear(&r);

	grade(s, "c", "#include <stdio.h>\n"
	    "int main(void) { long a, b; scanf(\"%ld %ld\", &a, &b);"
	    " printf(\"%ld \\n\", a + b); return 0; }\n", &r);
	is_str(label_name(r.status), "PresentationError",
	    "a trailing space: PresentationError");
	ok(has(field(&r, 0, "message"), "only in white space"),
	    "which is said: %s", field(&r, 0, "message"));
	ok(r.score == 0, "score 0");
	ok(has(r.report, "  difference (- expected, + yours):\n    line 1: 3{+ +}\n"),
	    "the difference shows the space");
	is_str(field(&r, 0, "diff"), "line 1: 3{+ +}\n", "tests[0].diff");
	grade_result_clear(&r);

	grade(s, "python", "import sys\nsys.stdout.buffer.write(b'\\xff\\xfe\\x00abc')\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "binary garbage: WrongAnswer");
	ok(has(r.report, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "abc"),
	    "shown as valid UTF-8");
	{
		char *j = json_dumps(r.tests, 0);

		ok(j != NULL, "the tests are valid JSON");
		free(j);
	}
	grade_result_clear(&r);
}

static void
test_compile_error(struct spec *s)
{
	struct grade_result r;

	grade(s, "c", "#include <stdio.h>\nint main(void)\n{\n\tint x = ;\n\treturn 0;\n}\n", &r);
	is_str(label_name(r.status), "CompileError", "syntax error: CompileError");
	ok(r.score == 0, "score 0");
	ok(has(r.report, "main.c:4:"), "the compiler's message, located");
	ok(has(r.report, "error: expected expression"), "with gcc's words");
	ok(!has(r.report, box_root) && !has(r.report, "/tmp/"),
	    "without the box's paths");
	is_int(json_array_size(r.tests), 3, "every test listed");
	is_str(field(&r, 0, "status"), "CompileError", "as not run");
	grade_result_clear(&r);

	grade(s, "c", "int main(void) { undefined_function(); return 0; }\n", &r);
	is_str(label_name(r.status), "CompileError", "link error: CompileError");
	ok(has(r.report, "undefined reference to") && has(r.report, "main.o") &&
	    !has(r.report, "/tmp/cc"), "readable linker message");
	grade_result_clear(&r);

	grade(s, "python", "a, b = map(int, input().split(\nprint(a + b)\n", &r);
	is_str(label_name(r.status), "CompileError", "Python syntax error: CompileError");
	ok(has(r.report, "File \"main.py\", line 1") && has(r.report, "SyntaxError"),
	    "with Python's message");
	grade_result_clear(&r);

	grade(s, "c", "#include <stdio.h>\nint main(void) { int unused; puts(\"3\"); return 0; }\n", &r);
	ok(has(r.report, "warning: unused variable"), "warnings are reported");
	grade_result_clear(&r);
}

static void
test_runtime_errors(struct spec *s)
{
	struct grade_result r;
	struct spec_limits saved = s->limits;

	grade(s, "c", "int main(void) { volatile int *p = 0; return *p; }\n", &r);
	is_str(label_name(r.status), "RuntimeError", "null pointer: RuntimeError");
	is_str(field(&r, 0, "message"),
	    "killed by signal SIGSEGV (invalid memory access)", "says SIGSEGV");
	ok(has(r.report, "SIGSEGV"), "in the report too");
	grade_result_clear(&r);

	grade(s, "c", "int main(void) { return 3; }\n", &r);
	is_str(label_name(r.status), "RuntimeError", "exit 3: RuntimeError");
	is_str(field(&r, 0, "message"), "exited with status 3", "says the status");
	grade_result_clear(&r);

	/* A private test's traceback names its input: not in the report. */
	grade(s, "python", "x = input()\nraise ValueError('bad ' + x)\n", &r);
	is_str(label_name(r.status), "RuntimeError", "Python exception: RuntimeError");
	ok(has(r.report, "ValueError: bad 1 2"), "its traceback shown for a public test");
	ok(!has(r.report, "4000"), "not for a private one");
	grade_result_clear(&r);

	s->limits.output_kib = 8;
	grade(s, "c", "#include <stdio.h>\nint main(void) { for (;;) puts(\"flood\"); }\n", &r);
	is_str(label_name(r.status), "RuntimeError", "output flood: RuntimeError");
	is_str(field(&r, 0, "message"), "output limit of 8 KiB exceeded",
	    "says the output limit");
	grade_result_clear(&r);
	s->limits = saved;

	s->limits.memory_kib = 64 * 1024;
	grade(s, "python", "x = bytearray(200 * 1024 * 1024)\n", &r);
	is_str(label_name(r.status), "MemoryLimitExceeded",
	    "Python MemoryError: MemoryLimitExceeded");
	grade_result_clear(&r);
	s->limits = saved;
}

static void
test_time_limits(struct spec *s)
{
	struct grade_result r;
	struct spec_limits saved = s->limits;

	/* A wall limit far above: on a loaded machine the CPU limit still
	 * comes first. */
	s->limits.cpu_ms = 300;
	s->limits.wall_ms = 10000;
	grade(s, "c", "int main(void) { for (;;) ; }\n", &r);
	is_str(label_name(r.status), "TimeLimitExceeded", "endless loop: TimeLimitExceeded");
	is_str(field(&r, 0, "message"), "CPU time limit of 0.3 s exceeded",
	    "says CPU");
	is_int(json_array_size(r.tests), 3, "every test was run");
	grade_result_clear(&r);

	s->limits.wall_ms = 300;
	grade(s, "c", "#include <unistd.h>\nint main(void) { sleep(10); return 0; }\n", &r);
	is_str(label_name(r.status), "TimeLimitExceeded", "sleep: TimeLimitExceeded");
	ok(has(field(&r, 0, "message"), "wall time limit of 0.3 s exceeded"),
	    "says wall time: %s", field(&r, 0, "message"));
	grade_result_clear(&r);
	s->limits = saved;
	is_int(count_procs(TEST_UID_BASE), 0, "no process of the uid is left");
}

static void
test_hostile(struct spec *s)
{
	struct grade_result r;

	grade(s, "c", "#include <stdio.h>\n#include <sys/socket.h>\n"
	    "int main(void) { socket(AF_INET, SOCK_STREAM, 0); puts(\"3\"); return 0; }\n",
	    &r);
	is_str(label_name(r.status), "RuntimeError", "socket(): RuntimeError");
	is_str(field(&r, 0, "message"), "forbidden system call: socket",
	    "naming the call");
	grade_result_clear(&r);

	grade(s, "python", "import os\nos.execv('/bin/sh', ['sh'])\n", &r);
	is_str(field(&r, 0, "message"), "forbidden system call: execve",
	    "Python may not exec");
	grade_result_clear(&r);

	grade(s, "c", "#include \"/dev/zero\"\n", &r);
	is_str(label_name(r.status), "CompileError", "#include \"/dev/zero\": CompileError");
	ok(has(r.report, "The compiler ran out of memory") ||
	    has(r.report, "Compilation took too long"), "saying which limit it met");
	grade_result_clear(&r);
}

/* A spec of tester stdio for LANG whose tests need arguments and a file. */
static struct spec *
args_spec(const char *lang)
{
	struct spec *s = new_spec("s/args", "Arguments", "stdio");
	json_error_t e;

	spec_add_language(s, lang);
	spec_add_test(s, "public 1", 1, "", 0, "alpha\nfrom a file\n", 18);
	spec_add_test(s, "private 1", 0, "", 0, "b c\nfrom a file\n", 16);
	json_object_set_new(s->options, "files", json_loads("{\"data.txt\": \"from a"
	    " file\\n\", \"notes.txt\": \"\"}", 0, &e));
	json_object_set_new(s->options, "arguments", json_loads("[[\"alpha\", \"x\"],"
	    " [\"b c\"]]", 0, &e));
	return s;
}

static void
test_cpp(struct spec *s)
{
	struct grade_result r;

	grade(s, "cpp", "#include <iostream>\nint main() { long a, b; std::cin >> a >> b;"
	    " std::cout << a + b << '\\n'; }\n", &r);
	is_str(label_name(r.status), "Accepted", "C++ right: Accepted");
	grade_result_clear(&r);
	grade(s, "cpp", "#include <iostream>\nint main() { long a, b; std::cin >> a >> b;"
	    " std::cout << (a < 100 ? a + b : a - b) << '\\n'; }\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "C++ partly right: WrongAnswer");
	ok(r.score > 0.66 && r.score < 0.67, "score 2/3");
	ok(!has(r.report, "4000") && !has(r.report, "3998"), "nothing private shown");
	grade_result_clear(&r);
	grade(s, "cpp", "int main() { return undefined_name; }\n", &r);
	is_str(label_name(r.status), "CompileError", "C++ compile error: CompileError");
	ok(has(r.report, "main.cpp:1:21: error") && has(r.report, "undefined_name"),
	    "with g++'s message");
	grade_result_clear(&r);
	grade(s, "cpp", "#include <vector>\n#include <cstdio>\nint main() {"
	    " std::vector<int> v(10); std::printf(\"%d\\n\", v.at(20)); }\n", &r);
	is_str(label_name(r.status), "RuntimeError", "an uncaught exception: RuntimeError");
	ok(has(r.report, "std::out_of_range") && has(field(&r, 0, "message"),
	    "SIGABRT"), "named");
	grade_result_clear(&r);
}

static const char java_sum[] =
    "import java.util.Scanner;\n"
    "public class Main {\n"
    "  public static void main(String[] args) {\n"
    "    Scanner in = new Scanner(System.in);\n"
    "    System.out.println(in.nextLong() + in.nextLong());\n"
    "  }\n"
    "}\n";

static void
test_java(struct spec *s)
{
	struct grade_result r;
	struct spec_limits saved = s->limits;

	is_int(grade_timed(s, "java", java_sum, &r, "one Java grading with 3 tests"
	    " (javac, 3 JVMs)"), 0, "Java graded");
	is_str(label_name(r.status), "Accepted", "Java right: Accepted");
	ok(r.score == 1, "score 1");
	grade_result_clear(&r);

	grade(s, "java", "import java.util.Scanner;\npublic class Main {\n"
	    "  public static void main(String[] args) {\n"
	    "    Scanner in = new Scanner(System.in);\n"
	    "    System.out.println(in.nextLong() * in.nextLong());\n  }\n}\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "Java wrong: WrongAnswer");
	ok(r.score == 0, "score 0");
	ok(has(r.report, "  your output:\n    2\n"), "its output shown");
	grade_result_clear(&r);

	grade(s, "java", "import java.util.Scanner;\npublic class Main {\n"
	    "  public static void main(String[] args) {\n"
	    "    Scanner in = new Scanner(System.in);\n    long a = in.nextLong(), b = in.nextLong();\n"
	    "    System.out.println(a < 100 ? a + b : 0);\n  }\n}\n", &r);
	ok(r.status == LABEL_WRONG_ANSWER && r.score > 0.66 && r.score < 0.67,
	    "Java partly right: WrongAnswer, 2/3");
	ok(!has(r.report, "4000") && !has(r.report, "4002"), "nothing private shown");
	grade_result_clear(&r);

	grade(s, "java", "public class Sum {\n  public static void main(String[] a) {}\n}\n",
	    &r);
	is_str(label_name(r.status), "CompileError", "a public class Sum: CompileError");
	ok(has(r.report, "Main.java:1: error: class Sum is public, should be declared in a"
	    " file named Sum.java") && has(r.report, "the program is the class Main"),
	    "javac's message, and the rule");
	grade_result_clear(&r);
	grade(s, "java", "package p;\npublic class Main {\n  public static void"
	    " main(String[] a) {}\n}\n", &r);
	ok(r.status == LABEL_COMPILE_ERROR && has(r.report, "Compiling made no Main.class"),
	    "a class in a package: CompileError, explained");
	grade_result_clear(&r);
	grade(s, "java", "public class Main {\n  public static void main(String[] a) {\n"
	    "    int x = \"s\";\n  }\n}\n", &r);
	ok(r.status == LABEL_COMPILE_ERROR && has(r.report, "Main.java:3: error:"
	    " incompatible types") && !has(r.report, "the program is the class Main"),
	    "a type error: javac's message alone");
	grade_result_clear(&r);

	grade(s, "java", "public class Main {\n  public static void main(String[] a) {\n"
	    "    System.out.println(a[3]);\n  }\n}\n", &r);
	is_str(label_name(r.status), "RuntimeError", "an exception: RuntimeError");
	ok(has(r.report, "java.lang.ArrayIndexOutOfBoundsException") &&
	    has(r.report, "at Main.main(Main.java:3)"), "with the JVM's stack trace");
	grade_result_clear(&r);

	grade(s, "java", "import java.util.*;\npublic class Main {\n"
	    "  public static void main(String[] a) {\n    List<long[]> l = new ArrayList<>();\n"
	    "    while (true) l.add(new long[1 << 20]);\n  }\n}\n", &r);
	is_str(label_name(r.status), "MemoryLimitExceeded",
	    "out of heap: MemoryLimitExceeded");
	grade_result_clear(&r);

	s->limits.cpu_ms = 500;
	grade(s, "java", "public class Main {\n  public static void main(String[] a) {\n"
	    "    long x = 0;\n    while (x >= 0) x++;\n  }\n}\n", &r);
	is_str(label_name(r.status), "TimeLimitExceeded", "a loop: TimeLimitExceeded");
	grade_result_clear(&r);
	s->limits = saved;

	grade(s, "java", "public class Main {\n  public static void main(String[] a)"
	    " throws Exception {\n    new ProcessBuilder(\"/bin/sh\").start();\n  }\n}\n",
	    &r);
	is_str(field(&r, 0, "message"), "forbidden system call: execve",
	    "a JVM may not start programs");
	grade_result_clear(&r);
	grade(s, "java", "public class Main {\n  public static void main(String[] a)"
	    " throws Exception {\n    new java.net.Socket(\"127.0.0.1\", 80);\n  }\n}\n",
	    &r);
	ok(r.status == LABEL_RUNTIME_ERROR && has(r.report, "java.net.SocketException"),
	    "nor make sockets (they fail: the JVM probes them itself)");
	grade_result_clear(&r);
	grade(s, "java", "public class Main {\n  public static void main(String[] a)"
	    " throws Exception {\n    Thread t = new Thread(() -> System.out.println(3));\n"
	    "    t.start();\n    t.join();\n  }\n}\n", &r);
	ok(has(r.report, "public 1: passed"), "threads work");
	grade_result_clear(&r);
}

static void
test_options(void)
{
	static const char c_args[] =
	    "#include <stdio.h>\n"
	    "int main(int argc, char **argv)\n"
	    "{\n"
	    "\tchar line[100];\n"
	    "\tFILE *f = fopen(\"data.txt\", \"r\");\n"
	    "\tif (argc < 2 || f == NULL || fgets(line, sizeof(line), f) == NULL)\n"
	    "\t\treturn 1;\n"
	    "\tprintf(\"%s\\n%s\", argv[1], line);\n"
	    "\treturn 0;\n"
	    "}\n";
	struct spec *s = args_spec("c");
	struct grade_result r;

	grade(s, "c", c_args, &r);
	is_str(label_name(r.status), "Accepted", "arguments and files reach a C program");
	grade_result_clear(&r);
	grade(s, "c", "#include <stdio.h>\nint main(int argc, char **argv) { return 2; }\n",
	    &r);
	ok(has(r.report, "  arguments:\n    alpha x\n"), "a failed public test shows its"
	    " arguments");
	ok(!has(r.report, "b c"), "a private one does not");
	ok(json_array_size(json_object_get(json_array_get(r.tests, 1), "arguments")) == 1,
	    "tests[].arguments (for admins)");
	grade_result_clear(&r);
	spec_free(s);

	s = args_spec("python");
	grade(s, "python", "import sys\nprint(sys.argv[1])\nprint(open('data.txt').read(),"
	    " end='')\n", &r);
	is_str(label_name(r.status), "Accepted", "and a Python program");
	grade_result_clear(&r);
	spec_free(s);

	s = args_spec("java");
	grade(s, "java", "import java.nio.file.*;\npublic class Main {\n"
	    "  public static void main(String[] a) throws Exception {\n"
	    "    System.out.println(a[0]);\n"
	    "    for (String l : Files.readAllLines(Path.of(\"data.txt\")))\n"
	    "      System.out.println(l);\n  }\n}\n", &r);
	is_str(label_name(r.status), "Accepted", "and a Java program (java.nio works)");
	grade_result_clear(&r);
	spec_free(s);

	s = args_spec("c");
	json_object_set_new(s->options, "all-or-nothing", json_true());
	grade(s, "c", "#include <stdio.h>\nint main(int argc, char **argv) {"
	    " printf(\"alpha\\nfrom a file\\n\"); return 0; }\n", &r);
	ok(r.status == LABEL_WRONG_ANSWER && r.score == 0,
	    "all or nothing: one of two passed scores 0");
	ok(has(r.report, "1 of 2 tests passed (all must pass to score)."), "said so");
	grade_result_clear(&r);

	json_object_set_new(s->options, "arguments", json_loads("[[\"a\"]]", 0, NULL));
	grade(s, "c", c_args, &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "one per test"),
	    "arguments for 1 of 2 tests: MiscError, logged: %s", r.log ? r.log : "");
	grade_result_clear(&r);
	json_object_set_new(s->options, "arguments", json_array());
	json_object_set_new(s->options, "files", json_loads("{\"../x\": \"\"}", 0, NULL));
	grade(s, "c", c_args, &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "plain file name"),
	    "a file name with a slash: MiscError");
	grade_result_clear(&r);
	json_object_set_new(s->options, "files", json_loads("{\"main.c\": \"\"}", 0, NULL));
	grade(s, "c", c_args, &r);
	ok(r.status == LABEL_MISC_ERROR, "a file named as the source: MiscError");
	grade_result_clear(&r);
	spec_free(s);
}

static void
test_misc(struct spec *s)
{
	struct grade_result r;
	char path[PATH_MAX + 8];

	snprintf(path, sizeof(path), "%s/box-0", box_root);
	ok(access(path, F_OK) == -1, "the box is removed after grading");

	s->ntests = 0;
	grade(s, "c", c_sum, &r);
	s->ntests = 3;
	is_str(label_name(r.status), "MiscError", "no tests: MiscError");
	ok(has(r.log, "no tests"), "logged: %s", r.log ? r.log : "");
	grade_result_clear(&r);
}

int
main(void)
{
	struct spec *s;

	if (skip_without_root())
		return 0;
	box_root_make(TEST_UID_BASE);
	s = sum_spec();
	test_accepted(s);
	test_wrong_answer(s);
	test_compile_error(s);
	test_runtime_errors(s);
	test_time_limits(s);
	test_hostile(s);
	spec_add_language(s, "cpp");
	spec_add_language(s, "java");
	test_cpp(s);
	test_java(s);
	test_options();
	test_misc(s);
	spec_free(s);
	ok(box_root_remove() == 0, "nothing else is left in the box root");
	return tap_done();
}
