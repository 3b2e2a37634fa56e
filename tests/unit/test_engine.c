/*
 * test_engine.c - the engine's checks before anything runs, the language
 * table's limits, and the report texts. Runs nothing in the jail (no root
 * needed); test_stdio.c grades real programs.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "lang.h"
#include "tester.h"
#include "textbuf.h"
#include "../tap.h"

static struct spec *
small_spec(const char *tester)
{
	struct spec *s = spec_new();

	s->id = strdup("c/x");
	s->title = strdup("X");
	s->tester = tester ? strdup(tester) : NULL;
	spec_add_language(s, "c");
	spec_add_language(s, "java");
	spec_add_test(s, "public 1", 1, "", 0, "", 0);
	return s;
}

/* Is R a complete result of label L, as the contract says? */
static int
complete(const struct result *r, enum label l)
{
	return r->status == l && r->report != NULL && r->tests != NULL &&
	    json_is_array(r->tests) && (l != LABEL_MISC_ERROR || r->log != NULL);
}

static void
test_engine_checks(void)
{
	struct engine_config cfg = { .box_root = "/nonexistent", .uid_base = 64000 };
	struct submission sub = { .language = "c", .code = "x", .code_len = 1 };
	struct spec *s = small_spec("stdio"), *q = small_spec("quickcheck"),
	    *none = small_spec(NULL);
	struct result r;

	is_int(engine_grade(NULL, s, &sub, &r), 0, "no config: a result");
	ok(complete(&r, LABEL_MISC_ERROR), "no config: MiscError");
	result_clear(&r);
	engine_grade(&cfg, NULL, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR), "no spec: MiscError");
	result_clear(&r);
	engine_grade(&cfg, s, NULL, &r);
	ok(complete(&r, LABEL_MISC_ERROR), "no submission: MiscError");
	result_clear(&r);

	engine_grade(&cfg, q, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR) && strstr(r.log, "quickcheck"),
	    "unknown tester: MiscError, logged: %s", r.log ? r.log : "");
	ok(strstr(r.report, "platform") != NULL, "the student is told it is not their fault");
	result_clear(&r);
	engine_grade(&cfg, none, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR), "no tester: MiscError");
	result_clear(&r);

	sub.language = "python";
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_COMPILE_ERROR) && strstr(r.report, "c, java"),
	    "language not allowed: CompileError naming the allowed ones");
	ok(r.log == NULL, "not logged: not the platform's fault");
	result_clear(&r);
	sub.language = NULL;
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_COMPILE_ERROR), "no language: CompileError");
	result_clear(&r);
	sub.language = "java";
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR) && strstr(r.log, "java"),
	    "a language the grader lacks: MiscError");
	result_clear(&r);

	sub.language = "c";
	sub.code = NULL;
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR), "code NULL with a length: MiscError");
	result_clear(&r);
	sub.code_len = 100 * 1024 * 1024;
	sub.code = calloc(1, sub.code_len);
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_COMPILE_ERROR) && strstr(r.report, "too large"),
	    "100 MiB of code: CompileError");
	result_clear(&r);
	free((char *)sub.code);

	sub.code = "x";
	sub.code_len = 1;
	cfg.uid_base = 0;
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR) && strstr(r.log, "uid"),
	    "uid base 0: MiscError");
	result_clear(&r);
	cfg.uid_base = 0xfffffff0u;
	cfg.slot = 100;
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR), "uid overflow: MiscError");
	result_clear(&r);

	/* The platform failing under the tester: MiscError, never a label of
	 * the student's. */
	cfg.uid_base = 64000;
	cfg.slot = 0;
	cfg.box_root = "/proc/assay-no-such-box-root";
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR) && strstr(r.log, "jail"),
	    "a box that cannot be made: MiscError, logged: %s", r.log ? r.log : "");
	result_clear(&r);

	memset(&r, 0, sizeof(r));
	result_clear(&r);
	result_clear(&r);
	ok(r.report == NULL && r.tests == NULL, "result_clear of an empty result");

	spec_free(s);
	spec_free(q);
	spec_free(none);
}

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
	ok(l.cpu_ms == LANG_MAX_CPU_MS && l.wall_ms == LANG_MAX_WALL_MS &&
	    l.memory_kib == LANG_MAX_MEMORY_KIB && l.output_kib == LANG_MAX_OUTPUT_KIB &&
	    l.processes == LANG_MAX_PROCESSES, "no spec passes the ceiling");
	ok(c->compile_limits.processes >= 4 && c->compile_limits.memory_kib >= 65536,
	    "gcc may run cc1, as and ld with a 64 MiB stack");
}

static void
test_textbuf(void)
{
	struct textbuf t;
	size_t used;
	char *s;

	s = textbuf_clean("a\xff" "b", 3, 0, 0, &used);
	is_str(s, "a\xef\xbf\xbd" "b", "an invalid byte becomes U+FFFD");
	free(s);
	s = textbuf_clean("\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|", 12, 0, 0, NULL);
	is_str(s, "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|",
	    "overlong forms, surrogates and code points past U+10FFFF are refused");
	free(s);
	s = textbuf_clean("x\0y", 3, 0, 0, NULL);
	is_str(s, "x\xef\xbf\xbdy", "a NUL byte becomes U+FFFD");
	free(s);
	s = textbuf_clean("\xc3\xa9\xc3\xa9", 4, 3, 0, &used);
	ok(strcmp(s, "\xc3\xa9") == 0 && used == 2, "no character is cut in two");
	free(s);
	s = textbuf_clean("a\nb\nc\n", 6, 0, 2, &used);
	ok(strcmp(s, "a\nb\n") == 0 && used == 4, "at most 2 lines");
	free(s);
	s = textbuf_clean("\xe2\x82", 2, 0, 0, NULL);
	is_str(s, "\xef\xbf\xbd\xef\xbf\xbd", "a truncated sequence at the end");
	free(s);
	s = textbuf_clean("\xe2\x82\xac", 3, 0, 0, NULL);
	is_str(s, "\xe2\x82\xac", "valid UTF-8 is kept");
	free(s);

	textbuf_init(&t);
	textbuf_block(&t, "", 0, 100, 10, "  ");
	textbuf_block(&t, "1\n2", 3, 100, 10, "  ");
	textbuf_block(&t, "1\n2\n3\n", 6, 100, 2, "  ");
	s = textbuf_finish(&t);
	is_str(s, "  (nothing)\n  1\n  2\n  (no newline at the end)\n  1\n  2\n"
	    "  [... 2 more bytes not shown]\n", "blocks say what is missing");
	free(s);

	s = textbuf_replace("/box/a /box/b", "/box/", "");
	is_str(s, "a b", "textbuf_replace");
	free(s);

	textbuf_init(&t);
	textbuf_printf(&t, "%d-%s", 42, "x");
	textbuf_puts(&t, "!");
	s = textbuf_finish(&t);
	is_str(s, "42-x!", "textbuf_printf and puts");
	free(s);
	textbuf_init(&t);
	s = textbuf_finish(&t);
	is_str(s, "", "an empty text is \"\"");
	free(s);
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

int
main(void)
{
	test_engine_checks();
	test_lang();
	test_textbuf();
	test_formats();
	return tap_done();
}
