/*
 * assay-session - the FastCGI program for logging in and out.
 *
 *   POST /api/login   form fields login, password -> 200 {login, role} and a
 *                     session cookie; 401 {error} for wrong credentials;
 *                     429 {error} with Retry-After after too many failures
 *   POST /api/logout  ends the session -> 200 {}
 *   GET  /api/me      -> 200 {login, role}, or 401 {error}
 *
 * State-changing requests need an Origin matching the site (403 otherwise);
 * logout also needs the session cookie.
 *
 * A login from a page without JavaScript (the layout's form: login,
 * password and a hidden "next", the page's path) is answered for a
 * browser: 303 See Other to "next" with the cookie, or an HTML page with
 * the message, the same status and a link back (429 with Retry-After too).
 * The rule: pages when the form carries "next" or the request's Accept
 * names text/html; JSON otherwise (the page's script), as above. "next"
 * must be a path on this site (form_target_ok()), else 400: never an open
 * redirect.
 *
 * Failed logins are throttled per login and per address (auth.h has the
 * policy, store.h keeps the records): a login that must wait is answered
 * 429 from one read of the store, before its password is checked, so a
 * guesser costs neither the yescrypt check's time nor its memory: its
 * answer is {"error": "Too many failed logins ...: try again in N seconds.",
 * "retry_after": N} with a Retry-After header.
 *
 * Every password check logs exactly one line, 'password check for "LOGIN"
 * from ADDR: wrong...' or '...: right...'; an attempt answered 429 logs
 * 'throttled login for "LOGIN" ... password not checked' instead. Operators
 * (and tests) can count checks by those lines.
 *
 * Behind a TLS proxy: ASSAY_SECURE_COOKIES=1 in the environment makes the
 * cookie Secure, ASSAY_TRUST_FORWARDED_PROTO=1 takes the scheme from
 * X-Forwarded-Proto (http.h); `assay serve --secure-cookies
 * --trust-forwarded-proto` sets them for both API programs.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/api.h"
#include "fcgi/audit.h"
#include "fcgi/auth.h"
#include "fcgi/config.h"
#include "fcgi/form.h"
#include "fcgi/log.h"
#include "fcgi/page.h"
#include "fcgi/session.h"
#include "fcgi/store.h"

#define LOGIN_BODY_MAX 4096

/* A process purges stale throttle records after this many failures. */
#define PURGE_EVERY 256

static const char usage[] =
    "usage: assay-session [--data DIR] [--socket PATH] [--children N]\n"
    "                     [--origin LIST] [--session-hours N]\n";

/*
 * A login from an HTML form (a browser without JavaScript) is answered
 * with pages: a 303 to the form's "next" on success, a page saying what is
 * wrong (with a link back to "next") otherwise. It is one when the request
 * asks for HTML (its Accept header names text/html: a browser's form) or
 * its form carries "next"; the page's script asks for JSON and sends no
 * "next", and is answered as before. Set per request by login().
 */
static struct api_answer answer;	/* back: "next", a path on this site */

/* Errors, answered as the request wants them (api.h). */
#define fail(r, ...) api_fail(&answer, (r), __VA_ARGS__)
#define internal(a, r, what) api_internal_as((a), &answer, (r), (what))
#define same_origin(a, r) api_same_origin_as((a), &answer, (r))

/*
 * The form's "next" (BODY, LEN bytes), if any: where a login from a page
 * goes back to. Returns 0 (answer.back set, or left "/" without one), or
 * -1 after answering 400 for a "next" that is not a path on this site
 * (form_target_ok(): never a redirect to another site).
 */
static int
read_next(struct http_req *r, const char *body, size_t len)
{
	char *next = NULL;
	int rc = form_get(body, len, "next", &next);

	if (rc == 1)
		return 0;
	answer.html = 1;
	if (rc != 0 || !form_target_ok(next)) {
		fail(r, 400, "the form's \"next\" must be a path on this site, like /c/hello.html");
		free(next);
		return -1;
	}
	snprintf(answer.back, sizeof(answer.back), "%s", next);
	free(next);
	return 0;
}

/*
 * The throttle key of the client's address: an IPv4 address, or an IPv6
 * address's /64 (what one subscriber gets), so that a guesser cannot move
 * to the next address of the same network.
 */
static void
addr_key(const char *addr, char key[STORE_THROTTLE_KEY_MAX + 1])
{
	unsigned char a6[16];
	char text[INET6_ADDRSTRLEN];

	if (addr != NULL && inet_pton(AF_INET6, addr, a6) == 1) {
		if (IN6_IS_ADDR_V4MAPPED((struct in6_addr *)a6) &&
		    inet_ntop(AF_INET, a6 + 12, text, sizeof(text)) != NULL) {
			snprintf(key, STORE_THROTTLE_KEY_MAX + 1, "addr:%s", text);
			return;
		}
		memset(a6 + 8, 0, 8);
		if (inet_ntop(AF_INET6, a6, text, sizeof(text)) != NULL) {
			snprintf(key, STORE_THROTTLE_KEY_MAX + 1, "addr:%s/64", text);
			return;
		}
	}
	snprintf(key, STORE_THROTTLE_KEY_MAX + 1, "addr:%.45s", addr ? addr : "?");
}

