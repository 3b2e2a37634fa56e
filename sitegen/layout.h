/*
 * layout.h - the page template shared by every page of the site.
 *
 * A layout is HTML with placeholders, each written {{name}}:
 *   {{title}}    the page title            (plain text, escaped here)
 *   {{doctitle}} "title · course" for the <title> element, or the title
 *                alone when both are the same (the front page)
 *   {{course}}   the course title          (the root index page's title)
 *   {{lang}}     the page language         ("en" unless the metadata says)
 *   {{root}}     the way to the site root  ("", "../", "../../" ...), so the
 *                site works under any URL prefix and from the file system
 *   {{path}}     the page's path from the site root ("c/hello.html"): the
 *                login form's "next", where the login goes back to
 *   {{version}}  a hash of the assets, appended to their URLs so browsers
 *                fetch them again after an upgrade
 *   {{head}}     the page's own stylesheets and scripts (HTML: the
 *                vendored KaTeX, highlight.js, editor a page needs)
 *   {{body}}     the page body             (HTML, written by a callback)
 * Any other {{...}} is an error, so a typo in the template cannot slip
 * through to every page.
 */
#ifndef SITEGEN_LAYOUT_H
#define SITEGEN_LAYOUT_H

#include <stddef.h>

#include "sandbox/util/buf.h"

enum layout_var {
	LAYOUT_TEXT,		/* literal text of the template */
	LAYOUT_TITLE,
	LAYOUT_DOCTITLE,
	LAYOUT_COURSE,
	LAYOUT_LANG,
	LAYOUT_ROOT,
	LAYOUT_PATH,
	LAYOUT_VERSION,
	LAYOUT_HEAD,
	LAYOUT_BODY
};

struct layout_part {
	enum layout_var var;
	const char *text;	/* LAYOUT_TEXT: points into the template */
	size_t len;
};

struct layout {
	struct layout_part *parts;
	size_t nparts;
};

struct layout_page {
	const char *title;
	const char *course;
	const char *lang;
	const char *root;
	const char *path;	/* NULL: "" (the front page) */
	const char *version;
	const char *head;	/* HTML, copied as it is; may be NULL */
	/* Appends the page body to OUT. */
	void (*body)(struct buf *out, void *arg);
	void *arg;
};

/*
 * Splits the template TPL (LEN bytes, which must outlive L) into parts.
 * Returns 0, or -1 with a message in ERR (an unknown or unclosed
 * placeholder, no {{body}}, or ENOMEM).
 */
int layout_parse(struct layout *l, const char *tpl, size_t len, char *err,
    size_t errlen);

void layout_free(struct layout *l);

/* Appends page P laid out by L to OUT. */
void layout_render(const struct layout *l, const struct layout_page *p,
    struct buf *out);

#endif
