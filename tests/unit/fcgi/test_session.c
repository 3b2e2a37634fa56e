/* test_session.c - login sessions: the cookie, the store, expiry and logout. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fcgi/session.h"
#include "sandbox/util/file.h"
#include "tests/tap.h"
#include "tests/unit/fcgi/fcgi_util.h"


static struct store_user ann = { "ann", "student", "x" };

/* A request with COOKIE (may be NULL) over SCHEME. */
static struct http_req
req(const char *cookie, const char *scheme)
{
	struct http_req r;

	memset(&r, 0, sizeof(r));
	r.cookie = cookie;
	r.scheme = scheme;
	return r;
}

/* The token of a Set-Cookie value "assay_session=TOKEN; ...", into TOKEN. */
static void
cookie_token(const char *set_cookie, char token[AUTH_TOKEN_LEN + 1])
{
	const char *v = strchr(set_cookie, '=');
	size_t n = v ? strcspn(v + 1, ";") : 0;

	snprintf(token, AUTH_TOKEN_LEN + 1, "%.*s", (int)n, v ? v + 1 : "");
}

/* Does the file at PATH hold the LEN bytes at NEEDLE? */
static int
file_holds(const char *path, const void *needle, size_t len)
{
	char *text;
	size_t n;
	int found;

	if (file_read(path, &text, &n) == -1)
		return -1;
	found = memmem(text, n, needle, len) != NULL;
	free(text);
	return found;
}

