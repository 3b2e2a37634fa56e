/*
 * test_tester.c - what the testers share, without the jail: the language
 * table's limits and argv (lang.h), the difference of two outputs
 * (diff.h), the texts of limits and signals in reports, and the pieces of
 * reports the testers share (tester.h).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/diff.h"
#include "sandbox/testers/lang.h"
#include "sandbox/testers/tester.h"
#include "sandbox/util/buf.h"
#include "tests/tap.h"

static void
test_lang(void)
{
	const struct lang *c = lang_find("c"), *py = lang_find("python");
	struct spec_limits sl = { 0 };
	struct jail_limits l;

	ok(c != NULL && py != NULL, "c and python are known");
	ok(lang_find("cobol") == NULL && lang_find(NULL) == NULL, "others are not");
	is_str(py->run[0], "/usr/bin/python3", "python is /usr/bin/python3, not PATH's");

	lang_run_limits(c, NULL, &l);
	ok(l.cpu_ms == 1000 && l.wall_ms == 3000 && l.memory_kib == 256 * 1024 &&
	    l.output_kib == 64 && l.processes == 1, "C defaults");
	lang_run_limits(py, &sl, &l);
	ok(l.memory_kib > 256 * 1024, "Python has more memory");

	sl.cpu_ms = 500;
	lang_run_limits(c, &sl, &l);
	ok(l.cpu_ms == 500 && l.wall_ms == 2000, "a spec's CPU limit, wall follows: %u",
	    l.wall_ms);
	sl.wall_ms = 700;
	sl.memory_kib = 1000;
	sl.output_kib = 1;
	sl.processes = 3;
	lang_run_limits(c, &sl, &l);
	ok(l.wall_ms == 700 && l.memory_kib == 1000 && l.output_kib == 1 &&
	    l.processes == 3, "a spec's limits replace the defaults");

	sl.cpu_ms = sl.wall_ms = sl.memory_kib = sl.output_kib = sl.processes = 4000000000u;
	lang_run_limits(c, &sl, &l);
	ok(l.cpu_ms == SPEC_MAX_CPU_MS && l.wall_ms == SPEC_MAX_WALL_MS &&
	    l.memory_kib == SPEC_MAX_MEMORY_KIB && l.output_kib == SPEC_MAX_OUTPUT_KIB &&
	    l.processes == SPEC_MAX_PROCESSES, "no spec passes the ceiling");
	ok(c->compile_limits.processes >= 4 && c->compile_limits.memory_kib >= 65536,
	    "gcc may run cc1, as and ld with a 64 MiB stack");

	{
		const struct lang *cpp = lang_find("cpp"), *java = lang_find("java");
		const char *args[] = { "one", "two words" };
		char **argv;
		int xmx = 0, xss = 0, n = 0;

		ok(cpp != NULL && java != NULL, "cpp and java are known");
		is_str(cpp->compile[0], "/usr/bin/g++", "C++ is g++");
		ok(strcmp(cpp->compile[1], "-std=gnu++17") == 0 && strcmp(cpp->source,
		    "main.cpp") == 0, "in C++17 with GNU extensions, from main.cpp");
		is_str(java->source, "Main.java", "Java's source is Main.java");
		is_str(java->output, "Main.class", "and it must make Main.class");
		ok(java->run_profile == JAIL_PROFILE_JVM && java->compile_profile ==
		    JAIL_PROFILE_JVM, "java and javac run under the JVM's profile");

		memset(&sl, 0, sizeof(sl));
		lang_run_limits(java, &sl, &l);
		ok(l.processes >= 16 && l.memory_kib >= 256 * 1024,
		    "the JVM's threads and memory by default: %u, %u KiB", l.processes,
		    l.memory_kib);
		sl.processes = 1;
		sl.memory_kib = 16 * 1024;
		lang_run_limits(java, &sl, &l);
		ok(l.processes == java->run_limits.processes &&
		    l.memory_kib == java->min_memory_kib,
		    "a spec cannot go below what the JVM needs");
		sl.processes = 40;
		lang_run_limits(java, &sl, &l);
		ok(l.processes == 40, "but may raise it");

		l.memory_kib = 512 * 1024;
		l.stack_kib = 0;
		argv = lang_run_argv(java, &l, args, 2);
		for (char **a = argv; a != NULL && *a != NULL; a++, n++) {
			xmx |= strcmp(*a, "-Xmx393216k") == 0;
			xss |= strcmp(*a, "-Xss65536k") == 0;
		}
		ok(argv != NULL && xmx && xss, "java's heap and stacks from its memory:"
		    " 512 MiB gives -Xmx384m and -Xss64m");
		ok(n >= 3 && strcmp(argv[n - 3], "Main") == 0 &&
		    strcmp(argv[n - 2], "one") == 0 && strcmp(argv[n - 1], "two words") == 0,
		    "then the class, then the test's arguments");
		free(argv);
		argv = lang_run_argv(c, &l, args, 2);
		ok(argv != NULL && strcmp(argv[0], "./prog") == 0 &&
		    strcmp(argv[1], "one") == 0 && strcmp(argv[2], "two words") == 0 &&
		    argv[3] == NULL, "a C program's arguments follow it");
		free(argv);
		argv = lang_run_argv(py, &l, NULL, 0);
		ok(argv != NULL && strcmp(argv[2], "main.py") == 0 && argv[3] == NULL,
		    "no arguments: the language's run as it is");
		free(argv);
	}
}

/* Is the difference of E and G, with at most MAX lines, WANT? */
static void
diff_is(const char *e, const char *g, size_t max, const char *want, const char *what)
{
	char *d = diff_text(e, strlen(e), g, strlen(g), max);

	is_str(d, want, "diff: %s", what);
	free(d);
}

