/*
 * test_sqlite.c - the sqlite-query and accept testers through
 * engine_grade(), with real runs of assay-sqlrun in the jail (needs root):
 * right and wrong queries, order, refused statements, limits, and what a
 * private database hides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sandbox/engine/engine.h"
#include "sandbox/testers/sqlite_cache.h"
#include "sandbox/util/b64.h"
#include "tests/tap.h"
#include "tests/unit/engine_util.h"

#define TEST_UID_BASE 64975

static const char films_sql[] =
    "CREATE TABLE film(id INTEGER PRIMARY KEY, title TEXT, year INT);\n"
    "INSERT INTO film VALUES (1, 'Alien', 1979), (2, 'Brazil', 1985),\n"
    "  (3, 'Casablanca', 1942), (4, 'Dune', 1984), (5, 'Eraserhead', 1977);\n";
/* The private database: other films, a title no student may see. */
static const char secret_sql[] =
    "CREATE TABLE film(id INTEGER PRIMARY KEY, title TEXT, year INT);\n"
    "INSERT INTO film VALUES (1, 'Zardoz-secret', 1974), (2, 'Metropolis', 1927);\n";

/* The base64 text of the database SCRIPT makes (malloc'd). */
static char *
database(const char *script)
{
	sqlite3 *db = NULL;
	sqlite3_int64 size = 0;
	unsigned char *p;
	char *text;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, script, NULL, NULL, NULL) != SQLITE_OK ||
	    (p = sqlite3_serialize(db, "main", &size, 0)) == NULL) {
		fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	text = b64_encode(p, (size_t)size, NULL);
	sqlite3_free(p);
	sqlite3_close(db);
	return text;
}

/* A sqlite-query spec whose answer is ANSWER, on the public films and,
 * with PRIVATE, the secret ones. */
static struct spec *
sql_spec(const char *answer, int ignore_order, int private)
{
	struct spec *s = new_spec("sql/films", "Films", "sqlite-query");
	json_t *dbs = json_array();
	char *pub = database(films_sql), *priv = database(secret_sql);

	spec_add_language(s, "sql");
	json_array_append_new(dbs, json_pack("{s:s, s:b, s:s}", "name", "films.sqlite",
	    "public", 1, "data", pub));
	if (private)
		json_array_append_new(dbs, json_pack("{s:s, s:b, s:s}", "name",
		    "secret.sqlite", "public", 0, "data", priv));
	json_object_set_new(s->options, "databases", dbs);
	json_object_set_new(s->options, "answer", json_string(answer));
	if (ignore_order)
		json_object_set_new(s->options, "ignore-order", json_true());
	free(pub);
	free(priv);
	return s;
}

static void
expect(const struct spec *s, const char *query, const char *label, const char *text,
    const char *what)
{
	struct grade_result r;

	is_int(grade_timed(s, "sql", query, &r, what), 0, "%s: graded", what);
	is_str(label_name(r.status), label, "%s: %s", what, label);
	ok(text == NULL || has(r.report, text), "%s: report has \"%s\"", what,
	    text ? text : "");
	if ((text != NULL && !has(r.report, text)) || strcmp(label_name(r.status), label))
		diag("report: %s\nlog: %s", r.report ? r.report : "", r.log ? r.log : "");
	grade_result_clear(&r);
}

static void
test_results(void)
{
	struct spec *s = sql_spec("SELECT title FROM film WHERE year > 1978 ORDER BY title", 0, 0);
	struct spec *u = sql_spec("SELECT title FROM film WHERE year > 1978", 1, 0);
	struct grade_result r;

	expect(s, "select title from film where year >= 1979 order by 1;",
	    "Accepted", "expected result on the database", "right query");
	expect(s, "SELECT title AS t FROM film WHERE year > 1978 ORDER BY title",
	    "Accepted", NULL, "another column name is no matter");
	expect(s, "SELECT title FROM film WHERE year > 1978 ORDER BY title DESC",
	    "WrongAnswer", "row 1 expected: Alien", "wrong order");
	expect(u, "SELECT title FROM film WHERE year > 1978 ORDER BY title DESC",
	    "Accepted", NULL, "wrong order with ignore-order");
	expect(u, "SELECT title FROM film WHERE year > 1980",
	    "WrongAnswer", "Rows expected but not obtained:\n    Alien", "a row missing, unordered");
	expect(s, "SELECT title FROM film ORDER BY title", "WrongAnswer",
	    "expected 3 rows, obtained 5", "rows too many: counts");
	grade(s, "sql", "SELECT title FROM film ORDER BY title", &r);
	ok(has(r.report, "row 3 expected: Dune") && has(r.report, "row 3 obtained: Casablanca") &&
	    has(r.report, "row 5 expected: (no row)") && !has(r.report, "row 2 "),
	    "the rows from the first that differs are shown");
	is_str(field(&r, 0, "name"), "films.sqlite", "the public database is named");
	ok(r.score == 0, "score 0");
	grade_result_clear(&r);
	json_object_set_new(s->options, "compare-column-names", json_true());
	expect(s, "SELECT title AS t FROM film WHERE year > 1978 ORDER BY title",
	    "WrongAnswer", "named differently", "compare-column-names");
	spec_free(s);
	spec_free(u);
}

