/*
 * buf.h - a growable byte buffer with HTML and URL escaping.
 *
 * Every output of sitegen is assembled in a struct buf and written to its file
 * with one write. Appending never fails visibly: on ENOMEM the buffer sets its
 * sticky `oom` flag and ignores further appends, so a caller builds a whole
 * page and checks once at the end.
 *
 * A zeroed struct buf (BUF_INIT) is an empty buffer. The buffer owns data;
 * data is NUL-terminated whenever len > 0 and oom is clear (the NUL is not
 * counted in len), so a buffer can be used as a C string.
 */
#ifndef SITEGEN_BUF_H
#define SITEGEN_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	int oom;		/* an append failed: the contents are incomplete */
};

#define BUF_INIT { NULL, 0, 0, 0 }

/* Frees what B owns and makes it empty again. */
void buf_free(struct buf *b);

/* Empties B but keeps its memory for reuse (and clears oom). */
void buf_reset(struct buf *b);

/* Makes room for N more bytes. Returns 0, or -1 (and sets oom). */
int buf_grow(struct buf *b, size_t n);

void buf_add(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, int c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Shortens B to LEN bytes (LEN <= b->len). */
void buf_truncate(struct buf *b, size_t len);

/*
 * Appends P (N bytes) escaped for HTML text and double-quoted attribute
 * values: & < > " become entities, everything else is copied.
 */
void buf_html(struct buf *b, const char *p, size_t n);
void buf_html_str(struct buf *b, const char *s);

/*
 * Appends the URL P (N bytes) for a double-quoted href or src attribute, the
 * way md4c-html does: & becomes &amp;, bytes outside the URL-safe set are
 * percent-encoded, existing %XX escapes are kept.
 */
void buf_url(struct buf *b, const char *p, size_t n);

/*
 * Hands the contents over to the caller (a NUL-terminated malloc'd string,
 * "" for an empty buffer) and empties B. NULL when oom is set or on ENOMEM.
 */
char *buf_steal(struct buf *b);

#endif
