/*
 * test_http.c - the Origin check of state-changing requests, the scheme
 * behind a TLS proxy, and the Retry-After header.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fcgi/http.h"
#include "tests/tap.h"

static struct http_req
req(const char *origin, const char *scheme, const char *host)
{
	struct http_req r;

	memset(&r, 0, sizeof(r));
	r.origin = origin;
	r.scheme = scheme;
	r.host = host;
	return r;
}

/* A request made from nginx's parameters ENV by http_req_init(). */
static struct http_req
from_params(FCGX_Request *f, char **env)
{
	struct http_req r;

	memset(f, 0, sizeof(*f));
	f->envp = env;
	http_req_init(&r, f);
	return r;
}

static void
test_forwarded_proto(void)
{
	char *plain[] = { "REQUEST_SCHEME=http", "HTTP_HOST=assay.example", NULL };
	char *fwd[] = { "REQUEST_SCHEME=http", "HTTP_HOST=assay.example",
	    "HTTP_X_FORWARDED_PROTO=https", NULL };
	char *list[] = { "REQUEST_SCHEME=http", "HTTP_X_FORWARDED_PROTO=HTTPS, http", NULL };
	char *odd[] = { "REQUEST_SCHEME=http", "HTTP_X_FORWARDED_PROTO=gopher", NULL };
	FCGX_Request f;
	struct http_req r;

	http_proxy_set(0, 0);
	r = from_params(&f, fwd);
	is_str(r.scheme, "http", "X-Forwarded-Proto untrusted: the scheme is nginx's");
	ok(!http_cookie_secure(&r), "... and the cookie is not Secure");
	http_proxy_set(0, 1);
	r = from_params(&f, fwd);
	is_str(r.scheme, "https", "trusted: X-Forwarded-Proto https gives the scheme");
	ok(http_cookie_secure(&r), "... so the cookie is Secure");
	r.origin = "https://assay.example";
	ok(http_origin_ok(&r, NULL), "... and the Origin https://HOST is the site's");
	r = from_params(&f, list);
	is_str(r.scheme, "https", "... the first of a list, in any case");
	r = from_params(&f, odd);
	is_str(r.scheme, "http", "... an unknown scheme is ignored");
	r = from_params(&f, plain);
	is_str(r.scheme, "http", "... no header: nginx's scheme");
	http_proxy_set(1, 0);
	r = from_params(&f, plain);
	ok(http_cookie_secure(&r), "--secure-cookies: Secure over plain http");
	http_proxy_set(0, 0);
}

/* What http_reply() writes, through a FastCGI stream into a pipe. */
static void
test_retry_after(void)
{
	char *env[] = { NULL }, buf[1024] = "";
	FCGX_Request f;
	struct http_req r;
	int fds[2];
	ssize_t n;

	if (FCGX_Init() != 0 || pipe(fds) != 0) {
		ok(0, "a pipe for the answer");
		return;
	}
	memset(&f, 0, sizeof(f));
	f.envp = env;
	r = from_params(&f, env);
	f.out = FCGX_CreateWriter(fds[1], 1, 1024, 6 /* FCGI_STDOUT */);
	f.ipcFd = fds[1];
	((FCGX_Request *)r.fcgx)->out = f.out;
	r.retry_after = 30;
	http_error(&r, 429, "too many failed logins");
	FCGX_FClose(f.out);
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	buf[n > 0 ? n : 0] = '\0';
	ok(memmem(buf, sizeof(buf), "Status: 429 Too Many Requests\r\n", 31) != NULL,
	    "429 Too Many Requests");
	ok(memmem(buf, sizeof(buf), "Retry-After: 30\r\n", 17) != NULL, "... with Retry-After: 30");
	ok(memmem(buf, sizeof(buf), "{\"error\": \"too many failed logins\"}", 35) != NULL ||
	    memmem(buf, sizeof(buf), "{\"error\":\"too many failed logins\"}", 34) != NULL,
	    "... and a JSON error");
	FCGX_FreeStream(&f.out);
}

int
main(void)
{
	struct http_req r;

	r = req("http://127.0.0.1:8080", "http", "127.0.0.1:8080");
	ok(http_origin_ok(&r, NULL), "same scheme and host: allowed");
	r = req(NULL, "http", "127.0.0.1:8080");
	ok(!http_origin_ok(&r, NULL), "no Origin: refused");
	r = req("", "http", "127.0.0.1:8080");
	ok(!http_origin_ok(&r, NULL), "empty Origin: refused");
	r = req("null", "http", "127.0.0.1:8080");
	ok(!http_origin_ok(&r, NULL), "Origin null: refused");
	r = req("http://evil.example", "http", "127.0.0.1:8080");
	ok(!http_origin_ok(&r, NULL), "foreign Origin: refused");
	r = req("https://127.0.0.1:8080", "http", "127.0.0.1:8080");
	ok(!http_origin_ok(&r, NULL), "other scheme: refused");
	r = req("http://127.0.0.1:8080.evil", "http", "127.0.0.1:8080");
	ok(!http_origin_ok(&r, NULL), "host as a prefix: refused");
	r = req("http://127.0.0.1", "http", "127.0.0.1:8080");
	ok(!http_origin_ok(&r, NULL), "host without its port: refused");
	r = req("http://127.0.0.1:8080", "http", NULL);
	ok(!http_origin_ok(&r, NULL), "no Host: refused");
	r = req("https://course.example.org", "http", "127.0.0.1:8080");
	ok(http_origin_ok(&r, "https://a.example,https://course.example.org"),
	    "configured origin in a list: allowed");
	ok(!http_origin_ok(&r, "https://a.example,https://course.example"),
	    "configured list without it: refused");
	ok(!http_origin_ok(&r, "https://course.example.org.x"), "list entry longer: refused");
	r = req("http://127.0.0.1:8080", "http", "127.0.0.1:8080");
	ok(!http_origin_ok(&r, "https://course.example.org"),
	    "with a configured list, the Host header no longer counts");
	test_forwarded_proto();
	test_retry_after();
	return tap_done();
}
