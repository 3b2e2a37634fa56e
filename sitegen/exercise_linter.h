/*
 * exercise_linter.h - the linter of a doctest page (Codex's fields), read
 * into options.doctest.linter for the engine (sandbox/testers/linter.h):
 *   linter: true          # or yes, or the linter's name: mypy (the only
 *                         # one Assay knows; true means mypy)
 *   linter-args: "--strict"   # optional: its arguments, a text split at
 *                         # white space or a list of texts, before main.py
 * false, no or absent: no linter. The module is checked before its examples
 * run; what the linter says is the student's CompileError. The grader
 * needs Debian's package mypy (make deps-check installs it; a grader
 * without it logs so, and the student sees MiscError).
 */
#ifndef SITEGEN_EXERCISE_LINTER_H
#define SITEGEN_EXERCISE_LINTER_H

#include <jansson.h>

struct page;
struct exercise_ctx;

/*
 * Reads linter and linter-args of page P into DOCTEST (the spec's
 * options.doctest; nothing when it is NULL: the page has other mistakes).
 * Returns 0, or -1 after reporting at the field's line.
 */
int exercise_linter_build(const struct page *p, const struct exercise_ctx *c,
    json_t *doctest);

#endif