static void
test_diff(void)
{
	struct buf a, b;
	char *d;

	diff_is("3\n", "3\n", 0, "", "equal texts: nothing");
	diff_is("7\n", "13\n", 0, "line 1:\n- 7\n+ 13\n",
	    "a whole line differs: line by line");
	diff_is("Hello, World!\n", "Hello World!\n", 0, "line 1: Hello[-,-] World!\n",
	    "a slip in a line: character by character");
	diff_is("3\n", "3", 0, "line 1: 3[-\\n-]\n",
	    "a missing final newline is written \\n");
	diff_is("the numbers: 1 2 3\n", "the numbers: 1 2 3 \n", 0,
	    "line 1: the numbers: 1 2 3{+ +}\n", "white space shows");
	diff_is("the numbers: 1 2\n", "the numbers: 1\t2\n", 0,
	    "line 1: the numbers: 1[- -]{+\\t+}2\n", "a tab is written \\t");
	diff_is("a\nb\nc\n", "a\nc\n", 0, "line 2:\n- b\n",
	    "a missing line");
	diff_is("a\nc\n", "a\nb\nc\nd\n", 0, "line 2:\n+ b\nline 3:\n+ d\n",
	    "lines added, numbered in the expected output");
	diff_is("", "x\n", 0, "line 1:\n+ x\n", "nothing was expected");
	diff_is("x", "", 0, "line 1:\n- x [no newline at the end]\n", "nothing was written");
	diff_is("a\nb\n", "A\nB\n", 0, "line 1:\n- a\n- b\n+ A\n+ B\n",
	    "short lines all different: line by line");
	diff_is("first line\nsecond line\n", "first line!\nsecond  line\n", 0,
	    "line 1: first line{+!+}\nline 2: second {+ +}line\n",
	    "two slips in two lines: each line against its counterpart");
	diff_is("total: 10\nmean: 2.5\n", "total: 10\nmean: 2.50\n", 0,
	    "line 2: mean: 2.5{+0+}\n", "only the lines that differ");

	/* Long texts with one change: only it is shown. */
	buf_init(&a);
	buf_init(&b);
	for (int i = 1; i <= 1000; i++) {
		buf_printf(&a, "line number %d\n", i);
		buf_printf(&b, "line number %d\n", i == 500 ? 5000 : i);
	}
	d = diff_text(a.data, a.len, b.data, b.len, 0);
	is_str(d, "line 500: line number 500{+0+}\n", "one change in 1000 lines");
	free(d);
	buf_free(&b);
	for (int i = 1; i <= 1000; i++)
		buf_printf(&b, "other %d\n", i);
	d = diff_text(a.data, a.len, b.data, b.len, 10);
	ok(d != NULL && strncmp(d, "line 1:\n- line number 1\n", 23) == 0 &&
	    strstr(d, "[... 1991 more lines of differences]\n") != NULL,
	    "everything differs: cut at 10 lines, the rest counted");
	free(d);
	buf_free(&a);
	buf_free(&b);

	/* Untrusted bytes come out valid UTF-8, characters whole. */
	d = diff_text("un caf\xc3\xa9 noir\n", 14, "un caf\xc3\xa8\xff noir\n", 15, 0);
	is_str(d, "line 1: un caf[-\xc3\xa9-]{+\xc3\xa8\xef\xbf\xbd+} noir\n",
	    "a character differs whole; an invalid byte becomes U+FFFD");
	free(d);
	d = diff_text("a long line, \0b\n", 16, "a long line, \0c\n", 16, 0);
	is_str(d, "line 1: a long line, \xef\xbf\xbd[-b-]{+c+}\n", "NUL bytes too");
	free(d);
}

