/*
 * assay-session - the FastCGI program for logging in and out.
 *
 *   POST /api/login   form fields login, password -> 200 {login, role} and a
 *                     session cookie; 401 {error} for wrong credentials
 *   POST /api/logout  ends the session -> 200 {}
 *   GET  /api/me      -> 200 {login, role}, or 401 {error}
 *
 * State-changing requests need an Origin matching the site (403 otherwise);
 * logout also needs the session cookie.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/api.h"
#include "fcgi/auth.h"
#include "fcgi/config.h"
#include "fcgi/form.h"
#include "fcgi/log.h"
#include "fcgi/session.h"
#include "fcgi/store.h"

#define LOGIN_BODY_MAX 4096

static const char usage[] =
    "usage: assay-session [--data DIR] [--socket PATH] [--children N]\n"
    "                     [--origin LIST] [--session-hours N]\n";

static void
reply_user(struct http_req *r, const struct store_user *u)
{
	json_t *j = json_pack("{s:s, s:s}", "login", u->login, "role", u->role);

	http_reply(r, 200, j);
	json_decref(j);
}

static void
login(struct api *a, struct http_req *r)
{
	char *body = NULL, *name = NULL, *pw = NULL;
	struct store_user u;
	size_t len;
	int rc, found;

	if (!api_same_origin(a, r))
		return;
	if (r->content_type == NULL ||
	    strncmp(r->content_type, "application/x-www-form-urlencoded", 33) != 0) {
		http_error(r, 415, "send the login form as application/x-www-form-urlencoded");
		return;
	}
	rc = http_read_body(r, LOGIN_BODY_MAX, &body, &len);
	if (rc == 413) {
		http_error(r, 413, "the login form is larger than %d bytes", LOGIN_BODY_MAX);
		return;
	}
	if (rc != 0) {
		http_error(r, rc > 0 ? rc : 500, "cannot read the request body");
		return;
	}
	if (form_get(body, len, "login", &name) != 0 || form_get(body, len, "password", &pw) != 0) {
		http_error(r, 400, "the form needs the fields login and password, URL-encoded");
		goto out;
	}
	found = auth_login_valid(name) ? store_user_get(a->store, name, &u) : STORE_NOTFOUND;
	if (found == STORE_ERROR) {
		api_internal(a, r, "login");
		goto out;
	}
	/* Unknown logins cost the same time as known ones. */
	if (!auth_check_password(pw, found == STORE_OK ? u.hash : NULL) || found != STORE_OK) {
		log_msg(r->rid, "failed login for \"%.64s\" from %s", name,
		    http_param(r, "REMOTE_ADDR") ? http_param(r, "REMOTE_ADDR") : "?");
		http_error(r, 401, "wrong login or password");
		goto out;
	}
	if (session_start(a->store, r, u.login, a->cfg.session_hours) != STORE_OK) {
		api_internal(a, r, "login: cannot start a session");
		goto out;
	}
	reply_user(r, &u);
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
		reply_user(r, &u);
	}
}

static void
handle(struct http_req *r, struct api *a)
{
	int post = strcmp(r->method, "POST") == 0, get = strcmp(r->method, "GET") == 0;

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
