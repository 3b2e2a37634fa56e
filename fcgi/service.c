/* service.c - the start of an API program; see service.h. */
#include <stdio.h>

#include "fcgi/log.h"
#include "fcgi/server.h"
#include "fcgi/service.h"

static struct service svc;
static service_handler *handler;

static int
init(void *ctx)
{
	struct service *s = ctx;
	char err[512];

	if (store_open(s->cfg.data, &s->store, err, sizeof(err)) != STORE_OK) {
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
service_internal(struct service *s, struct http_req *r, const char *what)
{
	log_msg(r->rid, "%s: %s", what, store_error(s->store));
	http_error(r, 500, "internal error (request %s)", r->rid);
}

int
service_main(int argc, char **argv, const char *name, const char *usage,
    service_handler *h)
{
	struct server srv = { 0 };
	char err[512];
	int i;

	log_init(name);
	if ((i = config_parse(argc, argv, &svc.cfg, usage, NULL, NULL, NULL)) < 0)
		return 2;
	if (i != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (store_open(svc.cfg.data, &svc.store, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", name, err);
		return 1;
	}
	store_close(svc.store);
	svc.store = NULL;
	handler = h;
	srv.name = name;
	srv.socket_path = svc.cfg.socket;
	srv.children = svc.cfg.children;
	srv.init = init;
	srv.handle = handle;
	srv.ctx = &svc;
	return server_run(&srv);
}
