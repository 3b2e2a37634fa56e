/* staff_users.c - the users routes of the staff API; see staff_users.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fcgi/audit.h"
#include "fcgi/auth.h"
#include "fcgi/csv.h"
#include "fcgi/form.h"
#include "fcgi/log.h"
#include "fcgi/staff_users.h"

#define BODY_MAX (1u << 20)
#define PASSWORD_LEN 16

/* Answers STATUS with J, a new reference it takes (NULL: out of memory). */
#define reply(r, status, j) api_reply((r), (status), (j))

static void
note(struct api *a, struct http_req *r, const char *login, const char *action,
    const char *detail)
{
	const char *addr = http_param(r, "REMOTE_ADDR");

	if (audit_log(a->store, time(NULL), login, addr, action, "%s", detail) != STORE_OK)
		log_msg(r->rid, "audit: %s", store_error(a->store));
}

/* A new random password: PASSWORD_LEN base64url characters. 0 or -1. */
static int
new_password(char pw[PASSWORD_LEN + 1])
{
	char token[AUTH_TOKEN_LEN + 1];
	unsigned char digest[AUTH_DIGEST_LEN];

	if (auth_new_token(token, digest))
		return -1;
	memcpy(pw, token, PASSWORD_LEN);
	pw[PASSWORD_LEN] = '\0';
	return 0;
}

static int
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return needle[0] == '\0';
}

static void
list(struct api *a, struct http_req *r)
{
	char *q = NULL;
	json_t *all, *out, *u;
	size_t i;

	if (r->query[0] && (form_get(r->query, strlen(r->query), "q", &q) != 0 ||
	    strncmp(r->query, "q=", 2) != 0 || strchr(r->query, '&'))) {
		free(q);
		http_error(r, 400, "bad parameter: only q=TEXT");
		return;
	}
	if (store_user_list(a->store, &all) != STORE_OK) {
		free(q);
		api_internal(a, r, "users");
		return;
	}
	out = json_array();
	json_array_foreach(all, i, u) {
		if (q == NULL || contains(json_string_value(json_object_get(u, "login")), q) ||
		    contains(json_string_value(json_object_get(u, "name")), q))
			json_array_append(out, u);
	}
	json_decref(all);
	free(q);
	reply(r, 200, json_pack("{s:o}", "users", out));
}

/* Reads R's body, at most BODY_MAX; -1 after answering. */
static int
body(struct http_req *r, char **text, size_t *len)
{
	int rc = http_read_body(r, BODY_MAX, text, len);

	if (rc) {
		http_error(r, rc > 0 ? rc : 500, rc == 413 ? "the body is larger than 1 MiB" :
		    "cannot read the request body");
		return -1;
	}
	return 0;
}

static json_t *
json_object_body(struct http_req *r)
{
	char *text;
	size_t len;
	json_t *j;

	if (body(r, &text, &len))
		return NULL;
	j = json_loadb(text, len, 0, NULL);
	free(text);
	if (!json_is_object(j)) {
		json_decref(j);
		http_error(r, 400, "the body must be a JSON object");
		return NULL;
	}
	return j;
}

/*
 * Checks and makes user U from LOGIN, PW, ROLE, NAME; ERR says what is
 * wrong (-1).
 */
static int
make_user(struct store_user *u, const char *login, const char *pw, const char *role,
    const char *name, char *err, size_t errlen)
{
	memset(u, 0, sizeof(*u));
	if (login == NULL || !auth_login_valid(login))
		snprintf(err, errlen, "bad login: 1 to %d of A-Z a-z 0-9 . _ @ -", AUTH_LOGIN_MAX);
	else if (!store_role_valid(role))
		snprintf(err, errlen, "bad role: student, staff or admin");
	else if (pw == NULL || pw[0] == '\0' || strlen(pw) > AUTH_PASSWORD_MAX)
		snprintf(err, errlen, "bad password: 1 to %d bytes", AUTH_PASSWORD_MAX);
	else if (name && strlen(name) >= STORE_NAME_MAX)
		snprintf(err, errlen, "bad name: at most %d bytes", STORE_NAME_MAX - 1);
	else if (auth_hash_password(pw, u->hash))
		snprintf(err, errlen, "cannot hash the password");
	else {
		strcpy(u->login, login);
		strcpy(u->role, role);
		return 0;
	}
	return -1;
}

