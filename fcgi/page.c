/* page.c - the service's own HTML pages; see page.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/form.h"
#include "fcgi/page.h"

void
page_textn(struct buf *b, const char *s, size_t n)
{
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		const char *e;

		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: continue;
		}
		buf_add(b, s + from, i - from);
		buf_puts(b, e);
		from = i + 1;
	}
	buf_add(b, s + from, n - from);
}

void
page_text(struct buf *b, const char *s)
{
	if (s == NULL)
		s = "";
	page_textn(b, s, strlen(s));
}

void
page_begin(struct buf *b, const char *title, int refresh)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	if (refresh > 0)
		buf_printf(b, "<meta http-equiv=\"refresh\" content=\"%d\">\n", refresh);
	buf_puts(b, "<title>");
	page_text(b, title);
	buf_puts(b, "</title>\n<link rel=\"stylesheet\" href=\"/assets/style.css\">\n</head>\n"
	    "<body>\n<header class=\"site-header\">\n<div class=\"site-header-inner\">\n"
	    "<a class=\"site-name\" href=\"/\">Course home</a>\n</div>\n</header>\n"
	    "<main class=\"page\">\n<h1>");
	page_text(b, title);
	buf_puts(b, "</h1>\n");
}

void
page_end(struct buf *b)
{
	buf_puts(b, "</main>\n<footer class=\"site-footer\">\n<p>Built with Assay.</p>\n"
	    "</footer>\n</body>\n</html>\n");
}

void
page_url(struct buf *b, const char *path)
{
	static const char keep[] = "/-._~!$&'()*+,;=:@?#";

	for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p) != NULL)
			buf_putc(b, *p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	case 507: return "Insufficient Storage";
	default: return "Internal Server Error";
	}
}

/* Writes the answer: STATUS, HTML, and LOCATION (a Location header) or NULL. */
static void
reply(struct http_req *r, int status, const char *html, const char *location, long retry_after)
{
	struct buf head = BUF_INIT;
	static const char nomem[] = "<!DOCTYPE html>\n<title>Internal error</title>\n"
	    "<p>Internal error: out of memory.</p>\n";

	if (r->replied)
		return;
	if (html == NULL) {
		status = 500;
		html = nomem;
		location = NULL;
		retry_after = 0;
	}
	r->replied = 1;
	r->status = status;
	/* libfcgi's printf knows no %zu: format here, write with PutStr. */
	buf_printf(&head, "Status: %d %s\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: %zu\r\n"
	    "Cache-Control: no-store\r\n", status, reason(status), strlen(html));
	if (location != NULL)
		buf_printf(&head, "Location: %s\r\n", location);
	if (retry_after > 0)
		buf_printf(&head, "Retry-After: %ld\r\n", retry_after);
	if (r->set_cookie[0] != '\0')
		buf_printf(&head, "Set-Cookie: %s\r\n", r->set_cookie);
	buf_puts(&head, "\r\n");
	if (head.oom) {
		buf_free(&head);
		FCGX_PutS("Status: 500 Internal Server Error\r\n\r\n", r->fcgx->out);
		r->status = 500;
		return;
	}
	FCGX_PutStr(head.data, (int)head.len, r->fcgx->out);
	FCGX_PutStr(html, (int)strlen(html), r->fcgx->out);
	buf_free(&head);
}

void
page_reply(struct http_req *r, int status, const char *html, long retry_after)
{
	reply(r, status, html, NULL, retry_after);
}

void
page_redirect(struct http_req *r, const char *path)
{
	struct buf url = BUF_INIT, html = BUF_INIT;

	page_url(&url, form_target_ok(path) ? path : "/");
	buf_add(&url, "", 0);
	page_begin(&html, "See Other", 0);
	buf_puts(&html, "<p><a href=\"");
	page_text(&html, url.data);
	buf_puts(&html, "\">Continue</a></p>\n");
	page_end(&html);
	reply(r, 303, url.oom || html.oom ? NULL : html.data, url.data, 0);
	buf_free(&url);
	buf_free(&html);
}

/* The title of an error page, by its status. */
static const char *
title_of(int status)
{
	switch (status) {
	case 401: return "Not logged in";
	case 404: return "Not found";
	case 413: return "Too large";
	case 429: return "Too many at once";
	case 500: return "Internal error";
	case 507: return "The store is full";
	default: return "Refused";
	}
}

void
page_message(struct http_req *r, int status, const char *message, const char *back,
    long retry_after)
{
	struct buf html = BUF_INIT, url = BUF_INIT;

	page_url(&url, form_target_ok(back) ? back : "/");
	buf_add(&url, "", 0);
	page_begin(&html, title_of(status), 0);
	buf_puts(&html, "<p class=\"error\" role=\"alert\">");
	page_text(&html, message);
	buf_puts(&html, "</p>\n<p><a href=\"");
	page_text(&html, url.data);
	buf_puts(&html, "\">Back</a></p>\n");
	page_end(&html);
	page_reply(r, status, html.oom || url.oom ? NULL : html.data, retry_after);
	buf_free(&html);
	buf_free(&url);
}

int
page_wanted(const struct http_req *r)
{
	const char *accept = http_param(r, "HTTP_ACCEPT");

	return accept != NULL && strstr(accept, "text/html") != NULL;
}
