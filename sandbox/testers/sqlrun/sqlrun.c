/*
 * sqlrun.c - assay-sqlrun, the sqlite-query tester's program in the jail:
 * runs one query, read from standard input, against one database of the
 * box, and writes its result table to standard output.
 *
 *   assay-sqlrun DATABASE < QUERY
 *
 * It runs for the student's query and, in a run of its own, for the
 * author's answer (tester_sqlite.c). The query is hostile text: it is
 * parsed here, in the jail, never in the grader. It is accepted only when
 * it is one statement that reads: sqlite3_prepare_v2() must make a
 * statement that sqlite3_stmt_readonly() says changes nothing, that is no
 * EXPLAIN, and after which the text holds only white space and comments;
 * an authorizer refuses every action but reading (SELECT, a table's
 * columns, functions, recursive CTEs), so that ATTACH, PRAGMA, BEGIN,
 * ANALYZE and their kin, read-only for SQLite, are refused too. The
 * database is opened read-only and immutable (no locks, no journal), with
 * PRAGMA query_only, defensive mode, no extension loading, no attached
 * databases and untrusted schema.
 *
 * Output, one JSON value per line (jansson, compact):
 *   {"columns": [NAME, ...]}
 *   [VALUE, ...]                  one line per row, in the order of the
 *                                 result; NULL is null, an integer, a real
 *                                 or a text is a string (SQLite's own text
 *                                 of the value: 1, 2.5, abc), a blob or a
 *                                 text that is not UTF-8 is {"x": HEX}
 *   {"end": ROWS}                 the last line: the table is whole
 * The tester compares rows by their lines, so two values are equal when
 * SQLite's texts of them are (Codex compared the sqlite3 shell's text).
 *
 * Exit status: 0, the table written; 10, the query does not compile
 * (SQLite's message on standard error); 11, the query is refused (why, on
 * standard error); 12, an error while stepping (SQLite's message); 13, a
 * failure of the run itself (usage, the database cannot be opened, no
 * memory). Time, memory and output are the jail's to limit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "sandbox/testers/sqlrun/sqlrun.h"

/* Largest query read; a longer one is refused. */
#define SQLRUN_QUERY_MAX (1024 * 1024)

/* The first action the authorizer refused, or 0. */
static int refused;

static int
authorize(void *arg, int action, const char *a, const char *b, const char *c,
    const char *d)
{
	(void)arg, (void)b, (void)c, (void)d;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		if (a != NULL && strcmp(a, "load_extension") == 0)
			break;
		return SQLITE_OK;
	default:
		break;
	}
	if (refused == 0)
		refused = action;
	return SQLITE_DENY;
}

static void
refuse(const char *why)
{
	fprintf(stderr, "Only one SELECT statement (or WITH ... SELECT) that reads"
	    " the database is accepted: %s.\n", why);
	exit(SQLRUN_REFUSED);
}

/* The query on standard input, NUL-terminated; its length in *LEN. */
static char *
read_query(size_t *len)
{
	char *q = malloc(SQLRUN_QUERY_MAX + 2);
	size_t n;

	if (q == NULL)
		exit(SQLRUN_FAILED);
	n = fread(q, 1, SQLRUN_QUERY_MAX + 1, stdin);
	if (n > SQLRUN_QUERY_MAX)
		refuse("the query is longer than 1 MiB");
	q[n] = '\0';
	*len = n;
	return q;
}

static sqlite3 *
open_database(const char *path)
{
	char uri[4096];
	sqlite3 *db = NULL;

	snprintf(uri, sizeof(uri), "file:%s?immutable=1", path);
	if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0,
	    NULL) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA query_only = 1", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "assay-sqlrun: %s: %s\n", path,
		    db ? sqlite3_errmsg(db) : "out of memory");
		exit(SQLRUN_FAILED);
	}
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_set_authorizer(db, authorize, NULL);
	return db;
}

