/*
 * linter.h - a static checker run on the student's Python module before
 * its examples (the doctest tester's `linter`, Codex's field): its
 * complaints are a CompileError. The checkers Assay knows are a table in
 * linter.c (mypy, Debian's package mypy, for now); a grader without the
 * package says so in the log (MiscError), never a student's label.
 */
#ifndef ASSAY_LINTER_H
#define ASSAY_LINTER_H

#include <jansson.h>

#include "sandbox/testers/tester.h"

/*
 * Runs the linter OPTS names ({"name": "mypy", "args": [TEXT...]}) on
 * main.py in BOX, as the submission's uid, in a run of its own (the box
 * read-only: it writes no cache; a fresh /tmp). Returns TESTER_NEXT when it
 * found nothing, TESTER_DONE with OUT a CompileError holding its message
 * (the box's paths made relative) when it complained or did not finish
 * (its limits: the compile step's of Python), or -1 with LOG (the linter
 * unknown or not installed, or it failed: a status other than "found
 * problems", as bad linter-args give).
 */
int linter_run(const struct tester_env *env, struct jail_box *box,
    const json_t *opts, struct grade_result *out, char *log, size_t loglen);

/* Whether the grader knows the linter NAME (the table of linter.c). */
int linter_known(const char *name);

#endif
