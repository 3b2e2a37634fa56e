/*
 * assay - the administrator's command line.
 *
 *   assay [--data DIR] user add LOGIN [--admin | --role ROLE]  password on stdin
 *   assay [--data DIR] audit [--login L] [--action A] [--since TIME]
 *   assay [--data DIR] user passwd LOGIN           password on standard input
 *   assay [--data DIR] user import FILE.csv [--update]
 *   assay [--data DIR] user list
 *   assay [--data DIR] user sessions LOGIN [--revoke [ID]]
 *   assay [--data DIR] submission show ID
 *   assay [--data DIR] submission requeue ID
 *   assay [--data DIR] queue
 *   assay [--data DIR] grades [--site DIR] [--policy P] [--invalid count|ignore]
 *                      [--format csv|json] [--exercise FOLDER/]
 *                                                  the gradebook on stdout
 *   assay [--data DIR] printout [--site DIR] [--policy P] [--invalid count|ignore]
 *                      [--exercise FOLDER/]        the chosen submissions, HTML
 *   assay [--data DIR] similarity EXERCISE [--site DIR] [--policy P]
 *                      [--format text|json] [--threshold T] [--fragment N]
 *                      [--min M] [--common C] [--k K] [--w W]
 *                                                  similar pairs, clusters
 *   assay [--data DIR] demo                        create the demo accounts
 *   assay [--data DIR] doctor [--uid N] [--box-root DIR]
 *                                                  the store's use, the jail's
 *                                                  layers on this host
 *   assay [--data DIR] grader [--port N] [--bind ADDR] [--slots N]
 *                      [--uid-base N] [--key-file FILE] [--jobe-keys FILE]
 *                      [--user NAME] [--nginx-template FILE]
 *                                                  a grader host (launch.h,
 *                                                  assay-graderd.c)
 *   assay [--data DIR] serve [--site DIR] [--port N] [--bind ADDR]
 *                      [--workers N] [--children N] [--origin LIST]
 *                      [--nginx-template FILE] [--user NAME] [--demo]
 *                      [--graders "HOST:PORT ..." --grader-key-file FILE]
 *                      [--jobe-keys FILE]
 *                      [--secure-cookies] [--trust-forwarded-proto]
 *                      [--max-waiting N] [--max-per-minute N]
 *                      [--map-size BYTES] [--store-reserve BYTES]
 *
 * Errors name the file and line where there is one (CSV imports) and make
 * the command exit non-zero; an import changes nothing unless every line is
 * good.
 *
 * A password set again (user add of an existing login, user passwd, user
 * import --update) ends every session of that login, after the new hash is
 * stored: a session recorded before is revoked, one that a login racing the
 * change tries to record after is refused (store_session_begin() checks the
 * hash its password was checked against).
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "fcgi/auth.h"
#include "fcgi/audit.h"
#include "fcgi/config.h"
#include "fcgi/csv.h"
#include "fcgi/gradebook.h"
#include "fcgi/grades.h"
#include "fcgi/isotime.h"
#include "fcgi/launch.h"
#include "fcgi/log.h"
#include "fcgi/printout.h"
#include "fcgi/queue.h"
#include "fcgi/simreport.h"
#include "fcgi/staffq.h"
#include "fcgi/store.h"
#include "sandbox/jail/jail.h"
#include "sandbox/util/file.h"

static const char usage[] =
    "usage: assay [--data DIR] COMMAND ...\n"
    "  user add LOGIN [--admin | --role student|staff|admin]\n"
    "                                 add a user; the password is read from stdin\n"
    "  user passwd LOGIN              change a password (read from stdin); ends the\n"
    "                                 user's sessions\n"
    "  user import FILE.csv [--update] add users from login,password[,role][,name] lines;\n"
    "                                 --update replaces users and ends their sessions\n"
    "  user list                      list users: login, role[, name]\n"
    "  user extra-time LOGIN (MINUTES | xFACTOR)\n"
    "                                 more time in timed exams (0 or x1: none)\n"
    "  audit [--login L] [--action A] [--since TIME]\n"
    "                                 the audit log, a tab-separated line per entry\n"
    "  user sessions LOGIN [--revoke [ID]]\n"
    "                                 list a user's sessions (id, created, expires);\n"
    "                                 end one, or all\n"
    "  submission show ID             print a submission's stored record\n"
    "  submission requeue ID          grade a submission again\n"
    "  queue                          how many submissions wait and are being graded\n"
    "  grades [--site DIR] [--policy best|last|last-valid|printout]\n"
    "         [--invalid count|ignore] [--format csv|json] [--exercise FOLDER/]\n"
    "                                 the gradebook: a grade per student and exercise\n"
    "                                 (site default DATA/site, policy best, csv)\n"
    "  printout [same options but --format]\n"
    "                                 the chosen submissions' code as one printable\n"
    "                                 HTML document (policy default printout)\n"
    "  similarity EXERCISE [--site DIR] [--policy P] [--format text|json]\n"
    "         [--threshold T] [--fragment N] [--min M] [--common C] [--k K] [--w W]\n"
    "                                 pairs of chosen submissions ranked by\n"
    "                                 similarity (those >= min, default 0.1, or\n"
    "                                 flagged); a pair is flagged at the threshold\n"
    "                                 (default 0.5) or when it shares a fragment of\n"
    "                                 N tokens (default 45; 0: off); the clusters\n"
    "                                 of the flagged pairs\n"
    "  demo                           create the demo accounts if there are no users\n"
    "  doctor [--uid N] [--box-root DIR]\n"
    "                                 how full the store is; which layers of the\n"
    "                                 sandbox work on this host\n"
    "  grader [--port N] [--bind ADDR] [--slots N] [--uid-base N] [--key-file FILE]\n"
    "         [--jobe-keys FILE] [--user NAME]\n"
    "  serve [--site DIR] [--port N] [--bind ADDR] [--workers N] [--children N]\n"
    "        [--graders \"HOST:PORT ...\" --grader-key-file FILE] [--jobe-keys FILE]\n"
    "        [--origin LIST] [--nginx-template FILE] [--user NAME] [--demo]\n"
    "        [--secure-cookies] [--trust-forwarded-proto]\n"
    "        [--max-waiting N] [--max-per-minute N] [--map-size BYTES]\n"
    "        [--store-reserve BYTES]\n"
    "                                 run nginx, the API and the graders; as root,\n"
    "                                 all but the graders as --user (default assay)\n";

static const char *prog = "assay";

static struct store *
open_store(const char *data)
{
	struct store *s;
	char err[512];

	if (store_open(data, &s, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return NULL;
	}
	return s;
}

static int
make_user(struct store_user *u, const char *login, const char *pw, const char *role,
    char *err, size_t errlen)
{
	if (!auth_login_valid(login)) {
		snprintf(err, errlen, "invalid login \"%.80s\": use 1 to %d of A-Z a-z 0-9 . _ @ -",
		    login, AUTH_LOGIN_MAX);
		return -1;
	}
	if (!store_role_valid(role)) {
		snprintf(err, errlen, "invalid role \"%.40s\": student, staff or admin", role);
		return -1;
	}
	if (pw[0] == '\0') {
		snprintf(err, errlen, "empty password for %s", login);
		return -1;
	}
	if (strlen(pw) > AUTH_PASSWORD_MAX) {
		snprintf(err, errlen, "password for %s longer than %d bytes", login, AUTH_PASSWORD_MAX);
		return -1;
	}
	memset(u, 0, sizeof(*u));
	strcpy(u->login, login);
	strcpy(u->role, role);
	if (auth_hash_password(pw, u->hash)) {
		snprintf(err, errlen, "cannot hash the password of %s", login);
		return -1;
	}
	return 0;
}

/*
 * The arguments of `user add` and `user import`: one operand and, anywhere,
 * FLAG. Returns 0, or 2 after printing the usage.
 */
