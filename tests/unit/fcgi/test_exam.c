/*
 * test_exam.c - timed exams: fcgi/exam.h (an exam's file, the exam of an
 * exercise, a student's end with extra minutes, a factor, staff's time and
 * the window's close) and store_exam.c (a start written once, extensions,
 * the list), on real files and a real store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fcgi/exam.h"
#include "fcgi/store.h"
#include "tests/tap.h"
#include "tests/unit/fcgi/fcgi_util.h"

static void
put(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp_dir, rel);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static void
test_exam_files(void)
{
	struct exam e;
	char err[512], why[256];

	mkdir(tmp_dir, 0700);
	put("mid.exam.json", "{\"id\": \"mid\", \"title\": \"Mid\", \"duration_s\": 3600, "
	    "\"valid\": \"before 12:00 15/02/2027\", \"lock\": false}");
	put("bad.exam.json", "{\"id\": \"bad\", \"duration_s\": 0}");
	is_int(exam_of(tmp_dir, "mid/q", &e, err, sizeof(err)), 0, "mid/q is in exam mid");
	is_str(e.id, "mid", "... its id");
	is_int(e.duration_s, 3600, "... its duration");
	is_int(e.lock, 0, "... lock: no");
	is_int(e.feedback, 0, "... no feedback by default");
	is_int(exam_end(&e, 1000, 0, 0, 0), 4600, "an end: start + duration");
	is_int(exam_end(&e, 1000, 1.5, 10, 60), 1000 + 5400 + 600 + 60,
	    "... times the factor, plus minutes and staff's seconds");
	ok(exam_end(&e, 1802692800 - 60, 0, 0, 0) == 1802692800,
	    "... never after the window's close (12:00 15/02/2027)");
	ok(!exam_in_time(&e, 0, 0, 10, why, sizeof(why)) && strstr(why, "start it first"),
	    "not started: not in time (%s)", why);
	ok(!exam_in_time(&e, 1, 100, 100, why, sizeof(why)) &&
	    strcmp(why, "after the exam's end") == 0, "at the end: not in time");
	ok(exam_in_time(&e, 1, 100, 99, why, sizeof(why)), "a second before: in time");
	exam_free(&e);
	is_int(exam_of(tmp_dir, "other/q", &e, err, sizeof(err)), 1, "other/q is in no exam");
	is_int(exam_of(tmp_dir, "q", &e, err, sizeof(err)), 1, "nor is a top-level exercise");
	is_int(exam_load(tmp_dir, "bad", &e, err, sizeof(err)), -1, "a broken exam: -1 (%s)", err);
	exam_free(&e);
	is_int(exam_load(tmp_dir, "../x", &e, err, sizeof(err)), 1, "an id with .. is none");
}

static void
test_store_exam(void)
{
	struct store *s;
	char err[256];
	time_t start;
	long added;
	int fresh;
	json_t *list = NULL;

	if (store_open(tmp_dir, &s, err, sizeof(err)) != STORE_OK) {
		diag("cannot open a store: %s", err);
		exit(1);
	}
	is_int(store_exam_get(s, "mid", "ann", &start, &added), STORE_NOTFOUND, "none started");
	is_int(store_exam_extend(s, "mid", "ann", 60, &added), STORE_NOTFOUND,
	    "no extension before a start");
	ok(store_exam_start(s, "mid", "ann", 1000, &start, &added, &fresh) == STORE_OK &&
	    start == 1000 && added == 0 && fresh, "a start is written");
	ok(store_exam_start(s, "mid", "ann", 2000, &start, &added, &fresh) == STORE_OK &&
	    start == 1000 && !fresh, "a second never moves it");
	ok(store_exam_extend(s, "mid", "ann", 300, &added) == STORE_OK && added == 300 &&
	    store_exam_extend(s, "mid", "ann", 60, &added) == STORE_OK && added == 360,
	    "extensions add up");
	ok(store_exam_get(s, "mid", "ann", &start, &added) == STORE_OK && start == 1000 &&
	    added == 360, "... and are read back with the start");
	store_exam_start(s, "mid", "bob", 1500, &start, &added, NULL);
	store_exam_start(s, "midterm", "cy", 1500, &start, &added, NULL);
	ok(store_exam_list(s, "mid", &list) == STORE_OK && json_object_size(list) == 2 &&
	    json_integer_value(json_array_get(json_object_get(list, "ann"), 1)) == 360,
	    "the list of an exam holds its students only");
	json_decref(list);
	store_close(s);
}

int
main(void)
{
	setenv("TZ", "UTC0", 1);
	tmp_dir_make("exam");
	test_exam_files();
	test_store_exam();
	tmp_dir_remove();
	return tap_done();
}
