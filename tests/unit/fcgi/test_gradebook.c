/*
 * test_gradebook.c - the gradebook's choices (every policy, ties, invalid
 * submissions counted or not, Evaluating ones, an exercise without
 * submissions, a quiz, weights and a weight of 0), its CSV (quoting,
 * formula prefixes, non-ASCII, one write per row) and JSON (the shape, one
 * write per student), and the specs it reads (with their errors).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "fcgi/csvout.h"
#include "fcgi/gradebook.h"
#include "tests/unit/fcgi/fcgi_util.h"

/* What the write callback received: the bytes, and how many calls. */
struct sink {
	char *p;
	size_t len;
	int calls;
	int fail_at;		/* make call number FAIL_AT fail (0: never) */
	int rows_whole;		/* every call so far ended with CRLF */
};

static int
sink_write(const char *buf, size_t len, void *ctx)
{
	struct sink *k = ctx;

	k->calls++;
	if (k->fail_at && k->calls == k->fail_at)
		return -1;
	if (len < 2 || buf[len - 2] != '\r' || buf[len - 1] != '\n')
		k->rows_whole = 0;
	k->p = realloc(k->p, k->len + len + 1);
	memcpy(k->p + k->len, buf, len);
	k->len += len;
	k->p[k->len] = '\0';
	return 0;
}

static void
sink_reset(struct sink *k)
{
	free(k->p);
	memset(k, 0, sizeof(*k));
	k->rows_whole = 1;
}

static void
feed(struct gradebook *gb, uint64_t id, const char *login, const char *ex, time_t t,
    enum label l, int valid, double score)
{
	struct gradebook_sub s = { id, login, ex, t, l, valid, score };

	if (gradebook_feed(gb, &s))
		diag("feed %llu failed", (unsigned long long)id);
}

/*
 * A's submissions to "e" (ids in time order unless said):
 *   1  t=10 WrongAnswer   0.5 valid
 *   2  t=20 Accepted      1.0 invalid (late)
 *   3  t=30 WrongAnswer   0.5 valid        (ties 1 on score and label)
 *   4  t=40 CompileError  0   valid
 *   5  t=50 Evaluating    -   valid        (never counts)
 */
static struct gradebook *
policy_book(enum gradebook_policy p, enum gradebook_invalid inv)
{
	struct gradebook *gb = gradebook_new(p, inv, NULL);

	gradebook_exercise_add(gb, "e", "E", 1, 0);
	gradebook_student_add(gb, "a", "A", "student");
	feed(gb, 3, "a", "e", 30, LABEL_WRONG_ANSWER, 1, 0.5);
	feed(gb, 1, "a", "e", 10, LABEL_WRONG_ANSWER, 1, 0.5);
	feed(gb, 5, "a", "e", 50, LABEL_EVALUATING, 1, NAN);
	feed(gb, 2, "a", "e", 20, LABEL_ACCEPTED, 0, 1.0);
	feed(gb, 4, "a", "e", 40, LABEL_COMPILE_ERROR, 1, 0);
	return gb;
}