static int
operand_and_flag(int argc, char **argv, const char *flag, const char **operand,
    int *flagged)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], flag) == 0)
			*flagged = 1;
		else if (*operand == NULL && argv[i][0] != '-')
			*operand = argv[i];
		else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (*operand == NULL) {
		fputs(usage, stderr);
		return 2;
	}
	return 0;
}

/*
 * Ends every session of the N logins LOGINS, whose passwords were just set;
 * says how many when there were some. Returns 0, or 1 after an error.
 */
static int
end_sessions(struct store *s, const char *const *logins, size_t n)
{
	size_t removed = 0;

	if (n == 0)
		return 0;
	if (store_session_revoke_logins(s, logins, n, &removed) != STORE_OK) {
		fprintf(stderr, "%s: the password is set, but its sessions could not be ended: %s\n",
		    prog, store_error(s));
		return 1;
	}
	if (removed)
		printf("ended %zu session%s\n", removed, removed == 1 ? "" : "s");
	return 0;
}

/* Reads a password from standard input into PW (AUTH_PASSWORD_MAX + 2 bytes). */
static int
read_password(const char *login, char *pw)
{
	if (isatty(0))
		fprintf(stderr, "password for %s: ", login);
	if (fgets(pw, AUTH_PASSWORD_MAX + 2, stdin) == NULL) {
		fprintf(stderr, "%s: no password on standard input\n", prog);
		return -1;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	return 0;
}

/*
 * `user add LOGIN [--admin]` and, with PASSWD, `user passwd LOGIN`: sets
 * LOGIN's password (for passwd, of an existing user, whose role stays).
 */
static int
user_add(const char *data, int argc, char **argv, int passwd)
{
	const char *login = NULL, *role, *asked = NULL;
	char pw[AUTH_PASSWORD_MAX + 2], err[256], *rest[8];
	struct store_user u, old;
	struct store *s;
	size_t added, skipped;
	int rc, admin = 0, n = 0;

	/* --role ROLE, anywhere; --admin stays as its synonym. */
	for (int i = 0; i < argc && !passwd; i++) {
		if (strcmp(argv[i], "--role") == 0 && i + 1 < argc && !asked)
			asked = argv[++i];
		else if (n < 8)
			rest[n++] = argv[i];
		else
			return fputs(usage, stderr), 2;
	}
	if (!passwd) {
		argc = n;
		argv = rest;
	}

	if (passwd && (argc != 1 || argv[0][0] == '-')) {
		fputs(usage, stderr);
		return 2;
	}
	if (passwd)
		login = argv[0];
	else if ((rc = operand_and_flag(argc, argv, "--admin", &login, &admin)))
		return rc;
	role = asked ? asked : admin ? "admin" : "student";
	if (asked && admin && strcmp(asked, "admin") != 0)
		return fputs(usage, stderr), 2;
	if ((s = open_store(data)) == NULL)
		return 1;
	if (passwd) {
		rc = auth_login_valid(login) ? store_user_get(s, login, &old) : STORE_NOTFOUND;
		if (rc != STORE_OK) {
			fprintf(stderr, "%s: %s\n", prog, rc == STORE_NOTFOUND ?
			    "no such user (user add creates one)" : store_error(s));
			store_close(s);
			return 1;
		}
		role = old.role;
	}
	if (read_password(login, pw)) {
		store_close(s);
		return 1;
	}
	if (make_user(&u, login, pw, role, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		explicit_bzero(pw, sizeof(pw));
		store_close(s);
		return 1;
	}
	explicit_bzero(pw, sizeof(pw));
	rc = store_user_add(s, &u, 1, 1, &added, &skipped);
	if (rc != STORE_OK)
		fprintf(stderr, "%s: %s\n", prog, store_error(s));
	else {
		printf("%s %s (%s)\n", "saved", login, role);
		rc = end_sessions(s, &login, 1);
	}
	store_close(s);
	return rc == STORE_OK ? 0 : 1;
}

/*
 * `audit [--login L] [--action A] [--since T]`: the audit log, oldest
 * first, a tab-separated line per entry: time, login, address, action,
 * detail.
 */
static int
audit_cmd(const char *data, int argc, char **argv)
{
	struct store_audit_filter f = { 0 };
	struct store *s;
	json_t *list, *e;
	size_t total, i;

	for (int k = 0; k < argc; k++) {
		if (strcmp(argv[k], "--login") == 0 && k + 1 < argc)
			f.login = argv[++k];
		else if (strcmp(argv[k], "--action") == 0 && k + 1 < argc)
			f.action = argv[++k];
		else if (strcmp(argv[k], "--since") == 0 && k + 1 < argc &&
		    staffq_time(argv[k + 1], 0, &f.from) == 0)
			k++;
		else
			return fputs(usage, stderr), 2;
	}
	if ((s = open_store(data)) == NULL)
		return 1;
	if (store_audit_list(s, &f, 0, (size_t)-1, &list, &total) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", prog, store_error(s));
		store_close(s);
		return 1;
	}
	for (i = json_array_size(list); i-- > 0;) {
		e = json_array_get(list, i);
		printf("%s\t%s\t%s\t%s\t%s\n", json_string_value(json_object_get(e, "time")),
		    json_string_value(json_object_get(e, "login")),
		    json_string_value(json_object_get(e, "address")),
		    json_string_value(json_object_get(e, "action")),
		    json_string_value(json_object_get(e, "detail")));
	}
	json_decref(list);
	store_close(s);
	return 0;
}

/* The users of a CSV file being read: every mistake is counted, none stops. */
struct import {
	const char *file;
	struct store_user *users;
	char **names;			/* the users' full names ("" for none) */
	size_t n, cap;
	int bad;			/* mistakes found */
	int col_login, col_pw, col_role, col_name;	/* -1: no such column */
};

/*
 * Is record C the header naming the columns? It may be the first record,
 * or a "login,..." record before any user. When the first record is no
 * header, the third column, if there is one, is the role.
 */
static int
import_header(struct import *im, const struct csv *c)
{
	int header = 0;

	if (c->line != 1 && (im->n != 0 || im->bad || strcasecmp(c->field[0], "login") != 0))
		return 0;
	for (size_t i = 0; i < c->nfields; i++) {
		if (strcasecmp(c->field[i], "login") == 0)
			im->col_login = (int)i, header = 1;
		else if (strcasecmp(c->field[i], "password") == 0)
			im->col_pw = (int)i, header = 1;
		else if (strcasecmp(c->field[i], "role") == 0)
			im->col_role = (int)i, header = 1;
		else if (strcasecmp(c->field[i], "name") == 0)
			im->col_name = (int)i, header = 1;
	}
	if (!header)
		im->col_role = c->nfields > 2 ? 2 : -1;
	return header;
}

/* Adds the user of record C, or reports what is wrong with it. -1: out of memory. */
static int
import_record(struct import *im, const struct csv *c)
{
	const char *role, *login, *name;
	char err[256];

	if ((size_t)im->col_login >= c->nfields || (size_t)im->col_pw >= c->nfields) {
		fprintf(stderr, "%s:%zu: expected login,password[,role]\n", im->file, c->line);
		im->bad++;
		return 0;
	}
	login = c->field[im->col_login];
	role = im->col_role >= 0 && (size_t)im->col_role < c->nfields &&
	    c->field[im->col_role][0] ? c->field[im->col_role] : "student";
	name = im->col_name >= 0 && (size_t)im->col_name < c->nfields ?
	    c->field[im->col_name] : "";
	if (strlen(name) >= STORE_NAME_MAX) {
		fprintf(stderr, "%s:%zu: the name is longer than %d bytes\n", im->file, c->line,
		    STORE_NAME_MAX - 1);
		im->bad++;
		return 0;
	}
	if (im->n == im->cap) {
		size_t cap = im->cap ? im->cap * 2 : 64;
		struct store_user *nu = realloc(im->users, cap * sizeof(*nu));
		char **nn = nu ? realloc(im->names, cap * sizeof(*nn)) : NULL;

		if (nu)
			im->users = nu;
		if (nn == NULL) {
			fprintf(stderr, "%s: out of memory\n", prog);
			im->bad++;
			return -1;
		}
		im->names = nn;
		im->cap = cap;
	}
	for (size_t i = 0; i < im->n; i++)
		if (strcmp(im->users[i].login, login) == 0) {
			fprintf(stderr, "%s:%zu: login \"%s\" appears twice\n", im->file, c->line,
			    im->users[i].login);
			im->bad++;
			return 0;
		}
	if (make_user(&im->users[im->n], login, c->field[im->col_pw], role, err,
	    sizeof(err))) {
		fprintf(stderr, "%s:%zu: %s\n", im->file, c->line, err);
		im->bad++;
		return 0;
	}
	if ((im->names[im->n] = strdup(name)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		im->bad++;
		return -1;
	}
	im->n++;
	return 0;
}

static void
import_free(struct import *im)
{
	for (size_t i = 0; im->names && i < im->n; i++)
		free(im->names[i]);
	free(im->names);
	free(im->users);
}

/*
 * Stores the users of IM with their names: all of them when UPDATE, else
 * only those not there yet (the others counted in *SKIPPED).
 */
static int
import_named(struct store *s, struct import *im, int update, size_t *added, size_t *skipped)
{
	struct store_user old;
	size_t k = 0, upd = 0;
	int rc;

	for (size_t i = 0; i < im->n; i++) {
		if (!update && (rc = store_user_get(s, im->users[i].login, &old)) != STORE_NOTFOUND) {
			if (rc != STORE_OK)
				return rc;
			(*skipped)++;
			free(im->names[i]);
			continue;
		}
		im->users[k] = im->users[i];
		im->names[k++] = im->names[i];
	}
	im->n = k;
	rc = store_user_put(s, im->users, (const char *const *)im->names, k, added, &upd);
	*added += upd;
	return rc;
}

static int
user_import(const char *data, int argc, char **argv)
{
	struct import im = { .col_login = 0, .col_pw = 1, .col_role = -1, .col_name = -1 };
	int update = 0, rc;
	size_t len, added = 0, skipped = 0;
	struct csv *c = NULL;
	struct store *s;
	char *text;

	if ((rc = operand_and_flag(argc, argv, "--update", &im.file, &update)))
		return rc;
	if (file_read(im.file, &text, &len) == -1) {
		fprintf(stderr, "%s: %s: %s\n", prog, im.file, strerror(errno));
		return 1;
	}
	if ((c = malloc(sizeof(*c))) == NULL) {
		free(text);
		return 1;
	}
	csv_init(c, text, len);
	while ((rc = csv_next(c)) == 1)
		if (!import_header(&im, c) && import_record(&im, c) == -1)
			break;
	if (rc < 0) {
		fprintf(stderr, "%s:%zu: %s\n", im.file, c->line, c->error);
		im.bad++;
	}
	explicit_bzero(text, len);
	free(text);
	free(c);
	if (im.bad) {
		fprintf(stderr, "%s: %s: %d error%s; no user was imported\n", prog, im.file,
		    im.bad, im.bad == 1 ? "" : "s");
		import_free(&im);
		return 1;
	}
	if ((s = open_store(data)) == NULL) {
		import_free(&im);
		return 1;
	}
	if (im.col_name >= 0)
		rc = import_named(s, &im, update, &added, &skipped);
	else
		rc = store_user_add(s, im.users, im.n, update, &added, &skipped);
	if (rc != STORE_OK)
		fprintf(stderr, "%s: %s\n", prog, store_error(s));
	else
		printf("%zu imported, %zu skipped (already there; --update replaces them)\n",
		    added, skipped);
	if (rc == STORE_OK && update) {
		/* Replaced users had their passwords set again: their sessions end. */
		const char **logins = malloc((im.n ? im.n : 1) * sizeof(*logins));

		for (size_t i = 0; logins != NULL && i < im.n; i++)
			logins[i] = im.users[i].login;
		rc = logins == NULL ? 1 : end_sessions(s, logins, im.n);
		if (logins == NULL)
			fprintf(stderr, "%s: out of memory\n", prog);
		free(logins);
	}
	for (size_t i = 0; i < im.n; i++)
		explicit_bzero(im.users[i].hash, sizeof(im.users[i].hash));
	store_close(s);
	import_free(&im);
	return rc == STORE_OK ? 0 : 1;
}

/*
 * `user sessions LOGIN [--revoke [ID]]`: LOGIN's sessions that have not
 * expired, a line each (id, created, expires, tab-separated); --revoke ends
 * the one ID, or all of them.
 */
static int
user_sessions(const char *data, int argc, char **argv)
{
	const char *login = NULL, *id = NULL;
	int revoke = 0, rc;
	struct store *s;
	json_t *list = NULL, *e;
	size_t i, removed = 0;

	for (i = 0; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--revoke") == 0 && !revoke)
			revoke = 1;
		else if (argv[i][0] == '-')
			break;
		else if (login == NULL)
			login = argv[i];
		else if (revoke && id == NULL)
			id = argv[i];
		else
			break;
	}
	if (i < (size_t)argc || login == NULL) {
		fputs(usage, stderr);
		return 2;
	}
	if (id != NULL && (strlen(id) != STORE_SESSION_ID_LEN ||
	    strspn(id, "0123456789abcdef") != STORE_SESSION_ID_LEN)) {
		fprintf(stderr, "%s: \"%.40s\" is not a session id (%d hex digits, as listed)\n",
		    prog, id, STORE_SESSION_ID_LEN);
		return 2;
	}
	if ((s = open_store(data)) == NULL)
		return 1;
	if (revoke) {
		rc = store_session_revoke(s, login, id, &removed);
		if (rc == STORE_OK && id != NULL && removed == 0) {
			fprintf(stderr, "%s: %s has no session %s\n", prog, login, id);
			rc = STORE_NOTFOUND;
		} else if (rc == STORE_OK)
			printf("ended %zu session%s of %s\n", removed, removed == 1 ? "" : "s", login);
		else
			fprintf(stderr, "%s: %s\n", prog, store_error(s));
		store_close(s);
		return rc == STORE_OK ? 0 : 1;
	}
	if (store_session_list(s, login, time(NULL), &list) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", prog, store_error(s));
		store_close(s);
		return 1;
	}
	json_array_foreach(list, i, e) {
		char created[ISOTIME_SIZE] = "-", expires[ISOTIME_SIZE];
		json_t *c = json_object_get(e, "created");

		if (json_is_integer(c))
			isotime_format((time_t)json_integer_value(c), created);
		isotime_format((time_t)json_integer_value(json_object_get(e, "expires")), expires);
		printf("%s\t%s\t%s\n", json_string_value(json_object_get(e, "id")), created,
		    expires);
	}
	json_decref(list);
	store_close(s);
	return 0;
}

/*
 * `user extra-time LOGIN (MINUTES | xFACTOR)`: a student's more time in
 * timed exams (fcgi/exam.h), audited; "0" or "x1" takes it back.
 */
static int
user_extra_time(const char *data, int argc, char **argv)
{
	unsigned long minutes = 0;
	double factor = 0;
	char *end = NULL;
	struct store *s;
	json_t *ch;
	char *pos[2];
	int rc, n = 0;

	for (int i = 0; i < argc; i++)	/* --data may come here too */
		if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
			data = argv[++i];
		else if (argv[i][0] != '-' && n < 2)
			pos[n++] = argv[i];
		else
			n = 3;
	if (n != 2) {
		fputs(usage, stderr);
		return 2;
	}
	argv = pos;
	if (argv[1][0] == 'x' ? (factor = strtod(argv[1] + 1, &end), end == argv[1] + 1 ||
	    *end || !(factor >= 1 && factor <= 10)) : config_number(argv[1], 10080, &minutes)) {
		fprintf(stderr, "%s: extra time is minutes (0 to 10080) or a factor x1 to x10,"
		    " not \"%.40s\"\n", prog, argv[1]);
		return 2;
	}
	if ((s = open_store(data)) == NULL)
		return 1;
	ch = argv[1][0] == 'x' ? json_pack("{s:f}", "extra_factor", factor) :
	    json_pack("{s:I}", "extra_minutes", (json_int_t)minutes);
	rc = store_user_change(s, argv[0], ch, NULL);
	json_decref(ch);
	if (rc == STORE_OK)
		audit_log(s, time(NULL), "assay", NULL, "extra-time", "%s: %s", argv[0], argv[1]);
	if (rc == STORE_NOTFOUND)
		fprintf(stderr, "%s: no such user: %s\n", prog, argv[0]);
	else if (rc != STORE_OK)
		fprintf(stderr, "%s: %s\n", prog, store_error(s));
	store_close(s);
	return rc == STORE_OK ? 0 : 1;
}

static int
user_list(const char *data)
{
	struct store *s = open_store(data);
	json_t *list, *u;
	size_t i;

	if (s == NULL)
		return 1;
	if (store_user_list(s, &list) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", prog, store_error(s));
		store_close(s);
		return 1;
	}
	json_array_foreach(list, i, u) {
		const char *name = json_string_value(json_object_get(u, "name"));

		/* The name, when the user has one, as a third column. */
		printf("%s\t%s%s%s\n", json_string_value(json_object_get(u, "login")),
		    json_string_value(json_object_get(u, "role")), name && name[0] ? "\t" : "",
		    name && name[0] ? name : "");
	}
	json_decref(list);
	store_close(s);
	return 0;
}

static int
parse_id(const char *s, uint64_t *id)
{
	unsigned long v;

	if (config_number(s, ULONG_MAX, &v)) {
		fprintf(stderr, "%s: \"%s\" is not a submission id\n", prog, s);
		return -1;
	}
	*id = v;
	return 0;
}

static int
submission_cmd(const char *data, int argc, char **argv)
{
	struct store *s;
	uint64_t id;
	json_t *rec;
	int rc;

	if (argc != 2 || (strcmp(argv[0], "show") && strcmp(argv[0], "requeue"))) {
		fputs(usage, stderr);
		return 2;
	}
	if (parse_id(argv[1], &id) || (s = open_store(data)) == NULL)
		return 1;
	if (strcmp(argv[0], "show") == 0) {
		rc = store_submission_get(s, id, &rec);
		if (rc == STORE_OK) {
			json_dumpf(rec, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
			putchar('\n');
			json_decref(rec);
		}
	} else {
		rc = queue_requeue(s, id);
		if (rc == STORE_OK)
			printf("submission %s queued again\n", argv[1]);
	}
	if (rc == STORE_NOTFOUND)
		fprintf(stderr, "%s: no submission %s\n", prog, argv[1]);
	else if (rc != STORE_OK)
		fprintf(stderr, "%s: %s\n", prog, store_error(s));
	store_close(s);
	return rc == STORE_OK ? 0 : 1;
}

static int
queue_cmd(const char *data)
{
	struct store *s = open_store(data);
	size_t waiting, leased;

	if (s == NULL)
		return 1;
	if (queue_count(s, &waiting, &leased) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", prog, store_error(s));
		store_close(s);
		return 1;
	}
	printf("%zu waiting, %zu being graded\n", waiting, leased);
	store_close(s);
	return 0;
}

/* ---- grades and printout: the gradebook (gradebook.h, printout.h) ---- */

struct grades_opts {
	const char *data, *site, *exercise, *format;
	enum gradebook_policy policy;
	enum gradebook_invalid invalid;
	char sitebuf[PATH_MAX];
};

/*
 * The options of `grades` (PRINTOUT 0) and `printout`, anywhere after the
 * command, as "--opt VALUE" or "--opt=VALUE". Returns 0, or 2 after saying
 * what is wrong.
 */
static int
grades_options(struct grades_opts *o, int argc, char **argv, int printout)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '='), *arg;
		char name[32];

		if (strncmp(a, "--", 2) != 0 || (size_t)(eq ? eq - a : (ptrdiff_t)strlen(a)) >=
		    sizeof(name)) {
			fprintf(stderr, "%s: unexpected argument \"%s\"\n", prog, a);
			goto usage;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(eq ? eq - a : (ptrdiff_t)strlen(a)), a);
		if (eq != NULL)
			arg = eq + 1;
		else if (i + 1 < argc)
			arg = argv[++i];
		else {
			fprintf(stderr, "%s: %s needs a value\n", prog, name);
			goto usage;
		}
		if (strcmp(name, "--data") == 0)
			o->data = arg;
		else if (strcmp(name, "--site") == 0)
			o->site = arg;
		else if (strcmp(name, "--exercise") == 0)
			o->exercise = arg;
		else if (strcmp(name, "--policy") == 0) {
			if (gradebook_policy_parse(arg, &o->policy)) {
				fprintf(stderr, "%s: bad --policy \"%s\": best, last, last-valid or "
				    "printout\n", prog, arg);
				return 2;
			}
		} else if (strcmp(name, "--invalid") == 0) {
			if (gradebook_invalid_parse(arg, &o->invalid)) {
				fprintf(stderr, "%s: bad --invalid \"%s\": count or ignore\n", prog, arg);
				return 2;
			}
		} else if (strcmp(name, "--format") == 0 && !printout) {
			if (strcmp(arg, "csv") && strcmp(arg, "json")) {
				fprintf(stderr, "%s: bad --format \"%s\": csv or json\n", prog, arg);
				return 2;
			}
			o->format = arg;
		} else {
			fprintf(stderr, "%s: unknown option %s\n", prog, name);
			goto usage;
		}
	}
	if (o->site == NULL) {
		snprintf(o->sitebuf, sizeof(o->sitebuf), "%s/site", o->data);
		o->site = o->sitebuf;
	}
	return 0;
usage:
	fputs(usage, stderr);
	return 2;
}

/* Fills GB from the site's specs and one scan of the store S. 0, or 1 after an error. */
static int
grades_load(struct store *s, struct gradebook *gb, const struct grades_opts *o)
{
	char err[PATH_MAX + 256];
	int rc = grades_fill(s, gb, o->site, err, sizeof(err));

	if (rc > 0)
		fprintf(stderr, "%s\n", err);		/* a spec's FILE:LINE: message */
	else if (rc < 0)
		fprintf(stderr, "%s: %s\n", prog, err);
	return rc ? 1 : 0;
}

static int
write_stdout(const char *buf, size_t len, void *ctx)
{
	(void)ctx;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

/*
 * `grades` (PRINTOUT 0): the gradebook as CSV (the default) or JSON on
 * standard output; `printout`: the chosen submissions as one HTML document.
 */
static int
grades_cmd(const char *data, int argc, char **argv, int printout)
{
	struct grades_opts o = { .data = data, .format = "csv",
	    .policy = printout ? GRADEBOOK_PRINTOUT : GRADEBOOK_BEST,
	    .invalid = GRADEBOOK_IGNORE };
	struct grades_code codes = { 0 };
	struct gradebook *gb = NULL;
	struct store *s = NULL;
	char title[256];
	int rc;

	if ((rc = grades_options(&o, argc, argv, printout)))
		return rc;
	rc = 1;
	if ((gb = gradebook_new(o.policy, o.invalid, o.exercise)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}
	if ((s = open_store(o.data)) == NULL || grades_load(s, gb, &o))
		goto out;
	if (printout) {
		snprintf(title, sizeof(title), "Submissions%s%.200s (%s)", o.exercise ? ": " : "",
		    o.exercise ? o.exercise : "", gradebook_policy_name(o.policy));
		codes.s = s;
		rc = printout_write(gb, title, grades_code, &codes, write_stdout, NULL);
		if (codes.err[0])
			fprintf(stderr, "%s: %s\n", prog, codes.err);
		grades_code_free(&codes);
	} else if (strcmp(o.format, "json") == 0) {
		rc = gradebook_write_json(gb, write_stdout, NULL);
	} else {
		rc = gradebook_write_csv(gb, write_stdout, NULL);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = -1;
	if (rc) {
		fprintf(stderr, "%s: cannot write the %s: %s\n", prog,
		    printout ? "printout" : "grades", strerror(errno));
		rc = 1;
	}
out:
	store_close(s);
	gradebook_free(gb);
	return rc;
}

/* ---- similarity: one exercise's pairs and clusters (simreport.h) ---- */

/* A number option's value within [LO, HI] into *OUT; 0, or 2 after saying what is wrong. */
static int
number_option(const char *name, const char *arg, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (*arg == '\0' || *end != '\0' || !(v >= lo && v <= hi)) {
		fprintf(stderr, "%s: bad %s \"%s\": a number from %g to %g\n", prog, name, arg, lo, hi);
		return 2;
	}
	*out = v;
	return 0;
}

/* The options of `similarity`, anywhere after it; the exercise the one argument. 0 or 2. */
static int
similarity_options(struct simreport_opts *o, const char **data, const char **format,
    char *sitebuf, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
		double k = o->sim.k, w = o->sim.w, frag = o->sim.fragment;
		int rc = 0;

		if (strncmp(a, "--", 2) != 0) {
			if (o->exercise != NULL)
				goto usage;
			o->exercise = a;
			continue;
		}
		if (arg == NULL)
			goto usage;
		i++;
		if (strcmp(a, "--data") == 0)
			*data = arg;
		else if (strcmp(a, "--site") == 0)
			o->site = arg;
		else if (strcmp(a, "--format") == 0 && (!strcmp(arg, "json") || !strcmp(arg, "text")))
			*format = arg;
		else if (strcmp(a, "--policy") == 0 && gradebook_policy_parse(arg, &o->policy) == 0)
			;
		else if (strcmp(a, "--threshold") == 0)
			rc = number_option(a, arg, 0, 1, &o->sim.threshold);
		else if (strcmp(a, "--fragment") == 0)
			rc = number_option(a, arg, 0, 100000, &frag);
		else if (strcmp(a, "--min") == 0)
			rc = number_option(a, arg, 0, 1, &o->sim.min);
		else if (strcmp(a, "--common") == 0)
			rc = number_option(a, arg, 0, 1, &o->sim.common);
		else if (strcmp(a, "--k") == 0)
			rc = number_option(a, arg, 1, 64, &k);
		else if (strcmp(a, "--w") == 0)
			rc = number_option(a, arg, 1, 1024, &w);
		else
			goto usage;
		if (rc)
			return rc;
		o->sim.k = (unsigned)k;
		o->sim.w = (unsigned)w;
		o->sim.fragment = (unsigned)frag;
	}
	if (o->exercise == NULL)
		goto usage;
	if (o->site == NULL) {
		snprintf(sitebuf, PATH_MAX, "%s/site", *data);
		o->site = sitebuf;
	}
	return 0;
usage:
	fputs(usage, stderr);
	return 2;
}

/* `similarity EXERCISE`: its pairs ranked and its clusters, as text or JSON. */
static int
similarity_cmd(const char *data, int argc, char **argv)
{
	struct simreport_opts o = { .policy = GRADEBOOK_BEST };
	const char *format = "text";
	char sitebuf[PATH_MAX], err[PATH_MAX + 256];
	struct similarity *sim = NULL;
	struct store *s;
	int rc;

	similarity_defaults(&o.sim);
	o.sim.min = 0.1;
	if ((rc = similarity_options(&o, &data, &format, sitebuf, argc, argv)))
		return rc;
	if ((s = open_store(data)) == NULL)
		return 1;
	rc = simreport_run(s, &o, &sim, err, sizeof(err));
	store_close(s);
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return 1;
	}
	rc = strcmp(format, "json") == 0 ? simreport_json(sim, o.exercise, write_stdout, NULL) :
	    simreport_text(sim, write_stdout, NULL);
	similarity_free(sim);
	if (rc || fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write the report: %s\n", prog, strerror(errno));
		return 1;
	}
	return 0;
}

/*
 * Creates the demo accounts when there are no users, with random passwords
 * kept in DATA/demo-accounts (mode 0600) so that they can be shown again.
 * Appends a description of them to BANNER.
 */
static int
demo(const char *data, char *banner, size_t len)
{
	static const char *const accounts[][2] = {
		{ "student", "student" }, { "student2", "student" }, { "admin", "admin" },
	};
	char path[PATH_MAX], line[256];
	struct store *s;
	json_t *list = NULL;
	FILE *f;
	int rc = 1;

	if ((s = open_store(data)) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/demo-accounts", data);
	if (store_user_list(s, &list) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", prog, store_error(s));
		goto out;
	}
	if (json_array_size(list) == 0) {
		struct store_user u[3];
		char err[256];

		if ((f = fopen(path, "we")) == NULL) {
			fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
			goto out;
		}
		fchmod(fileno(f), 0600);
		for (int i = 0; i < 3; i++) {
			/* 32 symbols divide 256: one random byte per symbol, uniform. */
			static const char al[] = "abcdefghijkmnpqrstuvwxyz23456789";
			unsigned char raw[12];
			char pw[13];

			if (getrandom(raw, sizeof(raw), 0) != sizeof(raw)) {
				fclose(f);
				goto out;
			}
			for (int k = 0; k < 12; k++)
				pw[k] = al[raw[k] & 31];
			pw[12] = '\0';
			if (make_user(&u[i], accounts[i][0], pw, accounts[i][1], err, sizeof(err))) {
				fprintf(stderr, "%s: %s\n", prog, err);
				fclose(f);
				goto out;
			}
			fprintf(f, "%s %s %s\n", accounts[i][0], pw, accounts[i][1]);
		}
		if (fclose(f) != 0 || store_user_add(s, u, 3, 0, NULL, NULL) != STORE_OK) {
			fprintf(stderr, "%s: cannot create the demo accounts: %s\n", prog, store_error(s));
			goto out;
		}
	}
	if ((f = fopen(path, "re")) != NULL) {
		strncat(banner, "Demo accounts (login / password / role):\n", len - strlen(banner) - 1);
		while (fgets(line, sizeof(line), f)) {
			char l[80], p[80], r[20], out[256];

			if (sscanf(line, "%79s %79s %19s", l, p, r) == 3) {
				snprintf(out, sizeof(out), "  %-10s %-14s %s\n", l, p, r);
				strncat(banner, out, len - strlen(banner) - 1);
			}
		}
		fclose(f);
	}
	rc = 0;
out:
	json_decref(list);
	store_close(s);
	return rc;
}

/* N bytes as a short figure: "512 B", "12.5 MiB". */
static const char *
human(uint64_t n, char buf[32])
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)n;
	int u = 0;

	if (n == UINT64_MAX)
		return "unknown";
	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(buf, 32, u ? "%.1f %s" : "%.0f %s", v, unit[u]);
	return buf;
}

/*
 * The store's part of the doctor's report, when DATA holds a store (none
 * is created): its use against the map and the reserve, the disk's free
 * space, the submissions and the queue. Returns 1 when it is full or
 * near it (the reserve is all that is left, twice over), 0 otherwise.
 */
static int
doctor_store(const char *data)
{
	char path[PATH_MAX], a[32], b[32], c[32], d[32];
	struct store_use u;
	struct store *s;
	struct stat st;
	int warn = 0;

	snprintf(path, sizeof(path), "%s/db/data.mdb", data);
	if (stat(path, &st) != 0) {
		printf("store:   none under %s yet\n", data);
		return 0;
	}
	if ((s = open_store(data)) == NULL)
		return 1;
	if (store_use(s, &u) != STORE_OK) {
		fprintf(stderr, "%s: %s\n", prog, store_error(s));
		store_close(s);
		return 1;
	}
	store_close(s);
	printf("store:   %s used of a %s map (%.0f%%), %s kept for results; %s free on disk\n",
	    human(u.used, a), human(u.map, b), u.map ? 100.0 * (double)u.used / (double)u.map : 0,
	    human(u.reserve, c), human(u.disk_free, d));
	printf("store:   %zu submissions, %zu in the queue\n", u.submissions, u.queued);
	if (u.full) {
		printf("WARNING  the store is full: submissions are refused (507) until there is"
		    " room (a larger --map-size, or disk space)\n");
		warn = 1;
	} else if (u.used + 2 * u.reserve > u.map || u.disk_free < 2 * u.reserve) {
		printf("WARNING  the store is nearly full: submissions will be refused once only"
		    " the reserve is left\n");
		warn = 1;
	}
	return warn;
}

/*
 * assay doctor: runs /bin/true in the jail with every layer this host
 * offers, as uid N (default 64064, the first after the graders' 64 slots,
 * so that a running grader's uid is never shared), in a box under DIR
 * (default /tmp), and prints each layer: active or missing, and how or
 * why; first, how full the store under DATA is (doctor_store()). Exit
 * status 0 when every layer works and the store is not near full, 1
 * otherwise (a grader would refuse to start unless told --allow-missing).
 */
static int
doctor_cmd(const char *data, int argc, char **argv)
{
	const char *root = "/tmp";
	unsigned long uid = 64064;
	struct jail_probe p;
	struct utsname u;
	char box[PATH_MAX];
	int missing = 0, layers = 0;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--uid") == 0 && i + 1 < argc &&
		    !config_number(argv[i + 1], 0x7ffffffeUL, &uid) && uid >= 1000)
			i++;
		else if (strcmp(argv[i], "--box-root") == 0 && i + 1 < argc)
			root = argv[++i];
		else {
			fputs(usage, stderr);
			return 2;
		}
	}
	missing = doctor_store(data);
	if (geteuid() != 0) {
		fprintf(stderr, "%s: doctor needs root, as the graders do (namespaces,"
		    " mounts, setuid)\n", prog);
		return 1;
	}
	snprintf(box, sizeof(box), "%s/assay-doctor-XXXXXX", root);
	if (mkdtemp(box) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", prog, box, strerror(errno));
		return 1;
	}
	chmod(box, 0755);
	jail_probe(box, (uid_t)uid, &p);
	rmdir(box);
	if (uname(&u) == 0)
		printf("host: Linux %s on %s; programs run as uid %lu\n", u.release,
		    u.machine, uid);
	for (int i = 0; i < JAIL_NLAYERS; i++) {
		unsigned bit = 1u << i;
		int on = (p.active & bit) != 0;

		printf("%-8s %-14s %s\n", on ? "active" : "MISSING", jail_layer_name(bit),
		    p.detail[i]);
		missing += !on;
		layers += !on;
	}
	if (layers)
		printf("%d layer%s missing: graders refuse to start unless"
		    " --allow-missing names them (cgroup layers only)\n", layers,
		    layers == 1 ? " is" : "s are");
	else
		printf("every layer is active\n");
	return missing ? 1 : 0;
}

