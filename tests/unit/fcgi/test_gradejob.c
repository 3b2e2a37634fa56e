/*
 * test_gradejob.c - a grading on the wire (fcgi/gradejob.h) and a grader
 * host's specs by content (fcgi/speccache.h): frames go through a pipe
 * whole (NUL bytes in strings too), and a frame over the limit, cut short,
 * not an object, or late is refused saying so; the result's fields of a
 * MiscError; a spec kept only under its own SHA-256, read back, and the
 * least recently used removed first when the cache is trimmed.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "fcgi/gradejob.h"
#include "fcgi/speccache.h"
#include "tests/unit/fcgi/fcgi_util.h"

static void
test_frames(void)
{
	int p[2];
	json_t *j = json_pack("{s:s%, s:i}", "code", "a\0b", (size_t)3, "n", 7), *got = NULL;
	char err[256] = "";
	unsigned char head[4] = { 0, 0, 0, 5 };

	if (pipe(p) != 0)
		exit(1);
	ok(gradejob_send(p[1], j) == 0, "a frame is written");
	ok(gradejob_recv(p[0], 1024, 1000, &got, err, sizeof(err)) == 0 && json_equal(j, got),
	    "... and read back whole, a NUL in a string too");
	json_decref(got);
	ok(gradejob_send(p[1], j) == 0 &&
	    gradejob_recv(p[0], 10, 1000, &got, err, sizeof(err)) == -1 && strstr(err, "over"),
	    "a frame over the reader's limit is refused: %s", err);
	close(p[0]);
	close(p[1]);
	if (pipe(p) != 0)
		exit(1);
	ok(write(p[1], head, 4) == 4 && write(p[1], "{\"a\"", 4) == 4, "(half a frame written)");
	close(p[1]);
	ok(gradejob_recv(p[0], 1024, 1000, &got, err, sizeof(err)) == -1 &&
	    strstr(err, "ends early"), "a frame cut short: %s", err);
	close(p[0]);
	if (pipe(p) != 0)
		exit(1);
	ok(write(p[1], head, 4) == 4 && write(p[1], "[1,2]", 5) == 5, "(an array written)");
	ok(gradejob_recv(p[0], 1024, 1000, &got, err, sizeof(err)) == -1 &&
	    strstr(err, "not a JSON object"), "a frame that is not an object: %s", err);
	ok(gradejob_recv(p[0], 1024, 200, &got, err, sizeof(err)) == -1 &&
	    strstr(err, "in time"), "nothing within the time: %s", err);
	close(p[1]);
	ok(gradejob_recv(p[0], 1024, 1000, &got, err, sizeof(err)) == -1 &&
	    strstr(err, "closed"), "the other side gone: %s", err);
	close(p[0]);
	json_decref(j);
}

static void
test_fields(void)
{
	struct grade_result r = { .status = LABEL_MISC_ERROR, .log = "the jail failed" };
	json_t *f = gradejob_fields(&r);

	ok(f && !strcmp(json_string_value(json_object_get(f, "status")), "MiscError") &&
	    strstr(json_string_value(json_object_get(f, "report")), "not your fault") &&
	    !strcmp(json_string_value(json_object_get(f, "log")), "the jail failed") &&
	    json_is_null(json_object_get(f, "key")) &&
	    json_array_size(json_object_get(f, "tests")) == 0,
	    "a MiscError's fields: the student's line, the operator's log, key null");
	json_decref(f);
	json_t *no = json_string("no"), *sub = json_pack("{s:s, s:s}", "language", "c",
	    "code", "");

	f = gradejob_run(NULL, no, sub, "test");
	json_decref(no);
	json_decref(sub);
	ok(f && strstr(json_string_value(json_object_get(f, "log")), "spec cannot be read"),
	    "a spec that is not an object: MiscError saying so");
	json_decref(f);
}

static void
test_cache(void)
{
	const char *a = "{\"id\": \"a\"}", *b = "{\"id\": \"b\"}";
	char ha[SPECCACHE_HASH_LEN + 1], hb[SPECCACHE_HASH_LEN + 1], path[256], *text = NULL;
	size_t len = 0;

	ok(speccache_hash("abc", 3, ha) == 0 &&
	    !strcmp(ha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
	    "SHA-256 of \"abc\"");
	ok(speccache_hash_valid(ha) && !speccache_hash_valid("BA78") &&
	    !speccache_hash_valid("../etc/passwd"), "only 64 lowercase hex digits name a spec");
	speccache_hash(a, strlen(a), ha);
	speccache_hash(b, strlen(b), hb);
	ok(speccache_put(tmp_dir, hb, a, strlen(a)) == 1, "a text under another's hash: refused");
	ok(speccache_get(tmp_dir, ha, &text, &len) == 1, "not held yet");
	ok(speccache_put(tmp_dir, ha, a, strlen(a)) == 0 &&
	    speccache_get(tmp_dir, ha, &text, &len) == 0 && len == strlen(a) && !strcmp(text, a),
	    "kept and read back");
	free(text);
	ok(speccache_put(tmp_dir, hb, b, strlen(b)) == 0, "a second one kept");
	/* a was used long ago: the trim removes it first */
	snprintf(path, sizeof(path), "%s/%s.json", tmp_dir, ha);
	{
		struct timespec t[2] = { { 1000, 0 }, { 1000, 0 } };

		utimensat(AT_FDCWD, path, t, 0);
	}
	speccache_trim(tmp_dir, strlen(b));
	ok(speccache_get(tmp_dir, ha, &text, &len) == 1, "trimmed: the least recently used went");
	ok(speccache_get(tmp_dir, hb, &text, &len) == 0, "... the other stayed");
	free(text);
}

int
main(void)
{
	tmp_dir_make("gradejob");
	test_frames();
	test_fields();
	test_cache();
	tmp_dir_remove();
	return tap_done();
}
