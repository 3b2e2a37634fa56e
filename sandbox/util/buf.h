/*
 * buf.h - a growable byte buffer: the one every part of Assay builds its
 * texts in (a student's report, a page of the site, a spec).
 *
 * Appending never fails visibly: on ENOMEM the buffer sets its sticky `oom`
 * flag and ignores further appends, so a caller builds a whole text and
 * checks once at the end (the pattern of stdio's ferror): buf_steal() says
 * whether it all worked.
 *
 * A zeroed struct buf (BUF_INIT) is an empty buffer. The buffer owns data;
 * data is NULL until something is added (even "") and NUL-terminated from
 * then on while oom is clear (the NUL is not counted in len), so a buffer
 * can be used as a C string.
 */
#ifndef ASSAY_BUF_H
#define ASSAY_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	int oom;		/* an append failed: the contents are incomplete */
};

#define BUF_INIT { NULL, 0, 0, 0 }

/* Makes B an empty buffer (BUF_INIT, for a buffer already declared).
 * Nothing to free until something is added. */
void buf_init(struct buf *b);

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
 * Hands the contents over to the caller (a NUL-terminated malloc'd string,
 * "" for an empty buffer; the caller frees it) and empties B. NULL when oom
 * is set (B is freed then) or on ENOMEM.
 */
char *buf_steal(struct buf *b);

#endif