/*
 * The limits and sizes every program that opens the store must share
 * (config.h): passed down as $ASSAY_MAX_WAITING, $ASSAY_MAX_PER_MINUTE,
 * $ASSAY_MAP_SIZE and $ASSAY_STORE_RESERVE. 0 when OPT is one, valid.
 */
static int
serve_store_option(const char *opt, const char *arg)
{
	static const char *const names[][2] = {
		{ "--max-waiting", "ASSAY_MAX_WAITING" },
		{ "--max-per-minute", "ASSAY_MAX_PER_MINUTE" },
		{ "--map-size", "ASSAY_MAP_SIZE" },
		{ "--store-reserve", "ASSAY_STORE_RESERVE" },
	};
	unsigned long v;
	uint64_t size;

	for (int i = 0; i < 4; i++) {
		if (strcmp(opt, names[i][0]) != 0)
			continue;
		if (i < 2 ? config_number(arg, 1000000, &v) :
		    store_size_parse(arg, &size) || size < (i == 2 ? 1u << 20 : 1))
			return -1;
		return setenv(names[i][1], arg, 1);
	}
	return -1;
}

/* The directory of this program (where the others are), in BUF; NULL after saying why. */
static const char *
own_dir(char buf[PATH_MAX])
{
	ssize_t n = readlink("/proc/self/exe", buf, PATH_MAX - 1);

	if (n < 0) {
		fprintf(stderr, "%s: cannot find my own directory\n", prog);
		return NULL;
	}
	buf[n] = '\0';
	return dirname(buf);
}

