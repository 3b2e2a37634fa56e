/*
 * store_auth.c - sessions by login and the login throttle's records; see the
 * last part of store.h.
 *
 * The sessions database is keyed by digest, so finding a login's sessions
 * is a scan: fine for an admin command and a password change, which are
 * rare. The throttle database is opened here, by name, in each transaction
 * that uses it (mdb_dbi_open finds an open handle at once), so store.c
 * needs to know nothing of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/store_private.h"

#define THROTTLE_DB "throttle"
#define THROTTLE_REC 20

static int
oom(struct store *s)
{
	snprintf(s->error, sizeof(s->error), "out of memory");
	return STORE_ERROR;
}

static void
key_str(MDB_val *k, const char *str)
{
	k->mv_data = (void *)str;
	k->mv_size = strlen(str);
}

static void
session_id(const unsigned char *digest, char id[STORE_SESSION_ID_LEN + 1])
{
	for (int i = 0; i < STORE_SESSION_ID_LEN / 2; i++)
		snprintf(id + 2 * i, 3, "%02x", digest[i]);
}

int
store_session_begin(struct store *s, const unsigned char digest[AUTH_DIGEST_LEN],
    const char *login, const char *hash, time_t created, time_t expires)
{
	MDB_txn *txn;
	MDB_val k;
	json_t *user = NULL, *j;
	const char *now_hash;
	int rc;

	j = json_pack("{s:s, s:I, s:I}", "login", login, "expires", (json_int_t)expires,
	    "created", (json_int_t)created);
	if (j == NULL)
		return oom(s);
	if ((rc = store_txn_begin(s, 0, &txn))) {
		json_decref(j);
		return rc;
	}
	key_str(&k, login);
	rc = store_get_json(s, txn, s->users, &k, &user);
	if (rc == STORE_NOTFOUND)
		rc = STORE_REFUSED;
	if (rc == STORE_OK) {
		now_hash = json_string_value(json_object_get(user, "hash"));
		if (now_hash == NULL || strcmp(now_hash, hash) != 0)
			rc = STORE_REFUSED;
	}
	if (rc == STORE_OK) {
		k.mv_data = (void *)digest;
		k.mv_size = AUTH_DIGEST_LEN;
		rc = store_put_json(s, txn, s->sessions, &k, j);
	}
	json_decref(user);
	json_decref(j);
	return store_txn_end(s, txn, rc);
}

/* The login of the session record V, or NULL; *J holds it (caller decrefs). */
static const char *
session_login(const MDB_val *v, json_t **j)
{
	*j = json_loadb(v->mv_data, v->mv_size, 0, NULL);
	return json_string_value(json_object_get(*j, "login"));
}

static int
by_created(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "created"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "created"));

	return (x > y) - (x < y);
}

int
store_session_list(struct store *s, const char *login, time_t now, json_t **out)
{
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	json_t **found = NULL, *list;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	if ((rc = store_scan_begin(s, MDB_RDONLY, s->sessions, &txn, &cur)))
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		char id[STORE_SESSION_ID_LEN + 1];
		json_t *j, *e;
		const char *l = session_login(&v, &j);
		json_int_t expires = json_integer_value(json_object_get(j, "expires"));

		if (l == NULL || strcmp(l, login) != 0 || expires <= (json_int_t)now ||
		    k.mv_size != AUTH_DIGEST_LEN) {
			json_decref(j);
			continue;
		}
		session_id(k.mv_data, id);
		e = json_pack("{s:s, s:I}", "id", id, "expires", expires);
		if (e != NULL && json_is_integer(json_object_get(j, "created")))
			json_object_set(e, "created", json_object_get(j, "created"));
		json_decref(j);
		if (n == cap) {
			json_t **nf = realloc(found, (cap = cap ? 2 * cap : 8) * sizeof(*nf));

			if (nf == NULL) {
				json_decref(e);
				break;
			}
			found = nf;
		}
		if (e == NULL)
			break;
		found[n++] = e;
	}
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	if (rc != MDB_NOTFOUND) {
		for (size_t i = 0; i < n; i++)
			json_decref(found[i]);
		free(found);
		return rc ? store_fail(s, rc, "list sessions") : oom(s);
	}
	qsort(found, n, sizeof(*found), by_created);
	if ((list = json_array()) == NULL)
		rc = oom(s);
	for (size_t i = 0; i < n; i++)
		if (list == NULL || json_array_append_new(list, found[i]) != 0)
			json_decref(found[i]);
	free(found);
	*out = list;
	return list ? STORE_OK : STORE_ERROR;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Deletes the sessions whose login is one of the N sorted LOGINS and, when
 * ID is not NULL, whose id is ID.
 */
