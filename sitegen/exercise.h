/*
 * exercise.h - an exercise page's fields turned into its spec (spec.h).
 *
 * Testers: stdio, quickcheck, doctest, cases (exercise_cases.h), quiz
 * (exercise_quiz.h), sqlite-query (exercise_sqlite.h) and accept (no field
 * of its own, no tests, any plain name as a language: exercise_accept.h); any other is an error rather than a page published
 * without grading, or worse, with its answers in it. A field that only other
 * testers read is an error too (it would do nothing). Every exercise:
 *   language: c | languages: [c, python]   c, cpp (or c++), java, python
 *                         ("python3" is read as "python"); the first is
 *                         the form's default
 *   code: |               the skeleton put in the editor (default empty);
 *                         a fence around it (~~~ ... ~~~, as Codex's guide
 *                         writes it) is dropped
 *   feedback: yes|no      false hides reports from students (default yes)
 *   valid:                Codex's window (sandbox/format/valid.h), parsed with
 *                         the course's events file (events.h): a mistake is
 *                         an error at its line and column. The events the
 *                         expression uses go into options.events
 *   attempts, lock:       a positive whole number; yes or no
 *   weight:               Assay's own: the exercise's weight in the
 *                         gradebook, a number from 0 to 1e9 (default 1),
 *                         written into the spec's "weight"
 *   forbid:               a POSIX extended regular expression or a list of
 *                         at most 16, compiled here as the service compiles
 *                         them (REG_EXTENDED | REG_NEWLINE)
 *                         valid, attempts, lock and forbid are carried in
 *                         the spec's options as written, for the service
 *   cpu, wall, memory, output, processes:
 *                         Assay's own: the limits of each run, as seconds
 *                         (2, 0.5, "500ms"), MiB (256, "512M", "1G"), KiB
 *                         (64, "1M") and a count; above the grader's
 *                         ceiling (SPEC_MAX_*, spec.h) is an error
 *   attachments:          Assay's own: globs of files to publish beside the
 *                         page (a starter file, a data set) whatever their
 *                         extension. A file used for grading cannot be one.
 *
 * For `tester: stdio` (whole programs; no test at all is an error at
 * `tester:`, as every program would be Accepted):
 *   inputs, outputs:      Codex's public tests: lists (or one item) in
 *                         order, each item a glob of files relative to the
 *                         page, as Codex's guide and tester read it, or, when
 *                         it holds a newline (or is empty), a test's text
 *                         written in the page (Assay's own); after expansion
 *                         the two lists pair up in order, each pair a public
 *                         test, numbered before the public-* files' tests
 *   public-inputs, public-outputs, private-inputs, private-outputs:
 *                         a glob or a list of globs, relative to the page's
 *                         directory; each glob's matches are sorted in
 *                         natural order ("2.in" before "10.in") and the lists
 *                         joined in order; inputs and outputs pair up in
 *                         order, so their counts must be equal. A glob that
 *                         matches nothing is an error. Files must be UTF-8
 *                         and inside the content directory. Public files (a
 *                         page may include them), private ones not.
 *   files:                extra files for the grader's working directory,
 *                         carried in the spec as options.files {name: text};
 *                         public files: the student's program can read them
 *   arguments:            files (globs, as above) of command-line arguments,
 *                         one per test in the tests' order (public, then
 *                         private), separated by white space: carried as
 *                         options.arguments, a list of lists of strings; a
 *                         count that is not the tests' is an error; private
 *                         files (they belong to private tests too)
 *   all-or-nothing: yes|no   options["all-or-nothing"], a boolean
 * Tests are named "public 1", "public 2", ..., "private 1", ... so private
 * file names never reach students.
 *
 * For `tester: doctest` (Python functions; language python):
 *   public-tests, private-tests:  files of doctest examples (globs, as
 *                         above), joined in order with a blank line
 *                         between files; Codex's `tests` is public-tests
 *                         under another name (default, when none of the
 *                         three is given: the page's name with .tst, when
 *                         that file exists). Carried as options.doctest
 *                         {"public"?: text, "private"?: text}. The public
 *                         ones (and tests, and the default) are public files
 *                         a page may include; private-tests are private. No
 *                         example (>>>) at all is an error.
 *
 * For `tester: cases` (CodeRunner-style cases, C or Python): exercise_cases.h.
 *
 * For `tester: quickcheck` (C functions against properties written with
 * sandbox/qc/qc.h; language c only):
 *   properties:           the property file, relative to the page (default:
 *                         the page's name with .c beside it), carried in
 *                         the spec as options.properties {file, text} and,
 *                         a private file, never published
 *   max-success, maxSuccess, qc-max-success:     tests per property (100)
 *   max-size, maxSize, qc-max-size:              largest size (100)
 *   max-discard-ratio, maxDiscardRatio, qc-max-discard:
 *                         rejections allowed per test (10)
 *   seed, randSeed:       a fixed seed (default: a new one per submission)
 *   timeout:              Assay's own: the time one call may take (200ms)
 * Each number is carried as options.max_success, max_size,
 * max_discard_ratio, seed and timeout_ms; two spellings of one field are
 * an error. `memory` applies to the whole run; `cpu` and `wall` do not
 * (the tester keeps its own budget; `timeout` is the limit per call).
 */
