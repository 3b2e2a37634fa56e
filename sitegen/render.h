/*
 * render.h - a page's Markdown to HTML, and the exercise form.
 *
 * The Markdown is parsed by md4c (RENDER_MD_FLAGS: CommonMark with tables,
 * strikethrough, permissive autolinks and $ math spans) and rendered by
 * this module rather than md4c-html, because Codex pages need what
 * md4c-html cannot do. For standard Markdown the output is byte for byte
 * md4c-html's (with MD_HTML_FLAG_VERBATIM_ENTITIES) but for the ids of
 * headers; the differences are:
 *   - every header has an id: its attributes' ({#id .class k=v} at the end
 *     of the header, as in Pandoc), or one made from its text the way Pandoc
 *     makes them (ident.h); a key "answer" is never written out;
 *   - a relative link to a page (`x.md`, `../a/b.md#part`) points at the
 *     generated page (`x.html`, `../a/b.html#part`); a relative link to any
 *     other file of the course (`data/dvd.sqlite`) is recorded in files
 *     (site.c publishes such a file unless an exercise grades with it
 *     privately, which is an error);
 *   - Pandoc attributes right after a link or an image become HTML
 *     attributes instead of text;
 *   - a link with class "ex" and no text ([](hello.md){.ex}) is filled with
 *     the linked page's title, which the caller knows only once every page
 *     is read: the result records the offset where the title goes; every
 *     {.ex} link carries data-exercise (assay.js adds the student's badge);
 *   - a fenced code block whose info string is an attribute set
 *     (~~~ {.c .boxed}) gets those attributes on its <code> element; with
 *     class "include" and src="file" (~~~ {.include src="ex/sol.c"}) its
 *     text is the file's (relative to the page's directory, or to the
 *     course root when it starts with '/'), escaped; the block's own lines
 *     are ignored. A missing file, one outside the course or not UTF-8 is
 *     an error at the block (at its src= value: file:line:column);
 *   - a fenced code block with class "diffs" and from="a.py" to="b.py"
 *     (Codex's ~~~ {.diffs from="a.py" to="b.py"}, paths as for includes)
 *     shows the line difference of the two files (diffs.h), computed now:
 *     <pre class="diffs"><code ...> holding every line once, each in
 *     <span class="diff-same">, <del class="diff-del"> or <ins
 *     class="diff-add"> and prefixed "  ", "- " or "+ " (a visually hidden
 *     "removed:"/"added:" before the changed ones), so the change reads
 *     without colour; the block's own lines are ignored. Both files are
 *     includes (render_include), with the errors of includes;
 *   - HTML comments (<!-- ... -->) are dropped, in blocks and inline;
 *   - a block <div class="shuffle" choose=N> ... </div> (the opening and
 *     closing tags on lines of their own, Markdown between them, as Codex
 *     writes it) becomes <div class="shuffle" data-shuffle="KEY"
 *     data-choose="N"> whose top-level list items are all rendered, in
 *     order, each with data-shuffle-item="I" (0-based); assay.js asks the
 *     server which to show (GET /api/shuffle). KEY is "PAGE-ID#K" for the
 *     page's K-th (0-based) shuffle block, ":SEED" appended when the page
 *     sets shuffle-seed;
 *   - in quiz mode (quiz.h) the questions become a form of radio buttons,
 *     check boxes and text fields, without the answers: <form
 *     id="assay-quiz" data-exercise="ID" [data-order-key="KEY"]>, one <div
 *     class="assay-unit" data-unit-key="KEY"> per unit (a question, or a
 *     group of variants), one <fieldset class="assay-question"
 *     data-question="QID" data-type="single|multiple|fillin"
 *     [data-answers-key="KEY"]> per question; the keys (quiz.h) are there
 *     only when the page shuffles questions or answers.
 * Math spans are md4c-html's <x-equation> elements (the TeX text escaped),
 * which assay.js renders with KaTeX.
 * Raw HTML in the page is copied as it is: authors are trusted with it.
 */
#ifndef SITEGEN_RENDER_H
#define SITEGEN_RENDER_H

#include <stddef.h>

#include <md4c.h>

#include "sandbox/format/spec.h"
#include "sandbox/util/buf.h"
#include "sitegen/diag.h"

