/* session.c - session cookies; see session.h. */
#include <stdio.h>
#include <string.h>

#include "fcgi/form.h"
#include "fcgi/session.h"

static int
cookie_digest(const struct http_req *r, unsigned char digest[AUTH_DIGEST_LEN],
    int *had_cookie)
{
	char token[AUTH_TOKEN_LEN + 2];
	int rc;

	*had_cookie = 0;
	if (r->cookie == NULL)
		return STORE_NOTFOUND;
	rc = form_cookie(r->cookie, SESSION_COOKIE, token, sizeof(token));
	if (rc == 1)
		return STORE_NOTFOUND;
	*had_cookie = 1;
	if (rc != 0 || auth_token_digest(token, digest) != 0)
		return STORE_NOTFOUND;
	return STORE_OK;
}

int
session_user(struct store *s, const struct http_req *r, time_t now,
    struct store_user *user, int *had_cookie)
{
	unsigned char digest[AUTH_DIGEST_LEN];
	char login[AUTH_LOGIN_MAX + 1];
	int rc, had;

	rc = cookie_digest(r, digest, &had);
	if (had_cookie)
		*had_cookie = had;
	if (rc)
		return rc;
	if ((rc = store_session_get(s, digest, now, login)))
		return rc;
	return store_user_get(s, login, user);
}

static void
set_cookie(struct http_req *r, const char *value, long max_age)
{
	int secure = http_cookie_secure(r);

	snprintf(r->set_cookie, sizeof(r->set_cookie),
	    "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
	    SESSION_COOKIE, value, max_age, secure ? "; Secure" : "");
}

int
session_start(struct store *s, struct http_req *r, const struct store_user *u,
    unsigned hours)
{
	char token[AUTH_TOKEN_LEN + 1];
	unsigned char digest[AUTH_DIGEST_LEN];
	time_t now = time(NULL);
	int rc;

	if (auth_new_token(token, digest) != 0)
		return STORE_ERROR;
	rc = store_session_begin(s, digest, u->login, u->hash, now, now + (time_t)hours * 3600);
	if (rc == STORE_OK)
		set_cookie(r, token, (long)hours * 3600);
	return rc;
}

int
session_end(struct store *s, struct http_req *r)
{
	unsigned char digest[AUTH_DIGEST_LEN];
	int had, rc = STORE_NOTFOUND;

	if (cookie_digest(r, digest, &had) == STORE_OK)
		rc = store_session_del(s, digest);
	set_cookie(r, "", 0);
	return rc == STORE_ERROR ? rc : STORE_OK;
}