/*
 * Must this attempt wait? Then it is answered 429 with Retry-After and 1
 * is returned; 0 lets it go on to the password check; -1 after a 500.
 */
static int
throttled(struct api *a, struct http_req *r, const char *const keys[2], const char *name,
    const char *addr, time_t now)
{
	struct auth_throttle t[2];
	long wait[2];
	char msg[160];
	json_t *j;

	if (store_throttle_get(a->store, keys, 2, t) != STORE_OK) {
		internal(a, r, "login throttle");
		return -1;
	}
	wait[0] = auth_throttle_wait(&t[0], now);
	wait[1] = auth_throttle_wait(&t[1], now);
	if (wait[0] == 0 && wait[1] == 0)
		return 0;
	r->retry_after = wait[0] > wait[1] ? wait[0] : wait[1];
	log_msg(r->rid, "throttled login for \"%.64s\" from %s: %u failures of the login, "
	    "%u of the address; retry in %ld s; password not checked", name, addr,
	    t[0].failures, t[1].failures, r->retry_after);
	snprintf(msg, sizeof(msg), "Too many failed logins %s: try again in %ld second%s.",
	    wait[0] >= wait[1] ? "for this login" : "from your address", r->retry_after,
	    r->retry_after == 1 ? "" : "s");
	if (answer.html) {
		fail(r, 429, "%s", msg);
		return 1;
	}
	j = json_pack("{s:s, s:I}", "error", msg, "retry_after", (json_int_t)r->retry_after);
	if (j == NULL) {
		internal(a, r, "login throttle");
		return -1;
	}
	http_reply(r, 429, j);
	json_decref(j);
	return 1;
}

/* Counts a failed attempt against both keys; now and then forgets old ones. */
static void
count_failure(struct api *a, struct http_req *r, const char *const keys[2], const char *name,
    const char *addr, time_t now)
{
	static const enum auth_throttle_kind kinds[2] = { AUTH_THROTTLE_LOGIN, AUTH_THROTTLE_ADDR };
	static unsigned failures;
	struct auth_throttle t[2] = { { 0 }, { 0 } };
	size_t purged = 0;

	/* A store that cannot count leaves the 401 as it is: the log says so. */
	if (store_throttle_fail(a->store, keys, kinds, 2, now, t) != STORE_OK)
		log_msg(r->rid, "login throttle: %s", store_error(a->store));
	log_msg(r->rid, "password check for \"%.64s\" from %s: wrong; %u failures of the login, "
	    "%u of the address", name, addr, t[0].failures, t[1].failures);
	if (++failures % PURGE_EVERY == 0) {
		if (store_throttle_purge(a->store, now, &purged) != STORE_OK)
			log_msg(r->rid, "login throttle purge: %s", store_error(a->store));
		else if (purged)
			log_msg(r->rid, "login throttle: forgot %zu records", purged);
	}
}

/* Answers a logged-in U: {login, role}, or for a form a 303 to its "next". */
static void
reply_user(struct http_req *r, const struct store_user *u, const char *name)
{
	json_t *j;

	if (answer.html) {
		page_redirect(r, answer.back);
		return;
	}
	j = json_pack("{s:s, s:s, s:s*}", "login", u->login, "role", u->role,
	    "name", name && name[0] ? name : NULL);

	http_reply(r, 200, j);
	json_decref(j);
}

/* An audit entry for a login or a failed one (audit.h); a failure is only logged. */
static void
login_audit(struct api *a, struct http_req *r, const char *name, const char *addr, time_t now,
    const char *action, const char *detail)
{
	if (audit_log(a->store, now, name, addr, action, "%s", detail) != STORE_OK)
		log_msg(r->rid, "audit: %s", store_error(a->store));
}

