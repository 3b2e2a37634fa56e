/* httpc.c - one HTTP/1.0 POST and its answer; see httpc.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/util/deadline.h"
#include "fcgi/httpc.h"

/* The end of the line starting at P (before END): its '\n', or NULL. */
static const char *
line_end(const char *p, const char *end)
{
	return memchr(p, '\n', (size_t)(end - p));
}

/* The number of a Content-Length header's value (N bytes at V) into *OUT. 0 or -1. */
static int
content_length(const char *v, size_t n, long *out)
{
	char num[24], *e;
	size_t k = 0;

	while (k < n && (v[k] == ' ' || v[k] == '\t'))
		k++;
	if (n - k == 0 || n - k >= sizeof(num) || v[k] < '0' || v[k] > '9')
		return -1;
	memcpy(num, v + k, n - k);
	num[n - k] = '\0';
	errno = 0;
	*out = strtol(num, &e, 10);
	return *e || errno ? -1 : 0;
}

int
httpc_parse(const char *buf, size_t len, struct httpc_answer *a, char *err, size_t errlen)
{
	const char *p = buf, *end = buf + len, *nl;
	long clen = -1;

	memset(a, 0, sizeof(*a));
	if ((nl = line_end(p, end)) == NULL || nl - p < 12 || memcmp(p, "HTTP/1.", 7) != 0 ||
	    p[8] != ' ' || p[9] < '1' || p[9] > '5' || p[10] < '0' || p[10] > '9' ||
	    p[11] < '0' || p[11] > '9') {
		snprintf(err, errlen, "not an HTTP answer");
		return -1;
	}
	a->status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	for (p = nl + 1;; p = nl + 1) {
		size_t n;

		if ((nl = line_end(p, end)) == NULL) {
			snprintf(err, errlen, "the headers do not end");
			return -1;
		}
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0) {
			p = nl + 1;
			break;
		}
		if (n > 15 && strncasecmp(p, "Content-Length:", 15) == 0 &&
		    content_length(p + 15, n - 15, &clen) != 0) {
			snprintf(err, errlen, "a bad Content-Length");
			return -1;
		}
	}
	a->body = p;
	a->body_len = (size_t)(end - p);
	if (clen >= 0) {
		if ((size_t)clen > a->body_len) {
			snprintf(err, errlen, "the answer ends before its %ld bytes", clen);
			return -1;
		}
		a->body_len = (size_t)clen;
	}
	return 0;
}

/* Sends LEN bytes of BUF by DEADLINE. 0 or -1. */
static int
send_all(int fd, const char *buf, size_t len, long long deadline)
{
	while (len > 0) {
		ssize_t n;

		if (deadline_wait(fd, POLLOUT, deadline) != 1)
			return -1;
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Connects to HOST:PORT (non-blocking) by DEADLINE. The socket, or -1 with ERR. */
static int
connect_to(const char *host, unsigned port, long long deadline, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *ai;
	char service[8];
	int fd, rc, e = 0;
	socklen_t el = sizeof(e);

	snprintf(service, sizeof(service), "%u", port);
	if ((rc = getaddrinfo(host, service, &hints, &ai)) != 0) {
		snprintf(err, errlen, "%s: %s", host, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS)
		e = errno;
	else if (fd >= 0 && (deadline_wait(fd, POLLOUT, deadline) != 1 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) != 0))
		e = e ? e : ETIMEDOUT;
	freeaddrinfo(ai);
	if (fd < 0 || e) {
		snprintf(err, errlen, "%s:%u: %s", host, port, strerror(fd < 0 ? errno : e));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Reads until the peer closes, into *BUF and *LEN, by DEADLINE. 0 or -1 (ERR). */
static int
read_answer(int fd, long long deadline, char **buf, size_t *len, char *err, size_t errlen)
{
	size_t cap = 65536, n = 0;
	char *b = malloc(cap);

	while (b != NULL) {
		ssize_t got;
		int w = deadline_wait(fd, POLLIN, deadline);

		if (w != 1) {
			snprintf(err, errlen, "%s", w == 0 ? "no answer in time" : strerror(errno));
			break;
		}
		if (n == cap) {
			char *m = cap >= HTTPC_MAX ? NULL : realloc(b, cap *= 2);

			if (m == NULL) {
				snprintf(err, errlen, "an answer of more than %u bytes", HTTPC_MAX);
				break;
			}
			b = m;
		}
		got = recv(fd, b + n, cap - n, 0);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got < 0) {
			snprintf(err, errlen, "%s", strerror(errno));
			break;
		}
		if (got == 0) {
			*buf = b;
			*len = n;
			return 0;
		}
		n += (size_t)got;
	}
	if (b == NULL)
		snprintf(err, errlen, "out of memory");
	free(b);
	return -1;
}

int
httpc_post(const char *host, unsigned port, const char *path, const char *headers,
    const char *body, size_t len, int timeout_ms, struct httpc_answer *a, char **buf,
    char *err, size_t errlen)
{
	long long deadline = deadline_now() + timeout_ms;
	char head[2048];
	size_t n;
	int fd, hn;

	*buf = NULL;
	hn = snprintf(head, sizeof(head), "POST %s HTTP/1.0\r\nHost: %s:%u\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n%s\r\n", path, host, port,
	    len, headers ? headers : "");
	if (hn < 0 || (size_t)hn >= sizeof(head)) {
		snprintf(err, errlen, "the request's head is too long");
		return -1;
	}
	if ((fd = connect_to(host, port, deadline, err, errlen)) < 0)
		return -1;
	if (send_all(fd, head, (size_t)hn, deadline) || send_all(fd, body, len, deadline)) {
		snprintf(err, errlen, "%s:%u: cannot send: %s", host, port, strerror(errno));
		close(fd);
		return -1;
	}
	if (read_answer(fd, deadline, buf, &n, err, errlen) != 0) {
		close(fd);
		return -1;
	}
	close(fd);
	if (httpc_parse(*buf, n, a, err, errlen) != 0) {
		free(*buf);
		*buf = NULL;
		return -1;
	}
	return 0;
}
