/*
 * ident.h - header identifiers as Pandoc makes them.
 *
 * Every header of a page gets an id: the one its attributes give
 * ({#intro}), or one derived from its text the way Pandoc's Markdown reader
 * does (extension auto_identifiers), because quiz question ids are derived
 * from header text and must be the ones a Codex course had:
 *   - the text is the header's plain text (formatting, link targets and raw
 *     HTML dropped; code and TeX kept), with Pandoc's smart punctuation
 *     ("--", "---" and "..." are dashes and an ellipsis, so dropped);
 *   - lower-cased; every character that is not a letter, digit, space,
 *     '_', '-' or '.' removed; words joined by single '-';
 *   - everything before the first letter removed; "section" when nothing is
 *     left;
 *   - made unique within the page by appending -1, -2, ... (explicit ids
 *     count as used too).
 * Letters, digits and case are Unicode's as glibc's C.UTF-8 locale
 * classifies them (Haskell's differ only for rare characters, such as
 * digits of other scripts at the start of a header).
 */
#ifndef SITEGEN_IDENT_H
#define SITEGEN_IDENT_H

#include <jansson.h>

/* The ids used on one page. Zero it, then ident_set_free it. */
struct ident_set {
	json_t *used;
};

/*
 * The base identifier of plain text TEXT (NUL-terminated UTF-8): a new
 * string (free it), never empty; NULL on ENOMEM.
 */
char *ident_from_text(const char *text);

/*
 * Records ID as used. Returns 0, 1 when it was used already, -1 on ENOMEM.
 */
int ident_use(struct ident_set *s, const char *id);

/*
 * The unique id for BASE (BASE itself, or BASE-N with the smallest N >= 1
 * not yet used), recorded as used: a new string, NULL on ENOMEM.
 */
char *ident_unique(struct ident_set *s, const char *base);

void ident_set_free(struct ident_set *s);

#endif
