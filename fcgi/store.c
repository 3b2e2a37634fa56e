/* store.c - the service's LMDB store; see store.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fcgi/store_private.h"

/*
 * The map is a reservation of address space, not of disk: LMDB's file grows
 * as data is written. 16 GiB holds millions of submissions.
 */
#define STORE_MAPSIZE ((size_t)16 << 30)

int
store_fail(struct store *s, int rc, const char *what)
{
	snprintf(s->error, sizeof(s->error), "%s: %s", what, mdb_strerror(rc));
	return STORE_ERROR;
}

const char *
store_error(const struct store *s)
{
	return s->error;
}

int
store_txn_begin(struct store *s, unsigned flags, MDB_txn **txn)
{
	int rc = mdb_txn_begin(s->env, NULL, flags, txn);

	return rc ? store_fail(s, rc, "begin") : STORE_OK;
}

int
store_txn_end(struct store *s, MDB_txn *txn, int rc)
{
	if (rc != STORE_OK) {
		mdb_txn_abort(txn);
		return rc;
	}
	rc = mdb_txn_commit(txn);
	return rc ? store_fail(s, rc, "commit") : STORE_OK;
}

int
store_scan_begin(struct store *s, unsigned flags, MDB_dbi dbi, MDB_txn **txn,
    MDB_cursor **cur)
{
	int rc;

	if ((rc = store_txn_begin(s, flags, txn)))
		return rc;
	if ((rc = mdb_cursor_open(*txn, dbi, cur))) {
		mdb_txn_abort(*txn);
		return store_fail(s, rc, "cursor");
	}
	return STORE_OK;
}

void
store_id_key(uint64_t id, unsigned char key[8])
{
	for (int i = 7; i >= 0; i--, id >>= 8)
		key[i] = (unsigned char)(id & 0xff);
}

uint64_t
store_key_id(const unsigned char key[8])
{
	uint64_t id = 0;

	for (int i = 0; i < 8; i++)
		id = id << 8 | key[i];
	return id;
}

int
store_get_json(struct store *s, MDB_txn *txn, MDB_dbi dbi, MDB_val *key, json_t **out)
{
	MDB_val v;
	json_error_t je;
	int rc;

	*out = NULL;
	rc = mdb_get(txn, dbi, key, &v);
	if (rc == MDB_NOTFOUND)
		return STORE_NOTFOUND;
	if (rc)
		return store_fail(s, rc, "read");
	*out = json_loadb(v.mv_data, v.mv_size, 0, &je);
	if (*out == NULL) {
		snprintf(s->error, sizeof(s->error), "corrupt record: %s", je.text);
		return STORE_ERROR;
	}
	return STORE_OK;
}

int
store_put_json(struct store *s, MDB_txn *txn, MDB_dbi dbi, MDB_val *key, json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);
	MDB_val v;
	int rc;

	if (text == NULL) {
		snprintf(s->error, sizeof(s->error), "cannot serialise a record");
		return STORE_ERROR;
	}
	v.mv_data = text;
	v.mv_size = strlen(text);
	rc = mdb_put(txn, dbi, key, &v, 0);
	free(text);
	return rc ? store_fail(s, rc, "write") : STORE_OK;
}

