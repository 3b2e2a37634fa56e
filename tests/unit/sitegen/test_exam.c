/*
 * test_exam.c - sitegen/exam.h: a timed exam's duration, its field on a
 * folder's index page, the JSON written beside the specs (kept by an
 * incremental build), and the author's mistakes at file:line.
 */
#include "tests/unit/sitegen_util.h"

#include "sitegen/exam.h"

static void
test_duration(void)
{
	static const struct { const char *text; long want; } good[] = {
		{ "90 min", 5400 }, { "1 h 30 min", 5400 }, { "3 s", 3 }, { "2 hours", 7200 },
		{ "1 minute 5 seconds", 65 }, { "  45min ", 2700 },
	};
	static const char *const bad[] = { "", "90", "min", "-5 min", "0 s", "3 parsecs",
	    "8 days", "100000000000000000000 s", "169 h" };
	char err[128];
	long s;

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		ok(exam_duration(good[i].text, &s, err, sizeof(err)) == 0 && s == good[i].want,
		    "\"%s\" is %ld s", good[i].text, good[i].want);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ok(exam_duration(bad[i], &s, err, sizeof(err)) == -1 && err[0],
		    "\"%s\" refused: %s", bad[i], err);
}

static int
build(const char *root, const char *out)
{
	struct diags d = new_diags();
	struct site_config c = config(root, out, &d);
	struct site_stats st;

	return site_build(&c, &st);
}

static void
test_build(void)
{
	char *root = tmpdir(), *out = tmpdir(), path[PATH_MAX], *got;
	json_t *j;

	put(root, "index.md", "# Course\n");
	put(root, "mid/index.md", "---\ntitle: Midterm\nexam: {duration: 90 min, lock: no}\n"
	    "---\n# Midterm\n\n[One](q1.md){.ex}\n");
	put(root, "mid/q1.md", "---\ntester: accept\nlanguage: sh\n---\n# One\n");
	is_int(build(root, out), 0, "a course with an exam builds: %s", diag_line());
	snprintf(path, sizeof(path), "%s/current/specs/mid.exam.json", out);
	got = slurp(path, NULL);
	j = got ? json_loads(got, 0, NULL) : NULL;
	is_str(json_string_value(json_object_get(j, "id")), "mid", "the exam's id is its folder");
	is_int(json_integer_value(json_object_get(j, "duration_s")), 5400, "its duration");
	ok(json_is_false(json_object_get(j, "feedback")), "feedback is off by default");
	ok(json_is_false(json_object_get(j, "lock")), "lock: no is kept");
	json_decref(j);
	free(got);
	put(root, "index.md", "# Course again\n");
	is_int(build(root, out), 0, "an incremental build: %s", diag_line());
	ok(access(path, R_OK) == 0, "keeps the reused exam's file");

	put(root, "mid/index.md", "---\nexam: {duration: 90 parsecs}\n---\n# M\n");
	ok(build(root, out) != 0, "a bad unit is an error");
	ok(strstr(diag_str(), "mid/index.md:2: exam: duration: unknown unit \"parsecs\"") != NULL,
	    "... at file:line: %s", diag_line());
	put(root, "mid/index.md", "---\nexam: {duration: 9 min, feedbak: yes}\n---\n# M\n");
	ok(build(root, out) != 0 && strstr(diag_str(), "unknown field \"feedbak\""),
	    "an unknown member is an error: %s", diag_line());
	put(root, "mid/index.md", "---\nexam: 9 min\n---\n# M\n");
	put(root, "mid/q1.md", "---\nexam: 9 min\ntester: accept\nlanguage: sh\n---\n# One\n");
	ok(build(root, out) != 0 && strstr(diag_str(), "q1.md:2: exam: an exam is the index.md"),
	    "an exercise cannot be an exam: %s", diag_line());
	tmpdir_remove(root);
	tmpdir_remove(out);
}

int
main(void)
{
	test_duration();
	test_build();
	buf_free(&diag_text);
	return tap_done();
}
