/*
 * exercise.h - an exercise page's fields turned into its spec (spec.h).
 *
 * For `tester: stdio` (this version also has quickcheck, below; any other
 * tester is an error rather than a page published without grading, or
 * worse, with its answers in it):
 *   language: c | languages: [c, python]   "python3" is read as "python";
 *                         the first language is the form's default
 *   code: |               the skeleton put in the editor (default empty);
 *                         a fence around it (~~~ ... ~~~, as Codex's guide
 *                         writes it) is dropped
 *   feedback: yes|no      false hides reports from students (default yes)
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
 *   valid, attempts, lock, forbid:
 *                         Codex's submission rules, type-checked and carried
 *                         in the spec's options as written, for the service
 *   cpu, wall, memory, output, processes:
 *                         Assay's own: the limits of each run, as seconds
 *                         (2, 0.5, "500ms"), MiB (256, "512M", "1G"), KiB
 *                         (64, "1M") and a count; above the grader's
 *                         ceiling (lang.h) is an error
 *   attachments:          Assay's own: globs of files to publish beside the
 *                         page (a starter file, a data set) whatever their
 *                         extension. A file used for grading cannot be one.
 * Tests are named "public 1", "public 2", ..., "private 1", ... so private
 * file names never reach students.
 *
 * For `tester: quickcheck` (C functions against properties written with
 * sandbox/qc.h; language c only; the stdio test fields are errors):
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

#include "diag.h"
#include "page.h"
#include "spec.h"

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
 * The canonical id of language NAME ("python3" -> "python", any case), or
 * NULL when the stdio tester does not grade it.
 */
const char *exercise_language(const char *name);

#endif