int
store_open(const char *datadir, struct store **out, char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof(*s));
	char path[4096];
	MDB_txn *txn = NULL;
	int rc, dead;

	*out = NULL;
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return STORE_ERROR;
	}
	if (snprintf(path, sizeof(path), "%s/db", datadir) >= (int)sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", datadir);
		goto fail;
	}
	if (mkdir(datadir, 0750) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", datadir, strerror(errno));
		goto fail;
	}
	if (mkdir(path, 0700) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if ((rc = mdb_env_create(&s->env)) ||
	    (rc = mdb_env_set_maxdbs(s->env, 8)) ||
	    (rc = mdb_env_set_maxreaders(s->env, 512)) ||
	    (rc = mdb_env_set_mapsize(s->env, STORE_MAPSIZE)) ||
	    (rc = mdb_env_open(s->env, path, MDB_NOTLS, 0600))) {
		snprintf(err, errlen, "%s: %s", path, mdb_strerror(rc));
		goto fail;
	}
	/* Readers killed with SIGKILL leave their slots taken; free them. */
	mdb_reader_check(s->env, &dead);
	if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) ||
	    (rc = mdb_dbi_open(txn, "users", MDB_CREATE, &s->users)) ||
	    (rc = mdb_dbi_open(txn, "sessions", MDB_CREATE, &s->sessions)) ||
	    (rc = mdb_dbi_open(txn, "subs", MDB_CREATE, &s->subs)) ||
	    (rc = mdb_dbi_open(txn, "bylogin", MDB_CREATE, &s->bylogin)) ||
	    (rc = mdb_dbi_open(txn, "queue", MDB_CREATE, &s->queue)) ||
	    (rc = mdb_dbi_open(txn, "meta", MDB_CREATE, &s->meta)) ||
	    (rc = mdb_txn_commit(txn))) {
		if (txn)
			mdb_txn_abort(txn);
		snprintf(err, errlen, "%s: %s", path, mdb_strerror(rc));
		goto fail;
	}
	*out = s;
	return STORE_OK;
fail:
	if (s->env)
		mdb_env_close(s->env);
	free(s);
	return STORE_ERROR;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	mdb_env_close(s->env);
	free(s);
}

static void
key_str(MDB_val *k, const char *str)
{
	k->mv_data = (void *)str;
	k->mv_size = strlen(str);
}

/* Reads the record at KEY of DBI, in a transaction of its own. */
static int
read_json(struct store *s, MDB_dbi dbi, MDB_val *key, json_t **out)
{
	MDB_txn *txn;
	int rc;

	*out = NULL;
	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn)))
		return rc;
	rc = store_get_json(s, txn, dbi, key, out);
	mdb_txn_abort(txn);
	return rc;
}

static int
user_from_json(const char *login, json_t *j, struct store_user *u)
{
	const char *role = json_string_value(json_object_get(j, "role"));
	const char *hash = json_string_value(json_object_get(j, "hash"));

	if (role == NULL || hash == NULL || strlen(role) >= sizeof(u->role) ||
	    strlen(hash) >= sizeof(u->hash) || strlen(login) >= sizeof(u->login))
		return -1;
	strcpy(u->login, login);
	strcpy(u->role, role);
	strcpy(u->hash, hash);
	return 0;
}

int
store_user_add(struct store *s, const struct store_user *users, size_t n,
    int replace, size_t *added, size_t *skipped)
{
	MDB_txn *txn;
	size_t nadd = 0, nskip = 0;
	int rc;

	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	for (size_t i = 0; i < n && rc == STORE_OK; i++) {
		MDB_val k, v;
		json_t *j;

		key_str(&k, users[i].login);
		rc = mdb_get(txn, s->users, &k, &v);
		if (rc == 0 && !replace) {
			nskip++;
			continue;
		}
		if (rc && rc != MDB_NOTFOUND) {
			rc = store_fail(s, rc, "read user");
			break;
		}
		j = json_pack("{s:s, s:s, s:I}", "role", users[i].role,
		    "hash", users[i].hash, "created", (json_int_t)time(NULL));
		if (j == NULL) {
			snprintf(s->error, sizeof(s->error), "out of memory");
			rc = STORE_ERROR;
			break;
		}
		rc = store_put_json(s, txn, s->users, &k, j);
		json_decref(j);
		nadd += rc == STORE_OK;
	}
	if ((rc = store_txn_end(s, txn, rc)))
		return rc;
	if (added)
		*added = nadd;
	if (skipped)
		*skipped = nskip;
	return STORE_OK;
}

