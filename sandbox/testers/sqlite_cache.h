/*
 * sqlite_cache.h - the answer's tables of the sqlite-query tester, kept in
 * the grader's memory: the answer's result on a database does not depend
 * on the submission, so a grader runs it once per exercise and database
 * and reuses it for every later submission (the author's correlated
 * subqueries on a database of some megabytes take most of a second).
 *
 * An entry's key is the exercise's id, the answer's text (compared
 * whole), the database's length and its 64-bit FNV-1a hash: all the
 * author's, none the student's, so no submission can aim at another
 * entry. At most SQLITE_CACHE_ENTRIES entries, the oldest replaced; each
 * holds the answer run's output (at most the output ceiling, 1 MiB).
 * Thread-safe.
 */
#ifndef ASSAY_SQLITE_CACHE_H
#define ASSAY_SQLITE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define SQLITE_CACHE_ENTRIES 8

/* The hash of database DB (LEN bytes), for the calls below. */
uint64_t sqlite_cache_hash(const void *db, size_t len);

/*
 * The output kept for ID, ANSWER and the database of DBLEN bytes hashing
 * to DBHASH: a malloc'd copy (NUL-terminated, its length in *LEN) the
 * caller frees, or NULL when there is none (or on ENOMEM).
 */
char *sqlite_cache_get(const char *id, const char *answer, size_t dblen,
    uint64_t dbhash, size_t *len);

/* Keeps a copy of OUT (LEN bytes) under that key; nothing on ENOMEM. */
void sqlite_cache_put(const char *id, const char *answer, size_t dblen,
    uint64_t dbhash, const char *out, size_t len);

#endif
