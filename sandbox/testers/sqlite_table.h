/*
 * sqlite_table.h - the sqlite-query tester's text work, apart from the
 * jail: a result table as assay-sqlrun writes it (sqlrun/sqlrun.c: a JSON
 * value per line, the columns, each row, {"end": N}) read from a run's
 * output, which is untrusted text, and two tables compared, with what
 * differs written for the student. tests/fuzz/fuzz_sqltable.c fuzzes it.
 */
#ifndef ASSAY_SQLITE_TABLE_H
#define ASSAY_SQLITE_TABLE_H

#include <stddef.h>

struct buf;

/* Rows shown in each list of a difference. */
#define SQLITE_TABLE_SHOW 5

/* A table: lines of TEXT, each NUL-terminated in place. */
struct sqlite_table {
	char *text;		/* owned */
	const char *columns;	/* the first line: {"columns":[...]} */
	char **rows;		/* each row's line, a JSON array (owned array) */
	size_t n;
};

/*
 * Reads the LEN bytes of OUT into T: the columns' line, the rows' lines
 * (each starting with '[') and a last line {"end": N} whose N is their
 * number, every line ending with a newline. Returns 0, or -1 when OUT is
 * not such a table or on ENOMEM (T then empty). Free T with
 * sqlite_table_clear() either way.
 */
int sqlite_table_parse(const char *out, size_t len, struct sqlite_table *t);

/* Frees what T holds and empties it. */
void sqlite_table_clear(struct sqlite_table *t);

/*
 * Is GOT the table WANT: the same rows (lines) in order, or as a multiset
 * with IGNORE_ORDER, and with COMPARE_NAMES the same columns' line too?
 * Returns 1, or 0 with what differs appended to DETAIL (indented lines:
 * the columns' names; or the rows from the first that differs, expected
 * and obtained; or, ignoring order, rows missing and rows not expected, at
 * most SQLITE_TABLE_SHOW of each, values shown as a | NULL | X'00ff',
 * cleaned for a student); -1 on ENOMEM.
 */
int sqlite_table_compare(const struct sqlite_table *want, const struct sqlite_table *got,
    int ignore_order, int compare_names, struct buf *detail);

#endif
