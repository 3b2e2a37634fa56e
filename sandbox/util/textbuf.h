/*
 * textbuf.h - building the texts of a report: a growing string, and untrusted
 * bytes (a program's output, a compiler's message) made fit to show.
 *
 * A struct textbuf remembers an allocation failure instead of returning it from
 * every call: build freely, then textbuf_finish() says whether it all worked
 * (the pattern of a sticky error, as in stdio's ferror).
 */
#ifndef ASSAY_TEXTBUF_H
#define ASSAY_TEXTBUF_H

#include <stddef.h>

struct textbuf {
	char *s;	/* NUL-terminated once anything was added; may be NULL */
	size_t len, cap;
	int failed;	/* an allocation failed: the text is incomplete */
};

/* An empty text. Nothing to free until something is added. */
void textbuf_init(struct textbuf *t);

/* Appends N bytes of S (taken as they are). */
void textbuf_add(struct textbuf *t, const char *s, size_t n);

/* Appends a NUL-terminated string. */
void textbuf_puts(struct textbuf *t, const char *s);

/* Appends formatted text. */
void textbuf_printf(struct textbuf *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Appends N bytes of untrusted S, cleaned by textbuf_clean() to at most
 * MAX_BYTES and MAX_LINES, each line preceded by INDENT. An empty S shows as
 * "(nothing)", a missing final newline and what was cut off are said.
 */
void textbuf_block(struct textbuf *t, const char *s, size_t n, size_t max_bytes,
    size_t max_lines, const char *indent);

/*
 * The finished string, which the caller now owns (free it), and T is empty
 * again. NULL when an allocation failed along the way (T is freed then).
 */
char *textbuf_finish(struct textbuf *t);

/* Frees what T holds and empties it. */
void textbuf_free(struct textbuf *t);

/*
 * A copy of the longest prefix of the N bytes of S that fits in MAX_BYTES
 * (0: no limit) and MAX_LINES lines (0: no limit), made valid UTF-8: each
 * invalid byte and each NUL becomes U+FFFD, and no character is cut in two.
 * *USED (may be NULL) is set to the number of bytes of S kept. Returns the
 * copy (malloc'd, NUL-terminated; the caller frees it) or NULL on ENOMEM.
 */
char *textbuf_clean(const char *s, size_t n, size_t max_bytes, size_t max_lines,
    size_t *used);

/*
 * textbuf_clean() of the N bytes of S, and when they did not all fit, a
 * last line saying so ("[... 120 more bytes not shown]\n", after a newline
 * if the kept text lacks one). NULL on ENOMEM.
 */
char *textbuf_clean_noted(const char *s, size_t n, size_t max_bytes,
    size_t max_lines);

/*
 * A copy of S with every occurrence of FROM replaced by TO (malloc'd), or
 * NULL on ENOMEM. An empty FROM replaces nothing.
 */
char *textbuf_replace(const char *s, const char *from, const char *to);

#endif
