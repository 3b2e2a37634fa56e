/*
 * jobe_keys.h - the Jobe API's optional API keys and their rate limits
 * (jobe.h): which keys may POST runs, and how many runs an hour each
 * client address may start with each key.
 *
 * The keys come from a text file the caller names: one "KEY RATE" per line,
 * RATE the runs per hour (0: unlimited); blank lines and lines beginning
 * with '#' are skipped. A key is 1 to JOBE_KEY_MAX printable ASCII bytes
 * without white space.
 *
 * The limit is a token bucket per client address and key, as Jobe's: it
 * holds RATE tokens when new, a run takes one, and it refills at RATE/3600
 * tokens a second up to RATE. So a client may start RATE runs at once,
 * then one every 3600/RATE seconds. Several processes answer the API, so
 * the buckets live in files, one per address and key, in a directory the
 * caller names (DIR/HEX(ADDRESS)-HEX(KEY): "tokens time" as text), read and
 * written under flock(); nothing removes them (a few dozen bytes per client
 * and key).
 */
#ifndef ASSAY_JOBE_KEYS_H
#define ASSAY_JOBE_KEYS_H

#include <stddef.h>

#define JOBE_KEY_MAX 64

struct jobe_keys;

/*
 * Parses the key file's TEXT (LEN bytes). Returns 0 with a new set in
 * *KEYS (free with jobe_keys_free()), or -1 with ERR (ERRLEN bytes) saying
 * "line N: why" (a malformed line, a repeated key) or "out of memory".
 */
int jobe_keys_parse(const char *text, size_t len, struct jobe_keys **keys, char *err, size_t errlen);

/* jobe_keys_parse() of the file PATH; ERR also says when it cannot be read. */
int jobe_keys_load(const char *path, struct jobe_keys **keys, char *err, size_t errlen);

/* Frees KEYS (may be NULL). */
void jobe_keys_free(struct jobe_keys *keys);

/* The number of keys in KEYS (0 for NULL). */
size_t jobe_keys_count(const struct jobe_keys *keys);

/* Is KEY one of KEYS? 1 with its hourly rate in *RATE, or 0. */
int jobe_keys_find(const struct jobe_keys *keys, const char *key, long *rate);

/*
 * Takes a token from the bucket of ADDRESS and KEY in DIR (created if
 * missing, mode 0700), with RATE runs an hour (> 0), at time NOW (seconds,
 * any clock that only goes forward). Returns 1 when the run may start, 0
 * when the bucket is empty, -1 on a system error (errno).
 */
int jobe_keys_take(const char *dir, const char *address, const char *key, long rate, double now);

#endif