static int
revoke(struct store *s, const char **logins, size_t n, const char *id, size_t *removed)
{
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	size_t gone = 0;
	int rc;

	if ((rc = store_scan_begin(s, 0, s->sessions, &txn, &cur)))
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		char sid[STORE_SESSION_ID_LEN + 1];
		json_t *j;
		const char *l = session_login(&v, &j);
		int match = l != NULL && bsearch(&l, logins, n, sizeof(*logins), cmp_str) != NULL;

		json_decref(j);
		if (match && id != NULL) {
			session_id(k.mv_data, sid);
			match = k.mv_size == AUTH_DIGEST_LEN && strcmp(sid, id) == 0;
		}
		if (match) {
			if ((rc = mdb_cursor_del(cur, 0)))
				break;
			gone++;
		}
	}
	mdb_cursor_close(cur);
	rc = rc && rc != MDB_NOTFOUND ? store_fail(s, rc, "end sessions") : STORE_OK;
	if ((rc = store_txn_end(s, txn, rc)))
		return rc;
	if (removed)
		*removed = gone;
	return STORE_OK;
}

int
store_session_revoke(struct store *s, const char *login, const char *id, size_t *removed)
{
	return revoke(s, &login, 1, id, removed);
}

int
store_session_revoke_logins(struct store *s, const char *const *logins, size_t n,
    size_t *removed)
{
	const char **sorted = malloc((n ? n : 1) * sizeof(*sorted));
	int rc;

	if (sorted == NULL)
		return oom(s);
	memcpy(sorted, logins, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_str);
	rc = revoke(s, sorted, n, NULL, removed);
	free(sorted);
	return rc;
}

/* ---- The throttle ---- */

static int
throttle_dbi(struct store *s, MDB_txn *txn, int create, MDB_dbi *dbi)
{
	int rc = mdb_dbi_open(txn, THROTTLE_DB, create ? MDB_CREATE : 0, dbi);

	if (rc == MDB_NOTFOUND && !create)
		return STORE_NOTFOUND;
	return rc ? store_fail(s, rc, "open the throttle database") : STORE_OK;
}

static void
put64(unsigned char *p, uint64_t x)
{
	for (int i = 7; i >= 0; i--, x >>= 8)
		p[i] = (unsigned char)x;
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t x = 0;

	for (int i = 0; i < 8; i++)
		x = x << 8 | p[i];
	return x;
}

static void
encode(const struct auth_throttle *t, unsigned char rec[THROTTLE_REC])
{
	for (int i = 0; i < 4; i++)
		rec[i] = (unsigned char)(t->failures >> (24 - 8 * i));
	put64(rec + 4, (uint64_t)t->last);
	put64(rec + 12, (uint64_t)t->until);
}

/* A record of another size (none of ours) counts as none. */
static void
decode(const MDB_val *v, struct auth_throttle *t)
{
	const unsigned char *p = v->mv_data;

	memset(t, 0, sizeof(*t));
	if (v->mv_size != THROTTLE_REC)
		return;
	t->failures = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	t->last = (int64_t)get64(p + 4);
	t->until = (int64_t)get64(p + 12);
}

static int
throttle_read(struct store *s, MDB_txn *txn, MDB_dbi dbi, const char *key,
    struct auth_throttle *t)
{
	MDB_val k, v;
	int rc;