static void
test_policies(void)
{
	static const struct {
		enum gradebook_policy p;
		enum gradebook_invalid inv;
		uint64_t want;
		const char *what;
	} cases[] = {
		{ GRADEBOOK_BEST, GRADEBOOK_IGNORE, 3, "best, invalid ignored: the newer of two equal" },
		{ GRADEBOOK_BEST, GRADEBOOK_COUNT, 2, "best, invalid counted: the late Accepted" },
		{ GRADEBOOK_LAST, GRADEBOOK_IGNORE, 4, "last: the newest graded, not the Evaluating one" },
		{ GRADEBOOK_LAST, GRADEBOOK_COUNT, 4, "last, invalid counted" },
		{ GRADEBOOK_LAST_VALID, GRADEBOOK_IGNORE, 4, "last-valid" },
		{ GRADEBOOK_LAST_VALID, GRADEBOOK_COUNT, 4, "last-valid never takes an invalid one" },
		{ GRADEBOOK_PRINTOUT, GRADEBOOK_IGNORE, 4, "printout, no valid Accepted: the newest" },
		{ GRADEBOOK_PRINTOUT, GRADEBOOK_COUNT, 2, "printout, invalid counted: the Accepted" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct gradebook *gb = policy_book(cases[i].p, cases[i].inv);
		const struct gradebook_cell *c = gradebook_cell(gb, 0, 0);

		ok(c != NULL && c->id == cases[i].want, "%s (got %llu, want %llu)", cases[i].what,
		    c ? (unsigned long long)c->id : 0ULL, (unsigned long long)cases[i].want);
		gradebook_free(gb);
	}
}

static void
test_ties_and_more(void)
{
	struct gradebook *gb;
	const struct gradebook_cell *c;

	/* best: equal scores, the better label wins whatever the order. */
	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	gradebook_exercise_add(gb, "e", "E", 1, 0);
	gradebook_student_add(gb, "a", NULL, NULL);
	feed(gb, 1, "a", "e", 10, LABEL_ACCEPTED, 1, 0.75);
	feed(gb, 2, "a", "e", 20, LABEL_WRONG_ANSWER, 1, 0.75);
	feed(gb, 3, "a", "e", 5, LABEL_RUNTIME_ERROR, 1, 0.25);
	c = gradebook_cell(gb, 0, 0);
	ok(c && c->id == 1 && c->label == LABEL_ACCEPTED, "best: a tie on score goes to the better label");
	gradebook_free(gb);

	/* Same received time: the higher id is the newer. */
	gb = gradebook_new(GRADEBOOK_LAST, GRADEBOOK_IGNORE, NULL);
	gradebook_exercise_add(gb, "e", "E", 1, 0);
	gradebook_student_add(gb, "a", NULL, NULL);
	feed(gb, 8, "a", "e", 10, LABEL_WRONG_ANSWER, 1, 0);
	feed(gb, 7, "a", "e", 10, LABEL_ACCEPTED, 1, 1);
	c = gradebook_cell(gb, 0, 0);
	ok(c && c->id == 8, "last: a tie on time goes to the higher id");
	gradebook_free(gb);

	/* printout: the newest Accepted beats a newer WrongAnswer and an older Accepted. */
	gb = gradebook_new(GRADEBOOK_PRINTOUT, GRADEBOOK_IGNORE, NULL);
	gradebook_exercise_add(gb, "e", "E", 1, 0);
	gradebook_student_add(gb, "a", NULL, NULL);
	feed(gb, 1, "a", "e", 10, LABEL_ACCEPTED, 1, 1);
	feed(gb, 3, "a", "e", 30, LABEL_WRONG_ANSWER, 1, 0.9);
	feed(gb, 2, "a", "e", 20, LABEL_ACCEPTED, 1, 1);
	c = gradebook_cell(gb, 0, 0);
	ok(c && c->id == 2, "printout: the newest Accepted");
	gradebook_free(gb);

	/* Only Evaluating: no cell. Scores clamped. Unknown people and exercises skipped. */
	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	gradebook_exercise_add(gb, "e", "E", 1, 0);
	gradebook_exercise_add(gb, "f", "F", 1, 0);
	gradebook_student_add(gb, "a", NULL, "student");
	gradebook_student_add(gb, "boss", NULL, "admin");
	gradebook_student_add(gb, "ta", NULL, "staff");
	is_int(gradebook_nstudents(gb), 1, "staff and admins get no row");
	feed(gb, 1, "a", "e", 10, LABEL_EVALUATING, 1, NAN);
	feed(gb, 2, "a", "f", 10, LABEL_ACCEPTED, 1, 7);
	feed(gb, 3, "boss", "f", 10, LABEL_ACCEPTED, 1, 1);
	feed(gb, 4, "a", "zzz", 10, LABEL_ACCEPTED, 1, 1);
	ok(gradebook_cell(gb, 0, 0) == NULL, "only Evaluating: no cell");
	c = gradebook_cell(gb, 0, 1);
	ok(c && c->score == 1.0, "a score above 1 is clamped");
	ok(gradebook_student_add(gb, "late", NULL, NULL) == -1, "no student after the first feed");
	ok(gradebook_exercise_add(gb, "g", NULL, 1, 0) == -1, "no exercise after the first feed");
	gradebook_free(gb);

	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	ok(gradebook_exercise_add(gb, "e", "E", -1, 0) == -1, "a negative weight is refused");
	ok(gradebook_exercise_add(gb, "e", "E", NAN, 0) == -1, "a NaN weight is refused");
	ok(gradebook_exercise_add(gb, "e", "E", 1, 0) == 0 &&
	    gradebook_exercise_add(gb, "e", "E", 1, 0) == -1, "an exercise twice is refused");
	ok(gradebook_student_add(gb, "a", NULL, NULL) == 0 &&
	    gradebook_student_add(gb, "a", NULL, NULL) == -1, "a login twice is refused");
	gradebook_free(gb);
}

static void
test_totals_and_filter(void)
{
	struct gradebook *gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, "c/");
	double t;

	/* Added out of order: columns come sorted. */
	gradebook_exercise_add(gb, "c/two", "Two", 3, 0);
	gradebook_exercise_add(gb, "c/one", "One", 1, 0);
	gradebook_exercise_add(gb, "c/zero", "Zero", 0, 0);
	gradebook_exercise_add(gb, "c/quiz", "Quiz", 1, 1);
	gradebook_exercise_add(gb, "cpp/x", "Left out", 1, 0);
	gradebook_exercise_add(gb, "py/y", "Left out", 1, 0);
	is_int(gradebook_nexercises(gb), 4, "the prefix c/ keeps c/..., not cpp/ nor py/");
	is_str(gradebook_exercise(gb, 0)->id, "c/one", "columns in the order of ids");
	ok(gradebook_exercise(gb, 1)->quiz, "the quiz is marked");
	gradebook_student_add(gb, "zed", "Zed", NULL);
	gradebook_student_add(gb, "amy", "Amy", NULL);
	is_str(gradebook_student(gb, 0)->login, "amy", "rows in the order of logins");
	feed(gb, 1, "amy", "c/one", 1, LABEL_ACCEPTED, 1, 1);
	feed(gb, 2, "amy", "c/two", 1, LABEL_WRONG_ANSWER, 1, 0.5);
	feed(gb, 3, "amy", "c/zero", 1, LABEL_WRONG_ANSWER, 1, 0);
	feed(gb, 4, "amy", "c/quiz", 1, LABEL_WRONG_ANSWER, 1, 2.0 / 3);
	feed(gb, 5, "amy", "cpp/x", 1, LABEL_ACCEPTED, 1, 1);
	/* (1*1 + 3*0.5 + 0*0 + 1*2/3) / 5 * 100 = 63.333... */
	t = gradebook_total(gb, 0);
	ok(fabs(t - 63.33) < 1e-9, "total by weight, two decimals (%g)", t);
	is_int((long long)gradebook_total(gb, 1), 0, "no submission at all: 0");
	gradebook_free(gb);

	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, "c/strong");
	gradebook_exercise_add(gb, "c/strong", "S", 1, 0);
	gradebook_exercise_add(gb, "c/strong2", "S2", 1, 0);
	is_int(gradebook_nexercises(gb), 1, "a prefix without slash names one exercise");
	gradebook_free(gb);

	/* Every weight 0: the total is 0, not NaN. */
	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	gradebook_exercise_add(gb, "e", "E", 0, 0);
	gradebook_student_add(gb, "a", NULL, NULL);
	feed(gb, 1, "a", "e", 1, LABEL_ACCEPTED, 1, 1);
	is_int((long long)gradebook_total(gb, 0), 0, "weights summing to 0: a total of 0");
	gradebook_free(gb);
}

