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

#endif
