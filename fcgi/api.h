/*
 * api.h - what every API program of Assay shares: its options, its store,
 * and its start.
 *
 * assay-session and assay-submissions are each a handler over a struct
 * api; api_main() parses the common options (config.h), checks that the
 * store opens (so a bad --data fails at start, clearly, not in every child),
 * and runs the prefork process model (prefork.h), each child opening its own
 * store before it accepts requests (LMDB must not cross fork).
 */
#ifndef ASSAY_API_H
#define ASSAY_API_H

#include "fcgi/config.h"
#include "fcgi/http.h"
#include "fcgi/store.h"

struct api {
	struct config cfg;
	struct store *store;	/* this process's; NULL in the parent */
};

/* Answers one request. */
typedef void api_handler(struct http_req *r, struct api *a);

/*
 * The whole life of an API program called NAME: returns main()'s exit
 * status (2 for a usage error, 1 when the store or the socket cannot be
 * opened, 0 after a clean stop).
 */
int api_main(int argc, char **argv, const char *name, const char *usage,
    api_handler *handle);

/* Logs the store's error with WHAT and answers 500 naming the request. */
void api_internal(struct api *a, struct http_req *r, const char *what);

/*
 * Does R, a state-changing request, come from the site itself
 * (http_origin_ok() against --origin)? 1, or 0 after answering 403.
 */
int api_same_origin(struct api *a, struct http_req *r);

/*
 * The user of R's session (session.h), now. Returns 0 and fills U, or -1
 * after answering: STATUS (401 or 403) saying that the session expired or
 * that there is none, or 500 when the store fails.
 */
int api_user(struct api *a, struct http_req *r, struct store_user *u, int status);

/* Answers STATUS with J, a new reference it steals; NULL (out of memory) is a 500. */
void api_reply(struct http_req *r, int status, json_t *j);

/*
 * How the request at hand is answered: JSON (HTML 0), or, for a plain HTML
 * form (page.h), pages whose messages link BACK, a path on this site that
 * passed form_target_ok(). A program keeps one, set for each request, and
 * answers its errors through the three functions below.
 */
struct api_answer {
	int html;
	char back[1025];
};

/* Answers STATUS with the message: {"error"} JSON, or a page (with R's Retry-After). */
void api_fail(const struct api_answer *as, struct http_req *r, int status, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

/* api_internal(), answered as AS says. */
void api_internal_as(struct api *a, const struct api_answer *as, struct http_req *r,
    const char *what);

/* api_same_origin(), answered as AS says. */
int api_same_origin_as(struct api *a, const struct api_answer *as, struct http_req *r);

/*
 * The user of R's session when it is staff (or, with ADMIN, an admin):
 * 0 and U filled; else -1 after answering 401 (no session), 403 {"error":
 * "Staff only."} (or "Admins only.") with nothing else, or 500.
 */
int api_staff(struct api *a, struct http_req *r, struct store_user *u, int admin);

#endif