/* The one statement of Q (LEN bytes), checked as the header says. */
static sqlite3_stmt *
prepare(sqlite3 *db, const char *q, size_t len)
{
	sqlite3_stmt *st = NULL, *more = NULL;
	const char *tail = NULL, *end = q + len;

	if (sqlite3_prepare_v2(db, q, (int)len, &st, &tail) != SQLITE_OK) {
		if (refused != 0)
			refuse(refused == SQLITE_ATTACH || refused == SQLITE_DETACH ?
			    "ATTACH is not allowed" :
			    refused == SQLITE_PRAGMA ? "PRAGMA is not allowed" :
			    refused == SQLITE_TRANSACTION || refused == SQLITE_SAVEPOINT ?
			    "transactions are not allowed" :
			    "the statement would change the database");
		fprintf(stderr, "%s\n", sqlite3_errmsg(db));
		exit(SQLRUN_COMPILE);
	}
	if (st == NULL)
		refuse("the query is empty");
	if (!sqlite3_stmt_readonly(st))
		refuse("the statement would change the database");
	if (sqlite3_stmt_isexplain(st))
		refuse("EXPLAIN is not allowed");
	while (tail != NULL && tail < end) {
		const char *next = NULL;

		if (sqlite3_prepare_v2(db, tail, (int)(end - tail), &more,
		    &next) != SQLITE_OK || more != NULL)
			refuse("the text holds more than one statement");
		if (next == tail)
			break;
		tail = next;
	}
	return st;
}

static json_t *
hex_value(const unsigned char *p, int n)
{
	static const char digits[] = "0123456789abcdef";
	char *h = malloc((size_t)n * 2 + 1);
	json_t *v;

	if (h == NULL)
		exit(SQLRUN_FAILED);
	for (int i = 0; i < n; i++) {
		h[2 * i] = digits[p[i] >> 4];
		h[2 * i + 1] = digits[p[i] & 15];
	}
	h[2 * n] = '\0';
	v = json_pack("{s:s}", "x", h);
	free(h);
	return v;
}

/* Column I of the current row of ST, as the header says. */
static json_t *
value(sqlite3_stmt *st, int i)
{
	const unsigned char *p;
	json_t *v;
	int n;

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_BLOB:
		p = sqlite3_column_blob(st, i);
		return hex_value(p, sqlite3_column_bytes(st, i));
	default:
		p = sqlite3_column_text(st, i);
		n = sqlite3_column_bytes(st, i);
		if (p == NULL)
			return json_string("");
		if ((v = json_stringn((const char *)p, (size_t)n)) != NULL)
			return v;
		return hex_value(p, n);	/* not UTF-8 */
	}
}

static void
put_line(json_t *v)
{
	if (v == NULL || json_dumpf(v, stdout, JSON_COMPACT) == -1 ||
	    putchar('\n') == EOF)
		exit(SQLRUN_FAILED);
	json_decref(v);
}

static void
put_columns(sqlite3_stmt *st)
{
	json_t *cols = json_array();
	int n = sqlite3_column_count(st);

	for (int i = 0; cols != NULL && i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		json_t *s = json_string(name ? name : "");

		if (s == NULL && name != NULL)
			s = hex_value((const unsigned char *)name, (int)strlen(name));
		if (json_array_append_new(cols, s) == -1)
			exit(SQLRUN_FAILED);
	}
	put_line(json_pack("{s:o}", "columns", cols));
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	sqlite3_stmt *st;
	sqlite3 *db;
	long long rows = 0;
	size_t len;
	char *q;
	int rc, n;

	if (argc != 2) {
		fprintf(stderr, "usage: assay-sqlrun DATABASE < QUERY\n");
		return SQLRUN_FAILED;
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	q = read_query(&len);
	db = open_database(argv[1]);
	st = prepare(db, q, len);
	put_columns(st);
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = json_array();

		for (int i = 0; row != NULL && i < n; i++)
			if (json_array_append_new(row, value(st, i)) == -1)
				exit(SQLRUN_FAILED);
		put_line(row);
		rows++;
	}
	if (rc != SQLITE_DONE) {
		fflush(stdout);
		fprintf(stderr, "%s\n", sqlite3_errmsg(db));
		return SQLRUN_STEP;
	}
	put_line(json_pack("{s:I}", "end", (json_int_t)rows));
	return fflush(stdout) == 0 ? 0 : SQLRUN_FAILED;
}
