/*
 * csv.h - a reader for comma-separated files (RFC 4180): fields may be
 * quoted with '"', quotes doubled inside; records end with LF or CRLF; a
 * quoted field may span lines. Used for `assay user import`; fuzzed by
 * tests/fuzz/fuzz_form.c.
 */
#ifndef ASSAY_CSV_H
#define ASSAY_CSV_H

#include <stddef.h>

#define CSV_FIELDS_MAX 32	/* more fields in a record is an error */
#define CSV_FIELD_MAX 4096	/* bytes in one field */

struct csv {
	const char *p, *end;	/* what is left of the input */
	size_t line;		/* line where the current record starts (1-based) */
	size_t next_line;
	char buf[CSV_FIELDS_MAX][CSV_FIELD_MAX + 1];
	char *field[CSV_FIELDS_MAX];
	size_t nfields;
	const char *error;	/* why csv_next() returned -1 */
};

/* Starts reading DATA (LEN bytes, which must stay alive). */
void csv_init(struct csv *c, const char *data, size_t len);

/*
 * Reads the next record into c->field[0..c->nfields-1] (NUL-terminated,
 * valid until the next call). Returns 1 for a record, 0 at the end, -1 on a
 * malformed record (c->error says why, c->line where). Blank lines are
 * skipped.
 */
int csv_next(struct csv *c);

#endif