static int
serve_cmd(const char *data, int argc, char **argv)
{
	struct launch_opts o = { .data = data, .bind = "127.0.0.1", .port = 8080,
	    .workers = 2, .children = 4 };
	char site[PATH_MAX], tmpl[PATH_MAX], bindir[PATH_MAX], banner[4096];
	unsigned long v;
	int want_demo = 0;

	snprintf(site, sizeof(site), "%s/site", data);
	o.site = site;
	snprintf(tmpl, sizeof(tmpl), "%s/nginx.conf.in", ASSAY_SHAREDIR);
	o.template = tmpl;
	if ((o.bindir = own_dir(bindir)) == NULL)
		return 1;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--demo") == 0) {
			want_demo = 1;
			continue;
		}
		/* Behind a TLS proxy: the API programs read these (http.h). */
		if (strcmp(a, "--secure-cookies") == 0 || strcmp(a, "--trust-forwarded-proto") == 0) {
			setenv(a[2] == 's' ? "ASSAY_SECURE_COOKIES" : "ASSAY_TRUST_FORWARDED_PROTO",
			    "1", 1);
			continue;
		}
		if (arg == NULL) {
			fprintf(stderr, "%s: %s needs a value\n", prog, a);
			return 2;
		}
		i++;
		if (strcmp(a, "--site") == 0)
			o.site = arg;
		else if (strcmp(a, "--nginx-template") == 0)
			o.template = arg;
		else if (strcmp(a, "--bind") == 0)
			o.bind = arg;
		else if (strcmp(a, "--origin") == 0)
			o.origin = arg;
		else if (strcmp(a, "--user") == 0 && arg[0] != '\0')
			o.user = arg;
		else if (strcmp(a, "--graders") == 0)
			o.graders = arg[0] ? arg : NULL;
		else if (strcmp(a, "--jobe-keys") == 0)
			o.jobe_keys = arg;
		else if (strcmp(a, "--grader-key-file") == 0)
			o.key_file = arg;
		else if (strcmp(a, "--port") == 0 && !config_number(arg, 65535, &v) && v > 0)
			o.port = (unsigned)v;
		else if (strcmp(a, "--workers") == 0 && !config_number(arg, 32, &v) && v > 0)
			o.workers = (int)v;
		else if (strcmp(a, "--children") == 0 && !config_number(arg, 64, &v) && v > 0)
			o.children = (int)v;
		else if (serve_store_option(a, arg) == 0)
			;	/* for every program, through the environment */
		else {
			fprintf(stderr, "%s: bad option %s %s\n", prog, a, arg);
			fputs(usage, stderr);
			return 2;
		}
	}
	snprintf(banner, sizeof(banner), "\nAssay is running at http://%s:%u/\n", o.bind, o.port);
	if (want_demo && demo(data, banner, sizeof(banner)))
		return 1;
	strncat(banner, "Press Ctrl-C to stop.\n\n", sizeof(banner) - strlen(banner) - 1);
	o.banner = banner;
	return launch_run(&o);
}

