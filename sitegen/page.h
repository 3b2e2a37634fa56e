/*
 * page.h - one page of the course: its file, metadata and Markdown body.
 *
 * page_load reads the file, checks that it is UTF-8 (a byte order mark is
 * allowed and dropped), splits metadata from Markdown (meta.h) and checks the
 * fields every page may have: unknown fields are warnings (a misspelt field
 * is otherwise silently ignored), a wrong type for title, lang or tester is
 * an error. Exercise fields are checked by exercise.h.
 */
#ifndef SITEGEN_PAGE_H
#define SITEGEN_PAGE_H

#include <stddef.h>

#include "sitegen/diag.h"
#include "sitegen/meta.h"

struct page {
	char *path;		/* relative to the content root: "c/hello.md" */
	char *file;		/* for messages: "content/c/hello.md" */
	char *id;		/* path without ".md": "c/hello" */
	char *dir;		/* directory part of path with a trailing '/', or "" */
	struct meta meta;	/* fields, and the body to render */
	const char *tester;	/* the tester field (points into meta), NULL for documents */
	const char *title;	/* the title field (points into meta), or NULL */
	const char *lang;	/* the lang field (points into meta), or NULL */
};

/*
 * Loads page PATH (relative to ROOT, the content directory) into P. Returns
 * 0, or -1 after reporting why to D (unreadable, not UTF-8, bad metadata).
 * Warnings do not make it fail. P must be freed with page_free either way.
 */
int page_load(struct page *p, const char *root, const char *path, struct diags *d);

void page_free(struct page *p);

/* Is NAME a metadata field that some page or tester reads? */
int page_field_known(const char *name);

/* Reports an error about field KEY of P, at the key's line. */
#define page_error(p, d, key, ...) \
	diag_error((d), (p)->file, meta_key_line(&(p)->meta, (key)), __VA_ARGS__)

/*
 * The line of value NODE of P if it was recorded (a list element, a value
 * inside a mapping), else of top-level field KEY.
 */
unsigned page_node_line(const struct page *p, const json_t *node, const char *key);

/* Reports an error about value NODE of field KEY of P, at the value's line. */
#define page_node_error(p, d, node, key, ...) \
	diag_error((d), (p)->file, page_node_line((p), (node), (key)), __VA_ARGS__)

#endif
