/*
 * session.h - who is making this request.
 *
 * The browser holds the session token in the cookie SESSION_COOKIE
 * (HttpOnly, SameSite=Strict, Path=/; Secure over https or with
 * http_proxy_set()'s secure cookies). The store keeps
 * only its digest (auth.h). Both API programs use these functions.
 */
#ifndef ASSAY_SESSION_H
#define ASSAY_SESSION_H

#include <time.h>

#include "fcgi/http.h"
#include "fcgi/store.h"

#define SESSION_COOKIE "assay_session"

/*
 * The user of R's session at NOW. Returns STORE_OK and fills USER; or
 * STORE_NOTFOUND when there is no cookie, the token is malformed, unknown or
 * expired, or its user was removed (then *HAD_COOKIE tells whether a cookie
 * was sent at all); or STORE_ERROR.
 */
int session_user(struct store *s, const struct http_req *r, time_t now,
    struct store_user *user, int *had_cookie);

/*
 * Starts a session for U lasting HOURS and sets the cookie on R's answer.
 * U is the user as read when its password was checked: when the password
 * changed since (its hash is not U's any more), no session starts and
 * STORE_REFUSED is returned (store_session_begin()).
 */
int session_start(struct store *s, struct http_req *r, const struct store_user *u,
    unsigned hours);

/* Ends R's session, if any, and sets a cookie that clears it. */
int session_end(struct store *s, struct http_req *r);

#endif
