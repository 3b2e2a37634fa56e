/*
 * auth.h - passwords, logins and session tokens.
 *
 * Passwords are hashed with yescrypt through libxcrypt. A session token is 32
 * random bytes from getrandom(2), given to the browser in base64url (43
 * characters) and stored only as its SHA-256, so a copy of the database does
 * not hold usable sessions.
 */
#ifndef ASSAY_AUTH_H
#define ASSAY_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define AUTH_LOGIN_MAX 64	/* bytes */
#define AUTH_PASSWORD_MAX 1024	/* bytes; longer is refused before hashing */
#define AUTH_HASH_MAX 256	/* room for a crypt(3) hash string */
#define AUTH_TOKEN_LEN 43	/* base64url of 32 bytes, no padding */
#define AUTH_DIGEST_LEN 32	/* SHA-256 */

/*
 * Is LOGIN acceptable: 1 to AUTH_LOGIN_MAX bytes of [A-Za-z0-9._@-], not
 * starting with '.' or '-'? Logins appear in keys, paths and logs.
 */
int auth_login_valid(const char *login);

/* Hashes PW into OUT (AUTH_HASH_MAX bytes). Returns 0, or -1 on failure. */
int auth_hash_password(const char *pw, char out[AUTH_HASH_MAX]);

/*
 * Checks PW against HASH (a crypt(3) string). Returns 1 on a match, 0 on a
 * mismatch or a malformed hash. With HASH NULL it spends the time of a real
 * check and returns 0, so that unknown logins cannot be told by timing.
 */
int auth_check_password(const char *pw, const char *hash);

/*
 * Makes a new session token: TOKEN gets AUTH_TOKEN_LEN characters and a NUL,
 * DIGEST its SHA-256. Returns 0, or -1 when no randomness is available.
 */
int auth_new_token(char token[AUTH_TOKEN_LEN + 1], unsigned char digest[AUTH_DIGEST_LEN]);

/*
 * The digest of a token presented by a client. Returns 0, or -1 when TOKEN is
 * not AUTH_TOKEN_LEN base64url characters (then it cannot be a session).
 */
int auth_token_digest(const char *token, unsigned char digest[AUTH_DIGEST_LEN]);

/*
 * Login throttling: the policy, apart from where its records are kept
 * (store.h, store_throttle_*). Failed logins are counted twice: for the
 * login tried (known or not, so that throttling tells nothing about which
 * logins exist) and for the client's address. A request that must wait is
 * answered 429 before its password is checked, and is not counted.
 *
 * - A login: after failure number F, F >= AUTH_LOGIN_FREE, the next attempt
 *   waits 2^(F - AUTH_LOGIN_FREE) seconds, at most AUTH_LOGIN_WAIT_MAX;
 *   fewer failures cost nothing. An hour without a failure, or a
 *   successful login, forgets them. A guesser gets 14 tries in the first
 *   17 minutes and then 4 an hour.
 * - An address: a bucket of AUTH_ADDR_BURST failures that empties by one
 *   every AUTH_ADDR_EVERY seconds; a full bucket (the failure that fills it)
 *   makes the next attempt wait for room. Generous, because a lab or an exam room shares one
 *   address: 100 students logging in at once with a few typos are far from
 *   it, while a guesser spraying many logins is held to 10 a minute.
 */
#define AUTH_LOGIN_FREE 5
#define AUTH_LOGIN_WAIT_MAX 900		/* seconds */
#define AUTH_LOGIN_FORGET 3600		/* seconds without a failure */
#define AUTH_ADDR_BURST 60
#define AUTH_ADDR_EVERY 6		/* seconds */

enum auth_throttle_kind { AUTH_THROTTLE_LOGIN, AUTH_THROTTLE_ADDR };

/* What is remembered of one login's or one address's failures. */
struct auth_throttle {
	uint32_t failures;	/* in the streak (a login) or the bucket (an address) */
	int64_t last;		/* when the count was last brought up to date */
	int64_t until;		/* no attempt before this time */
};

/* Seconds to wait at NOW before the next attempt: 0 when it may be made. */
long auth_throttle_wait(const struct auth_throttle *t, time_t now);

/* Counts a failure at NOW in T (all zero for none yet) under KIND's policy. */
void auth_throttle_fail(struct auth_throttle *t, enum auth_throttle_kind kind, time_t now);

/* Does T remember nothing that still matters at NOW (it may be deleted)? */
int auth_throttle_stale(const struct auth_throttle *t, enum auth_throttle_kind kind,
    time_t now);

#endif
