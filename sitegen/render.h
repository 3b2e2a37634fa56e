/*
 * render.h - a page's Markdown to HTML, and the exercise form.
 *
 * The Markdown is parsed by md4c (render_markdown uses RENDER_MD_FLAGS:
 * CommonMark with tables, strikethrough, permissive autolinks and $ math
 * spans) and rendered by this module rather than md4c-html, because Codex
 * pages need what md4c-html cannot do. For standard Markdown the output is
 * byte for byte md4c-html's (with MD_HTML_FLAG_VERBATIM_ENTITIES); the
 * differences are:
 *   - a relative link to a page (`x.md`, `../a/b.md#part`) points at the
 *     generated page (`x.html`, `../a/b.html#part`);
 *   - Pandoc attributes right after a link or an image ({#id .class k=v})
 *     become HTML attributes instead of text;
 *   - a link with class "ex" and no text ([](hello.md){.ex}) is filled with
 *     the linked page's title, which the caller knows only once every page
 *     is read: the result records the offset where the title goes;
 *   - a fenced code block whose info string is an attribute set
 *     (~~~ {.c .boxed}) gets those attributes on its <code> element.
 * Math spans are md4c-html's <x-equation> elements (the TeX text escaped).
 * Raw HTML in the page is copied as it is: authors are trusted with it.
 */
#ifndef SITEGEN_RENDER_H
#define SITEGEN_RENDER_H

#include <stddef.h>

#include <md4c.h>

#include "buf.h"
#include "spec.h"

#define RENDER_MD_FLAGS (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | \
	MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_LATEXMATHSPANS)

/* A link from the page to another page of the course. */
struct render_link {
	char *target;		/* the linked page relative to the content root
				   ("c/hello.md"), "." and ".." resolved */
	char *href;		/* the link as written, for messages */
	int fill;		/* an {.ex} link without text: the target's title
				   (HTML-escaped) goes at html.data + offset */
	size_t offset;
};

struct render_result {
	struct buf html;	/* the page body */
	char *heading;		/* plain text of the first header, or NULL */
	struct render_link *links;	/* in page order; fill offsets ascend */
	size_t nlinks;
};

/*
 * Renders MD (LEN bytes, UTF-8, followed by a NUL byte: md4c 0.4.8 reads
 * one byte past the end of some inputs, which a fuzzer found) of the page PAGE (its path relative to the
 * content root, used to resolve relative links) into OUT, which the caller
 * frees with render_result_free (also after a failure). Returns 0, or -1 when
 * md4c fails or memory runs out.
 */
int render_markdown(const char *md, size_t len, const char *page,
    struct render_result *out);

void render_result_free(struct render_result *r);

/*
 * Appends the submission part of exercise S's page: the form (a language
 * choice, a text area holding the code skeleton, a submit button) carrying
 * the exercise id in data-exercise, and the empty result and history areas
 * that assay.js fills. All text from S is escaped.
 */
void render_exercise(struct buf *b, const struct spec *s);

/* The display name of a language id ("c" -> "C", "python" -> "Python 3"). */
const char *render_language_name(const char *lang);

#endif
