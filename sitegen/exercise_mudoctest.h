/*
 * exercise_mudoctest.h - a mutation-testing page (Codex's tester:
 * mudoctest) turned into its spec's options.mudoctest; the engine's
 * mutation tester (sandbox/testers/tester_mudoctest.c) grades it. The
 * student writes doctest examples; they must pass on the target and each
 * mutant must fail one of them.
 *   tester: mudoctest
 *   language: python
 *   target: "mudoctest/reward.py"            # one file: the right module
 *   mutants: ["mudoctest/reward_mut*.py"]    # files or globs, at least one
 *   limit-tests: 5                           # optional: at most 5 examples
 * Paths are relative to the page, as Codex's. The target is the module
 * under test: the student's examples run in it and can read it, so it is
 * no secret; it is marked as a grading file (never published) only when
 * the page does not include it, and a page may show it with {.include}.
 * A mutant stays private (a grading file, named "mutant K" in results)
 * unless the page includes it: then it is public and results name its file.
 * The spec's options.mudoctest: {"target": TEXT, "mutants": [{"text": TEXT,
 * "name": FILE?}], "limit-tests": N?}.
 */
#ifndef SITEGEN_EXERCISE_MUDOCTEST_H
#define SITEGEN_EXERCISE_MUDOCTEST_H

#include <stddef.h>

struct page;
struct spec;
struct exercise_ctx;

/* A file a field names, read (exercise.c reads target and mutants). */
struct exercise_file {
	char *rel;		/* relative to the content root */
	char *text;		/* its contents, valid UTF-8, NUL-terminated */
	size_t len;
};

/*
 * Reads the fields of a mudoctest exercise P into S->options.mudoctest,
 * with the files of its fields target (T, NT of them) and mutants (M, NM;
 * exercise.c read them, reporting what it could not read), and marks its
 * private files in CTX->grading. Returns 0, or -1 after reporting every
 * mistake at the line of the field it is about.
 */
int exercise_mudoctest_build(const struct page *p, struct spec *s,
    const struct exercise_ctx *ctx, const struct exercise_file *t, size_t nt,
    const struct exercise_file *m, size_t nm);

#endif
