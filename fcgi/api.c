/* api.c - the start of an API program; see api.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fcgi/api.h"
#include "fcgi/log.h"
#include "fcgi/page.h"
#include "fcgi/prefork.h"
#include "fcgi/session.h"

static struct api api;
static api_handler *handler;

static int
init(void *ctx)
{
	struct api *a = ctx;
	char err[512];

	struct store_size sz = { a->cfg.map_size, a->cfg.store_reserve };

	if (store_open_sized(a->cfg.data, &sz, &a->store, err, sizeof(err)) != STORE_OK) {
		log_msg(NULL, "%s", err);
		return -1;
	}
	return 0;
}

static void
handle(struct http_req *r, void *ctx)
{
	handler(r, ctx);
}

void
api_internal(struct api *a, struct http_req *r, const char *what)
{
	log_msg(r->rid, "%s: %s", what, store_error(a->store));
	http_error(r, 500, "internal error (request %s)", r->rid);
}

int
api_same_origin(struct api *a, struct http_req *r)
{
	if (http_origin_ok(r, a->cfg.origin))
		return 1;
	http_error(r, 403, "cross-site request refused: the Origin header is missing or not this site's");
	return 0;
}

int
api_user(struct api *a, struct http_req *r, struct store_user *u, int status)
{
	int had, rc = session_user(a->store, r, time(NULL), u, &had);

	if (rc == STORE_OK)
		return 0;
	if (rc == STORE_ERROR)
		api_internal(a, r, "session");
	else
		http_error(r, status, had ? "your session has expired: log in again" : "not logged in");
	return -1;
}

int
api_staff(struct api *a, struct http_req *r, struct store_user *u, int admin)
{
	if (api_user(a, r, u, 401) != 0)
		return -1;
	if (admin ? strcmp(u->role, "admin") == 0 : store_role_staff(u->role))
		return 0;
	http_error(r, 403, admin ? "Admins only." : "Staff only.");
	return -1;
}

int
api_main(int argc, char **argv, const char *name, const char *usage, api_handler *h)
{
	struct prefork pf = { 0 };
	char err[512];
	int i;

	log_init(name);
	if ((i = config_parse(argc, argv, &api.cfg, usage, NULL, NULL, NULL)) < 0)
		return 2;
	if (i != argc) {
		fputs(usage, stderr);
		return 2;
	}
	struct store_size sz = { api.cfg.map_size, api.cfg.store_reserve };

	if (store_open_sized(api.cfg.data, &sz, &api.store, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", name, err);
		return 1;
	}
	store_close(api.store);
	api.store = NULL;
	handler = h;
	pf.socket_path = api.cfg.socket;
	pf.children = api.cfg.children;
	pf.init = init;
	pf.handle = handle;
	pf.ctx = &api;
	return prefork_run(&pf);
}

void
api_fail(const struct api_answer *as, struct http_req *r, int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (as->html)
		page_message(r, status, msg, as->back, r->retry_after);
	else
		http_error(r, status, "%s", msg);
}

void
api_internal_as(struct api *a, const struct api_answer *as, struct http_req *r, const char *what)
{
	if (!as->html) {
		api_internal(a, r, what);
		return;
	}
	log_msg(r->rid, "%s: %s", what, store_error(a->store));
	api_fail(as, r, 500, "Internal error (request %s).", r->rid);
}

int
api_same_origin_as(struct api *a, const struct api_answer *as, struct http_req *r)
{
	if (!as->html)
		return api_same_origin(a, r);
	if (http_origin_ok(r, a->cfg.origin))
		return 1;
	api_fail(as, r, 403, "cross-site request refused: the Origin header is missing or not "
	    "this site's");
	return 0;
}

void
api_reply(struct http_req *r, int status, json_t *j)
{
	if (j == NULL) {
		http_error(r, 500, "out of memory (request %s)", r->rid);
		return;
	}
	http_reply(r, status, j);
	json_decref(j);
}
