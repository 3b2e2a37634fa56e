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

#include "auth.h"
#include "config.h"
#include "form.h"
#include "log.h"
#include "server.h"
#include "session.h"
#include "store.h"

#define LOGIN_BODY_MAX 4096

struct ctx {
	struct config cfg;
	struct store *store;
};

static const char usage[] =
    "usage: assay-session [--data DIR] [--socket PATH] [--children N]\n"
    "                     [--origin LIST] [--session-hours N]\n";

static int
init(void *vctx)
{
	struct ctx *c = vctx;
	char err[512];

	if (store_open(c->cfg.data, &c->store, err, sizeof(err)) != STORE_OK) {
		log_msg(NULL, "%s", err);
		return -1;
	}
	return 0;
}

static void
reply_user(struct http_req *r, const struct store_user *u)
{
	json_t *j = json_pack("{s:s, s:s}", "login", u->login, "role", u->role);

	http_reply(r, 200, j);
	json_decref(j);
}

static void
login(struct ctx *c, struct http_req *r)
{
	char *body = NULL, *name = NULL, *pw = NULL;
	struct store_user u;
	size_t len;
	int rc, found;

	if (!http_origin_ok(r, c->cfg.origin)) {
		http_error(r, 403, "cross-site request refused: the Origin header is missing or not this site's");
		return;
	}
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
	found = auth_login_valid(name) ? store_user_get(c->store, name, &u) : STORE_NOTFOUND;
	if (found == STORE_ERROR) {
		log_msg(r->rid, "login: %s", store_error(c->store));
		http_error(r, 500, "internal error (request %s)", r->rid);
		goto out;
	}
	/* Unknown logins cost the same time as known ones. */
	if (!auth_check_password(pw, found == STORE_OK ? u.hash : NULL) || found != STORE_OK) {
		log_msg(r->rid, "failed login for \"%.64s\" from %s", name,
		    http_param(r, "REMOTE_ADDR") ? http_param(r, "REMOTE_ADDR") : "?");
		http_error(r, 401, "wrong login or password");
		goto out;
	}
	if (session_start(c->store, r, u.login, c->cfg.session_hours) != STORE_OK) {
		log_msg(r->rid, "login: cannot start a session: %s", store_error(c->store));
		http_error(r, 500, "internal error (request %s)", r->rid);
		goto out;
	}
	reply_user(r, &u);
out:
	free(body);
	free(name);
	free(pw);
}

static void
logout(struct ctx *c, struct http_req *r)
{
	struct store_user u;
	int had;

	if (!http_origin_ok(r, c->cfg.origin)) {
		http_error(r, 403, "cross-site request refused: the Origin header is missing or not this site's");
		return;
	}
	if (session_user(c->store, r, time(NULL), &u, &had) != STORE_OK && !had) {
		http_error(r, 403, "not logged in");
		return;
	}
	if (session_end(c->store, r) != STORE_OK) {
		log_msg(r->rid, "logout: %s", store_error(c->store));
		http_error(r, 500, "internal error (request %s)", r->rid);
		return;
	}
	json_t *j = json_object();
	http_reply(r, 200, j);
	json_decref(j);
}

static void
me(struct ctx *c, struct http_req *r)
{
	struct store_user u;
	int rc = session_user(c->store, r, time(NULL), &u, NULL);

	if (rc == STORE_ERROR) {
		log_msg(r->rid, "me: %s", store_error(c->store));
		http_error(r, 500, "internal error (request %s)", r->rid);
	} else if (rc != STORE_OK) {
		http_error(r, 401, "not logged in");
	} else {
		reply_user(r, &u);
	}
}

static void
handle(struct http_req *r, void *vctx)
{
	struct ctx *c = vctx;
	int post = strcmp(r->method, "POST") == 0, get = strcmp(r->method, "GET") == 0;

	if (strcmp(r->path, "/api/login") == 0) {
		if (post)
			login(c, r);
		else
			http_error(r, 405, "use POST for /api/login");
	} else if (strcmp(r->path, "/api/logout") == 0) {
		if (post)
			logout(c, r);
		else
			http_error(r, 405, "use POST for /api/logout");
	} else if (strcmp(r->path, "/api/me") == 0) {
		if (get)
			me(c, r);
		else
			http_error(r, 405, "use GET for /api/me");
	} else {
		http_error(r, 404, "no such API endpoint: %.200s", r->path);
	}
}

int
main(int argc, char **argv)
{
	static struct ctx c;
	struct server srv = { 0 };
	char err[512];
	int i;

	log_init("assay-session");
	if ((i = config_parse(argc, argv, &c.cfg, usage, NULL, NULL, NULL)) < 0)
		return 2;
	if (i != argc) {
		fputs(usage, stderr);
		return 2;
	}
	/* Fail at start, clearly, rather than in every child. */
	if (store_open(c.cfg.data, &c.store, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "assay-session: %s\n", err);
		return 1;
	}
	store_close(c.store);
	c.store = NULL;
	srv.name = "assay-session";
	srv.socket_path = c.cfg.socket;
	srv.children = c.cfg.children;
	srv.init = init;
	srv.handle = handle;
	srv.ctx = &c;
	return server_run(&srv);
}