static void
add(struct api *a, struct http_req *r, const struct store_user *me)
{
	json_t *j = json_object_body(r), *pwj;
	const char *login, *name, *role, *pw;
	char made[PASSWORD_LEN + 1], err[160];
	struct store_user u, old;
	size_t added = 0;
	int rc;

	if (j == NULL)
		return;
	login = json_string_value(json_object_get(j, "login"));
	name = json_string_value(json_object_get(j, "name"));
	role = json_string_value(json_object_get(j, "role"));
	pwj = json_object_get(j, "password");
	pw = json_string_value(pwj);
	if ((json_object_get(j, "name") && !name) || (pwj && !pw && !json_is_null(pwj))) {
		http_error(r, 400, "bad parameter: name and password are strings");
		goto out;
	}
	if (pw == NULL && new_password(made) == 0)
		pw = made;
	if (make_user(&u, login, pw, role ? role : "student", name, err, sizeof(err))) {
		http_error(r, 400, "%s", err);
		goto out;
	}
	if ((rc = store_user_get(a->store, login, &old)) == STORE_OK) {
		http_error(r, 409, "the login %s exists", login);
		goto out;
	}
	if (rc != STORE_NOTFOUND || store_user_put(a->store, &u, &name, 1, &added, NULL)) {
		api_internal(a, r, "add a user");
		goto out;
	}
	snprintf(err, sizeof(err), "%s as %s", login, u.role);
	note(a, r, me->login, "user-add", err);
	reply(r, 201, json_pack("{s:s, s:s?}", "login", login, "password",
	    pw == made ? made : NULL));
out:
	explicit_bzero(made, sizeof(made));
	explicit_bzero(u.hash, sizeof(u.hash));
	json_decref(j);
}

/* Reads a CSV of users; ERRORS gets what is wrong with each line. */
struct import {
	struct store_user *users;
	char (*names)[STORE_NAME_MAX];
	size_t n, cap;
	int col[4];	/* login, password, role, name; -1: none */
	json_t *errors;
};

static void
import_error(struct import *im, size_t line, const char *msg)
{
	if (json_array_size(im->errors) < 100)
		json_array_append_new(im->errors, json_pack("{s:I, s:s}", "line",
		    (json_int_t)line, "message", msg));
	else if (json_array_size(im->errors) == 100)
		json_array_append_new(im->errors, json_pack("{s:I, s:s}", "line",
		    (json_int_t)line, "message", "and more"));
}

static int
import_header(struct import *im, const struct csv *c)
{
	static const char *const names[4] = { "login", "password", "role", "name" };
	int header = 0;

	for (size_t i = 0; i < c->nfields; i++)
		for (int k = 0; k < 4; k++)
			if (strcasecmp(c->field[i], names[k]) == 0) {
				im->col[k] = (int)i;
				header = 1;
			}
	if (!header) {
		im->col[0] = 0, im->col[1] = 1, im->col[2] = 2, im->col[3] = 3;
		return 0;
	}
	if (im->col[0] < 0 || im->col[1] < 0)
		import_error(im, c->line, "the header needs the columns login and password");
	return 1;
}

static const char *
field(const struct csv *c, int col, const char *dflt)
{
	return col >= 0 && (size_t)col < c->nfields && c->field[col][0] ? c->field[col] : dflt;
}