	key_str(&k, key);
	memset(t, 0, sizeof(*t));
	if (k.mv_size == 0 || k.mv_size > STORE_THROTTLE_KEY_MAX)
		return STORE_OK;
	rc = mdb_get(txn, dbi, &k, &v);
	if (rc == MDB_NOTFOUND)
		return STORE_OK;
	if (rc)
		return store_fail(s, rc, "read throttle");
	decode(&v, t);
	return STORE_OK;
}

int
store_throttle_get(struct store *s, const char *const *keys, size_t n,
    struct auth_throttle *out)
{
	MDB_txn *txn;
	MDB_dbi dbi;
	int rc;

	memset(out, 0, n * sizeof(*out));
	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn)))
		return rc;
	rc = throttle_dbi(s, txn, 0, &dbi);
	for (size_t i = 0; i < n && rc == STORE_OK; i++)
		rc = throttle_read(s, txn, dbi, keys[i], &out[i]);
	mdb_txn_abort(txn);
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

int
store_throttle_fail(struct store *s, const char *const *keys,
    const enum auth_throttle_kind *kinds, size_t n, time_t now, struct auth_throttle *out)
{
	MDB_txn *txn;
	MDB_dbi dbi;
	int rc;

	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	rc = throttle_dbi(s, txn, 1, &dbi);
	for (size_t i = 0; i < n && rc == STORE_OK; i++) {
		unsigned char rec[THROTTLE_REC];
		struct auth_throttle t;
		MDB_val k, v = { THROTTLE_REC, rec };

		if ((rc = throttle_read(s, txn, dbi, keys[i], &t)))
			break;
		auth_throttle_fail(&t, kinds[i], now);
		if (out)
			out[i] = t;
		key_str(&k, keys[i]);
		if (k.mv_size == 0 || k.mv_size > STORE_THROTTLE_KEY_MAX)
			continue;
		encode(&t, rec);
		if ((rc = mdb_put(txn, dbi, &k, &v, 0)))
			rc = store_fail(s, rc, "write throttle");
	}
	return store_txn_end(s, txn, rc);
}

int
store_throttle_clear(struct store *s, const char *key)
{
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k;
	int rc;

	key_str(&k, key);
	if (k.mv_size == 0 || k.mv_size > STORE_THROTTLE_KEY_MAX)
		return STORE_OK;
	/* Nothing to clear is the common case: find out without a write. */
	{
		struct auth_throttle t;

		if ((rc = store_throttle_get(s, &key, 1, &t)))
			return rc;
		if (t.failures == 0 && t.until == 0)
			return STORE_OK;
	}
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	if ((rc = throttle_dbi(s, txn, 1, &dbi)) == STORE_OK) {
		rc = mdb_del(txn, dbi, &k, NULL);
		rc = rc && rc != MDB_NOTFOUND ? store_fail(s, rc, "clear throttle") : STORE_OK;
	}
	return store_txn_end(s, txn, rc);
}

int
store_throttle_purge(struct store *s, time_t now, size_t *removed)
{
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_dbi dbi;
	MDB_val k, v;
	size_t gone = 0;
	int rc;

	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	if ((rc = throttle_dbi(s, txn, 1, &dbi)) ||
	    (rc = mdb_cursor_open(txn, dbi, &cur)) != 0) {
		if (rc > 0)
			rc = store_fail(s, rc, "cursor");
		mdb_txn_abort(txn);
		return rc;
	}
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		struct auth_throttle t;
		enum auth_throttle_kind kind = k.mv_size > 5 && memcmp(k.mv_data, "addr:", 5) == 0 ?
		    AUTH_THROTTLE_ADDR : AUTH_THROTTLE_LOGIN;

		decode(&v, &t);
		if (auth_throttle_stale(&t, kind, now)) {
			if ((rc = mdb_cursor_del(cur, 0)))
				break;
			gone++;
		}
	}
	mdb_cursor_close(cur);
	rc = rc && rc != MDB_NOTFOUND ? store_fail(s, rc, "purge throttle") : STORE_OK;
	if ((rc = store_txn_end(s, txn, rc)))
		return rc;
	if (removed)
		*removed = gone;
	return STORE_OK;
}
