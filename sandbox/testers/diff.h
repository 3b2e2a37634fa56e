/*
 * diff.h - a readable difference between the output a test expected and
 * the output a program wrote, for the student's report.
 *
 * The lines are compared first (a shortest edit script: Myers' O(ND)
 * algorithm, after the common start and end are set aside); only the
 * groups of lines that differ are shown, each in the shorter of two forms:
 *
 *   line by line, for lines that differ as wholes:
 *       line 2:
 *       - 7
 *       + 13
 *     headed by its line number in the expected output; "- " lines are
 *     expected, "+ " lines are the program's; a last line without its
 *     newline is marked so;
 *
 *   character by character, for small slips within lines (a group with as
 *   many lines on each side, each line compared with its counterpart):
 *       line 1: Hello[-,-] World{+!+}
 *     with "[-...-]" around what was expected and is missing and
 *     "{+...+}" around what the program wrote instead; inside the
 *     brackets a newline, a tab and a carriage return are written \n, \t
 *     and \r, so that white space shows.
 *
 * When the texts differ in more than DIFF_MAX_EDITS places the rest is
 * shown as one block replaced by another (still a correct difference, only
 * not the smallest). Lines over DIFF_MAX_CHARS bytes are shown whole (as lines).
 */
#ifndef ASSAY_DIFF_H
#define ASSAY_DIFF_H

#include <stddef.h>

#define DIFF_MAX_EDITS 400
#define DIFF_MAX_CHARS 4096

/*
 * The difference between EXPECTED (ELEN bytes) and GOT (GLEN bytes), any
 * bytes, as text made valid UTF-8 (clean_text()), every line ending in
 * a newline, at most MAX_LINES lines (0: no limit) with a last line saying
 * how many more differ. "" when the texts are equal. malloc'd (the caller
 * frees it), or NULL on ENOMEM.
 */
char *diff_text(const char *expected, size_t elen, const char *got, size_t glen,
    size_t max_lines);

#endif
