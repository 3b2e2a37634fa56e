/*
 * exercise.h - an exercise page's fields turned into its spec (spec.h).
 *
 * Testers: stdio, quickcheck, doctest, cases (exercise_cases.h) and quiz
 * (exercise_quiz.h); any other is an error rather than a page published
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
 *   inputs, outputs:      Codex's tests in the page: lists of texts of one
 *                         length, each pair a public test, numbered before
 *                         the public files' tests
 *   public-inputs, public-outputs, private-inputs, private-outputs:
 *                         a glob or a list of globs, relative to the page's
 *                         directory; each glob's matches are sorted in
 *                         natural order ("2.in" before "10.in") and the lists
 *                         joined in order; inputs and outputs pair up in
 *                         order, so their counts must be equal. A glob that
 *                         matches nothing is an error. Files must be UTF-8
 *                         and inside the content directory.
 *   files:                extra files for the grader's working directory,
 *                         carried in the spec as options.files {name: text}
 *   arguments:            files (globs, as above) of command-line arguments,
 *                         one per test in the tests' order (public, then
 *                         private), separated by white space: carried as
 *                         options.arguments, a list of lists of strings; a
 *                         count that is not the tests' is an error
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
 *                         {"public"?: text, "private"?: text}; never
 *                         published. No example (>>>) at all is an error.
 *
 * For `tester: cases` (CodeRunner-style cases, C or Python): exercise_cases.h.
 *
 * For `tester: quickcheck` (C functions against properties written with
 * sandbox/qc/qc.h; language c only):
 *   properties:           the property file, relative to the page (default:
 *                         the page's name with .c beside it), carried in
 *                         the spec as options.properties {file, text} and,
 *                         like test files, never published
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

struct exercise_ctx {
	const char *root;	/* the content directory, as given */
	const char *rootreal;	/* its realpath(3) */
	struct diags *diags;
	/*
	 * Sets (objects whose keys are paths relative to the content root; the
	 * value is unused) that exercise_spec adds to: every file the exercise
	 * uses for grading (tests, files), which must never be published; and
	 * every attachment, which must be (its value says which page asked for
	 * it: {"file": "content/c/x.md", "line": 7}).
	 */
	json_t *grading;
	json_t *attachments;
	/* The course's events (events.h), or NULL when it has none. */
	const json_t *events;
	int events_failed;	/* the events file has a mistake (reported) */
	/*
	 * A set (may be NULL) that exercise_spec adds the other files the spec
	 * depends on to (the events file), so that a change rebuilds the page.
	 */
	json_t *deps;
	/* The files the page includes (render.h), relative to the content
	 * root: a tester's file the page shows is public (exercise_mudoctest.c). */
	char *const *includes;
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