static void
test_csvout(void)
{
	struct sink k = { 0 };
	struct csvout c;

	sink_reset(&k);
	csvout_init(&c, sink_write, &k);
	csvout_text(&c, "plain");
	csvout_text(&c, "Doe, Jane");
	csvout_text(&c, "say \"hi\"");
	csvout_text(&c, "two\nlines");
	csvout_text(&c, "cr\r");
	csvout_text(&c, "Ñandú Żółć 李");
	csvout_text(&c, NULL);
	csvout_end_row(&c);
	is_str(k.p, "plain,\"Doe, Jane\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",Ñandú Żółć 李,\r\n",
	    "RFC 4180 quoting, UTF-8 as it is, CRLF");
	sink_reset(&k);
	csvout_text(&c, "=HYPERLINK(\"x\")");
	csvout_text(&c, "+1");
	csvout_text(&c, "-2");
	csvout_text(&c, "@SUM(A1)");
	csvout_text(&c, "\tTAB");
	csvout_text(&c, "a=b");
	csvout_number(&c, -2, 2, 0);
	csvout_end_row(&c);
	is_str(k.p, "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1),'\tTAB,a=b,-2.00\r\n",
	    "formula prefixes guarded in text, not in numbers");
	sink_reset(&k);
	csvout_text(&c, "=a,b");
	csvout_number(&c, 0.5, 4, 1);
	csvout_number(&c, 1, 4, 1);
	csvout_number(&c, 0, 4, 1);
	csvout_number(&c, 2.0 / 3, 4, 1);
	csvout_number(&c, 87.5, 2, 0);
	csvout_number(&c, -0.0, 2, 1);
	csvout_end_row(&c);
	is_str(k.p, "\"'=a,b\",0.5,1,0,0.6667,87.50,0\r\n", "numbers with a dot, trimmed or not");
	is_int(k.calls, 1, "one write per row");
	sink_reset(&k);
	k.fail_at = 1;
	ok(csvout_text(&c, "x") == 0 && csvout_end_row(&c) == -1, "a failing write is an error");
	ok(csvout_text(&c, "y") == -1, "and every call after it fails");
	csvout_free(&c);
	sink_reset(&k);
	free(k.p);
}

