/*
 * test_httpc.c - the worker's reading of an HTTP answer (fcgi/httpc.h):
 * status and body, with a Content-Length or to the end, bare LF lines, and
 * answers refused saying why (not HTTP, headers that never end, a body
 * shorter than announced, a bad length); and a POST to a port where nobody
 * listens fails at once saying so.
 */
#include <string.h>

#include "fcgi/httpc.h"
#include "tests/tap.h"

static int
parse(const char *text, struct httpc_answer *a, char *err)
{
	return httpc_parse(text, strlen(text), a, err, 128);
}

int
main(void)
{
	struct httpc_answer a;
	char err[128] = "", *buf = NULL;

	ok(parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}xx", &a, err) == 0 &&
	    a.status == 200 && a.body_len == 2 && !strncmp(a.body, "{}", 2),
	    "status and a body of its Content-Length");
	ok(parse("HTTP/1.0 409 Conflict\n\n{\"missing\":\"spec\"}", &a, err) == 0 &&
	    a.status == 409 && a.body_len == 18, "bare LF lines, the body to the end");
	ok(parse("HTTP/1.1 204 No Content\r\n\r\n", &a, err) == 0 && a.body_len == 0,
	    "no body");
	ok(parse("SSH-2.0-OpenSSH\r\n", &a, err) == -1 && strstr(err, "not an HTTP"),
	    "not HTTP: %s", err);
	ok(parse("HTTP/1.1 200 OK\r\nServer: x\r\n", &a, err) == -1 && strstr(err, "do not end"),
	    "headers that never end: %s", err);
	ok(parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", &a, err) == -1 &&
	    strstr(err, "ends before"), "a body shorter than announced: %s", err);
	ok(parse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", &a, err) == -1 &&
	    strstr(err, "Content-Length"), "a negative length: %s", err);
	ok(parse("HTTP/1.1 999 What\r\n\r\n", &a, err) == -1, "a status out of range");
	ok(httpc_post("127.0.0.1", 1, "/grader/grade", NULL, "{}", 2, 2000, &a, &buf, err,
	    sizeof(err)) == -1 && buf == NULL && strstr(err, "127.0.0.1:1"),
	    "nobody listening: fails, saying where: %s", err);
	return tap_done();
}
