/*
 * csvout.h - writing CSV (RFC 4180), a row at a time.
 *
 * The counterpart of csv.h (which reads). Rows end with CRLF; a field is
 * quoted when it holds a comma, a double quote, CR or LF, and a double quote
 * inside is doubled. Bytes are written as given (UTF-8 in, UTF-8 out).
 *
 * Spreadsheet formula injection: a text field (csvout_text) that begins
 * with '=', '+', '-', '@', a tab or CR is written with a leading
 * apostrophe ("'=cmd()"), as OWASP recommends, so that a spreadsheet shows
 * it as text instead of running it. Numbers (csvout_number) are not text
 * and are written as they are.
 *
 * A row is built in a buffer of the writer's and handed to the write
 * callback whole, once per row (csvout_end_row): the memory is one row's,
 * whatever the number of rows.
 *
 * Returns: 0, or -1 when memory ran out or the callback failed; after an
 * error every call returns -1 and writes nothing more.
 */
#ifndef ASSAY_CSVOUT_H
#define ASSAY_CSVOUT_H

#include <stddef.h>

/*
 * Where the bytes go: LEN bytes at BUF (not NUL-terminated). Returns 0, or
 * non-zero to stop the writing (an error).
 */
typedef int csvout_write_fn(const char *buf, size_t len, void *ctx);

struct csvout {
	csvout_write_fn *write;
	void *ctx;
	char *buf;		/* the row being built */
	size_t len, cap;
	int fields;		/* fields in the row so far */
	int failed;
};

/* Starts a writer to WRITE with CTX. Nothing is allocated yet. */
void csvout_init(struct csvout *c, csvout_write_fn *write, void *ctx);

/* Adds a text field (NULL: an empty one), guarded against formulas. */
int csvout_text(struct csvout *c, const char *s);

/* Adds a field of LEN bytes at S as it is, quoted only as RFC 4180 needs. */
int csvout_raw(struct csvout *c, const char *s, size_t len);

/*
 * Adds a number with at most DECIMALS decimals and a dot, trailing zeros
 * after the dot dropped when TRIM (0.5, 1, 0.3333), kept otherwise (87.50).
 */
int csvout_number(struct csvout *c, double v, int decimals, int trim);

/* Adds an empty field. */
int csvout_empty(struct csvout *c);

/* Ends the row (CRLF) and writes it with one call of the callback. */
int csvout_end_row(struct csvout *c);

/* Frees the row buffer. C may be used again after csvout_init(). */
void csvout_free(struct csvout *c);

#endif
