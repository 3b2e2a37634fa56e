/*
 * config.h - the command-line options the service programs share.
 *
 *   --data DIR        where the store and logs live (default "var")
 *   --site DIR        sitegen's output directory (default DATA/site); specs
 *                     are read from DIR/current/specs
 *   --socket PATH     FastCGI socket to create (default: take it on stdin)
 *   --children N      request processes (default 4)
 *   --origin LIST     allowed Origins, comma-separated (default: the
 *                     request's own scheme://host)
 *   --max-code BYTES  largest submission accepted (default 65536)
 *   --session-hours N how long a login lasts (default 12)
 *   --max-waiting N   a user's submissions waiting for a verdict at most
 *                     (default 3; 0: no limit; $ASSAY_MAX_WAITING)
 *   --max-per-minute N a user's submissions in any 60 seconds at most
 *                     (default 20; 0: no limit; $ASSAY_MAX_PER_MINUTE)
 *   --map-size BYTES  the most the store may grow to (K, M, G allowed;
 *                     default: sized to the disk, store.h; $ASSAY_MAP_SIZE)
 *   --store-reserve BYTES  kept free for the graders' results: submissions
 *                     are refused before (default: a twentieth of the map;
 *                     $ASSAY_STORE_RESERVE)
 *   --clock-file FILE for tests only: the time is read from FILE (seconds
 *                     since the epoch) at every request, when it holds one;
 *                     also taken from the environment, ASSAY_CLOCK_FILE
 *
 * Programs add their own options by passing EXTRA (getopt_long entries and a
 * callback); config_parse() reports unknown options and prints USAGE.
 */
#ifndef ASSAY_CONFIG_H
#define ASSAY_CONFIG_H

#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct config {
	const char *data;
	const char *site;
	const char *socket;
	const char *origin;
	int children;
	size_t max_code;
	unsigned session_hours;
	unsigned long max_waiting;	/* 0: no limit */
	unsigned long max_per_minute;	/* 0: no limit */
	uint64_t map_size;		/* 0: the store's default */
	uint64_t store_reserve;		/* 0: the store's default */
	const char *clock_file;
	char specdir[PATH_MAX];	/* SITE/current/specs */
	char rundir[PATH_MAX];	/* DATA/run: sockets, locks, the wake-up FIFO */
};

/*
 * Parses ARGV into C. EXTRA (may be NULL) lists more long options, each
 * handed to ON_EXTRA(val, optarg, ctx), which returns 0 or -1 for a bad value.
 * Returns the index of the first non-option argument, or -1 after printing
 * an error and USAGE to standard error.
 */
int config_parse(int argc, char **argv, struct config *c, const char *usage,
    const struct option *extra, int (*on_extra)(int val, const char *arg, void *ctx),
    void *ctx);

/* The time now: from --clock-file when it names a readable number. */
time_t config_now(const struct config *c);

/* Parses a whole non-negative number no larger than MAX. 0 or -1. */
int config_number(const char *s, unsigned long max, unsigned long *out);

#endif