/*
 * `assay grader [--port N] [--bind ADDR] [--slots N] [--uid-base N]
 * [--key-file FILE] [--user NAME] [--nginx-template FILE]`: a grader host
 * (launch.h), until Ctrl-C. Two on one machine need their own --uid-base
 * (the jail's uids, a slot each: 64000 by default, as the service's own).
 */
static int
grader_cmd(const char *data, int argc, char **argv)
{
	struct launch_opts o = { .data = data, .bind = "127.0.0.1", .port = 8090,
	    .workers = 2, .children = 4, .grader = 1 };
	char tmpl[PATH_MAX], bindir[PATH_MAX], key[PATH_MAX], banner[512];
	unsigned long v;

	snprintf(tmpl, sizeof(tmpl), "%s/grader.conf.in", ASSAY_SHAREDIR);
	o.template = tmpl;
	snprintf(key, sizeof(key), "%s/grader.key", data);
	o.key_file = key;
	if ((o.bindir = own_dir(bindir)) == NULL)
		return 1;
	for (int i = 0; i < argc; i += 2) {
		const char *a = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;

		if (arg == NULL) {
			fprintf(stderr, "%s: %s needs a value\n", prog, a);
			return 2;
		}
		if (strcmp(a, "--nginx-template") == 0)
			o.template = arg;
		else if (strcmp(a, "--bind") == 0)
			o.bind = arg;
		else if (strcmp(a, "--key-file") == 0)
			o.key_file = arg;
		else if (strcmp(a, "--jobe-keys") == 0)
			o.jobe_keys = arg;
		else if (strcmp(a, "--user") == 0 && arg[0] != '\0')
			o.user = arg;
		else if (strcmp(a, "--port") == 0 && !config_number(arg, 65535, &v) && v > 0)
			o.port = (unsigned)v;
		else if (strcmp(a, "--slots") == 0 && !config_number(arg, 32, &v) && v > 0)
			o.workers = (int)v;
		else if (strcmp(a, "--uid-base") == 0 && !config_number(arg, 2000000000, &v) &&
		    v >= 1000)
			o.uid_base = arg;
		else {
			fprintf(stderr, "%s: bad option %s %s\n", prog, a, arg);
			fputs(usage, stderr);
			return 2;
		}
	}
	snprintf(banner, sizeof(banner), "\nAssay grader host at http://%s:%u/grader/"
	    " (%d grading processes; key %s)\nPress Ctrl-C to stop.\n\n", o.bind, o.port,
	    o.workers, o.key_file);
	o.banner = banner;
	return launch_run(&o);
}