static void
import_record(struct import *im, const struct csv *c)
{
	const char *login = field(c, im->col[0], NULL), *name = field(c, im->col[3], NULL);
	char err[160];

	if (im->n == im->cap) {
		size_t cap = im->cap ? im->cap * 2 : 64;
		struct store_user *nu = realloc(im->users, cap * sizeof(*nu));
		char (*nn)[STORE_NAME_MAX] = nu ? realloc(im->names, cap * sizeof(*nn)) : NULL;

		if (nu)
			im->users = nu;
		if (nn == NULL) {
			import_error(im, c->line, "out of memory");
			return;
		}
		im->names = nn;
		im->cap = cap;
	}
	for (size_t i = 0; login && i < im->n; i++)
		if (strcmp(im->users[i].login, login) == 0) {
			import_error(im, c->line, "this login appears twice");
			return;
		}
	if (make_user(&im->users[im->n], login, field(c, im->col[1], NULL),
	    field(c, im->col[2], "student"), name, err, sizeof(err))) {
		import_error(im, c->line, err);
		return;
	}
	snprintf(im->names[im->n], STORE_NAME_MAX, "%s", name ? name : "");
	im->n++;
}

static void
import(struct api *a, struct http_req *r, const struct store_user *me)
{
	struct import im = { .col = { -1, -1, -1, -1 }, .errors = json_array() };
	struct csv *c = malloc(sizeof(*c));
	const char **names = NULL;
	char *text = NULL, detail[96];
	size_t len, added = 0, updated = 0;
	int rc, first = 1;

	if (c == NULL || im.errors == NULL || body(r, &text, &len))
		goto out;
	csv_init(c, text, len);
	while ((rc = csv_next(c)) != 0) {
		if (rc < 0) {
			import_error(&im, c->line, c->error ? c->error : "malformed");
			break;
		}
		if (first && import_header(&im, c)) {
			first = 0;
			continue;
		}
		first = 0;
		import_record(&im, c);
	}
	if (json_array_size(im.errors) > 0 || im.n == 0) {
		if (im.n == 0 && json_array_size(im.errors) == 0)
			import_error(&im, 1, "no users");
		reply(r, 400, json_pack("{s:s, s:O}", "error", "the CSV has errors: no user was "
		    "imported", "errors", im.errors));
		goto out;
	}
	if ((names = calloc(im.n, sizeof(*names))) == NULL)
		goto out;
	for (size_t i = 0; i < im.n; i++)
		names[i] = im.names[i];
	if (store_user_put(a->store, im.users, names, im.n, &added, &updated) != STORE_OK) {
		api_internal(a, r, "import users");
		goto out;
	}
	/* Their passwords were set again: the replaced users' sessions end. */
	for (size_t i = 0; i < im.n; i++)
		names[i] = im.users[i].login;
	if (store_session_revoke_logins(a->store, names, im.n, NULL) != STORE_OK)
		log_msg(r->rid, "import: sessions: %s", store_error(a->store));
	snprintf(detail, sizeof(detail), "%zu added, %zu updated", added, updated);
	note(a, r, me->login, "user-import", detail);
	reply(r, 200, json_pack("{s:I, s:I}", "added", (json_int_t)added, "updated",
	    (json_int_t)updated));
out:
	if (!r->replied)
		http_error(r, 500, "out of memory (request %s)", r->rid);
	for (size_t i = 0; i < im.n; i++)
		explicit_bzero(im.users[i].hash, sizeof(im.users[i].hash));
	free(im.users);
	free(im.names);
	free(names);
	free(text);
	free(c);
	json_decref(im.errors);
}