/* Checks the CSV of GB line by line against WANT (lines joined by CRLF). */
static void
test_csv(void)
{
	struct gradebook *gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	struct sink k = { 0 };

	gradebook_exercise_add(gb, "c/a", "A", 1, 0);
	gradebook_exercise_add(gb, "c/b", "B", 1, 0);
	gradebook_student_add(gb, "s1", "Doe, \"JJ\"\nJr", NULL);
	gradebook_student_add(gb, "s2", "=cmd|' /C calc'!A0", NULL);
	gradebook_student_add(gb, "s3", "Zoë Łukasz", NULL);
	gradebook_student_add(gb, "-s4", "@x", NULL);
	feed(gb, 1, "s1", "c/a", 1, LABEL_ACCEPTED, 1, 1);
	feed(gb, 2, "s1", "c/b", 1, LABEL_WRONG_ANSWER, 1, 0.25);
	feed(gb, 3, "s3", "c/b", 1, LABEL_ACCEPTED, 1, 1);
	sink_reset(&k);
	ok(gradebook_write_csv(gb, sink_write, &k) == 0, "the CSV is written");
	is_str(k.p,
	    "login,name,c/a,c/b,total\r\n"
	    "'-s4,'@x,,,0.00\r\n"
	    "s1,\"Doe, \"\"JJ\"\"\nJr\",1,0.25,62.50\r\n"
	    "s2,'=cmd|' /C calc'!A0,,,0.00\r\n"
	    "s3,Zoë Łukasz,,1,50.00\r\n",
	    "header, rows by login, empty cells, quoting, guards, totals");
	is_int(k.calls, 5, "streamed: one write per row (the header and four students)");
	ok(k.rows_whole, "each write is a whole row");
	sink_reset(&k);
	k.fail_at = 3;
	ok(gradebook_write_csv(gb, sink_write, &k) == -1 && k.calls == 3,
	    "a failing write stops the CSV");
	sink_reset(&k);
	free(k.p);
	gradebook_free(gb);
}