static void
test_no_session(struct store *s)
{
	struct store_user u;
	struct http_req r;
	int had = -1;

	r = req(NULL, "http");
	is_int(session_user(s, &r, time(NULL), &u, &had), STORE_NOTFOUND, "no cookie: no user");
	is_int(had, 0, "... and no cookie was sent");
	r = req("theme=dark; lang=fr", "http");
	had = -1;
	is_int(session_user(s, &r, time(NULL), &u, &had), STORE_NOTFOUND, "other cookies: no user");
	is_int(had, 0, "... and no session cookie was sent");
	r = req("assay_session=short", "http");
	is_int(session_user(s, &r, time(NULL), &u, &had), STORE_NOTFOUND,
	    "a malformed token: no user");
	is_int(had, 1, "... but a session cookie was sent");
	r = req("assay_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "http");
	is_int(session_user(s, &r, time(NULL), &u, &had), STORE_NOTFOUND,
	    "a well-formed token the store does not know: no user");
	is_int(had, 1, "... a session cookie was sent");
	is_int(session_user(s, &r, time(NULL), &u, NULL), STORE_NOTFOUND,
	    "HAD_COOKIE may be NULL");
}

static void
test_login(struct store *s)
{
	struct http_req r = req(NULL, "http"), r2;
	struct store_user u;
	char token[AUTH_TOKEN_LEN + 1], cookie[128], want[256], dbpath[PATH_MAX];
	unsigned char digest[AUTH_DIGEST_LEN];
	time_t now = time(NULL);
	int had = -1;

	is_int(session_start(s, &r, &ann, 12), STORE_OK, "a session starts");
	cookie_token(r.set_cookie, token);
	is_int(strlen(token), AUTH_TOKEN_LEN, "the cookie holds a whole token");
	snprintf(want, sizeof(want),
	    "assay_session=%s; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict", token);
	is_str(r.set_cookie, want, "the cookie: HttpOnly, SameSite=Strict, Max-Age of 12 hours");

	snprintf(cookie, sizeof(cookie), "theme=dark; assay_session=%s", token);
	r2 = req(cookie, "http");
	is_int(session_user(s, &r2, now, &u, &had), STORE_OK, "the cookie names the user");
	is_str(u.login, "ann", "... ann");
	is_str(u.role, "student", "... with her role");
	is_int(had, 1, "... from the cookie sent");
	is_int(session_user(s, &r2, now + 12 * 3600 - 1, &u, NULL), STORE_OK,
	    "still valid a second before the end");
	is_int(session_user(s, &r2, now + 12 * 3600 + 1, &u, &had), STORE_NOTFOUND,
	    "expired after 12 hours");
	is_int(had, 1, "... though a cookie was sent (\"your session has expired\")");

	/* The store keeps the token's digest, never the token. */
	snprintf(dbpath, sizeof(dbpath), "%s/db/data.mdb", tmp_dir);
	auth_token_digest(token, digest);
	is_int(file_holds(dbpath, digest, sizeof(digest)), 1, "the store holds the digest");
	is_int(file_holds(dbpath, token, AUTH_TOKEN_LEN), 0, "the store does not hold the token");

	r = req(NULL, "https");
	session_start(s, &r, &ann, 1);
	ok(strstr(r.set_cookie, "; Max-Age=3600; HttpOnly; SameSite=Strict; Secure") != NULL,
	    "over https the cookie is Secure: %s", r.set_cookie);
	r = req(NULL, "http");
	session_start(s, &r, &ann, 1);
	ok(strstr(r.set_cookie, "Secure") == NULL, "over http it is not");
	http_proxy_set(1, 0);
	r = req(NULL, "http");
	session_start(s, &r, &ann, 1);
	ok(strstr(r.set_cookie, "; SameSite=Strict; Secure") != NULL,
	    "with --secure-cookies (a TLS proxy in front) it is, over http: %s", r.set_cookie);
	r = req(NULL, "http");
	session_end(s, &r);
	ok(strstr(r.set_cookie, "Max-Age=0; HttpOnly; SameSite=Strict; Secure") != NULL,
	    "... and so is the cookie that clears it");
	http_proxy_set(0, 0);
}

/* A password changed between its check and the session: no session. */
static void
test_changed_password(struct store *s)
{
	struct store_user old = ann, gone = { "nobody", "student", "x" };
	struct store_user now = { "ann", "student", "y" };
	struct http_req r = req(NULL, "http");
	json_t *list = NULL;

	store_user_add(s, &now, 1, 1, NULL, NULL);
	is_int(session_start(s, &r, &old, 12), STORE_REFUSED,
	    "the hash checked is not the user's any more: refused");
	is_str(r.set_cookie, "", "... and no cookie");
	is_int(session_start(s, &r, &gone, 12), STORE_REFUSED, "a user removed meanwhile: refused");
	store_session_list(s, "nobody", time(NULL), &list);
	is_int(json_array_size(list), 0, "... and no session recorded");
	json_decref(list);
	is_int(session_start(s, &r, &now, 12), STORE_OK, "the hash still the user's: a session");
	store_user_add(s, &ann, 1, 1, NULL, NULL);
}

static void
test_logout(struct store *s)
{
	struct http_req a = req(NULL, "http"), b = req(NULL, "http"), ra, rb;
	struct store_user u;
	char ta[AUTH_TOKEN_LEN + 1], tb[AUTH_TOKEN_LEN + 1], ca[80], cb[80];

	session_start(s, &a, &ann, 12);
	session_start(s, &b, &ann, 12);
	cookie_token(a.set_cookie, ta);
	cookie_token(b.set_cookie, tb);
	ok(strcmp(ta, tb) != 0, "two logins, two tokens");
	snprintf(ca, sizeof(ca), "assay_session=%s", ta);
	snprintf(cb, sizeof(cb), "assay_session=%s", tb);
	ra = req(ca, "http");
	rb = req(cb, "http");
	is_int(session_end(s, &ra), STORE_OK, "logout");
	is_str(ra.set_cookie, "assay_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
	    "... clears the cookie");
	is_int(session_user(s, &ra, time(NULL), &u, NULL), STORE_NOTFOUND, "... and ends the session");
	is_int(session_user(s, &rb, time(NULL), &u, NULL), STORE_OK, "the other session goes on");
	memset(ra.set_cookie, 0, sizeof(ra.set_cookie));
	is_int(session_end(s, &ra), STORE_OK, "logging out of an ended session is fine");
	ok(strncmp(ra.set_cookie, "assay_session=;", 15) == 0, "... and clears the cookie again");
	ra = req(NULL, "http");
	is_int(session_end(s, &ra), STORE_OK, "logout without a cookie is fine");
	ok(strncmp(ra.set_cookie, "assay_session=;", 15) == 0, "... and clears the cookie");
}

static void
test_removed_user(struct store *s)
{
	char token[AUTH_TOKEN_LEN + 1], cookie[80];
	unsigned char digest[AUTH_DIGEST_LEN];
	struct store_user u;
	struct http_req r;
	int had = -1;

	auth_new_token(token, digest);
	store_session_add(s, digest, "ghost", time(NULL) + 3600);
	snprintf(cookie, sizeof(cookie), "assay_session=%s", token);
	r = req(cookie, "http");
	is_int(session_user(s, &r, time(NULL), &u, &had), STORE_NOTFOUND,
	    "a session whose user is gone names no one");
	is_int(had, 1, "... a cookie was sent");
}

int
main(void)
{
	struct store *s;
	char err[256];

	tmp_dir_make("session");
	if (store_open(tmp_dir, &s, err, sizeof(err)) != STORE_OK) {
		diag("cannot open a store in %s", tmp_dir);
		return 1;
	}
	store_user_add(s, &ann, 1, 0, NULL, NULL);
	test_no_session(s);
	test_login(s);
	test_logout(s);
	test_removed_user(s);
	test_changed_password(s);
	store_close(s);
	tmp_dir_remove();
	return tap_done();
}