static void
test_formats(void)
{
	char b[32];

	is_str(tester_ms(1000, b, sizeof(b)), "1 s", "1 s");
	is_str(tester_ms(300, b, sizeof(b)), "0.3 s", "0.3 s");
	is_str(tester_ms(1500, b, sizeof(b)), "1.5 s", "1.5 s");
	is_str(tester_kib(64, b, sizeof(b)), "64 KiB", "64 KiB");
	is_str(tester_kib(256 * 1024, b, sizeof(b)), "256 MiB", "256 MiB");
	is_str(tester_kib(1024 * 1024, b, sizeof(b)), "1 GiB", "1 GiB");
	is_str(tester_kib(1536 + 1024 * 10, b, sizeof(b)), "11.5 MiB", "11.5 MiB");
	is_str(jail_signal_name(SIGFPE), "SIGFPE", "signal names");
	ok(jail_signal_name(40) == NULL, "no name for a real-time signal");
}

/* The pieces of reports the testers share (tester.c). */
static void
test_report_pieces(void)
{
	const char *ld = "/usr/bin/ld: cases.o: in function `main':\n"
	    "test-1.c:1: undefined reference to `sqr'\n"
	    "test-2.c:1: undefined reference to `cube'\n";
	struct grade_result r;
	struct buf t = BUF_INIT;
	const char *name;
	char *s;
	size_t n = 0;

	name = tester_undefined_symbol(ld, &n);
	ok(name != NULL && n == 3 && strncmp(name, "sqr", 3) == 0,
	    "the first undefined function a linker names");
	ok(tester_undefined_symbol("undefined reference to `sqr", &n) == NULL &&
	    tester_undefined_symbol("main.c:1:1: error: expected ';'", &n) == NULL,
	    "none when the message names none whole");
	ok(tester_undefined_symbol("undefined reference to `'", &n) != NULL && n == 0,
	    "an empty name is one, of length 0");
	{
		const char *gold = tester_undefined_symbol(
		    "x.o: undefined reference to 'strong_passwd'\n", &n);

		ok(gold != NULL && n == 13 && strncmp(gold, "strong_passwd", 13) == 0,
		    "gold's quotes too");
	}

	tester_report_undefined(&t, name, 3);
	tester_report_warnings(&t, NULL);
	s = buf_steal(&t);
	is_str(s, "The tests call sqr, which your code does not define (is its name"
	    " spelled as in the statement?).\n\n", "the sentence on it; no warnings,"
	    " nothing");
	free(s);
	buf_puts(&t, "3 of 3 tests passed.\n");
	tester_report_warnings(&t, "main.c:1:5: warning: unused variable\n");
	s = buf_steal(&t);
	is_str(s, "3 of 3 tests passed.\n\nThe compiler's warnings:\n\n"
	    "main.c:1:5: warning: unused variable\n", "the warnings after a report");
	free(s);

	memset(&r, 0, sizeof(r));
	ok(tester_not_compiled(&r, "Your code did not compile:\n\n",
	    "main.c:1:1: error: x\n") == 0 && r.status == LABEL_COMPILE_ERROR &&
	    r.score == 0 && json_array_size(r.tests) == 0, "not compiled: a CompileError");
	is_str(r.report, "Your code did not compile:\n\nmain.c:1:1: error: x\n",
	    "its report, the heading then the message");
	grade_result_clear(&r);
}

int
main(void)
{
	test_lang();
	test_diff();
	test_formats();
	test_report_pieces();
	return tap_done();
}
