/*
 * speccache.h - a grader host's specs, by content: the text of a spec's
 * JSON is named by its SHA-256 (64 lowercase hex digits), uploaded once and
 * graded against many times, as Jobe's files are.
 *
 * A cache, not a store: files in DIR named HASH.json, each written to a
 * temporary name and renamed (a reader never sees half of one); any of them
 * may be removed at any time (the service then sends the spec again), and
 * past SPECCACHE_MAX_BYTES the least recently used go first.
 */
#ifndef ASSAY_SPECCACHE_H
#define ASSAY_SPECCACHE_H

#include <stddef.h>

#define SPECCACHE_HASH_LEN 64
#define SPECCACHE_MAX_BYTES (512ull << 20)

/* The SHA-256 of LEN bytes of TEXT, as hex, into OUT. 0, or -1. */
int speccache_hash(const char *text, size_t len, char out[SPECCACHE_HASH_LEN + 1]);

/* Is HASH 64 lowercase hex digits? */
int speccache_hash_valid(const char *hash);

/*
 * Keeps LEN bytes of TEXT in DIR under HASH, after checking that HASH is
 * theirs. 0; 1 when HASH is not the text's; -1 (errno) when it cannot be
 * written.
 */
int speccache_put(const char *dir, const char *hash, const char *text, size_t len);

/*
 * The text kept under HASH, malloc'd, into *TEXT and *LEN (its use is
 * noted for the eviction). 0; 1 when not held; -1 (errno).
 */
int speccache_get(const char *dir, const char *hash, char **text, size_t *len);

/* Removes the least recently used files until DIR holds at most MAX bytes. */
void speccache_trim(const char *dir, unsigned long long max);

#endif
