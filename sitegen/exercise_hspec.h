/*
 * exercise_hspec.h - the fields of Haskell exercises: `tester: hspec`
 * (Codex's), a quickcheck exercise with a Haskell property file, and the
 * GHC every Haskell exercise needs on the grader.
 *
 * hspec's fields:
 *   spec: FILE.hs        the author's hspec program (module Main, main =
 *                        hspec $ ...), relative to the page; default the
 *                        page's name with .hs. Carried in the spec as
 *                        options.spec {file, text}, never published.
 *   header: |            C exercises: the prototypes of the student's
 *                        functions (a fenced block like code), compiled
 *                        with every submission: options.header; and
 *                        parsed as the cases tester's skeleton is
 *                        (exercise_cases_skeleton(), an array parameter
 *                        as its pointer) into options.functions: the C
 *                        then runs in a process of its own. A prototype
 *                        that cannot cross is a warning at the header
 *                        line: the C is linked with the test program.
 *   qc-max-success, qc-max-size, qc-max-discard, seed (and the other
 *   spellings the quickcheck tester reads: maxSuccess, max-success...):
 *                        given to hspec's QuickCheck (options.max_success,
 *                        max_size, max_discard_ratio, seed).
 *   code:                for Haskell, the skeleton whose type signatures
 *                        the tests are compiled against (once per
 *                        exercise); without one they are compiled with
 *                        each submission.
 * The language is haskell or c, one of them.
 *
 * GHC: when the machine that builds the site has no GHC
 * (/usr/bin/ghc, or the program $ASSAY_GHC names, which tests use), a
 * Haskell exercise is an error naming the command that installs it: the
 * graders are built from the same machine's packages (make run, make
 * check).
 */
#ifndef SITEGEN_EXERCISE_HSPEC_H
#define SITEGEN_EXERCISE_HSPEC_H

struct page;
struct spec;
struct exercise_ctx;

/*
 * The default spec file of hspec page P without a `spec` field: the page's
 * name with .hs (a new string), or NULL after reporting that there is no
 * such file beside the page (or ENOMEM).
 */
char *exercise_hspec_default(const struct page *p, const struct exercise_ctx *c);

/*
 * The fields of `tester: hspec` page P into S's options, from what
 * exercise.c read: PROG, the spec file {file, text} (taken; NULL: none, an
 * error reported), HEADER, the header's text without its fence (NULL:
 * none). Checks GHC, the file's kind and the header's language; derives
 * options.functions from the header (or warns). Reports
 * every mistake; the caller counts the errors.
 */
void exercise_hspec_build(const struct page *p, struct spec *s,
    const struct exercise_ctx *c, json_t *prog, const char *header);

/* A quickcheck page P whose property file (S's options.properties) is
 * Haskell: GHC needed, and for C the header (HEADER, unfenced, or NULL) as
 * hspec's; a Haskell exercise with a C property file, or a header with
 * one, is an error. */
void exercise_hspec_quickcheck(const struct page *p, struct spec *s,
    const struct exercise_ctx *c, const char *header);

/* Reports at field KEY of P that GHC is missing, when it is. Returns 0
 * when GHC is there, -1 after reporting. */
int exercise_hspec_need_ghc(const struct page *p, const struct exercise_ctx *c,
    const char *key);

#endif