static void
login(struct api *a, struct http_req *r)
{
	char *body = NULL, *name = NULL, *pw = NULL;
	char lkey[STORE_THROTTLE_KEY_MAX + 1], akey[STORE_THROTTLE_KEY_MAX + 1];
	const char *keys[2] = { lkey, akey }, *addr;
	struct store_user u;
	struct store_user_info info = { "", 0, 0, 0 };
	time_t now = config_now(&a->cfg);
	size_t len;
	int rc, found;

	answer.html = page_wanted(r);
	strcpy(answer.back, "/");
	if (!same_origin(a, r))
		return;
	if (r->content_type == NULL ||
	    strncmp(r->content_type, "application/x-www-form-urlencoded", 33) != 0) {
		fail(r, 415, "send the login form as application/x-www-form-urlencoded");
		return;
	}
	rc = http_read_body(r, LOGIN_BODY_MAX, &body, &len);
	if (rc == 413) {
		fail(r, 413, "the login form is larger than %d bytes", LOGIN_BODY_MAX);
		return;
	}
	if (rc != 0) {
		fail(r, rc > 0 ? rc : 500, "cannot read the request body");
		return;
	}
	if (read_next(r, body, len))
		goto out;
	if (form_get(body, len, "login", &name) != 0 || form_get(body, len, "password", &pw) != 0) {
		fail(r, 400, "the form needs the fields login and password, URL-encoded");
		goto out;
	}
	/* Any name, known or not, valid or not, has its record: nothing to enumerate. */
	snprintf(lkey, sizeof(lkey), "login:%.*s", AUTH_LOGIN_MAX, name);
	addr = http_param(r, "REMOTE_ADDR") ? http_param(r, "REMOTE_ADDR") : "?";
	addr_key(addr, akey);
	if (throttled(a, r, keys, name, addr, now) != 0)
		goto out;
	found = auth_login_valid(name) ? store_user_get(a->store, name, &u) : STORE_NOTFOUND;
	if (found == STORE_ERROR) {
		internal(a, r, "login");
		goto out;
	}
	/* Unknown logins cost the same time as known ones. */
	if (!auth_check_password(pw, found == STORE_OK ? u.hash : NULL) || found != STORE_OK) {
		count_failure(a, r, keys, name, addr, now);
		login_audit(a, r, name, addr, now, "login-failed", "wrong login or password");
		fail(r, 401, "wrong login or password");
		goto out;
	}
	if (store_user_info(a->store, u.login, &info) == STORE_OK && info.disabled) {
		login_audit(a, r, u.login, addr, now, "login-failed", "account disabled");
		fail(r, 403, "this account is disabled: ask the staff");
		goto out;
	}
	rc = session_start(a->store, r, &u, a->cfg.session_hours);
	if (rc == STORE_REFUSED) {
		/* The password changed while it was being checked. */
		log_msg(r->rid, "password check for \"%s\" from %s: right, but the password "
		    "changed meanwhile; no session", u.login, addr);
		fail(r, 401, "wrong login or password");
		goto out;
	}
	if (rc != STORE_OK) {
		internal(a, r, "login: cannot start a session");
		goto out;
	}
	log_msg(r->rid, "password check for \"%s\" from %s: right; session started", u.login,
	    addr);
	if (store_throttle_clear(a->store, lkey) != STORE_OK)
		log_msg(r->rid, "login throttle: %s", store_error(a->store));
	login_audit(a, r, u.login, addr, now, "login", "session started");
	reply_user(r, &u, info.name);
out:
	free(body);
	free(name);
	free(pw);
}

static void
logout(struct api *a, struct http_req *r)
{
	struct store_user u;
	int had;

	if (!api_same_origin(a, r))
		return;
	if (session_user(a->store, r, time(NULL), &u, &had) != STORE_OK && !had) {
		http_error(r, 403, "not logged in");
		return;
	}
	if (session_end(a->store, r) != STORE_OK) {
		api_internal(a, r, "logout");
		return;
	}
	json_t *j = json_object();
	http_reply(r, 200, j);
	json_decref(j);
}

static void
me(struct api *a, struct http_req *r)
{
	struct store_user u;
	int rc = session_user(a->store, r, time(NULL), &u, NULL);

	if (rc == STORE_ERROR) {
		api_internal(a, r, "me");
	} else if (rc != STORE_OK) {
		http_error(r, 401, "not logged in");
	} else {
		struct store_user_info info = { "", 0, 0, 0 };

		store_user_info(a->store, u.login, &info);
		reply_user(r, &u, info.name);
	}
}

static void
handle(struct http_req *r, struct api *a)
{
	int post = strcmp(r->method, "POST") == 0, get = strcmp(r->method, "GET") == 0;

	answer.html = 0;
	if (strcmp(r->path, "/api/login") == 0) {
		if (post)
			login(a, r);
		else
			http_error(r, 405, "use POST for /api/login");
	} else if (strcmp(r->path, "/api/logout") == 0) {
		if (post)
			logout(a, r);
		else
			http_error(r, 405, "use POST for /api/logout");
	} else if (strcmp(r->path, "/api/me") == 0) {
		if (get)
			me(a, r);
		else
			http_error(r, 405, "use GET for /api/me");
	} else {
		http_error(r, 404, "no such API endpoint: %.200s", r->path);
	}
}

int
main(int argc, char **argv)
{
	return api_main(argc, argv, "assay-session", usage, handle);
}
