/*
 * printout.h - one printable HTML document of the submissions a gradebook
 * chose: exam transcripts.
 *
 * For each student of the gradebook (gradebook.h), a section (a page when
 * printed: print CSS breaks the page after each) with their name and login,
 * then for each exercise its title and id and either "no submission" or the
 * chosen submission's label, score, received time (ISO 8601, UTC), validity
 * and code in a <pre>. Readable on screen too.
 *
 * The document is UTF-8; every string from outside (names, titles, code) is
 * escaped (& < > " '), bytes that are not valid UTF-8 and control characters
 * other than tab and newline are shown as U+FFFD, so no code can end the
 * <pre> or run a script.
 *
 * The printout never touches the store: the code of each chosen submission
 * is asked for through a callback.
 */
#ifndef ASSAY_PRINTOUT_H
#define ASSAY_PRINTOUT_H

#include <stddef.h>
#include <stdint.h>

#include "fcgi/gradebook.h"

/*
 * The code of submission ID, for the printout: *CODE and *LEN set to bytes
 * that stay the callback's and valid until its next call (or the end of
 * printout_write()); the caller keeps one buffer in CTX and replaces it.
 * Returns 0, 1 when the code is not available (the printout says so), or
 * -1 to stop the printout (an error).
 */
typedef int printout_code_fn(uint64_t id, const char **code, size_t *len, void *ctx);

/*
 * Writes the document for GB (filled, see gradebook.h) through WRITE (one
 * call per student section, plus the head and the end), asking CODE with
 * CODE_CTX for each chosen submission's code; TITLE (may be NULL) heads the
 * document. 0, or -1 when WRITE or CODE failed or memory ran out.
 */
int printout_write(const struct gradebook *gb, const char *title, printout_code_fn *code,
    void *code_ctx, gradebook_write_fn *write, void *write_ctx);

#endif
