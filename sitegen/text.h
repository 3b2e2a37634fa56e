/*
 * text.h - small facts about text: UTF-8 validity and line numbers.
 */
#ifndef SITEGEN_TEXT_H
#define SITEGEN_TEXT_H

#include <stddef.h>

/*
 * The offset of the first byte of P (N bytes) that is not part of well-formed
 * UTF-8 (no overlong forms, surrogates or code points above U+10FFFF), or N
 * when all of P is valid. NUL bytes are valid.
 */
size_t text_utf8_invalid(const char *p, size_t n);

/* The 1-based line number of offset OFF in P (counts '\n' before OFF). */
unsigned text_line_of(const char *p, size_t off);

/* Does P (N bytes) start with a UTF-8 byte order mark? */
int text_has_bom(const char *p, size_t n);

#endif
