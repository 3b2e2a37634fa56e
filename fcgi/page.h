/*
 * page.h - the few HTML pages the service writes itself, for browsers
 * without JavaScript: a form's answer (a redirect, or a page saying what
 * went wrong with a link back) and the verdict page.
 *
 * Everything that is not the page's own markup goes through page_text(),
 * which escapes the five characters HTML gives a meaning (& < > " '), so
 * text from a student, a login or a report can be put in an element or in
 * a quoted attribute alike. Pages link the site's stylesheet
 * (/assets/style.css) and carry no script (nginx's CSP allows none inline).
 *
 * A redirect's target is a path on this site checked by form_target_ok()
 * (form.h, fuzzed): never a URL taken from a form.
 */
#ifndef ASSAY_PAGE_H
#define ASSAY_PAGE_H

#include <stddef.h>

#include "fcgi/http.h"
#include "sandbox/util/buf.h"

/* Appends S (N bytes; page_text: NUL-terminated, NULL as "") escaped. */
void page_textn(struct buf *b, const char *s, size_t n);
void page_text(struct buf *b, const char *s);

/*
 * Appends the start of a page titled TITLE (text, escaped here) up to the
 * opening of <main>; with REFRESH > 0, the page reloads itself after that
 * many seconds (<meta http-equiv="refresh">).
 */
void page_begin(struct buf *b, const char *title, int refresh);

/* Appends the end of a page begun with page_begin(). */
void page_end(struct buf *b);

/*
 * Appends PATH (which passed form_target_ok()) as a Location header's value
 * would carry it: bytes outside the characters a URL path may hold as they
 * are percent-encoded.
 */
void page_url(struct buf *b, const char *path);

/*
 * Answers STATUS with the page HTML (NULL: out of memory, answered 500),
 * text/html, not stored by caches, with Retry-After when RETRY_AFTER > 0
 * and R's Set-Cookie when it has one. Nothing when R was answered already.
 */
void page_reply(struct http_req *r, int status, const char *html, long retry_after);

/*
 * Answers 303 See Other to PATH, which must have passed form_target_ok()
 * (else the site's front page "/" is used), with R's Set-Cookie.
 */
void page_redirect(struct http_req *r, const char *path);

/*
 * Answers STATUS with a page saying MESSAGE (text) and linking back to
 * BACK (a path that passed form_target_ok(), else "/"), with Retry-After
 * when RETRY_AFTER > 0.
 */
void page_message(struct http_req *r, int status, const char *message, const char *back,
    long retry_after);

/* Does R's Accept header name text/html (a browser opening a page)? */
int page_wanted(const struct http_req *r);

#endif
