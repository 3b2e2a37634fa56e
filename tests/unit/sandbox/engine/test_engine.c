/*
 * test_engine.c - the engine's checks before anything runs: no tester, an
 * unknown tester or language, a quiz without answers, code too large, no
 * unprivileged uid. Runs nothing in the jail (no root needed);
 * tests/unit/sandbox/testers/ grade real programs.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/engine/engine.h"
#include "tests/tap.h"
#include "tests/unit/engine_util.h"

static struct spec *
small_spec(const char *tester)
{
	struct spec *s = new_spec("c/x", "X", tester);

	spec_add_language(s, "c");
	spec_add_language(s, "cobol");
	spec_add_test(s, "public 1", 1, "", 0, "", 0);
	return s;
}

/* Is R a complete result of label L, as the contract says? */
static int
complete(const struct grade_result *r, enum label l)
{
	return r->status == l && r->report != NULL && r->tests != NULL &&
	    json_is_array(r->tests) && (l != LABEL_MISC_ERROR || r->log != NULL);
}

static void
test_engine_checks(void)
{
	struct engine_config cfg = { .box_root = "/nonexistent", .uid_base = 64000 };
	struct grade_submission sub = { .language = "c", .code = "x", .code_len = 1 };
	struct spec *s = small_spec("stdio"), *q = small_spec("mooshak"),
	    *none = small_spec(NULL);
	struct grade_result r;

	is_int(engine_grade(NULL, s, &sub, &r), 0, "no config: a result");
	ok(complete(&r, LABEL_MISC_ERROR), "no config: MiscError");
	grade_result_clear(&r);
	engine_grade(&cfg, NULL, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR), "no spec: MiscError");
	grade_result_clear(&r);
	engine_grade(&cfg, s, NULL, &r);
	ok(complete(&r, LABEL_MISC_ERROR), "no submission: MiscError");
	grade_result_clear(&r);

	engine_grade(&cfg, q, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR) && strstr(r.log, "mooshak"),
	    "unknown tester: MiscError, logged: %s", r.log ? r.log : "");
	ok(strstr(r.report, "platform") != NULL, "the student is told it is not their fault");
	grade_result_clear(&r);
	engine_grade(&cfg, none, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR), "no tester: MiscError");
	grade_result_clear(&r);

	sub.language = "python";
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_COMPILE_ERROR) && strstr(r.report, "c, cobol"),
	    "language not allowed: CompileError naming the allowed ones");
	ok(r.log == NULL, "not logged: not the platform's fault");
	grade_result_clear(&r);
	sub.language = NULL;
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_COMPILE_ERROR), "no language: CompileError");
	grade_result_clear(&r);
	sub.language = "cobol";
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR) && strstr(r.log, "cobol"),
	    "a language the grader lacks: MiscError");
	grade_result_clear(&r);

	sub.language = "c";
	sub.code = NULL;
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR), "code NULL with a length: MiscError");
	grade_result_clear(&r);
	sub.code_len = 100 * 1024 * 1024;
	sub.code = calloc(1, sub.code_len);
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_COMPILE_ERROR) && strstr(r.report, "too large"),
	    "100 MiB of code: CompileError");
	grade_result_clear(&r);
	free((char *)sub.code);

	sub.code = "x";
	sub.code_len = 1;
	cfg.uid_base = 0;
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR) && strstr(r.log, "uid"),
	    "uid base 0: MiscError");
	grade_result_clear(&r);
	cfg.uid_base = 0xfffffff0u;
	cfg.slot = 100;
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR), "uid overflow: MiscError");
	grade_result_clear(&r);

	/* The platform failing under the tester: MiscError, never a label of
	 * the student's. */
	cfg.uid_base = 64000;
	cfg.slot = 0;
	cfg.box_root = "/proc/assay-no-such-box-root";
	engine_grade(&cfg, s, &sub, &r);
	ok(complete(&r, LABEL_MISC_ERROR) && strstr(r.log, "jail"),
	    "a box that cannot be made: MiscError, logged: %s", r.log ? r.log : "");
	grade_result_clear(&r);

	memset(&r, 0, sizeof(r));
	grade_result_clear(&r);
	grade_result_clear(&r);
	ok(r.report == NULL && r.tests == NULL, "grade_result_clear of an empty result");

	spec_free(s);
	spec_free(q);
	spec_free(none);
}

int
main(void)
{
	test_engine_checks();
	return tap_done();
}