int
store_user_get(struct store *s, const char *login, struct store_user *out)
{
	MDB_val k;
	json_t *j;
	int rc;

	if (strlen(login) > AUTH_LOGIN_MAX)
		return STORE_NOTFOUND;
	key_str(&k, login);
	if ((rc = read_json(s, s->users, &k, &j)))
		return rc;
	rc = user_from_json(login, j, out);
	json_decref(j);
	if (rc) {
		snprintf(s->error, sizeof(s->error), "corrupt user record for %s", login);
		return STORE_ERROR;
	}
	return STORE_OK;
}

int
store_user_list(struct store *s, json_t **out)
{
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	json_t *list = json_array();
	int rc;

	*out = NULL;
	if (list == NULL)
		return STORE_ERROR;
	if ((rc = store_scan_begin(s, MDB_RDONLY, s->users, &txn, &cur))) {
		json_decref(list);
		return rc;
	}
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		json_t *j = json_loadb(v.mv_data, v.mv_size, 0, NULL);

		if (j == NULL)
			continue;
		json_array_append_new(list, json_pack("{s:s%, s:O, s:O}",
		    "login", (const char *)k.mv_data, k.mv_size,
		    "role", json_object_get(j, "role"),
		    "created", json_object_get(j, "created")));
		json_decref(j);
	}
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	*out = list;
	return STORE_OK;
}

static void
key_digest(MDB_val *k, const unsigned char *digest)
{
	k->mv_data = (void *)digest;
	k->mv_size = AUTH_DIGEST_LEN;
}

int
store_session_add(struct store *s, const unsigned char digest[AUTH_DIGEST_LEN],
    const char *login, time_t expires)
{
	MDB_txn *txn;
	MDB_val k;
	json_t *j;
	int rc;

	j = json_pack("{s:s, s:I}", "login", login, "expires", (json_int_t)expires);
	if (j == NULL) {
		snprintf(s->error, sizeof(s->error), "out of memory");
		return STORE_ERROR;
	}
	if ((rc = store_txn_begin(s, 0, &txn))) {
		json_decref(j);
		return rc;
	}
	key_digest(&k, digest);
	rc = store_put_json(s, txn, s->sessions, &k, j);
	json_decref(j);
	return store_txn_end(s, txn, rc);
}

int
store_session_get(struct store *s, const unsigned char digest[AUTH_DIGEST_LEN],
    time_t now, char login[AUTH_LOGIN_MAX + 1])
{
	MDB_val k;
	json_t *j;
	const char *l;
	int rc;

	key_digest(&k, digest);
	if ((rc = read_json(s, s->sessions, &k, &j)))
		return rc;
	l = json_string_value(json_object_get(j, "login"));
	if (l == NULL || strlen(l) > AUTH_LOGIN_MAX ||
	    json_integer_value(json_object_get(j, "expires")) <= (json_int_t)now) {
		json_decref(j);
		return STORE_NOTFOUND;
	}
	strcpy(login, l);
	json_decref(j);
	return STORE_OK;
}

int
store_session_del(struct store *s, const unsigned char digest[AUTH_DIGEST_LEN])
{
	MDB_txn *txn;
	MDB_val k;
	int rc;

	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	key_digest(&k, digest);
	rc = mdb_del(txn, s->sessions, &k, NULL);
	if (rc == MDB_NOTFOUND)
		rc = STORE_NOTFOUND;
	else if (rc)
		rc = store_fail(s, rc, "delete session");
	return store_txn_end(s, txn, rc);
}

int
store_session_purge(struct store *s, time_t now, size_t *removed)
{
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	size_t n = 0;
	int rc;

	if ((rc = store_scan_begin(s, 0, s->sessions, &txn, &cur)))
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		json_t *j = json_loadb(v.mv_data, v.mv_size, 0, NULL);
		int expired = j == NULL ||
		    json_integer_value(json_object_get(j, "expires")) <= (json_int_t)now;

		json_decref(j);
		if (expired) {
			if ((rc = mdb_cursor_del(cur, 0)))
				break;
			n++;
		}
	}
	mdb_cursor_close(cur);
	rc = rc && rc != MDB_NOTFOUND ? store_fail(s, rc, "purge sessions") : STORE_OK;
	if ((rc = store_txn_end(s, txn, rc)))
		return rc;
	if (removed)
		*removed = n;
	return STORE_OK;
}

