/*
 * html.h - text and URLs escaped for HTML, appended to a buffer
 * (sandbox/util/buf.h): every page sitegen writes goes through these.
 */
#ifndef SITEGEN_HTML_H
#define SITEGEN_HTML_H

#include <stddef.h>

struct buf;

/*
 * Appends P (N bytes) escaped for HTML text and double-quoted attribute
 * values: & < > " become entities, everything else is copied.
 */
void html_escape(struct buf *b, const char *p, size_t n);
void html_escape_str(struct buf *b, const char *s);

/*
 * Appends the URL P (N bytes) for a double-quoted href or src attribute, the
 * way md4c-html does: & becomes &amp;, bytes outside the URL-safe set are
 * percent-encoded, existing %XX escapes are kept.
 */
void html_url(struct buf *b, const char *p, size_t n);

#endif
