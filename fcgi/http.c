/* http.c - FastCGI request and JSON response; see http.h. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "fcgi/http.h"

static int proxy_set, secure_cookies, trust_forwarded_proto;

static int
env_on(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && strcmp(v, "1") == 0;
}

void
http_proxy_set(int secure, int trust)
{
	proxy_set = 1;
	secure_cookies = secure;
	trust_forwarded_proto = trust;
}

int
http_cookie_secure(const struct http_req *r)
{
	if (!proxy_set)
		http_proxy_set(env_on("ASSAY_SECURE_COOKIES"), env_on("ASSAY_TRUST_FORWARDED_PROTO"));
	return secure_cookies || strcmp(r->scheme, "https") == 0;
}

/* The scheme a trusted proxy says the client used, or NULL. */
static const char *
forwarded_proto(FCGX_Request *f)
{
	const char *v = FCGX_GetParam("HTTP_X_FORWARDED_PROTO", f->envp);
	size_t n;

	if (v == NULL)
		return NULL;
	v += strspn(v, " \t");
	n = strcspn(v, ", \t");
	if (n == 5 && strncasecmp(v, "https", 5) == 0)
		return "https";
	if (n == 4 && strncasecmp(v, "http", 4) == 0)
		return "http";
	return NULL;
}

static const char *
param_or(FCGX_Request *f, const char *name, const char *dflt)
{
	const char *v = FCGX_GetParam(name, f->envp);

	return v ? v : dflt;
}

void
http_req_init(struct http_req *r, FCGX_Request *f)
{
	unsigned int rnd = 0;
	const char *cl;
	char *end;

	memset(r, 0, sizeof(*r));
	r->fcgx = f;
	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (unsigned)rand();
	snprintf(r->rid, sizeof(r->rid), "%08x", rnd);
	r->method = param_or(f, "REQUEST_METHOD", "GET");
	r->path = param_or(f, "DOCUMENT_URI", param_or(f, "SCRIPT_NAME", "/"));
	r->query = param_or(f, "QUERY_STRING", "");
	r->cookie = param_or(f, "HTTP_COOKIE", NULL);
	r->origin = param_or(f, "HTTP_ORIGIN", NULL);
	r->host = param_or(f, "HTTP_HOST", NULL);
	r->scheme = param_or(f, "REQUEST_SCHEME", "http");
	if (!proxy_set)
		http_proxy_set(env_on("ASSAY_SECURE_COOKIES"), env_on("ASSAY_TRUST_FORWARDED_PROTO"));
	if (trust_forwarded_proto && forwarded_proto(f) != NULL)
		r->scheme = forwarded_proto(f);
	r->content_type = param_or(f, "CONTENT_TYPE", NULL);
	r->content_length = -1;
	cl = param_or(f, "CONTENT_LENGTH", NULL);
	if (cl != NULL && *cl != '\0') {
		long n = strtol(cl, &end, 10);

		if (*end == '\0' && n >= 0)
			r->content_length = n;
	}
}

const char *
http_param(const struct http_req *r, const char *name)
{
	return FCGX_GetParam(name, r->fcgx->envp);
}

int
http_read_body(struct http_req *r, size_t max, char **body, size_t *len)
{
	size_t want, got = 0;
	char *buf;

	*body = NULL;
	*len = 0;
	if (r->content_length < 0) {
		/* A POST with no body has no CONTENT_LENGTH from nginx. */
		if (http_param(r, "CONTENT_LENGTH") == NULL ||
		    *http_param(r, "CONTENT_LENGTH") == '\0')
			r->content_length = 0;
		else
			return 400;
	}
	if ((size_t)r->content_length > max)
		return 413;
	want = (size_t)r->content_length;
	if ((buf = malloc(want + 1)) == NULL)
		return -1;
	while (got < want) {
		int n = FCGX_GetStr(buf + got, (int)(want - got), r->fcgx->in);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != want) {
		free(buf);
		return 400;
	}
	buf[got] = '\0';
	*body = buf;
	*len = got;
	return 0;
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 507: return "Insufficient Storage";
	default: return "Unknown";
	}
}

void
http_reply(struct http_req *r, int status, const json_t *body)
{
	char head[512], retry[48] = "", *text;
	int n;

	if (r->replied)
		return;
	r->replied = 1;
	r->status = status;
	text = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (text == NULL) {
		status = 500;
		r->status = 500;
		text = strdup("{\"error\":\"cannot encode the answer\"}");
		if (text == NULL)
			return;
	}
	if (r->retry_after > 0)
		snprintf(retry, sizeof(retry), "Retry-After: %ld\r\n", r->retry_after);
	/* libfcgi's printf knows no %zu: format here, write with PutStr. */
	n = snprintf(head, sizeof(head),
	    "Status: %d %s\r\n"
	    "Content-Type: application/json\r\n"
	    "Content-Length: %zu\r\n"
	    "Cache-Control: no-store\r\n"
	    "%s%s%s%s"
	    "\r\n",
	    status, reason(status), strlen(text) + 1, retry,
	    r->set_cookie[0] ? "Set-Cookie: " : "", r->set_cookie,
	    r->set_cookie[0] ? "\r\n" : "");
	FCGX_PutStr(head, n, r->fcgx->out);
	FCGX_PutStr(text, (int)strlen(text), r->fcgx->out);
	FCGX_PutStr("\n", 1, r->fcgx->out);
	free(text);
}

void
http_begin(struct http_req *r, int status, const char *type, const char *headers)
{
	char head[1024];
	int n;

	if (r->replied)
		return;
	r->replied = 1;
	r->status = status;
	n = snprintf(head, sizeof(head),
	    "Status: %d %s\r\n"
	    "Content-Type: %s\r\n"
	    "Cache-Control: no-store\r\n"
	    "%s"
	    "\r\n",
	    status, reason(status), type, headers ? headers : "");
	if (n > 0 && (size_t)n < sizeof(head))
		FCGX_PutStr(head, n, r->fcgx->out);
}

int
http_write(struct http_req *r, const char *buf, size_t len)
{
	while (len > 0) {
		int n = len > INT_MAX ? INT_MAX : (int)len;

		if (FCGX_PutStr(buf, n, r->fcgx->out) != n)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

void
http_error(struct http_req *r, int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	json_t *j;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	j = json_pack("{s:s}", "error", msg);
	if (j == NULL)
		j = json_pack("{s:s}", "error", "(message not valid UTF-8)");
	http_reply(r, status, j);
	json_decref(j);
}

int
http_origin_ok(const struct http_req *r, const char *allowed)
{
	size_t olen;

	if (r->origin == NULL || r->origin[0] == '\0')
		return 0;
	olen = strlen(r->origin);
	if (allowed != NULL && allowed[0] != '\0') {
		const char *p = allowed;

		while (*p) {
			size_t n = strcspn(p, ",");

			if (n == olen && memcmp(p, r->origin, n) == 0)
				return 1;
			p += n;
			if (*p == ',')
				p++;
		}
		return 0;
	}
	if (r->host == NULL)
		return 0;
	size_t sl = strlen(r->scheme);
	return olen == sl + 3 + strlen(r->host) &&
	    memcmp(r->origin, r->scheme, sl) == 0 &&
	    memcmp(r->origin + sl, "://", 3) == 0 &&
	    strcmp(r->origin + sl + 3, r->host) == 0;
}
