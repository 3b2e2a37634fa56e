/*
 * http.h - one FastCGI request: what nginx passed us, and the answer.
 *
 * Everything the API answers is JSON, but for the staff's exports (CSV, a
 * printable page): http_reply() writes a complete response (status line,
 * headers, body); http_error() answers {"error": message}; http_begin() and
 * http_write() stream an export.
 * Exactly one reply is written per request; the prefork loop writes a 500 if a
 * handler returned without replying.
 */
#ifndef ASSAY_HTTP_H
#define ASSAY_HTTP_H

#include <stddef.h>

#include <fcgiapp.h>
#include <jansson.h>

struct http_req {
	FCGX_Request *fcgx;
	char rid[9];		/* request id for the log: 8 hex digits */
	const char *method;	/* "GET", "POST", ... */
	const char *path;	/* DOCUMENT_URI: decoded, normalised by nginx */
	const char *query;	/* QUERY_STRING, "" when none */
	const char *cookie;	/* HTTP_COOKIE or NULL */
	const char *origin;	/* HTTP_ORIGIN or NULL */
	const char *host;	/* HTTP_HOST or NULL */
	const char *scheme;	/* REQUEST_SCHEME, "http" when absent */
	const char *content_type; /* CONTENT_TYPE or NULL */
	long content_length;	/* -1 when absent or malformed */
	int replied;		/* set by http_reply() */
	int status;		/* what was answered, for the log */
	char set_cookie[256];	/* a Set-Cookie value to send, or "" */
	long retry_after;	/* seconds for a Retry-After header, or 0 for none */
};

/*
 * Behind a TLS proxy (nginx sees plain http from it), set once at start:
 * SECURE_COOKIES makes every cookie Secure (http_cookie_secure());
 * TRUST_FORWARDED_PROTO takes the request's scheme from the proxy's
 * X-Forwarded-Proto header ("https" or "http", the first of a list), for
 * the cookie and the Origin check alike. Trust it only when every request
 * comes through that proxy. Without a call, the environment decides:
 * ASSAY_SECURE_COOKIES=1, ASSAY_TRUST_FORWARDED_PROTO=1 (so that `assay
 * serve` can pass them to every API program).
 */
void http_proxy_set(int secure_cookies, int trust_forwarded_proto);

/* Should a cookie set in answer to R be Secure (https, or --secure-cookies)? */
int http_cookie_secure(const struct http_req *r);

/* Fills R from the FastCGI parameters of F. */
void http_req_init(struct http_req *r, FCGX_Request *f);

/* A parameter of the request (CGI name), or NULL. */
const char *http_param(const struct http_req *r, const char *name);

/*
 * Reads the body, at most MAX bytes. On success returns 0 with a malloc'd,
 * NUL-terminated copy in *BODY (caller frees) and its length in *LEN.
 * Returns 413 when the body is larger than MAX, 400 when it is shorter than
 * announced or its length is missing, -1 on ENOMEM.
 */
int http_read_body(struct http_req *r, size_t max, char **body, size_t *len);

/*
 * Answers STATUS with the JSON value BODY (not stolen), with a Retry-After
 * header when R's retry_after is set.
 */
void http_reply(struct http_req *r, int status, const json_t *body);

/*
 * Begins an answer that is not JSON, streamed: the status line and headers
 * (Content-Type TYPE, no Content-Length, no-store; HEADERS, may be NULL,
 * more "Name: value\r\n" lines). The body follows through http_write().
 */
void http_begin(struct http_req *r, int status, const char *type, const char *headers);

/* Writes LEN bytes of the body begun by http_begin(). 0, or -1 (the client left). */
int http_write(struct http_req *r, const char *buf, size_t len);

/* Answers STATUS with {"error": formatted message}. */
void http_error(struct http_req *r, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Is the request's Origin acceptable for a state-changing request? It must
 * be present and equal one of ALLOWED (a comma-separated list of origins), or,
 * when ALLOWED is NULL or empty, SCHEME "://" HOST of the request itself.
 */
int http_origin_ok(const struct http_req *r, const char *allowed);

#endif
