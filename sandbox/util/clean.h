/*
 * clean.h - untrusted bytes (a program's output, a compiler's message) made
 * fit to show a student: valid UTF-8, within limits of bytes and lines,
 * saying what was cut off.
 */
#ifndef ASSAY_CLEAN_H
#define ASSAY_CLEAN_H

#include <stddef.h>

struct buf;

/*
 * Appends to B the N bytes of untrusted S, cleaned by clean_text() to at
 * most MAX_BYTES and MAX_LINES, each line preceded by INDENT. An empty S
 * shows as "(nothing)", a missing final newline and what was cut off are
 * said. On ENOMEM, B's oom is set.
 */
void clean_block(struct buf *b, const char *s, size_t n, size_t max_bytes,
    size_t max_lines, const char *indent);

/*
 * A copy of the longest prefix of the N bytes of S that fits in MAX_BYTES
 * (0: no limit) and MAX_LINES lines (0: no limit), made valid UTF-8: each
 * invalid byte and each NUL becomes U+FFFD, and no character is cut in two.
 * *USED (may be NULL) is set to the number of bytes of S kept. Returns the
 * copy (malloc'd, NUL-terminated; the caller frees it) or NULL on ENOMEM.
 */
char *clean_text(const char *s, size_t n, size_t max_bytes, size_t max_lines,
    size_t *used);

/*
 * clean_text() of the N bytes of S, and when they did not all fit, a
 * last line saying so ("[... 120 more bytes not shown]\n", after a newline
 * if the kept text lacks one). NULL on ENOMEM.
 */
char *clean_text_noted(const char *s, size_t n, size_t max_bytes,
    size_t max_lines);

/*
 * A copy of S with every occurrence of FROM replaced by TO (malloc'd), or
 * NULL on ENOMEM. An empty FROM replaces nothing. (What makes the box's
 * paths relative in a message shown to a student.)
 */
char *clean_replace(const char *s, const char *from, const char *to);

/*
 * The length of the valid UTF-8 sequence at S (N bytes left): 1 to 4, or
 * 0 when S does not begin one (a stray byte, an overlong form, a
 * surrogate, beyond U+10FFFF, cut short).
 */
size_t clean_utf8_len(const unsigned char *s, size_t n);

#endif