#define RENDER_MD_FLAGS (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | \
	MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_LATEXMATHSPANS)

/* What a page uses, so that its layout loads only the scripts it needs. */
#define RENDER_MATH 0x1		/* $...$: KaTeX */
#define RENDER_CODE 0x2		/* a code block with a language: highlight.js */
#define RENDER_SHUFFLE 0x4	/* a shuffle block */
#define RENDER_EXLINK 0x8	/* an {.ex} link: progress badges */
#define RENDER_QUIZ 0x10	/* a quiz form */

/* A link from the page to another page of the course. */
struct render_link {
	char *target;		/* the linked page relative to the content root
				   ("c/hello.md"), "." and ".." resolved */
	char *href;		/* the link as written, for messages */
	unsigned line;		/* where it is written (0: unknown) */
	unsigned column;
	int fill;		/* an {.ex} link without text: the target's title
				   (HTML-escaped) goes at html.data + offset */
	size_t offset;
};

/*
 * A file the page shows: an include or either side of a diffs block. Each
 * file once, at its first place (the caller checks that it may be shown:
 * site.c refuses a file an exercise grades with privately, exercise.h).
 */
struct render_include {
	char *rel;		/* relative to the content root */
	unsigned line;		/* where the page names it (0: unknown) */
	unsigned column;
};

struct quiz;

struct render_result {
	struct buf html;	/* the page body */
	char *heading;		/* plain text of the first header, or NULL */
	struct render_link *links;	/* in page order; fill offsets ascend */
	size_t nlinks;
	struct render_include *includes;	/* files shown (include, diffs) */
	size_t nincludes;
	struct render_include *files;	/* other files of the course it links to */
	size_t nfiles;
	unsigned features;	/* RENDER_ flags */
	unsigned errors;	/* errors found (each reported to opts->diags) */
	struct quiz *quiz;	/* quiz mode: the questions, ids and titles filled */
};

struct render_opts {
	const char *page;	/* path relative to the content root ("c/q.md"),
				   against which relative links are resolved */
	const char *page_id;	/* the page's id ("c/q"): shuffle keys, quiz form;
				   NULL: page without ".md" */
	const char *file;	/* the page as the author knows it, for messages */
	struct diags *diags;	/* where errors go; NULL: only counted */
	const char *root;	/* the content directory, for includes; NULL:
				   an include is an error */
	const char *rootreal;	/* its realpath(3) */
	int quiz;		/* render as a quiz page (quiz.h) */
	int shuffle_questions;	/* quiz: the page's shuffle-questions */
	int shuffle_answers;	/* quiz: the page's shuffle-answers */
	const char *shuffle_seed;	/* the page's shuffle-seed, or NULL */
};

/*
 * Renders page MD (LEN bytes, UTF-8; a page body as meta.h leaves it, whose
 * line numbers are the page's) into OUT, which the caller frees with
 * render_result_free (also after a failure). Problems in the page (a
 * missing include, a malformed quiz, an unclosed shuffle block) are
 * reported to OPTS->diags as FILE:LINE:COLUMN and counted in OUT->errors.
 * Returns 0 (also when the page has errors: OUT->errors says), or -1 when
 * md4c fails or memory runs out.
 */
int render_page(const char *md, size_t len, const struct render_opts *opts,
    struct render_result *out);

/*
 * render_page with no course around: PAGE is the page's path, includes are
 * errors, nothing is reported. MD must be followed by a NUL byte (md4c
 * 0.4.8 reads one byte past the end of some inputs; render_page copies).
 */
int render_markdown(const char *md, size_t len, const char *page,
    struct render_result *out);

void render_result_free(struct render_result *r);

/*
 * Appends the submission part of exercise S's page: for a cases exercise the
 * table of its examples (exercise_cases.h); the form (a language choice, a
 * text area holding the code skeleton, a submit button) carrying the
 * exercise id in data-exercise and the tester in data-tester, and the empty
 * result and history areas that assay.js fills. All text from S is
 * escaped. Returns the RENDER_ features the part uses (RENDER_CODE for
 * highlighted code).
 */
unsigned render_exercise(struct buf *b, const struct spec *s);

/* The display name of a language id ("c" -> "C", "python" -> "Python 3"). */
const char *render_language_name(const char *lang);

#endif