/* "login\0exercise\0" followed by the id; returns the key's length. */
static size_t
bylogin_key(unsigned char *buf, size_t max, const char *login, const char *exercise,
    const uint64_t *id)
{
	size_t ll = strlen(login), el = exercise ? strlen(exercise) : 0, n = 0;

	if (ll + 1 + el + 1 + 8 > max)
		return 0;
	memcpy(buf, login, ll + 1);
	n = ll + 1;
	if (exercise != NULL) {
		memcpy(buf + n, exercise, el + 1);
		n += el + 1;
		if (id != NULL) {
			store_id_key(*id, buf + n);
			n += 8;
		}
	}
	return n;
}

/* How many keys of DBI start with PREFIX (PLEN bytes), within TXN. */
static int
count_prefix(struct store *s, MDB_txn *txn, MDB_dbi dbi, const void *prefix, size_t plen,
    size_t *n)
{
	MDB_cursor *cur;
	MDB_val k = { plen, (void *)prefix }, v;
	int rc;

	*n = 0;
	if ((rc = mdb_cursor_open(txn, dbi, &cur)))
		return store_fail(s, rc, "cursor");
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size < plen || memcmp(k.mv_data, prefix, plen) != 0)
			break;
		(*n)++;
	}
	mdb_cursor_close(cur);
	return rc && rc != MDB_NOTFOUND ? store_fail(s, rc, "count") : STORE_OK;
}

int
store_submit(struct store *s, json_t *record, store_check_fn *check, void *ctx,
    uint64_t *id)
{
	const char *login = json_string_value(json_object_get(record, "login"));
	const char *exercise = json_string_value(json_object_get(record, "exercise"));
	unsigned char idkey[8], ixkey[512];
	MDB_txn *txn = NULL;
	MDB_val k, v;
	uint64_t next = 1;
	int rc;

	if (login == NULL || exercise == NULL) {
		snprintf(s->error, sizeof(s->error), "a submission needs a login and an exercise");
		return STORE_ERROR;
	}
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	if (check != NULL) {
		size_t plen = bylogin_key(ixkey, sizeof(ixkey), login, exercise, NULL), previous;

		if (plen == 0) {
			snprintf(s->error, sizeof(s->error), "login or exercise too long for an index key");
			rc = STORE_ERROR;
			goto fail;
		}
		if ((rc = count_prefix(s, txn, s->bylogin, ixkey, plen, &previous)))
			goto fail;
		if (check(record, previous, ctx) != 0) {
			rc = STORE_REFUSED;
			goto fail;
		}
	}
	key_str(&k, "next-id");
	rc = mdb_get(txn, s->meta, &k, &v);
	if (rc == 0 && v.mv_size == 8)
		next = store_key_id(v.mv_data);
	else if (rc != MDB_NOTFOUND) {
		rc = rc ? store_fail(s, rc, "read next-id") :
		    (snprintf(s->error, sizeof(s->error), "corrupt next-id"), STORE_ERROR);
		goto fail;
	}
	*id = next;
	json_object_set_new(record, "id", json_integer((json_int_t)next));

	store_id_key(next + 1, idkey);
	v.mv_data = idkey;
	v.mv_size = 8;
	if ((rc = mdb_put(txn, s->meta, &k, &v, 0))) {
		rc = store_fail(s, rc, "write next-id");
		goto fail;
	}
	store_id_key(next, idkey);
	k.mv_data = idkey;
	k.mv_size = 8;
	if ((rc = store_put_json(s, txn, s->subs, &k, record)))
		goto fail;
	v.mv_data = "";
	v.mv_size = 0;
	if ((rc = mdb_put(txn, s->queue, &k, &v, 0))) {
		rc = store_fail(s, rc, "queue");
		goto fail;
	}
	k.mv_data = ixkey;
	k.mv_size = bylogin_key(ixkey, sizeof(ixkey), login, exercise, &next);
	if (k.mv_size == 0 || k.mv_size > (size_t)mdb_env_get_maxkeysize(s->env)) {
		snprintf(s->error, sizeof(s->error), "login or exercise too long for an index key");
		rc = STORE_ERROR;
		goto fail;
	}
	if ((rc = mdb_put(txn, s->bylogin, &k, &v, 0)))
		rc = store_fail(s, rc, "index");
fail:
	return store_txn_end(s, txn, rc);
}

