/*
 * test_run.c - the run tester (Jobe's runs) through engine_grade(), with
 * the real compilers in the jail (needs root): Jobe's own test programs for
 * C and Python 3 (testsubmit.py), Java's hello when the host has a JDK,
 * the entry's facts (status, exit, signal, output as base64, what was
 * cut), files of the spec, options refused as MiscError, and the
 * compiled boxes kept for the same code (run_cache.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/engine/engine.h"
#include "sandbox/jail/jail.h"
#include "sandbox/testers/run_cache.h"
#include "sandbox/util/b64.h"
#include "sandbox/util/file.h"
#include "tests/tap.h"
#include "tests/unit/engine_util.h"

#define TEST_UID_BASE 64980

#define C_COMPILE "gcc -Wall -Werror -std=c99 -x c -o prog.c.exe prog.c "

/* A run spec for LANG: SOURCE, COMPILE (NULL: none), RUN; more options
 * may be set on the result's options. */
static struct spec *
run_spec(const char *lang, const char *source, const char *compile,
    const char *run)
{
	struct spec *s = new_spec("jobe/run", "", "run");

	spec_add_language(s, lang);
	json_object_set_new(s->options, "source", json_string(source));
	json_object_set_new(s->options, "compile", compile ? json_string(compile) :
	    json_null());
	json_object_set_new(s->options, "run", json_string(run));
	return s;
}

static struct spec *
c_spec(void)
{
	return run_spec("c", "prog.c", C_COMPILE, "./prog.c.exe");
}

static struct spec *
py_spec(const char *source, const char *runargs)
{
	char run[512];

	snprintf(run, sizeof(run), "/usr/bin/python3 -BE %s%s%s", source,
	    runargs ? " " : "", runargs ? runargs : "");
	return run_spec("python", source, NULL, run);
}

static void
set_int(struct spec *s, const char *key, long long v)
{
	json_object_set_new(s->options, key, json_integer(v));
}

static const json_t *
entry(const struct grade_result *r)
{
	return json_array_get(r->tests, 0);
}

/* The decoded KEY (stdout, stderr) of R's entry, malloc'd ("" if none),
 * its length in *LEN (may be NULL). */
static char *
bytes(const struct grade_result *r, const char *key, size_t *len)
{
	const char *t = json_string_value(json_object_get(entry(r), key));
	size_t n = 0;
	char *d = t ? b64_decode(t, strlen(t), &n) : NULL;

	if (len)
		*len = d ? n : 0;
	return d ? d : strdup("");
}

static const char *
status(const struct grade_result *r)
{
	const char *s = json_string_value(json_object_get(entry(r), "status"));

	return s ? s : "(none)";
}

