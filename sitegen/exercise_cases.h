/*
 * exercise_cases.h - an exercise page of CodeRunner-style test cases
 * (tester: cases) turned into its spec's options.cases, and the table of its
 * examples on the page; the counterpart of exercise_quiz.h, and of the
 * engine's cases tester (sandbox/testers/tester_cases.c), which grades them.
 * The student writes a function; each case is test code that calls it, with
 * optional standard input and the output it must print.
 *
 *   tester: cases
 *   language: c                  # or python (one language)
 *   grader: exact                # near (case and white space insensitive)
 *                                # | regex (POSIX extended, the whole output)
 *   all-or-nothing: no           # yes: the score is 1 or 0
 *   template: |                  # optional: wraps the answer and the tests
 *     ...
 *   functions: ["int sqr(int x)"]  # C only: the tests run apart from the
 *                                # answer and call these across (default:
 *                                # the skeleton's; no: one program)
 *   cases:
 *     - test: 'printf("%d\n", sqr(-3));'
 *       expected: "9"
 *       show: example            # example | shown (default) | hidden
 *       mark: 1                  # a number > 0 (default 1)
 *     - test: 'int n; scanf("%d", &n); printf("%d\n", sqr(n));'
 *       stdin: "12"
 *       expected: "144"
 *       show: hidden
 *
 * `test`, `expected` and `stdin` are text (quote numbers: "9"). A case shown
 * as an example is also on the page, in a table below the statement; a
 * shown one is in the student's result with its code, expected and obtained
 * output; of a hidden one the student learns only whether it passed. Hidden
 * cases are in the spec only, never in the served tree.
 *
 * `functions` (C only) lists the prototypes of the student's functions the
 * tests call: the engine then compiles the answer alone and runs the tests
 * in a program of their own, each call crossing to the student's process
 * (tester_cases.c). Each is parsed into its result's type, its name and its
 * parameters' types (names dropped; none for (void)); only numbers,
 * characters and strings (const char *, char *) cross, six parameters at
 * most: an array, another pointer, a function pointer, a struct or union,
 * a variadic function is refused at its line.
 *
 * Without `functions`, a C exercise takes the functions its skeleton
 * (`code:`) defines or declares and its tests (or template) name, when
 * the skeleton is nothing else but #include lines, comments and functions
 * (those the tests name must cross: not static, inline or main; the
 * others are the answer's helpers, any prototype). Any other skeleton (a struct, a global, a
 * #define the tests might use, a type that cannot cross, none) leaves the
 * tests in one program with the answer, as CodeRunner runs them, with a
 * warning at the tester line that says why: there the answer's code can
 * pass a test whose output it can guess. `functions: no` asks for one
 * program without the warning (tests that use the answer's types or
 * globals).
 *
 * The spec's options.cases: {"grader", "all-or-nothing", "template"?,
 * "functions"?: [{"ret", "name", "params": [types]}],
 * "cases": [{"test", "stdin"?, "expected", "show", "mark"}]}, in the page's
 * order.
 */
#ifndef SITEGEN_EXERCISE_CASES_H
#define SITEGEN_EXERCISE_CASES_H

#include <jansson.h>

#include "sandbox/util/buf.h"

struct page;
struct spec;
struct exercise_ctx;

/*
 * Reads the fields of a cases exercise P into S->options.cases. Returns 0,
 * or -1 after reporting every mistake to CTX's diags at the line of the
 * value it is about (a regular expression that does not compile: at its
 * column too).
 */
int exercise_cases_build(const struct page *p, struct spec *s,
    const struct exercise_ctx *ctx);

/*
 * The prototype TEXT of a student's function ("int sqr(int x)") as the
 * spec's {"ret", "name", "params": [types]} (parameter names dropped, none
 * for (void)), or NULL with ERR: only what crosses to the student's process
 * (numbers, characters, const char * and char *), six parameters at most;
 * no array, function pointer, struct or union, variadic function.
 */
json_t *exercise_cases_prototype(const char *text, char *err, size_t errlen);

/*
 * The functions the skeleton CODE (may be NULL) defines or declares and
 * CALLS (the tests' code and the template; NULL: every function) names, as
 * the spec's "functions" list, when the skeleton holds nothing else but
 * #include lines, comments and other functions (helpers of the answer's,
 * any prototype) and each called one crosses; else NULL with WHY (the
 * first thing that keeps the tests in one program).
 */
json_t *exercise_cases_skeleton(const char *code, const char *calls,
    char *why, size_t len);

/*
 * Appends the table of S's example cases (show: example) to B: the test
 * code, the standard input when a case has some, the expected output. All
 * text escaped. Nothing when S has no examples. Returns 1 when a table was
 * written (its code is highlighted: the page needs highlight.js), else 0.
 */
int exercise_cases_render_examples(struct buf *b, const struct spec *s);

#endif
