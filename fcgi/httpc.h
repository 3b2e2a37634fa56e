/*
 * httpc.h - the little HTTP client the worker needs to hand a grading to
 * the grader hosts through the service's own nginx (its upstream of grader
 * hosts, issue 17): one POST over TCP, HTTP/1.0 (the connection closes
 * after the answer: no chunks, no keep-alive), a deadline for the whole
 * exchange, the answer's status and body.
 *
 * httpc_parse() reads an answer's bytes; it is fuzzed (tests/fuzz).
 */
#ifndef ASSAY_HTTPC_H
#define ASSAY_HTTPC_H

#include <stddef.h>

/* The largest answer taken (a result's fields: a few MiB at most). */
#define HTTPC_MAX (16u << 20)

struct httpc_answer {
	int status;		/* 100..599 */
	const char *body;	/* into the parsed buffer */
	size_t body_len;
};

/*
 * Parses LEN bytes of BUF, a whole HTTP/1.x answer: its status line,
 * headers (a Content-Length, when given, must fit in what came) and body.
 * 0; -1 with a reason in ERR when it is not one.
 */
int httpc_parse(const char *buf, size_t len, struct httpc_answer *a, char *err,
    size_t errlen);

/*
 * POSTs LEN bytes of BODY (JSON) to http://HOST:PORT PATH with the extra
 * header lines HEADERS ("Name: value\r\n"..., may be NULL), and waits for
 * the whole answer until TIMEOUT_MS have passed. 0 with *A filled and *BUF
 * (malloc'd, the caller frees; A points into it); -1 with a reason in ERR
 * when no answer came (refused, reset, late, malformed).
 */
int httpc_post(const char *host, unsigned port, const char *path, const char *headers,
    const char *body, size_t len, int timeout_ms, struct httpc_answer *a, char **buf,
    char *err, size_t errlen);

#endif