static void
test_json(void)
{
	struct gradebook *gb = gradebook_new(GRADEBOOK_LAST, GRADEBOOK_COUNT, NULL);
	struct sink k = { 0 };
	json_error_t je;
	json_t *j, *j2, *st, *cells, *cell;

	gradebook_exercise_add(gb, "c/a", "Ä title", 2, 0);
	gradebook_exercise_add(gb, "q/z", "Quiz", 0.5, 1);
	gradebook_student_add(gb, "s1", "One", NULL);
	gradebook_student_add(gb, "s2", NULL, NULL);
	feed(gb, 41, "s1", "c/a", 5, LABEL_WRONG_ANSWER, 0, 0.4);
	sink_reset(&k);
	ok(gradebook_write_json(gb, sink_write, &k) == 0, "the JSON is written");
	is_int(k.calls, 4, "the head, one write per student, the end");
	j = json_loads(k.p ? k.p : "", 0, &je);
	ok(j != NULL, "it parses (%s)", j ? "" : je.text);
	is_str(json_string_value(json_object_get(j, "policy")), "last", "policy");
	is_str(json_string_value(json_object_get(j, "invalid")), "count", "invalid");
	j2 = json_array_get(json_object_get(j, "exercises"), 1);
	cell = json_pack("{s:s, s:s, s:f, s:b}", "id", "q/z", "title", "Quiz", "weight", 0.5,
	    "quiz", 1);
	ok(json_equal(j2, cell), "an exercise: id, title, weight, quiz");
	json_decref(cell);
	st = json_array_get(json_object_get(j, "students"), 0);
	is_str(json_string_value(json_object_get(st, "login")), "s1", "a student's login");
	is_str(json_string_value(json_object_get(st, "name")), "One", "and name");
	cells = json_object_get(st, "cells");
	cell = json_object_get(cells, "c/a");
	ok(json_is_object(cell) && json_integer_value(json_object_get(cell, "id")) == 41 &&
	    json_real_value(json_object_get(cell, "score")) == 0.4 &&
	    strcmp(json_string_value(json_object_get(cell, "status")), "WrongAnswer") == 0 &&
	    json_is_false(json_object_get(cell, "valid")) && json_object_size(cell) == 4,
	    "a cell: {score, status, id, valid}");
	ok(json_is_null(json_object_get(cells, "q/z")), "no submission: null");
	/* 2 * 0.4 / 2.5 * 100 = 32 */
	ok(json_number_value(json_object_get(st, "total")) == 32, "total");
	st = json_array_get(json_object_get(j, "students"), 1);
	is_str(json_string_value(json_object_get(st, "name")), "", "no name: \"\"");
	j2 = gradebook_to_json(gb);
	ok(json_equal(j, j2), "gradebook_to_json() gives the same object");
	json_decref(j);
	json_decref(j2);
	sink_reset(&k);
	free(k.p);
	gradebook_free(gb);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		diag("cannot write %s", path);
}