#ifndef SITEGEN_EXERCISE_H
#define SITEGEN_EXERCISE_H

#include <jansson.h>

#include "sandbox/format/spec.h"
#include "sitegen/diag.h"
#include "sitegen/page.h"

struct render_include;

struct exercise_ctx {
	const char *root;	/* the content directory, as given */
	const char *rootreal;	/* its realpath(3) */
	struct diags *diags;
	/*
	 * Sets (objects whose keys are paths relative to the content root; the
	 * value is unused) that exercise_spec adds to: every private file the
	 * exercise grades with (private tests, properties, arguments, answer
	 * keys), which must never be published nor included in a page;
	 * every public file it grades with (public tests, files:, a mutation
	 * exercise's target), which a page may include or show as diffs (the
	 * spec depends on both kinds); and every attachment, which must be
	 * published (its value says which page asked for it: {"file":
	 * "content/c/x.md", "line": 7}). Add to the first two with
	 * exercise_file_private and exercise_file_public, never directly. A
	 * file both public for one exercise and private for another is private.
	 * PUBLIC may be NULL (public files are then not recorded).
	 */
	json_t *grading;
	json_t *public;
	json_t *attachments;
	/* The course's events (events.h), or NULL when it has none. */
	const json_t *events;
	int events_failed;	/* the events file has a mistake (reported) */
	/*
	 * A set (may be NULL) that exercise_spec adds the other files the spec
	 * depends on to (the events file), so that a change rebuilds the page.
	 */
	json_t *deps;
	/* The files the page shows (render.h: includes and either side of
	 * a diffs block): a mutation exercise's mutant the page shows is named
	 * in its reports (exercise_mudoctest.c). */
	const struct render_include *includes;
	size_t nincludes;
};

/*
 * The spec of exercise page P (p->tester is set), with id, title (TITLE),
 * tester, languages, code, feedback, tests and options filled in. Returns a
 * new spec (spec_free), or NULL after reporting every problem found to the
 * context's diags as `file:line` of the offending field.
 */
struct spec *exercise_spec(const struct page *p, const char *title,
    const struct exercise_ctx *ctx);

/*
 * Records that the exercise grades with file REL (relative to the content
 * root, as expand() gives it): exercise_file_private for a file students
 * must not see (it stays unpublishable: including it in a page is an
 * error), exercise_file_public for one they may (a page may include it or
 * show it in a {.diffs} block). Which a tester's field is belongs in the
 * field's documentation above. Returns 0, or -1 when memory runs out.
 */
static inline int
exercise_file_private(const struct exercise_ctx *c, const char *rel)
{
	return json_object_set_new(c->grading, rel, json_true());
}

/* (Inline, so that the testers' own modules record their files without
 * calling back into exercise.c.) */
static inline int
exercise_file_public(const struct exercise_ctx *c, const char *rel)
{
	return c->public != NULL ? json_object_set_new(c->public, rel, json_true()) : 0;
}

/*
 * The canonical id of language NAME ("python3" -> "python", "c++" -> "cpp",
 * any case), or NULL when no tester grades it.
 */
const char *exercise_language(const char *name);

/*
 * The I-th entry of the language table: returns its canonical id and sets
 * *NAME (if not NULL) to the name authors write; NULL past the end.
 */
const char *exercise_language_at(size_t i, const char **name);

#endif