int
main(int argc, char **argv)
{
	const char *data = "var";
	int i = 1;

	log_init("assay");
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
			data = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--data=", 7) == 0) {
			data = argv[i] + 7;
			i++;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (i >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (strcmp(argv[i], "user") == 0 && i + 1 < argc) {
		if (strcmp(argv[i + 1], "add") == 0)
			return user_add(data, argc - i - 2, argv + i + 2, 0);
		if (strcmp(argv[i + 1], "passwd") == 0)
			return user_add(data, argc - i - 2, argv + i + 2, 1);
		if (strcmp(argv[i + 1], "sessions") == 0)
			return user_sessions(data, argc - i - 2, argv + i + 2);
		if (strcmp(argv[i + 1], "import") == 0)
			return user_import(data, argc - i - 2, argv + i + 2);
		if (strcmp(argv[i + 1], "extra-time") == 0)
			return user_extra_time(data, argc - i - 2, argv + i + 2);
		if (strcmp(argv[i + 1], "list") == 0 && i + 2 == argc)
			return user_list(data);
	} else if (strcmp(argv[i], "audit") == 0) {
		return audit_cmd(data, argc - i - 1, argv + i + 1);
	} else if (strcmp(argv[i], "submission") == 0) {
		return submission_cmd(data, argc - i - 1, argv + i + 1);
	} else if (strcmp(argv[i], "queue") == 0 && i + 1 == argc) {
		return queue_cmd(data);
	} else if (strcmp(argv[i], "demo") == 0 && i + 1 == argc) {
		char banner[2048] = "";
		int rc = demo(data, banner, sizeof(banner));

		fputs(banner, stdout);
		return rc;
	} else if (strcmp(argv[i], "grades") == 0) {
		return grades_cmd(data, argc - i - 1, argv + i + 1, 0);
	} else if (strcmp(argv[i], "printout") == 0) {
		return grades_cmd(data, argc - i - 1, argv + i + 1, 1);
	} else if (strcmp(argv[i], "similarity") == 0) {
		return similarity_cmd(data, argc - i - 1, argv + i + 1);
	} else if (strcmp(argv[i], "doctor") == 0) {
		return doctor_cmd(data, argc - i - 1, argv + i + 1);
	} else if (strcmp(argv[i], "serve") == 0) {
		return serve_cmd(data, argc - i - 1, argv + i + 1);
	} else if (strcmp(argv[i], "grader") == 0) {
		return grader_cmd(data, argc - i - 1, argv + i + 1);
	}
	fputs(usage, stderr);
	return 2;
}