static void
test_specs(void)
{
	char path[256], err[512] = "";
	struct gradebook *gb;
	int rc;

	tmp_dir_make("gradebook");
	snprintf(path, sizeof(path), "%s/current", tmp_dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/current/specs", tmp_dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/current/specs/c", tmp_dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/current/specs/c/a.json", tmp_dir);
	write_file(path, "{\"id\": \"c/a\", \"title\": \"A\", \"tester\": \"stdio\", \"weight\": 2.5}");
	snprintf(path, sizeof(path), "%s/current/specs/c/q.json", tmp_dir);
	write_file(path, "{\"id\": \"c/q\", \"title\": \"Q\", \"tester\": \"quiz\"}");
	snprintf(path, sizeof(path), "%s/current/specs/p.json", tmp_dir);
	write_file(path, "{\"id\": \"p\", \"title\": \"P\", \"tester\": \"stdio\", \"weight\": 0}");
	snprintf(path, sizeof(path), "%s/current/specs/notes.txt", tmp_dir);
	write_file(path, "not a spec");

	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, "c/");
	rc = gradebook_load_specs(gb, tmp_dir, err, sizeof(err));
	ok(rc == 0, "the specs load (%s)", err);
	is_int(gradebook_nexercises(gb), 2, "those under c/");
	ok(gradebook_exercise(gb, 0)->weight == 2.5, "a weight read");
	ok(gradebook_exercise(gb, 1)->weight == 1 && gradebook_exercise(gb, 1)->quiz,
	    "no weight: 1; tester quiz: a quiz");
	gradebook_free(gb);
	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	gradebook_load_specs(gb, tmp_dir, err, sizeof(err));
	ok(gradebook_nexercises(gb) == 3 && gradebook_exercise(gb, 2)->weight == 0,
	    "all of them without a prefix; a weight of 0 kept");
	gradebook_free(gb);

	snprintf(path, sizeof(path), "%s/current/specs/c/bad.json", tmp_dir);
	write_file(path, "{\"id\": \"c/bad\",\n\"weight\": -1}");
	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	rc = gradebook_load_specs(gb, tmp_dir, err, sizeof(err));
	ok(rc == -1 && strstr(err, "c/bad.json: \"weight\" must be a non-negative number"),
	    "a negative weight: %s", err);
	gradebook_free(gb);
	write_file(path, "{\"id\": \"c/bad\",\n\"weight\": \"2\"}");
	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	rc = gradebook_load_specs(gb, tmp_dir, err, sizeof(err));
	ok(rc == -1 && strstr(err, "non-negative number"), "a weight as a string: %s", err);
	gradebook_free(gb);
	write_file(path, "{\"id\": \"c/bad\",\n\"weight\": 1,,}");
	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	rc = gradebook_load_specs(gb, tmp_dir, err, sizeof(err));
	ok(rc == -1 && strstr(err, "c/bad.json:2: "), "broken JSON: file:line (%s)", err);
	gradebook_free(gb);
	write_file(path, "{\"title\": \"no id\"}");
	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	rc = gradebook_load_specs(gb, tmp_dir, err, sizeof(err));
	ok(rc == -1 && strstr(err, "c/bad.json: no \"id\""), "no id: %s", err);
	gradebook_free(gb);
	write_file(path, "{\"id\": \"c/a\"}");
	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	rc = gradebook_load_specs(gb, tmp_dir, err, sizeof(err));
	ok(rc == -1 && strstr(err, "\"c/a\" given twice"), "an id twice: %s", err);
	gradebook_free(gb);
	gb = gradebook_new(GRADEBOOK_BEST, GRADEBOOK_IGNORE, NULL);
	rc = gradebook_load_specs(gb, "/nonexistent", err, sizeof(err));
	ok(rc == -1 && strstr(err, "/nonexistent/current/specs: "), "no site: %s", err);
	gradebook_free(gb);
	tmp_dir_remove();
}

static void
test_names(void)
{
	enum gradebook_policy p;
	enum gradebook_invalid v;

	ok(gradebook_policy_parse("last-valid", &p) == 0 && p == GRADEBOOK_LAST_VALID,
	    "last-valid parses");
	ok(gradebook_policy_parse("Best", &p) == -1 && gradebook_policy_parse("", &p) == -1,
	    "unknown policies do not");
	is_str(gradebook_policy_name(GRADEBOOK_PRINTOUT), "printout", "policy names");
	ok(gradebook_invalid_parse("count", &v) == 0 && v == GRADEBOOK_COUNT &&
	    gradebook_invalid_parse("all", &v) == -1, "invalid: count, ignore");
	is_str(gradebook_invalid_name(GRADEBOOK_IGNORE), "ignore", "invalid names");
}

int
main(void)
{
	test_names();
	test_policies();
	test_ties_and_more();
	test_totals_and_filter();
	test_csvout();
	test_csv();
	test_json();
	test_specs();
	return tap_done();
}
