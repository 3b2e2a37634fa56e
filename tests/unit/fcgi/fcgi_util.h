/*
 * fcgi_util.h - what the service's unit tests share: a private temporary
 * directory (their files, stores and sockets, so that they run beside other
 * suites) and a clock in milliseconds.
 *
 *   tmp_dir_make("store")   creates /tmp/assay-store-XXXXXX into tmp_dir
 *   tmp_dir_remove()        removes it and all it holds
 *   now_ms(), sleep_ms(ms)  CLOCK_MONOTONIC; sleep_ms() sleeps on through signals
 *
 * Header-only, as tap.h.
 */
#ifndef ASSAY_FCGI_UTIL_H
#define ASSAY_FCGI_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/tap.h"

static char tmp_dir[64];

static inline void
tmp_dir_make(const char *name)
{
	snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/assay-%s-XXXXXX", name);
	if (mkdtemp(tmp_dir) == NULL) {
		printf("Bail out! mkdtemp %s: %s\n", tmp_dir, strerror(errno));
		exit(1);
	}
}

static inline void
tmp_dir_remove(void)
{
	char cmd[sizeof(tmp_dir) + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
	if (system(cmd) != 0)
		diag("cannot remove %s", tmp_dir);
}

static inline double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static inline void
sleep_ms(int ms)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

#endif
