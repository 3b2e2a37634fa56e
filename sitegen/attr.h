/*
 * attr.h - Pandoc attribute sets: {#id .class key=value key="quoted value"}.
 *
 * Codex pages put them after links ([](ex.md){.ex}), images and on fenced
 * code blocks (~~~ {.c .numberLines}). Names (the id, classes and keys) are
 * made of letters, digits and - _ : . so they need no escaping; values are
 * any text, quoted with "..." or '...' (backslash escapes the next character)
 * when they hold spaces or braces.
 */
#ifndef SITEGEN_ATTR_H
#define SITEGEN_ATTR_H

#include <stddef.h>

#include "sandbox/util/buf.h"

struct attr_kv {
	char *key;
	char *value;
};

struct attr {
	char *id;		/* NULL when absent */
	char **classes;
	size_t nclasses;
	struct attr_kv *kvs;
	size_t nkvs;
};

#define ATTR_INVALID 0		/* P does not start with an attribute set */
#define ATTR_INCOMPLETE (-1)	/* P ends before the closing brace */
#define ATTR_NOMEM (-2)

/*
 * Parses the attribute set at the start of P (N bytes). Returns the number of
 * bytes it spans, braces included, and fills A (free with attr_free); or one
 * of the ATTR_ codes above, with A empty.
 */
long attr_parse(const char *p, size_t n, struct attr *a);

/*
 * The attribute set that ends the text [P, E) (a header's: "Title {#t .c}"):
 * returns its opening brace and fills A (attr_free), or NULL when the text
 * does not end with one.
 */
const char *attr_parse_trailing(const char *p, const char *e, struct attr *a);

/* Frees what A owns and zeroes it. */
void attr_free(struct attr *a);

int attr_has_class(const struct attr *a, const char *cls);

/* The value of KEY, or NULL. The last one wins, as in Pandoc. */
const char *attr_get(const struct attr *a, const char *key);

/* Removes class CLS (every occurrence) from A. */
void attr_remove_class(struct attr *a, const char *cls);

/* Removes every KEY=value of A. Returns how many there were. */
size_t attr_remove_key(struct attr *a, const char *key);

/*
 * Appends A as HTML attributes (` id="x" class="a b" data-k="v"`), each value
 * escaped. Keys that are HTML attributes in their own right (width, height,
 * title, lang, dir, style) keep their name; the others become data-KEY.
 */
void attr_html(struct buf *b, const struct attr *a);

#endif
