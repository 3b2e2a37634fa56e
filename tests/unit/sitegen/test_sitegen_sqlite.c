/*
 * test_sitegen_sqlite.c - the fields of the sqlite-query and accept
 * testers as sitegen reads them into specs: databases (SQLite files and
 * .sql scripts, public and private), the answer checked on each, the
 * flags, the languages; each mistake with its place.
 *
 * Runs from the repository root.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sandbox/format/spec.h"
#include "sandbox/util/b64.h"
#include "sandbox/util/buf.h"
#include "sitegen/diag.h"
#include "sitegen/exercise.h"
#include "sitegen/page.h"
#include "tests/tap.h"
#include "tests/unit/sitegen_util.h"

static json_t *grading, *deps;

/* Does a diagnostic, after the course root ROOT, start with MESSAGE? */
static int
has(const char *root, const char *message)
{
	char want[1024];

	snprintf(want, sizeof(want), "%s/%s", root, message);
	return strstr(diag_str(), want) != NULL;
}

static struct spec *
course_spec(const char *root, const char *path)
{
	json_object_clear(grading);
	json_object_clear(deps);
	return spec_with(root, path, grading, NULL, deps);
}

/* Makes the SQLite file ROOT/REL with SCRIPT. */
static void
make_db(const char *root, const char *rel, const char *script)
{
	char path[PATH_MAX];
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, script, NULL, NULL, NULL) != SQLITE_OK)
		fprintf(stderr, "make_db: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* How many rows of film the database of spec S's entry I has. */
static int
films(const struct spec *s, size_t i)
{
	json_t *e = json_array_get(json_object_get(s->options, "databases"), i);
	const char *b = json_string_value(json_object_get(e, "data"));
	size_t len;
	unsigned char *data = b ? (unsigned char *)b64_decode(b, strlen(b), &len) : NULL;
	unsigned char *copy;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int n = -1;

	if (data == NULL || (copy = sqlite3_malloc64(len)) == NULL)
		return -1;
	memcpy(copy, data, len);
	free(data);
	if (sqlite3_open(":memory:", &db) == SQLITE_OK &&
	    sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
	    SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM film", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void
test_databases(const char *root)
{
	struct spec *s;
	const json_t *dbs;

	make_db(root, "q/db/films.sqlite", "CREATE TABLE film(title TEXT);"
	    "INSERT INTO film VALUES ('Alien'), ('Brazil');");
	put(root, "q/db/hidden.sql", "CREATE TABLE film(title TEXT);\n"
	    "INSERT INTO film VALUES ('Zardoz'), ('Dune'), ('Heat');\n");
	put(root, "q/db/broken.sql", "CREATE TABLE film(title TEXT;\n");
	put(root, "q/db/not.sqlite", "hello\n");

	put(root, "q/ok.md", "---\ntester: sqlite-query\nlanguage: SQL\n"
	    "public-databases: [ \"db/films.sqlite\" ]\nprivate-databases: db/hidden.sql\n"
	    "ignore-order: true\ncompare-column-names: yes\n"
	    "answer: |\n ~~~\n select title\n from film\n ~~~\n"
	    "code: |\n ~~~\n -- your query\n ~~~\n...\n\n# Films\n");
	s = course_spec(root, "q/ok.md");
	ok(s != NULL, "a sqlite-query page: %s", diag_str());
	if (s == NULL)
		return;
	dbs = json_object_get(s->options, "databases");
	is_str(s->languages[0], "sql", "language SQL is sql");
	is_str(json_string_value(json_object_get(s->options, "answer")),
	    "select title\nfrom film\n", "the answer without its fence");
	is_int(json_array_size(dbs), 2, "two databases");
	is_str(json_string_value(json_object_get(json_array_get(dbs, 0), "name")),
	    "films.sqlite", "the public one first, by its file's name");
	ok(json_is_true(json_object_get(json_array_get(dbs, 0), "public")) &&
	    json_is_false(json_object_get(json_array_get(dbs, 1), "public")), "public, private");
	is_int(films(s, 0), 2, "the SQLite file carried whole");
	is_int(films(s, 1), 3, "the .sql script made into a database");
	ok(json_object_get(grading, "q/db/hidden.sql") != NULL &&
	    json_object_get(grading, "q/db/films.sqlite") == NULL,
	    "the private database is a grading file, the public one is not");
	ok(json_object_get(deps, "q/db/films.sqlite") != NULL,
	    "the public one is a dependency");
	ok(json_is_true(json_object_get(s->options, "ignore-order")) &&
	    json_is_true(json_object_get(s->options, "compare-column-names")), "the flags");
	spec_free(s);

	put(root, "q/codex.md", "---\ntester: sqlite-query\nlanguage: sql\n"
	    "databases: db/films.sqlite\nprivate-databases: []\n"
	    "answer: select 1\n...\n");
	s = course_spec(root, "q/codex.md");
	ok(s != NULL && json_array_size(json_object_get(s->options, "databases")) == 1,
	    "Codex's databases: is public-databases; [] is none: %s", diag_str());
	spec_free(s);
}

/* Page NAME with FIELDS fails with MESSAGE (after "q/NAME.md:"). */
static void
fails(const char *root, const char *name, const char *fields, const char *message)
{
	char rel[256], text[2048], want[1024];
	struct spec *s;

	snprintf(rel, sizeof(rel), "q/%s.md", name);
	snprintf(text, sizeof(text), "---\ntester: sqlite-query\n%s...\n", fields);
	put(root, rel, text);
	snprintf(want, sizeof(want), "%s:%s", rel, message);
	s = course_spec(root, rel);
	ok(s == NULL && has(root, want), "%s: %s", name, diag_line());
	spec_free(s);
}

static void
test_errors(const char *root)
{
	fails(root, "noanswer", "language: sql\npublic-databases: db/films.sqlite\n",
	    "2: a sqlite-query exercise needs its \"answer\"");
	fails(root, "nodb", "language: sql\nanswer: select 1\n",
	    "2: no databases: give public-databases");
	fails(root, "nomatch", "language: sql\nanswer: select 1\npublic-databases: db/x*.db\n",
	    "5: public-databases: no file matches \"db/x*.db\"");
	fails(root, "notdb", "language: sql\nanswer: select 1\npublic-databases: db/not.sqlite\n",
	    "5: public-databases: q/db/not.sqlite is not an SQLite database");
	fails(root, "script", "language: sql\nanswer: select 1\nprivate-databases: db/broken.sql\n",
	    "5: private-databases: q/db/broken.sql: near \";\": syntax error");
	fails(root, "typo", "language: sql\nanswer: select titel from film\n"
	    "public-databases: db/films.sqlite\n",
	    "4: answer: on q/db/films.sqlite: no such column: titel");
	fails(root, "write", "language: sql\nanswer: delete from film\n"
	    "public-databases: db/films.sqlite\n", "4: answer: must be one SELECT");
	fails(root, "lang", "language: python\nanswer: select 1\n"
	    "public-databases: db/films.sqlite\n", "3: the sqlite-query tester grades SQL");
	fails(root, "both", "language: sql\nanswer: select 1\ndatabases: db/films.sqlite\n"
	    "public-databases: db/films.sqlite\n", "5: use either \"databases\"");
	fails(root, "flag", "language: sql\nanswer: select 1\ndatabases: db/films.sqlite\n"
	    "ignore-order: maybe\n", "6: field \"ignore-order\" must be yes or no");
	fails(root, "outside", "language: sql\nanswer: select 1\n"
	    "public-databases: ../../../etc/passwd\n", "5: public-databases: /");
	put(root, "s/a.md", "---\ntester: stdio\nlanguage: c\ninputs: [\"1\"]\noutputs: [\"1\"]\n"
	    "answer: select 1\n...\n");
	ok(course_spec(root, "s/a.md") == NULL &&
	    has(root, "s/a.md:6: field \"answer\" is for the sqlite-query tester, not stdio"),
	    "answer on a stdio page: %s", diag_line());
}

static void
test_accept(const char *root)
{
	struct spec *s;

	put(root, "a/clean.md", "---\ntester: accept\nlanguage: sh\n...\n\n# Clean\n");
	s = course_spec(root, "a/clean.md");
	ok(s != NULL && s->nlanguages == 1 && strcmp(s->languages[0], "sh") == 0 &&
	    s->ntests == 0, "accept: language sh, no tests, no error: %s", diag_str());
	spec_free(s);
	put(root, "a/two.md", "---\ntester: accept\nlanguages: [Python3, latex]\n...\n");
	s = course_spec(root, "a/two.md");
	ok(s != NULL && strcmp(s->languages[0], "python") == 0 &&
	    strcmp(s->languages[1], "latex") == 0, "known names made canonical, others kept");
	spec_free(s);
	put(root, "a/bad.md", "---\ntester: accept\nlanguage: \"../x y\"\n...\n");
	s = course_spec(root, "a/bad.md");
	ok(s == NULL && has(root, "a/bad.md:3: language \"../x y\" is not one"),
	    "a language that is no plain name: %s", diag_line());
	spec_free(s);
	put(root, "s/sh.md", "---\ntester: stdio\nlanguage: sh\ninputs: [\"1\"]\noutputs: [\"1\"]\n...\n");
	ok(course_spec(root, "s/sh.md") == NULL, "sh is for accept only");
}

/* base64 (sandbox/util/b64.h), how the databases travel. */
static void
test_b64(void)
{
	static const char bytes[] = "SQLite format 3\0\xff\x01";
	char *t, *d;
	size_t n = 0;

	for (size_t len = 0; len <= sizeof(bytes); len++) {
		t = b64_encode(bytes, len, NULL);
		d = t ? b64_decode(t, strlen(t), &n) : NULL;
		if (d == NULL || n != len || memcmp(d, bytes, len) != 0)
			ok(0, "b64: %zu bytes round trip", len);
		free(t);
		free(d);
	}
	t = b64_encode("ab", 2, &n);
	is_str(t, "YWI=", "b64: padding");
	free(t);
	ok(b64_decode("YWI", 3, &n) == NULL && b64_decode("Y=I=", 4, &n) == NULL &&
	    b64_decode("YW\nI", 4, &n) == NULL && b64_decode("=AAA", 4, &n) == NULL,
	    "b64: what is not base64 is refused");
}

int
main(void)
{
	char *root = tmpdir();

	grading = json_object();
	deps = json_object();
	put(root, "q/db/.keep", "");
	test_databases(root);
	test_errors(root);
	test_accept(root);
	test_b64();
	json_decref(grading);
	json_decref(deps);
	buf_free(&diag_text);
	tmpdir_remove(root);
	return tap_done();
}
