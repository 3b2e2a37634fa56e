/* auth.c - passwords, logins and session tokens; see auth.h. */
#include <crypt.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/evp.h>

#include "fcgi/auth.h"

int
auth_login_valid(const char *login)
{
	size_t n = 0;

	if (login[0] == '.' || login[0] == '-')
		return 0;
	for (const char *p = login; *p; p++, n++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '@' || c == '-'))
			return 0;
	}
	return n >= 1 && n <= AUTH_LOGIN_MAX;
}

int
auth_hash_password(const char *pw, char out[AUTH_HASH_MAX])
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data cd;

	if (strlen(pw) > AUTH_PASSWORD_MAX)
		return -1;
	/* Cost 0 asks libxcrypt for yescrypt's recommended default. */
	if (crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt)) == NULL)
		return -1;
	memset(&cd, 0, sizeof(cd));
	if (crypt_rn(pw, salt, &cd, sizeof(cd)) == NULL || cd.output[0] == '*')
		return -1;
	if (strlen(cd.output) >= AUTH_HASH_MAX)
		return -1;
	strcpy(out, cd.output);
	return 0;
}

int
auth_check_password(const char *pw, const char *hash)
{
	/* A real hash with the default cost, made once, for unknown logins. */
	static char dummy[AUTH_HASH_MAX];
	struct crypt_data cd;
	size_t n;
	unsigned char diff = 0;

	if (strlen(pw) > AUTH_PASSWORD_MAX)
		return 0;
	if (hash == NULL && dummy[0] == '\0' && auth_hash_password("-", dummy))
		return 0;
	memset(&cd, 0, sizeof(cd));
	if (crypt_rn(pw, hash ? hash : dummy, &cd, sizeof(cd)) == NULL ||
	    cd.output[0] == '*' || hash == NULL)
		return 0;
	n = strlen(hash);
	if (strlen(cd.output) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(cd.output[i] ^ hash[i]);
	return diff == 0;
}

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int
sha256(const void *data, size_t len, unsigned char digest[AUTH_DIGEST_LEN])
{
	unsigned int n = 0;

	return EVP_Digest(data, len, digest, &n, EVP_sha256(), NULL) == 1 &&
	    n == AUTH_DIGEST_LEN ? 0 : -1;
}

int
auth_new_token(char token[AUTH_TOKEN_LEN + 1], unsigned char digest[AUTH_DIGEST_LEN])
{
	unsigned char raw[33];
	size_t got = 0, o = 0;

	while (got < 32) {
		ssize_t n = getrandom(raw + got, 32 - got, 0);

		if (n < 0)
			return -1;
		got += (size_t)n;
	}
	raw[32] = 0;
	/* 32 bytes = 10 groups of 3 and 2 left: 40 + 3 characters. */
	for (size_t i = 0; i < 33; i += 3) {
		unsigned v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 |
		    (i + 2 < 33 ? raw[i + 2] : 0);

		token[o++] = b64url[v >> 18 & 63];
		token[o++] = b64url[v >> 12 & 63];
		token[o++] = b64url[v >> 6 & 63];
		if (o < AUTH_TOKEN_LEN)
			token[o++] = b64url[v & 63];
	}
	token[AUTH_TOKEN_LEN] = '\0';
	return sha256(token, AUTH_TOKEN_LEN, digest);
}

int
auth_token_digest(const char *token, unsigned char digest[AUTH_DIGEST_LEN])
{
	size_t n = strlen(token);

	if (n != AUTH_TOKEN_LEN || strspn(token, b64url) != n)
		return -1;
	return sha256(token, n, digest);
}

long
auth_throttle_wait(const struct auth_throttle *t, time_t now)
{
	return t->until > (int64_t)now ? (long)(t->until - (int64_t)now) : 0;
}

/* An address's bucket at NOW: the failures that have not drained yet. */
static void
addr_drain(struct auth_throttle *t, time_t now)
{
	int64_t drained = t->last < (int64_t)now ? ((int64_t)now - t->last) / AUTH_ADDR_EVERY : 0;

	if (drained >= (int64_t)t->failures) {
		t->failures = 0;
		t->last = now;
	} else {
		t->failures -= (uint32_t)drained;
		t->last += drained * AUTH_ADDR_EVERY;
	}
}

void
auth_throttle_fail(struct auth_throttle *t, enum auth_throttle_kind kind, time_t now)
{
	if (kind == AUTH_THROTTLE_ADDR) {
		addr_drain(t, now);
		if (t->failures < UINT32_MAX)
			t->failures++;
		/* A full bucket: room again when one more failure has drained. */
		if (t->failures >= AUTH_ADDR_BURST)
			t->until = t->last +
			    (int64_t)(t->failures - AUTH_ADDR_BURST + 1) * AUTH_ADDR_EVERY;
		return;
	}
	if ((int64_t)now - t->last >= AUTH_LOGIN_FORGET)
		t->failures = 0;
	if (t->failures < UINT32_MAX)
		t->failures++;
	t->last = now;
	if (t->failures >= AUTH_LOGIN_FREE) {
		uint32_t e = t->failures - AUTH_LOGIN_FREE;
		int64_t wait = e >= 10 ? AUTH_LOGIN_WAIT_MAX : (int64_t)1 << e;

		t->until = (int64_t)now + (wait < AUTH_LOGIN_WAIT_MAX ? wait : AUTH_LOGIN_WAIT_MAX);
	}
}

int
auth_throttle_stale(const struct auth_throttle *t, enum auth_throttle_kind kind, time_t now)
{
	if (t->until > (int64_t)now)
		return 0;
	if (kind == AUTH_THROTTLE_ADDR)
		return (int64_t)now - t->last >= (int64_t)t->failures * AUTH_ADDR_EVERY;
	return (int64_t)now - t->last >= AUTH_LOGIN_FORGET;
}
