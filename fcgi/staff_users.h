/*
 * staff_users.h - the users routes of the staff API (admins only), answered
 * for assay-staff:
 *
 *   GET  /api/staff/users?q=TEXT  -> {users: [{login, name, role, disabled,
 *                                    created, extra_minutes, extra_factor}]}:
 *                                    those whose
 *                                    login or name holds TEXT (any case)
 *   POST /api/staff/users         JSON {login, name?, role, password?} ->
 *                                 201 {login, password?} (a password made
 *                                 when none was given, shown this once);
 *                                 409 when the login exists
 *   POST /api/staff/users/import  CSV login,password[,role][,name] (a header
 *                                 row naming them is optional) -> 200 {added,
 *                                 updated}, or 400 {error, errors: [{line,
 *                                 message}]} and nothing changed
 *   POST /api/staff/users/LOGIN   JSON {role?, name?, disabled?,
 *                                 extra_minutes?, extra_factor? (1 to 10: a
 *                                 timed exam's duration times it),
 *                                 reset_password?: true, end_sessions?:
 *                                 true} -> 200 {login, role, name, disabled,
 *                                 extra_minutes, extra_factor, password?}
 *
 * A disabled user's sessions end (and assay-session refuses its logins); a
 * password reset or an import that replaces a user ends its sessions too.
 * Each change writes an audit entry (user-add, user-import, user-change).
 */
#ifndef ASSAY_STAFF_USERS_H
#define ASSAY_STAFF_USERS_H

#include "fcgi/api.h"

/*
 * Answers R, a request to /api/staff/users[/REST] by the admin U (the role
 * and, for a POST, the Origin already checked).
 */
void staff_users(struct api *a, struct http_req *r, const struct store_user *u,
    const char *rest, int post);

#endif
