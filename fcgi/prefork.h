/*
 * prefork.h - the process model of every FastCGI program of Assay.
 *
 * A parent process opens the listening socket (or takes it on standard input,
 * as systemd socket activation and spawn-fcgi hand it over), forks a fixed
 * number of children that accept requests on it, restarts a child that dies
 * (so one request that crashes a process costs only that request), and on
 * SIGTERM or SIGINT stops them, letting a request in progress finish.
 *
 * Each child calls init() once (open the store there: LMDB must not cross
 * fork), then handle() per request. A handler answers through http.h; if it
 * forgets to, the loop answers 500.
 */
#ifndef ASSAY_PREFORK_H
#define ASSAY_PREFORK_H

#include "fcgi/http.h"

struct prefork {
	const char *socket_path;	/* NULL: the socket is file descriptor 0 */
	int children;			/* how many request processes (at most 64) */
	int (*init)(void *ctx);		/* in each child; non-zero: give up */
	void (*handle)(struct http_req *r, void *ctx);
	void *ctx;
};

/*
 * Runs PF until it is told to stop. Returns the program's exit status: 0
 * after a clean stop, 1 when the socket could not be opened or children keep
 * failing at start (more than five times their number within ten seconds).
 * Sets the handlers of SIGTERM, SIGINT, SIGCHLD and SIGPIPE (ignored), and
 * blocks the first three outside of waiting for them.
 *
 * Readiness: when the environment names a descriptor (above 2) in
 * ASSAY_READY_FD, "ready\n" is written to it once the socket is open and the
 * children are started, and it is closed (children never hold it), so a
 * supervisor reading it sees either that line or, when the program ended
 * first, end of file. The variable is removed from the environment.
 */
int prefork_run(const struct prefork *pf);

#endif
