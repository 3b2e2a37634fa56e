/*
 * store.h - everything the service keeps, in one LMDB environment.
 *
 * The environment lives in DATA/db/ (data.mdb, lock.mdb) and holds these
 * named databases:
 *   users     login -> JSON {"role", "hash", "created"}
 *   sessions  SHA-256 of the token (32 bytes) -> JSON {"login", "expires"}
 *   subs      id (8 bytes, big-endian) -> JSON submission record
 *   bylogin   login NUL exercise NUL id (8 bytes, big-endian) -> empty:
 *             a user's submissions, oldest first
 *   queue     id (8 bytes, big-endian) -> lease (queue.h); empty when waiting
 *   meta      "next-id" -> 8 bytes, big-endian
 *
 * Every change is one LMDB write transaction, made durable (fsync) before
 * the call returns: a submission, its index entry and its queue entry are
 * committed together or not at all.
 *
 * LMDB environments must not cross fork(): open the store in the process
 * that uses it (after forking). A store is used by one thread at a time.
 *
 * Returns: 0 (STORE_OK), STORE_NOTFOUND, STORE_EXISTS, or STORE_ERROR, after
 * which store_error() says what went wrong (for the log, not for clients).
 */
#ifndef ASSAY_STORE_H
#define ASSAY_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "fcgi/auth.h"

#define STORE_OK 0
#define STORE_NOTFOUND 1
#define STORE_EXISTS 2
#define STORE_REFUSED 3	/* a store_submit() check said no */
#define STORE_ERROR (-1)

#define STORE_ROLE_MAX 16

struct store;

struct store_user {
	char login[AUTH_LOGIN_MAX + 1];
	char role[STORE_ROLE_MAX];	/* "student" or "admin" */
	char hash[AUTH_HASH_MAX];	/* crypt(3) string */
};

/*
 * Opens (creating if needed) the store under DATADIR/db. On failure returns
 * STORE_ERROR with a message in ERR. Clears reader slots left by processes
 * that died.
 */
int store_open(const char *datadir, struct store **out, char *err, size_t errlen);

/* Closes S; S may be NULL. */
void store_close(struct store *s);

/* What the last failed call of S went wrong with. Never NULL. */
const char *store_error(const struct store *s);

/*
 * Adds N users in one transaction. An existing login is replaced when
 * REPLACE, else left alone and counted in *SKIPPED. *ADDED counts new and
 * replaced users. Either may be NULL.
 */
int store_user_add(struct store *s, const struct store_user *users, size_t n,
    int replace, size_t *added, size_t *skipped);

/* Looks LOGIN up. STORE_NOTFOUND when there is no such user. */
int store_user_get(struct store *s, const char *login, struct store_user *out);

/* All users, as a new JSON array of {"login", "role", "created"}. */
int store_user_list(struct store *s, json_t **out);

/* Records a session for LOGIN until EXPIRES. */
int store_session_add(struct store *s, const unsigned char digest[AUTH_DIGEST_LEN],
    const char *login, time_t expires);

/*
 * The login of a session that has not expired at NOW. STORE_NOTFOUND when
 * there is no such session or it has expired.
 */
int store_session_get(struct store *s, const unsigned char digest[AUTH_DIGEST_LEN],
    time_t now, char login[AUTH_LOGIN_MAX + 1]);

/* Ends a session. STORE_NOTFOUND when there was none. */
int store_session_del(struct store *s, const unsigned char digest[AUTH_DIGEST_LEN]);

/* Removes sessions expired at NOW; *REMOVED (may be NULL) counts them. */
int store_session_purge(struct store *s, time_t now, size_t *removed);

/*
 * Called by store_submit() inside its transaction with the number of
 * submissions LOGIN already made to EXERCISE, so that an attempt limit holds
 * even against concurrent submissions. It may change RECORD (mark it
 * invalid). Returns 0 to store it, non-zero to refuse (STORE_REFUSED).
 */
typedef int store_check_fn(json_t *record, size_t previous, void *ctx);

/*
 * Stores a new submission and queues it for grading, in one transaction.
 * RECORD must hold string fields "login" and "exercise"; its "id" is set to
 * the new id, which is also returned in *ID. RECORD is not stolen. CHECK (may
 * be NULL) decides first, with CTX.
 */
int store_submit(struct store *s, json_t *record, store_check_fn *check, void *ctx,
    uint64_t *id);

/* The record of submission ID, as a new reference in *OUT. */
int store_submission_get(struct store *s, uint64_t id, json_t **out);

/*
 * LOGIN's submissions, newest first, at most MAX of them, as a new JSON array
 * of records in *OUT; only those for EXERCISE unless it is NULL. *TOTAL (may
 * be NULL) gets how many there are in all.
 */
int store_submission_list(struct store *s, const char *login, const char *exercise,
    size_t max, json_t **out, size_t *total);

/*
 * Replaces the record of submission ID by RECORD (whose "id" must match).
 * Used by administrative commands; graders use queue_finish().
 */
int store_submission_put(struct store *s, uint64_t id, json_t *record);

#endif
