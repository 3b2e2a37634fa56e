/* test_http.c - the Origin check of state-changing requests. */
#include <string.h>

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
	return tap_done();
}