int
store_submission_get(struct store *s, uint64_t id, json_t **out)
{
	unsigned char key[8];
	MDB_val k = { 8, key };

	store_id_key(id, key);
	return read_json(s, s->subs, &k, out);
}

int
store_submission_put(struct store *s, uint64_t id, json_t *record)
{
	unsigned char key[8];
	MDB_txn *txn;
	MDB_val k = { 8, key }, v;
	int rc;

	if ((uint64_t)json_integer_value(json_object_get(record, "id")) != id) {
		snprintf(s->error, sizeof(s->error), "record id does not match %llu",
		    (unsigned long long)id);
		return STORE_ERROR;
	}
	store_id_key(id, key);
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	rc = mdb_get(txn, s->subs, &k, &v);
	if (rc == MDB_NOTFOUND)
		rc = STORE_NOTFOUND;
	else if (rc)
		rc = store_fail(s, rc, "read");
	else
		rc = store_put_json(s, txn, s->subs, &k, record);
	return store_txn_end(s, txn, rc);
}

static int
cmp_id(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
store_submission_list(struct store *s, const char *login, const char *exercise,
    size_t max, json_t **out, size_t *total)
{
	unsigned char prefix[512];
	size_t plen, n = 0;
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	json_t *list;
	uint64_t *ids = NULL;
	size_t nids = 0, cap = 0;
	int rc;

	*out = NULL;
	plen = bylogin_key(prefix, sizeof(prefix), login, exercise, NULL);
	if (plen == 0)
		return STORE_NOTFOUND;
	if ((list = json_array()) == NULL)
		return STORE_ERROR;
	if ((rc = store_scan_begin(s, MDB_RDONLY, s->bylogin, &txn, &cur))) {
		json_decref(list);
		return rc;
	}
	/*
	 * Keys sort by login, then exercise, then id: collect the ids under
	 * the prefix, then read the records newest first.
	 */
	k.mv_data = prefix;
	k.mv_size = plen;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size < plen + 8 || memcmp(k.mv_data, prefix, plen) != 0)
			break;
		if (nids == cap) {
			uint64_t *nb = realloc(ids, (cap = cap ? cap * 2 : 32) * sizeof(*ids));

			if (nb == NULL) {
				rc = ENOMEM;
				break;
			}
			ids = nb;
		}
		ids[nids++] = store_key_id((unsigned char *)k.mv_data + k.mv_size - 8);
	}
	mdb_cursor_close(cur);
	if (rc && rc != MDB_NOTFOUND) {
		mdb_txn_abort(txn);
		free(ids);
		json_decref(list);
		return store_fail(s, rc, "list");
	}
	/* Without an exercise the ids of several exercises interleave: sort. */
	qsort(ids, nids, sizeof(*ids), cmp_id);
	for (size_t i = nids; i > 0 && n < max; i--) {
		unsigned char key[8];
		MDB_val rk = { 8, key };
		json_t *rec;

		store_id_key(ids[i - 1], key);
		if (store_get_json(s, txn, s->subs, &rk, &rec) == STORE_OK) {
			json_array_append_new(list, rec);
			n++;
		}
	}
	mdb_txn_abort(txn);
	free(ids);
	if (total)
		*total = nids;
	*out = list;
	return STORE_OK;
}
