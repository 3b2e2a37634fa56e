/* test_spec.c - the exercise spec format and the labels. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/format/grade.h"
#include "sandbox/format/label.h"
#include "sandbox/format/spec.h"
#include "tests/tap.h"

static void
test_ids(void)
{
	static const char *const good[] = { "c/hello", "a", "py/sum-2", "x/y_z/w", "a/v1.2" };
	static const char *const bad[] = { "", "/c", "c/", "c//x", "../x", "c/../x",
	    "c/.hidden", "c x", "c\\x", "é", "c/hello.md/" };

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		ok(spec_id_valid(good[i]), "id \"%s\" is valid", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ok(!spec_id_valid(bad[i]), "id \"%s\" is refused", bad[i]);

	char longid[SPEC_ID_MAX + 2];
	memset(longid, 'a', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	ok(!spec_id_valid(longid), "an id over SPEC_ID_MAX is refused");
	longid[SPEC_ID_MAX] = '\0';
	ok(spec_id_valid(longid), "an id of exactly SPEC_ID_MAX is valid");
}

static void
test_roundtrip(void)
{
	struct spec *s = spec_new(), *r = NULL;
	char err[256] = "", dir[] = "/tmp/assay-spec-XXXXXX", *path;
	json_t *j;

	ok(s != NULL, "spec_new");
	s->id = strdup("c/hello");
	s->title = strdup("Hello");
	s->tester = strdup("stdio");
	free(s->code);
	s->code = strdup("int main(void) {}\n");
	s->limits.cpu_ms = 500;
	s->feedback = 0;
	s->weight = 0.25;
	spec_add_language(s, "c");
	spec_add_language(s, "python");
	spec_add_test(s, "public 1", 1, "1 2\n", 4, "3\n", 2);
	spec_add_test(s, "private 1", 0, "a\0b", 3, "", 0);
	json_object_set_new(s->options, "extra", json_integer(7));

	ok(mkdtemp(dir) != NULL, "temporary directory");
	path = spec_path(dir, "c/hello");
	is_int(spec_save(s, path, err, sizeof(err)), 0, "spec_save %s", err);
	is_int(spec_load(path, &r, err, sizeof(err)), SPEC_OK, "spec_load %s", err);
	if (r != NULL) {
		is_str(r->id, "c/hello", "id survives");
		is_str(r->title, "Hello", "title survives");
		is_str(r->code, "int main(void) {}\n", "code survives");
		is_int(r->nlanguages, 2, "two languages");
		ok(spec_has_language(r, "python") && !spec_has_language(r, "java"),
		    "spec_has_language");
		is_int(r->limits.cpu_ms, 500, "cpu limit survives");
		is_int(r->limits.wall_ms, 0, "absent limit is 0");
		is_int(r->feedback, 0, "feedback survives");
		ok(r->weight == 0.25, "weight survives");
		is_int(r->ntests, 2, "two tests");
		is_int(r->tests[1].input_len, 3, "NUL byte kept in input");
		ok(memcmp(r->tests[1].input, "a\0b", 3) == 0, "input bytes survive");
		ok(r->tests[0].public && !r->tests[1].public, "public flags survive");
		is_int(json_integer_value(json_object_get(r->options, "extra")), 7,
		    "options survive");
	}
	spec_free(r);

	char *missing = spec_path(dir, "c/nope");
	is_int(spec_load(missing, &r, err, sizeof(err)), SPEC_NOTFOUND, "missing spec is NOTFOUND");
	free(missing);
	ok(spec_path(dir, "../etc/passwd") == NULL, "spec_path refuses a bad id");

	j = spec_to_json(s);
	json_object_set_new(j, "languages", json_array());
	ok(spec_from_json(j, &r, err, sizeof(err)) == -1 && strstr(err, "languages"),
	    "empty languages refused: %s", err);
	json_object_set_new(j, "languages", json_pack("[s]", "c"));
	json_object_set_new(j, "limits", json_pack("{s:i}", "cpu_ms", -1));
	ok(spec_from_json(j, &r, err, sizeof(err)) == -1 && strstr(err, "cpu_ms"),
	    "negative limit refused: %s", err);
	json_object_set_new(j, "limits", json_pack("{s:i}", "bogus", 1));
	ok(spec_from_json(j, &r, err, sizeof(err)) == -1 && strstr(err, "bogus"),
	    "unknown limit refused: %s", err);
	json_object_set_new(j, "limits", json_object());
	json_object_set_new(j, "weight", json_integer(-1));
	ok(spec_from_json(j, &r, err, sizeof(err)) == -1 && strstr(err, "weight"),
	    "negative weight refused: %s", err);
	json_object_set_new(j, "weight", json_string("2"));
	ok(spec_from_json(j, &r, err, sizeof(err)) == -1 && strstr(err, "weight"),
	    "weight that is not a number refused: %s", err);
	json_object_del(j, "weight");
	ok(spec_from_json(j, &r, err, sizeof(err)) == 0 && r->weight == 1,
	    "a spec without weight (an older build) weighs 1");
	spec_free(r);
	r = NULL;
	json_object_set_new(j, "format", json_integer(99));
	ok(spec_from_json(j, &r, err, sizeof(err)) == -1 && strstr(err, "format"),
	    "unknown format refused: %s", err);
	json_decref(j);

	unlink(path);
	free(path);
	char sub[300];
	snprintf(sub, sizeof(sub), "%s/c", dir);
	rmdir(sub);
	rmdir(dir);
	spec_free(s);
}

static void
test_labels(void)
{
	enum label l;

	for (int i = 0; i < LABEL__COUNT; i++) {
		ok(label_parse(label_name(i), &l) == 0 && (int)l == i,
		    "label %s round-trips", label_name(i));
	}
	ok(label_parse("accepted", &l) == -1, "labels are case-sensitive");
	is_str(label_name(label_worse(LABEL_ACCEPTED, LABEL_WRONG_ANSWER)), "WrongAnswer",
	    "WrongAnswer is worse than Accepted");
	is_str(label_name(label_worse(LABEL_TIME_LIMIT, LABEL_WRONG_ANSWER)),
	    "TimeLimitExceeded", "TimeLimitExceeded is worse than WrongAnswer");
}

/* A result owns its texts and tests; clearing frees them and zeroes it. */
static void
test_grade(void)
{
	struct grade_result r = {
		.status = LABEL_WRONG_ANSWER, .score = 0.5,
		.report = strdup("1 of 2 tests passed\n"), .tests = json_array(),
		.log = strdup("why"),
	};
	json_t *kept = json_incref(r.tests);

	grade_result_clear(&r);
	ok(r.status == 0 && r.score == 0 && r.report == NULL && r.tests == NULL &&
	    r.log == NULL, "grade_result_clear zeroes the result");
	ok(kept->refcount == 1, "and gives back its reference to the tests");
	json_decref(kept);
	grade_result_clear(NULL);
	grade_result_clear(&r);
	ok(r.report == NULL && r.tests == NULL && r.log == NULL,
	    "clearing NULL, or a result twice, frees nothing twice");
}

int
main(void)
{
	test_ids();
	test_roundtrip();
	test_labels();
	test_grade();
	return tap_done();
}