/* The changes of a users/LOGIN request, checked: CH gets the store's fields. */
static int
changes(json_t *j, json_t *ch, int *reset, int *end, char *err, size_t errlen)
{
	static const char *const known[] = { "role", "name", "disabled", "extra_minutes",
		"extra_factor", "reset_password", "end_sessions" };
	enum { N = sizeof(known) / sizeof(*known) };
	const char *key;
	json_t *v;

	json_object_foreach(j, key, v) {
		size_t i;

		for (i = 0; i < N && strcmp(key, known[i]) != 0; i++)
			;
		if (i == N || (i == 0 && !store_role_valid(json_string_value(v))) ||
		    (i == 1 && (!json_is_string(v) || json_string_length(v) >= STORE_NAME_MAX)) ||
		    ((i == 2 || i >= 5) && !json_is_boolean(v)) ||
		    (i == 3 && (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 100000)) ||
		    (i == 4 && (!json_is_number(v) || !(json_number_value(v) >= 1 &&
		    json_number_value(v) <= 10)))) {
			snprintf(err, errlen, "bad parameter %.40s%s", key, i == N ? ": unknown" :
			    i == 0 ? ": student, staff or admin" : i == 3 ?
			    ": a whole number of minutes" : i == 4 ? ": a factor from 1 to 10" : "");
			return -1;
		}
		if (i < 5)
			json_object_set(ch, key, v);
		else
			*(i == 5 ? reset : end) = json_is_true(v);
	}
	return 0;
}

static void
change(struct api *a, struct http_req *r, const struct store_user *me, const char *login)
{
	json_t *j = json_object_body(r), *ch = json_object(), *out = NULL;
	char pw[PASSWORD_LEN + 1] = "", hash[AUTH_HASH_MAX], err[200];
	int reset = 0, end = 0, rc;
	char *what = NULL;

	if (j == NULL || ch == NULL)
		goto out;
	if (changes(j, ch, &reset, &end, err, sizeof(err))) {
		http_error(r, 400, "%s", err);
		goto out;
	}
	if (reset && (new_password(pw) || auth_hash_password(pw, hash))) {
		http_error(r, 500, "cannot make a password (request %s)", r->rid);
		goto out;
	}
	if (reset)
		json_object_set_new(ch, "hash", json_string(hash));
	rc = store_user_change(a->store, login, ch, &out);
	if (rc == STORE_NOTFOUND) {
		http_error(r, 404, "no such user");
		goto out;
	}
	if (rc == STORE_OK && (reset || end || json_is_true(json_object_get(ch, "disabled"))))
		rc = store_session_revoke(a->store, login, NULL, NULL);
	if (rc != STORE_OK) {
		api_internal(a, r, "change a user");
		goto out;
	}
	json_object_del(ch, "hash");
	what = json_dumps(ch, JSON_COMPACT);
	snprintf(err, sizeof(err), "%s: %.120s%s%s", login, what ? what : "",
	    reset ? " password reset" : "", end ? " sessions ended" : "");
	note(a, r, me->login, "user-change", err);
	if (!json_object_get(out, "name"))
		json_object_set_new(out, "name", json_string(""));
	json_object_set_new(out, "disabled", json_boolean(json_is_true(json_object_get(out,
	    "disabled"))));
	if (!json_object_get(out, "extra_minutes"))
		json_object_set_new(out, "extra_minutes", json_integer(0));
	if (!json_object_get(out, "extra_factor"))
		json_object_set_new(out, "extra_factor", json_real(1));
	if (reset)
		json_object_set_new(out, "password", json_string(pw));
	reply(r, 200, json_incref(out));
out:
	explicit_bzero(pw, sizeof(pw));
	free(what);
	json_decref(out);
	json_decref(ch);
	json_decref(j);
}

void
staff_users(struct api *a, struct http_req *r, const struct store_user *u, const char *rest,
    int post)
{
	if (rest[0] == '\0' && !post)
		list(a, r);
	else if (rest[0] == '\0')
		add(a, r, u);
	else if (strcmp(rest, "import") == 0 && post)
		import(a, r, u);
	else if (post && auth_login_valid(rest))
		change(a, r, u, rest);
	else if (!post)
		http_error(r, 405, "use POST to change a user");
	else
		http_error(r, 404, "no such user");
}