static long long
num(const struct grade_result *r, const char *key)
{
	const json_t *v = json_object_get(entry(r), key);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

/*
 * Grades CODE against S, then checks the label LABEL, the entry's status
 * STATUS and, when OUT is not NULL, its standard output. Frees S; the
 * result is left in R.
 */
static void
check(struct spec *s, const char *lang, const char *code, const char *label,
    const char *st, const char *out, const char *what, struct grade_result *r)
{
	char *got;

	memset(r, 0, sizeof(*r));
	grade_timed(s, lang, code, r, what);
	spec_free(s);
	is_str(label_name(r->status), label, "%s: %s", what, label);
	if (r->status == LABEL_MISC_ERROR)
		diag("log: %s", r->log ? r->log : "");
	is_int(json_array_size(r->tests), 1, "%s: one entry", what);
	is_str(status(r), st, "%s: status %s", what, st);
	if (strcmp(status(r), "syscall") == 0 && strcmp(st, "syscall") != 0)
		diag("forbidden: %s", json_string_value(json_object_get(entry(r),
		    "syscall")));
	if (out != NULL) {
		got = bytes(r, "stdout", NULL);
		is_str(got, out, "%s: stdout", what);
		free(got);
	}
}

static void
test_c(void)
{
	struct grade_result r;
	struct spec *s;
	char *err;

	check(c_spec(), "c", "#include <stdio.h>\nint main(void) {\n"
	    "    printf(\"Hello world\\nIsn't this fun!\\n\");\n    return 0;\n}\n",
	    "Accepted", "exited", "Hello world\nIsn't this fun!\n", "C hello", &r);
	is_int(num(&r, "exit"), 0, "C hello: exit 0");
	ok(json_is_null(json_object_get(entry(&r), "signal")), "C hello: signal null");
	is_str(json_string_value(json_object_get(entry(&r), "phase")), "run",
	    "C hello: phase run");
	is_str(r.report, "", "C hello: report empty");
	grade_result_clear(&r);

	check(c_spec(), "c", "#include <stdio.h>\nint main(void) {\n"
	    "    printf(\"Hello world\\n\")\n}\n", "CompileError", "exited", "",
	    "C compile error", &r);
	ok(has(r.report, "error: expected") && has(r.report, "prog.c"),
	    "C compile error: the report is gcc's message");
	is_str(json_string_value(json_object_get(entry(&r), "phase")), "compile",
	    "C compile error: phase compile");
	err = bytes(&r, "stderr", NULL);
	is_str(err, r.report, "C compile error: stderr is the report");
	free(err);
	grade_result_clear(&r);

	s = run_spec("c", "prog.c", "gcc std=c89 -o prog.c.exe prog.c ",
	    "./prog.c.exe");
	check(s, "c", "#include <stdio.h>\nint main(void) {\n"
	    "    printf(\"Hello world\\n\");\n}\n", "CompileError", "exited", NULL,
	    "compileargs replaced", &r);
	ok(num(&r, "exit") > 0, "compileargs replaced: gcc's status");
	grade_result_clear(&r);

	check(c_spec(), "c", "#include <stdio.h>\nint main(void) {\n"
	    "    int *p = NULL;\n    printf(\"%d\\n\", *p);\n    return 0;\n}\n",
	    "RuntimeError", "signaled", "", "NULL dereference", &r);
	is_int(num(&r, "signal"), 11, "NULL dereference: signal 11");
	ok(json_is_null(json_object_get(entry(&r), "exit")), "NULL dereference: exit null");
	grade_result_clear(&r);

	check(c_spec(), "c", "int main(void) {\n    while (1) {}\n}\n",
	    "TimeLimitExceeded", "time", "", "while(1)", &r);
	ok(num(&r, "cpu_ms") >= 4000 && num(&r, "wall_ms") >= 5000,
	    "while(1): stopped at its 5 s of CPU time (%lld ms CPU, %lld ms wall)",
	    num(&r, "cpu_ms"), num(&r, "wall_ms"));
	grade_result_clear(&r);
}

static void
test_c_limits(void)
{
	struct grade_result r;
	struct spec *s;
	size_t n;
	char *out;

	s = c_spec();
	set_int(s, "cpu_ms", 2000);
	check(s, "c", "#include <stdio.h>\nint main(void) {\n"
	    "    while (1) printf(\"Hello\");\n}\n", "TimeLimitExceeded", "time",
	    NULL, "output flood", &r);
	out = bytes(&r, "stdout", &n);
	is_int(n, 2000 * 1024, "output flood: stdout kept to output_kib");
	ok(strncmp(out, "HelloHello", 10) == 0, "output flood: what was kept");
	ok(num(&r, "stdout_cut") > 0, "output flood: stdout_cut %lld",
	    num(&r, "stdout_cut"));
	is_int(num(&r, "stderr_cut"), 0, "output flood: nothing of stderr cut");
	free(out);
	grade_result_clear(&r);

	s = c_spec();
	set_int(s, "memory_kib", 409600);
	check(s, "c", "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
	    "int main(void) {\n    char *p = malloc(2000000000);\n"
	    "    if (p != NULL) memset(p, 1, 2000000000);\n"
	    "    puts(\"Oh dear. Memory limit didn't work\");\n    return 0;\n}\n",
	    "MemoryLimitExceeded", "memory", "", "malloc 2 GB", &r);
	grade_result_clear(&r);

	check(c_spec(), "c", "#include <stdio.h>\nint f(int n) {\n"
	    "    volatile char buf[1000];\n    buf[0] = n;\n"
	    "    if (n < 0) return 0;\n    return f(n + 1) + buf[0];\n}\nint main(void) {\n"
	    "    printf(\"%d\\n\", f(0));\n    return 0;\n}\n",
	    "RuntimeError", "signaled", NULL, "infinite recursion", &r);
	grade_result_clear(&r);

	s = c_spec();
	set_int(s, "processes", 21);
	check(s, "c", "#include <stdio.h>\n#include <unistd.h>\n"
	    "int main(void) {\n    int n = 0;\n"
	    "    for (int i = 0; i < 1000; i++) {\n        int pid = fork();\n"
	    "        if (pid == 0) { while (1) {} }\n        if (pid > 0) n++;\n"
	    "    }\n    if (n > 5 && n <= 20) puts(\"OK\");\n"
	    "    else printf(\"%d forks\\n\", n);\n    return 0;\n}\n",
	    "Accepted", "exited", "OK\n", "1000 forks", &r);
	ok(num(&r, "wall_ms") < 3000, "1000 forks: ends with main (%lld ms)",
	    num(&r, "wall_ms"));
	ok(count_procs(TEST_UID_BASE) == 0, "1000 forks: no process left");
	grade_result_clear(&r);

	check(c_spec(), "c", "#include <stdio.h>\nint main(void) {\n"
	    "    printf(\"Hello world\\n\\01\\006\\300\\311\\n\");\n    return 0;\n}\n",
	    "Accepted", "exited", NULL, "non-UTF-8 output", &r);
	out = bytes(&r, "stdout", &n);
	ok(n == 17 && memcmp(out, "Hello world\n\01\006\300\311\n", 17) == 0,
	    "non-UTF-8 output: the exact bytes");
	free(out);
	grade_result_clear(&r);

	check(c_spec(), "c", "#include <stdio.h>\nint main(void) {\n"
	    "    fputs(\"oops\\n\", stderr);\n    return 3;\n}\n",
	    "Accepted", "exited", "", "exit 3 with stderr", &r);
	is_int(num(&r, "exit"), 3, "exit 3 with stderr: exit 3");
	out = bytes(&r, "stderr", NULL);
	is_str(out, "oops\n", "exit 3 with stderr: stderr");
	free(out);
	grade_result_clear(&r);

	check(c_spec(), "c", "#include <stdio.h>\nint main(void) {\n"
	    "    int x;\n    return 0;\n}\n", "CompileError", "exited", NULL,
	    "a warning under -Werror", &r);
	ok(has(r.report, "unused variable"), "a warning: in the report");
	grade_result_clear(&r);

	s = run_spec("c", "prog.c", "gcc -o prog.c.exe prog.c", "./prog.c.exe");
	check(s, "c", "#include <stdio.h>\nint main(void) {\n    int x;\n"
	    "    return 0;\n}\n", "Accepted", "exited", "", "no -Wall: no warning", &r);
	grade_result_clear(&r);

	s = run_spec("c", "prog.c", "gcc -Wall -o prog.c.exe prog.c",
	    "./prog.c.exe");
	check(s, "c", "int main(void) {\n    int x;\n    return 0;\n}\n",
	    "CompileError", "exited", NULL, "a warning without -Werror", &r);
	is_int(num(&r, "exit"), 0, "a warning without -Werror: gcc exited 0");
	grade_result_clear(&r);
}

/* Commands sh must read, and what is run without it. */
static void
test_shell(void)
{
	struct grade_result r;
	struct spec *s;
	char *err;

	s = run_spec("c", "prog.c", C_COMPILE, "echo one; ./prog.c.exe && echo three");
	check(s, "c", "#include <stdio.h>\nint main(void) {\n    puts(\"two\");\n"
	    "    return 0;\n}\n", "Accepted", "exited", "one\ntwo\nthree\n",
	    "a list of commands", &r);
	grade_result_clear(&r);

	s = run_spec("c", "prog.c", C_COMPILE, "X=5 ./prog.c.exe \"$X\" '$X'");
	check(s, "c", "#include <stdio.h>\n#include <stdlib.h>\n"
	    "int main(int argc, char **argv) {\n"
	    "    printf(\"%s %s %s %d\\n\", getenv(\"X\"), argv[1], argv[2], argc);\n"
	    "    return 0;\n}\n", "Accepted", "exited", "5  $X 3\n",
	    "an assignment and an expansion", &r);
	grade_result_clear(&r);

	s = run_spec("c", "prog.c", C_COMPILE, "./prog.c.exe 'a b' \"c \\\"d\\\"\" e''f");
	check(s, "c", "#include <stdio.h>\nint main(int argc, char **argv) {\n"
	    "    for (int i = 1; i < argc; i++) printf(\"[%s]\", argv[i]);\n"
	    "    return 0;\n}\n", "Accepted", "exited", "[a b][c \"d\"][ef]",
	    "quoted words run directly", &r);
	grade_result_clear(&r);

	s = run_spec("c", "prog.c", NULL, "./missing.exe");
	check(s, "c", "", "Accepted", "exited", "", "a program that is not there", &r);
	is_int(num(&r, "exit"), 127, "a program that is not there: sh's 127");
	err = bytes(&r, "stderr", NULL);
	ok(has(err, "not found"), "a program that is not there: sh says so");
	free(err);
	grade_result_clear(&r);

	s = run_spec("c", "prog.c", NULL, "./hello.sh world");
	json_object_set_new(s->options, "files", json_pack("{s:s, s:s}",
	    /* "#!/bin/sh\necho hello $1\n", "#!/nowhere/sh\n" */
	    "hello.sh", "IyEvYmluL3NoCmVjaG8gaGVsbG8gJDEK", "lost.sh", "IyEvbm93aGVyZS9zaAo="));
	check(s, "c", "", "Accepted", "exited", "", "a script not executable", &r);
	is_int(num(&r, "exit"), 126, "a script not executable: sh's 126");
	grade_result_clear(&r);

	s = run_spec("c", "prog.c", NULL, "cat hello.sh > h.sh && cat lost.sh > l.sh"
	    " && chmod +x h.sh l.sh && ./h.sh world; ./l.sh");
	json_object_set_new(s->options, "files", json_pack("{s:s, s:s}",
	    "hello.sh", "IyEvYmluL3NoCmVjaG8gaGVsbG8gJDEK", "lost.sh", "IyEvbm93aGVyZS9zaAo="));
	check(s, "c", "", "Accepted", "exited", "hello world\n", "scripts", &r);
	is_int(num(&r, "exit"), 127, "scripts: a lost interpreter is sh's 127");
	grade_result_clear(&r);

	s = run_spec("c", "prog.c", C_COMPILE, "./prog.c.exe; true");
	check(s, "c", "#include <stdlib.h>\nint main(void) {\n    abort();\n}\n",
	    "Accepted", "exited", "", "a signal through sh", &r);
	grade_result_clear(&r);

	check(c_spec(), "c", "#include <stdio.h>\n#include <sys/socket.h>\n"
	    "int main(void) {\n    socket(AF_INET, SOCK_STREAM, 0);\n"
	    "    puts(\"made\");\n    return 0;\n}\n", "RuntimeError", "syscall",
	    "", "a socket", &r);
	is_str(json_string_value(json_object_get(entry(&r), "syscall")), "socket",
	    "a socket: the call named");
	is_int(num(&r, "signal"), 31, "a socket: SIGSYS");
	grade_result_clear(&r);

	s = c_spec();
	set_int(s, "output_kib", 1);
	check(s, "c", "#include <stdio.h>\nint main(void) {\n"
	    "    for (int i = 0; i < 1000; i++) fputs(\"0123456789\", stderr);\n"
	    "    puts(\"done\");\n    return 0;\n}\n", "Accepted", "exited",
	    "done\n", "stderr past output_kib", &r);
	is_int(num(&r, "stderr_cut"), 10000 - 1024, "stderr past output_kib: cut");
	is_int(num(&r, "stdout_cut"), 0, "stderr past output_kib: stdout whole");
	grade_result_clear(&r);

	s = run_spec("python", "test.py", NULL, "/usr/bin/python3 test.py");
	check(s, "python", "import subprocess\n"
	    "subprocess.run(['/bin/echo', 'from a child'])\n", "Accepted", "exited",
	    "from a child\n", "python starts a program", &r);
	grade_result_clear(&r);
}

static void
test_python(void)
{
	struct grade_result r;
	struct spec *s;
	char *err;

	check(py_spec("test.py", NULL), "python", "print(\"Hello world!\")\n",
	    "Accepted", "exited", "Hello world!\n", "python hello", &r);
	grade_result_clear(&r);

	s = py_spec("test.py", NULL);
	json_object_set_new(s->options, "input", json_string("Line1\nLine2\n"));
	check(s, "python", "print(input())\nprint(input())\n", "Accepted", "exited",
	    "Line1\nLine2\n", "python stdin", &r);
	grade_result_clear(&r);

	s = run_spec("python", "test.py", "/usr/bin/python3 -m py_compile test.py",
	    "/usr/bin/python3 -BE test.py");
	check(s, "python", "print(\"Hello world!\"\n", "CompileError", "exited",
	    NULL, "python syntax error", &r);
	ok(has(r.report, "SyntaxError"), "python syntax error: in the report");
	grade_result_clear(&r);

	s = run_spec("python", "test.py", "/usr/bin/python3 -m py_compile test.py",
	    "/usr/bin/python3 -BE test.py");
	check(s, "python", "print(\"compiled\")\n", "Accepted", "exited",
	    "compiled\n", "python py_compile then run", &r);
	grade_result_clear(&r);

	check(py_spec("test.py", NULL), "python", "data = [1, 2, 3]\n"
	    "print(data[1])\nprint(data[3])\n", "Accepted", "exited", "2\n",
	    "python IndexError", &r);
	is_int(num(&r, "exit"), 1, "python IndexError: exit 1");
	err = bytes(&r, "stderr", NULL);
	ok(has(err, "Traceback") && has(err, "IndexError"),
	    "python IndexError: the traceback in stderr");
	free(err);
	grade_result_clear(&r);

	check(py_spec("test.py", NULL), "python",
	    "with open('testoutput.txt', 'w') as f:\n"
	    "    f.write('One fish\\nTwo fish\\n')\n"
	    "print(open('testoutput.txt').read(), end='')\n", "Accepted", "exited",
	    "One fish\nTwo fish\n", "python file I/O in cwd", &r);
	grade_result_clear(&r);

	s = run_spec("python", "test.py", NULL,
	    "/usr/bin/python3 -c \"print(\\\"Blah\\\")\" test.py");
	check(s, "python", "\n", "Accepted", "exited", "Blah\n",
	    "python interpreterargs (shell quoting)", &r);
	grade_result_clear(&r);

	check(py_spec("test.py", "Arg1 Arg2"), "python",
	    "import sys\nprint(sys.argv[1])\nprint(sys.argv[2])\n", "Accepted",
	    "exited", "Arg1\nArg2\n", "python runargs", &r);
	grade_result_clear(&r);

	s = py_spec("test.py", NULL);
	set_int(s, "cpu_ms", 15000);
	set_int(s, "wall_ms", 30000);
	check(s, "python", "import time\nt = time.process_time()\n"
	    "while time.process_time() - t < 10:\n    pass\n"
	    "print(\"Hello Python\")\n", "Accepted", "exited", "Hello Python\n",
	    "python 10 s busy loop", &r);
	grade_result_clear(&r);

	s = py_spec("test.py", NULL);
	json_object_set_new(s->options, "files", json_pack("{s:s, s:s}",
	    "file1", "VGhlIGZpcnN0IGZpbGUKTGluZSAy", "file2", "U2Vjb25kIGZpbGU="));
	check(s, "python", "print(open('file1').read())\n"
	    "print(open('file2').read())\n", "Accepted", "exited",
	    "The first file\nLine 2\nSecond file\n", "python support files", &r);
	grade_result_clear(&r);

	check(py_spec("test.py", NULL), "python", "print(\"Un r\xc3\xb4le"
	    " d\xc3\xa9l\xc3\xa9t\xc3\xa8re\")\n", "Accepted", "exited",
	    "Un r\xc3\xb4le d\xc3\xa9l\xc3\xa9t\xc3\xa8re\n", "python UTF-8 output", &r);
	grade_result_clear(&r);
}

static void
test_cpp(void)
{
	struct grade_result r;
	struct spec *s = run_spec("cpp", "prog.cpp", "g++ -Wall -Werror -o prog.cpp.exe"
	    " prog.cpp ", "./prog.cpp.exe");

	json_object_set_new(s->options, "input", json_null());
	json_object_set_new(s->options, "files", json_null());
	check(s, "cpp", "#include <iostream>\nint main() {\n"
	    "    std::cout << \"Hello world\" << std::endl;\n    return 0;\n}\n",
	    "Accepted", "exited", "Hello world\n", "C++ hello (input and files null)", &r);
	grade_result_clear(&r);

	check(c_spec(), "c", "#include <iostream>\nint main() {\n"
	    "    std::cout << \"Hello world\" << std::endl;\n    return 0;\n}\n",
	    "CompileError", "exited", NULL, "C++ as C", &r);
	grade_result_clear(&r);
}

static void
test_java(void)
{
	struct grade_result r;
	struct spec *s;

	if (access("/usr/bin/javac", X_OK) != 0) {
		ok(1, "# SKIP no javac on this host");
		return;
	}
	s = run_spec("java", "Hello.java", "/usr/bin/javac Hello.java",
	    "/usr/bin/java -Xrs -Xss8m -Xmx200m Hello");
	set_int(s, "memory_kib", 0);
	set_int(s, "processes", 257);
	check(s, "java", "public class Hello {\n"
	    "    public static void main(String[] args) {\n"
	    "        System.out.println(\"Hello world\");\n    }\n}\n",
	    "Accepted", "exited", "Hello world\n", "java hello", &r);
	grade_result_clear(&r);
}

/* A C spec with KEY set to V (a new reference), expected to be refused. */
static void
refused(const char *key, json_t *v, const char *logpart, const char *what)
{
	struct grade_result r;
	struct spec *s = c_spec();

	if (v != NULL)
		json_object_set_new(s->options, key, v);
	else
		json_object_del(s->options, key);
	memset(&r, 0, sizeof(r));
	grade(s, "c", "int main(void) { return 0; }\n", &r);
	spec_free(s);
	is_str(label_name(r.status), "MiscError", "refused: %s", what);
	ok(has(r.log, logpart), "refused: %s: the log names it (%s)", what,
	    r.log ? r.log : "");
	grade_result_clear(&r);
}

static void
test_refused(void)
{
	refused("color", json_string("red"), "unknown option \"color\"", "unknown key");
	refused("cpu_ms", json_string("5"), "options.cpu_ms", "cpu_ms a text");
	refused("cpu_ms", json_integer(120001), "options.cpu_ms", "cpu_ms past 120 s");
	refused("wall_ms", json_integer(240001), "options.wall_ms", "wall_ms past 240 s");
	refused("memory_kib", json_integer(2 * 1024 * 1024 + 1), "options.memory_kib",
	    "memory past 2 GiB");
	refused("processes", json_integer(513), "options.processes", "processes past 512");
	refused("output_kib", json_integer(8193), "options.output_kib",
	    "output past 8 MiB");
	refused("fsize_kib", json_integer(65537), "options.fsize_kib",
	    "fsize past 64 MiB");
	refused("run", NULL, "options.run is missing", "no run command");
	refused("run", json_integer(1), "options.run", "run not a text");
	refused("source", json_string("../x.c"), "options.source", "source with a /");
	refused("files", json_pack("{s:s}", "prog.c", "eA=="), "options.files",
	    "a file named as the source");
	refused("files", json_pack("{s:s}", "data", "not base64!"), "not base64",
	    "a file not base64");
	refused("files", json_array(), "options.files", "files not an object");
}

/* The cost of a C hello world here, beside the stdio tester's. */
static void
test_cost(void)
{
	struct grade_result r;
	struct spec *s = new_spec("c/hello", "Hello", "stdio");
	const char *code = "#include <stdio.h>\nint main(void) {\n"
	    "    puts(\"hi\");\n    return 0;\n}\n";

	spec_add_language(s, "c");
	spec_add_test(s, "public 1", 1, "", 0, "hi\n", 3);
	memset(&r, 0, sizeof(r));
	grade_timed(s, "c", code, &r, "stdio tester, C hello");
	spec_free(s);
	grade_result_clear(&r);
	check(run_spec("c", "prog.c", C_COMPILE, "./prog.c.exe"), "c", code,
	    "Accepted", "exited", "hi\n", "run tester, C hello", &r);
	grade_result_clear(&r);
}

/* Does the host's mount table (init's) show a box's tmpfs? */
static int
host_sees_box_mounts(void)
{
	char *t = NULL;
	size_t n = 0;
	int seen;

	if (file_read("/proc/1/mounts", &t, &n) == -1)
		return -1;
	seen = strstr(t, "assay-box") != NULL;
	free(t);
	return seen;
}

/* The box is a tmpfs of its own: what a run writes is bounded in all, in
 * files and in bytes, and the host's mount table never shows it. */
static void
test_box_bounds(void)
{
	struct grade_result r;
	char *out;
	long n;

	check(run_spec("c", "prog.c", NULL, "i=0; while [ $i -lt 10000 ] && true > f$i 2>/dev/null;"
	    " do i=$((i + 1)); done; echo $i"), "c", "", "Accepted", "exited", NULL,
	    "a run that makes 10000 files", &r);
	out = bytes(&r, "stdout", NULL);
	n = atol(out);
	ok(n > 1000 && n < 4096, "the box's files are bounded: %ld made", n);
	free(out);
	grade_result_clear(&r);
	check(run_spec("c", "prog.c", NULL, "i=0; while [ $i -lt 16 ] && head -c 15000000"
	    " /dev/zero > f$i 2>/dev/null; do i=$((i + 1)); done; ls f* | wc -l"), "c", "",
	    "Accepted", "exited", NULL, "a run that writes 16 files of 15 MB", &r);
	out = bytes(&r, "stdout", NULL);
	n = atol(out);
	ok(n >= 8 && n < 16, "the box's bytes are bounded (C's compile 64 MiB, 4 x 20 MB,"
	    " 16 MiB): %ld files of 15 MB begun", n);
	free(out);
	grade_result_clear(&r);
	is_int(host_sees_box_mounts(), 0, "the host's mount table shows no box");
	{
		struct jail_box *box = NULL;
		char err[512] = "", *t = NULL;
		size_t tn = 0;

		ok(jail_box_create_tmpfs(box_root, 7, 1024, 16, &box, err, sizeof(err)) == 0,
		    "a tmpfs box %s", err);
		is_int(host_sees_box_mounts(), 0, "while it is there, the host's mount table"
		    " does not show it");
		ok(file_read("/proc/self/mounts", &t, &tn) == 0 && has(t, "assay-box"),
		    "... this process's does");
		free(t);
		ok(box != NULL && jail_box_free(box, err, sizeof(err)) == 0, "freed %s", err);
		ok(file_read("/proc/self/mounts", &t, &tn) == 0 && !has(t, "assay-box"),
		    "... and unmounted");
		free(t);
	}
}

/* The entries of the run cache under the box root. */
static int
cache_entries(void)
{
	char dir[PATH_MAX + 32];
	DIR *d;
	struct dirent *e;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/" RUN_CACHE_DIR, box_root);
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		n += strlen(e->d_name) == 16 && strspn(e->d_name, "0123456789abcdef") == 16;
	closedir(d);
	return n;
}

#define ECHO_C "#include <stdio.h>\nint main(void) {\n    int c;\n" \
	"    while ((c = getchar()) != EOF)\n        putchar(c);\n    return 0;\n}\n"
/* The compile leaves a stamp of its own time in the box: a run that shows
 * the stamp of an earlier grading ran what that grading compiled. */
#define STAMP_COMPILE C_COMPILE "&& date +%s%N > stamp"

/* A C spec whose compile stamps the box and whose run echoes INPUT then
 * shows the stamp; RUN replaces the run command when not NULL. */
static struct spec *
stamp_spec(const char *input, const char *run)
{
	struct spec *s = run_spec("c", "prog.c", STAMP_COMPILE,
	    run ? run : "./prog.c.exe; cat stamp");

	json_object_set_new(s->options, "input", json_string(input));
	return s;
}

/* Grades CODE against S (freed) and returns its stdout (malloc'd). */
static char *
stdout_of(struct spec *s, const char *code, const char *what)
{
	struct grade_result r;
	char *out;

	memset(&r, 0, sizeof(r));
	grade(s, "c", code, &r);
	spec_free(s);
	is_str(label_name(r.status), "Accepted", "%s: Accepted", what);
	if (r.status == LABEL_MISC_ERROR)
		diag("log: %s", r.log ? r.log : "");
	out = bytes(&r, "stdout", NULL);
	grade_result_clear(&r);
	return out;
}

/* The entry named by the key of CODE compiled with the stamp spec: its
 * file into PATH. */
static void
stamp_entry(const char *code, char *path, size_t len)
{
	struct spec *s = stamp_spec("", NULL);
	struct run_cache_key k;

	run_cache_key_make("c", s->options, code, strlen(code), &k);
	snprintf(path, len, "%s/" RUN_CACHE_DIR "/%s", box_root, k.name);
	run_cache_key_free(&k);
	spec_free(s);
}

/* The same code with another input, another run, a run that damages its
 * box: compiled once; other code, other files: compiled again. */
static void
test_cache_hits(void)
{
	char *a, *b, *c, *d, *e, *f;
	struct grade_result r;
	struct spec *s;
	int n0;

	run_cache_clear(box_root);
	a = stdout_of(stamp_spec("one\n", NULL), ECHO_C, "cache: first grading");
	is_int(cache_entries(), 1, "cache: a compile that succeeded is kept");
	b = stdout_of(stamp_spec("two\n", NULL), ECHO_C, "cache: same code, other input");
	ok(strncmp(b, "two\n", 4) == 0 && strcmp(b + 4, a + 4) == 0,
	    "cache: the new input, the first grading's compile (%s | %s)", a, b);
	c = stdout_of(stamp_spec("three\n", "./prog.c.exe; cat stamp; echo bad > stamp;"
	    " rm -f prog.c.exe prog.c"), ECHO_C, "cache: a run that damages its box");
	d = stdout_of(stamp_spec("four\n", NULL), ECHO_C, "cache: after the damage");
	ok(strcmp(d + 5, a + 4) == 0 && strncmp(d, "four\n", 5) == 0,
	    "cache: a run changes its copy, never the entry (%s)", d);
	s = stamp_spec("one\n", NULL);
	json_object_set_new(s->options, "files", json_pack("{s:s}", "data.txt", "eA=="));
	e = stdout_of(s, ECHO_C, "cache: same code, a file more");
	ok(strcmp(e + 4, a + 4) != 0, "cache: other files, compiled again");
	f = stdout_of(stamp_spec("one\n", NULL), ECHO_C "/* changed */\n",
	    "cache: other code");
	ok(strcmp(f + 4, a + 4) != 0, "cache: other code, compiled again");
	is_int(cache_entries(), 3, "cache: three compiles, three entries");
	for (int i = 0; i < 2; i++) {
		struct spec *py = run_spec("python", "prog.py", "/usr/bin/python3 -m py_compile"
		    " prog.py && date +%s%N > stamp", "ls __pycache__; /usr/bin/python3 prog.py;"
		    " cat stamp");

		check(py, "python", "print('py')\n", "Accepted", "exited", NULL,
		    i ? "cache: Python again" : "cache: Python", &r);
		if (i == 0) {
			free(c);
			c = bytes(&r, "stdout", NULL);
		} else {
			char *again = bytes(&r, "stdout", NULL);

			ok(strcmp(again, c) == 0, "cache: Python kept, its stamp too (%s)", again);
			free(again);
		}
		ok(strncmp(c, "prog.cpython-", 13) == 0 && has(c, "\npy\n"),
		    "cache: __pycache__ in the box (%s)", c);
		grade_result_clear(&r);
	}
	is_int(cache_entries(), 4, "cache: a directory in the box is kept too");
	n0 = cache_entries();
	check(run_spec("c", "prog.c", C_COMPILE, "./prog.c.exe"), "c",
	    "int main(void) { int unused; return 0; }\n", "CompileError", "exited", NULL,
	    "cache: a warning", &r);
	grade_result_clear(&r);
	is_int(cache_entries(), n0, "cache: a compile that failed is not kept");
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
	free(f);
}

/* Entries that must not be used: another key's under the same name, one
 * without its box; a box that is not fit to keep; the count bounded. */
static void
test_cache_misses(void)
{
	char dir[PATH_MAX + 64], path[PATH_MAX + 96], *a, *b, *c;
	struct grade_result r;
	FILE *fp;
	int n0;

	run_cache_clear(box_root);
	a = stdout_of(stamp_spec("x\n", NULL), ECHO_C, "cache: stamped");
	stamp_entry(ECHO_C, path, sizeof(path));
	{
		/* The same name and length, one byte of the key's code other. */
		struct spec *s = stamp_spec("", NULL);
		struct run_cache_key k;

		run_cache_key_make("c", s->options, ECHO_C, strlen(ECHO_C), &k);
		k.text[strstr(k.text, "\"code\":\"") - k.text + 9] ^= 1;
		if ((fp = fopen(path, "w")) != NULL) {
			fprintf(fp, "ASSAYRC1\n%zu\n", k.len);
			fwrite(k.text, 1, k.len, fp);
			fputs("d 755 sub\n", fp);
			fclose(fp);
		}
		run_cache_key_free(&k);
		spec_free(s);
	}
	b = stdout_of(stamp_spec("x\n", NULL), ECHO_C, "cache: the entry's key changed");
	ok(strcmp(a, b) != 0, "cache: an entry of another key (the same hash) is not used");
	run_cache_clear(box_root);
	free(a);
	a = stdout_of(stamp_spec("x\n", NULL), ECHO_C, "cache: stamped again");
	if ((fp = fopen(path, "a")) != NULL) {
		fputs("f 644 3 ../escape\nabc", fp);
		fclose(fp);
	}
	c = stdout_of(stamp_spec("x\n", NULL), ECHO_C, "cache: an entry not well made");
	ok(strcmp(a, c) != 0 && strncmp(c, "x\n", 2) == 0,
	    "cache: an entry that fails when half copied is a compile in a new box (%s)", c);
	snprintf(dir, sizeof(dir), "%s/escape", box_root);
	ok(access(dir, F_OK) == -1, "cache: an entry's path never leaves the box");
	n0 = cache_entries();
	check(run_spec("c", "prog.c", C_COMPILE "&& ln -s prog.c link", "./prog.c.exe"),
	    "c", "int main(void) { return 0; }\n", "Accepted", "exited", NULL,
	    "cache: a box with a link", &r);
	grade_result_clear(&r);
	is_int(cache_entries(), n0, "cache: a box with a link is not kept");
	for (int i = 0; i < RUN_CACHE_ENTRIES + 6; i++) {
		char code[64];

		snprintf(code, sizeof(code), "/* %d */\n", i);
		struct spec *s = run_spec("c", "prog.c", "true", "true");

		memset(&r, 0, sizeof(r));
		grade(s, "c", code, &r);
		spec_free(s);
		grade_result_clear(&r);
		if (i == RUN_CACHE_ENTRIES / 2) {	/* the stamped entry used again */
			free(b);
			b = stdout_of(stamp_spec("x\n", NULL), ECHO_C, "cache: used again");
		}
	}
	is_int(cache_entries(), RUN_CACHE_ENTRIES, "cache: at most %d entries",
	    RUN_CACHE_ENTRIES);
	{
		struct spec *s = run_spec("c", "prog.c", "true", "true");
		struct run_cache_key k;

		run_cache_key_make("c", s->options, "/* 0 */\n", 8, &k);
		snprintf(path, sizeof(path), "%s/" RUN_CACHE_DIR "/%s", box_root, k.name);
		ok(access(path, F_OK) == -1, "cache: the least recently used went first");
		run_cache_key_free(&k);
		spec_free(s);
	}
	free(b);
	b = stdout_of(stamp_spec("x\n", NULL), ECHO_C, "cache: the one used again");
	ok(strcmp(b, c) == 0, "cache: ... the one used again stayed (%s)", b);
	ok(run_cache_clear(box_root) == 0 && cache_entries() == 0, "cache: cleared");
	free(a);
	free(b);
	free(c);
}

int
main(void)
{
	if (skip_without_root())
		return 0;
	box_root_make(TEST_UID_BASE);
	test_cost();
	test_c();
	test_c_limits();
	test_shell();
	test_python();
	test_cpp();
	test_java();
	test_refused();
	test_box_bounds();
	test_cache_hits();
	test_cache_misses();
	ok(run_cache_clear(box_root) == 0, "the run cache removed");
	ok(box_root_remove() == 0, "nothing else is left in the box root");
	return tap_done();
}