static void
test_refused(void)
{
	struct spec *s = sql_spec("SELECT title FROM film ORDER BY title", 0, 0);

	expect(s, "SELEC title FROM film", "CompileError", "syntax error", "syntax error");
	expect(s, "SELECT nope FROM film", "CompileError", "no such column: nope",
	    "unknown column");
	expect(s, "DELETE FROM film", "CompileError", "would change the database",
	    "DELETE refused");
	expect(s, "INSERT INTO film VALUES (9, 'x', 1)", "CompileError",
	    "would change the database", "INSERT refused");
	expect(s, "ATTACH 'films.sqlite' AS x", "CompileError", "ATTACH is not allowed",
	    "ATTACH refused");
	expect(s, "PRAGMA query_only = 0", "CompileError", "PRAGMA is not allowed",
	    "PRAGMA write refused");
	expect(s, "SELECT title FROM film; DELETE FROM film", "CompileError",
	    "more than one statement", "two statements refused");
	expect(s, "SELECT 1; SELECT 2", "CompileError", "more than one statement",
	    "two SELECTs refused");
	expect(s, "  -- nothing\n", "CompileError", "empty", "an empty query");
	expect(s, "SELECT abs(-9223372036854775807 - 1)", "RuntimeError",
	    "integer overflow", "an error while running");
	spec_free(s);
}

static void
test_limits(void)
{
	struct spec *s = sql_spec("SELECT title FROM film ORDER BY title", 0, 0);

	s->limits.cpu_ms = 500;
	expect(s, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
	    " SELECT count(*) FROM c", "TimeLimitExceeded", "time limit",
	    "an endless recursive CTE");
	s->limits.cpu_ms = 0;
	expect(s, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
	    " SELECT x, 'padding padding padding' FROM c", "RuntimeError",
	    "output limit", "huge output");
	spec_free(s);
}

static void
test_private(void)
{
	struct spec *s = sql_spec("SELECT title FROM film ORDER BY title", 0, 1);
	struct grade_result r;
	char *tests;

	expect(s, "SELECT title FROM film ORDER BY title", "Accepted",
	    "every database", "right on both databases");
	grade(s, "sql", "SELECT title FROM film WHERE title < 'N' ORDER BY title", &r);
	is_str(label_name(r.status), "WrongAnswer", "wrong on the private one");
	ok(r.score == 0.5, "score 1/2");
	tests = json_dumps(r.tests, 0);
	ok(!has(r.report, "Zardoz") && !has(tests, "Zardoz") && !has(r.report, "secret") &&
	    !has(tests, "secret"), "the private database's rows and name are hidden");
	ok(has(r.report, "Database private 1: wrong result.\n"), "it says only that it failed");
	free(tests);
	grade_result_clear(&r);
	grade(s, "sql", "SELECT x FROM (SELECT 1 AS x) WHERE x/0 IS NULL", &r);
	grade_result_clear(&r);
	json_object_set_new(s->options, "answer", json_string("SELEC oops"));
	grade(s, "sql", "SELECT 1", &r);
	is_str(label_name(r.status), "MiscError", "an answer that fails: MiscError");
	ok(has(r.log, "the answer failed"), "logged: %s", r.log ? r.log : "");
	grade_result_clear(&r);
	spec_free(s);
}

static void
test_accept(void)
{
	struct spec *s = new_spec("misc/clean", "Clean", "accept");
	struct grade_result r;

	spec_add_language(s, "sh");
	is_int(grade(s, "sh", "rm -f *.aux\n", &r), 0, "accept: graded");
	is_str(label_name(r.status), "Accepted", "a shell script: Accepted");
	ok(has(r.report, "graded by hand"), "the report says it is graded by hand");
	ok(r.score == 1 && json_array_size(r.tests) == 0, "score 1, no tests");
	grade_result_clear(&r);
	grade(s, "python", "print(1)\n", &r);
	is_str(label_name(r.status), "CompileError", "a language the page does not name");
	grade_result_clear(&r);
	spec_free(s);
}

/* The answers' tables kept between gradings (sqlite_cache.h). */
static void
test_cache(void)
{
	uint64_t h = sqlite_cache_hash("db", 2);
	size_t len = 0;
	char *got, id[32];

	ok(h != sqlite_cache_hash("dc", 2), "cache: the hash tells databases apart");
	sqlite_cache_put("e/x", "select 1", 2, h, "T1\n", 3);
	got = sqlite_cache_get("e/x", "select 1", 2, h, &len);
	ok(got != NULL && len == 3 && strcmp(got, "T1\n") == 0, "cache: kept");
	free(got);
	ok(sqlite_cache_get("e/x", "select 2", 2, h, &len) == NULL &&
	    sqlite_cache_get("e/y", "select 1", 2, h, &len) == NULL &&
	    sqlite_cache_get("e/x", "select 1", 3, h, &len) == NULL &&
	    sqlite_cache_get("e/x", "select 1", 2, h + 1, &len) == NULL,
	    "cache: another exercise, answer or database misses");
	for (int i = 0; i < SQLITE_CACHE_ENTRIES; i++) {
		snprintf(id, sizeof(id), "e/%d", i);
		sqlite_cache_put(id, "select 1", 2, h, "T\n", 2);
	}
	ok(sqlite_cache_get("e/x", "select 1", 2, h, &len) == NULL,
	    "cache: the oldest entry is replaced");
}

int
main(void)
{
	if (skip_without_root())
		return 0;
	box_root_make(TEST_UID_BASE);
	test_results();
	test_refused();
	test_limits();
	test_private();
	test_accept();
	test_cache();
	ok(box_root_remove() == 0, "nothing else is left in the box root");
	return tap_done();
}
