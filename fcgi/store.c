/* store.c - the service's LMDB store; see store.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <zlib.h>

#include "fcgi/store_private.h"
#include "sandbox/format/label.h"

/*
 * The map is a reservation of address space, not of disk: LMDB's file grows
 * as data is written. By default it is sized to what the disk can hold, so
 * that the store says it is full (and keeps its reserve for the graders)
 * before the disk does.
 */
#define MAP_MIN ((uint64_t)16 << 20)
#define MAP_MAX ((uint64_t)16 << 30)
#define RESERVE_MIN ((uint64_t)256 << 10)
#define RESERVE_MAX ((uint64_t)1 << 30)
#define SCHEMA "3"
/*
 * Room kept for each queued submission's result beyond the reserve: what a
 * typical result adds when its record is rewritten (LMDB copies on write,
 * and a record past a page moves to new overflow pages).
 */
#define RESULT_ROOM ((uint64_t)16 << 10)

int
store_fail(struct store *s, int rc, const char *what)
{
	s->mdb_rc = rc;
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

	/* Another process's larger map holds data past ours: adopt its size. */
	if (rc == MDB_MAP_RESIZED && mdb_env_set_mapsize(s->env, 0) == 0)
		rc = mdb_txn_begin(s->env, NULL, flags, txn);
	s->mdb_rc = 0;
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
store_size_parse(const char *text, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (text == NULL || *text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	}
	if (*end == 'i' || *end == 'B')
		end += *end == 'i' && end[1] == 'B' ? 2 : 1;
	if (*end != '\0' || v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

/* Bytes free for unprivileged users on the filesystem of PATH; UINT64_MAX if unknown. */
static uint64_t
disk_free(const char *path)
{
	struct statvfs fs;

	if (statvfs(path, &fs) != 0)
		return UINT64_MAX;
	return (uint64_t)fs.f_bavail * fs.f_frsize;
}

void
store_size_default(const char *datadir, struct store_size *sz)
{
	const char *e;
	char path[4096];
	struct stat st;
	uint64_t held = 0, free_bytes, v;

	if (sz->map == 0 && (e = getenv("ASSAY_MAP_SIZE")) && store_size_parse(e, &v) == 0)
		sz->map = v;
	if (sz->reserve == 0 && (e = getenv("ASSAY_STORE_RESERVE")) &&
	    store_size_parse(e, &v) == 0)
		sz->reserve = v;
	if (sz->map == 0) {
		snprintf(path, sizeof(path), "%s/db/data.mdb", datadir);
		if (stat(path, &st) == 0)
			held = (uint64_t)st.st_size;
		free_bytes = disk_free(datadir);
		if (free_bytes == UINT64_MAX)
			free_bytes = MAP_MAX;
		sz->map = held + free_bytes / 10 * 9;
		if (sz->map < MAP_MIN)
			sz->map = MAP_MIN;
		if (sz->map > MAP_MAX)
			sz->map = MAP_MAX;
	}
	if (sz->reserve == 0) {
		sz->reserve = sz->map / 20;
		if (sz->reserve < RESERVE_MIN)
			sz->reserve = RESERVE_MIN;
		if (sz->reserve > RESERVE_MAX)
			sz->reserve = RESERVE_MAX;
	}
}

static int migrate(struct store *s, MDB_txn *txn);
static int build_index(struct store *s, MDB_txn *txn);

int
store_open(const char *datadir, struct store **out, char *err, size_t errlen)
{
	return store_open_sized(datadir, NULL, out, err, errlen);
}

int
store_open_sized(const char *datadir, const struct store_size *want, struct store **out,
    char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof(*s));
	struct store_size sz = { 0, 0 };
	char *path;
	MDB_txn *txn = NULL;
	MDB_val k, v;
	int rc, dead;

	*out = NULL;
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return STORE_ERROR;
	}
	path = s->dir;
	if (snprintf(path, sizeof(s->dir), "%s/db", datadir) >= (int)sizeof(s->dir)) {
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
	if (want != NULL)
		sz = *want;
	store_size_default(datadir, &sz);
	s->reserve = sz.reserve;
	if ((rc = mdb_env_create(&s->env)) ||
	    (rc = mdb_env_set_maxdbs(s->env, 24)) ||
	    (rc = mdb_env_set_maxreaders(s->env, 512)) ||
	    (rc = mdb_env_set_mapsize(s->env, (size_t)sz.map)) ||
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
	    (rc = mdb_dbi_open(txn, "sched", MDB_CREATE, &s->sched)) ||
	    (rc = mdb_dbi_open(txn, "waiting", MDB_CREATE, &s->waiting)) ||
	    (rc = mdb_dbi_open(txn, "summary", MDB_CREATE, &s->summary)) ||
	    (rc = mdb_dbi_open(txn, "rate", MDB_CREATE, &s->rate)) ||
	    (rc = mdb_dbi_open(txn, "subidx", MDB_CREATE, &s->subidx)) ||
	    (rc = mdb_dbi_open(txn, "byex", MDB_CREATE, &s->byex)) ||
	    (rc = mdb_dbi_open(txn, "jobs", MDB_CREATE, &s->jobs)) ||
	    (rc = mdb_dbi_open(txn, "audit", MDB_CREATE, &s->audit))) {
		if (txn)
			mdb_txn_abort(txn);
		snprintf(err, errlen, "%s: %s", path, mdb_strerror(rc));
		goto fail;
	}
	k.mv_data = "schema";
	k.mv_size = 6;
	rc = mdb_get(txn, s->meta, &k, &v);
	if (rc == 0 && !(v.mv_size == strlen(SCHEMA) && memcmp(v.mv_data, SCHEMA, v.mv_size) == 0))
		rc = build_index(s, txn) == STORE_OK ? 0 : -1;	/* "2": no subidx yet */
	else if (rc == MDB_NOTFOUND)
		rc = migrate(s, txn) == STORE_OK ? 0 : -1;
	if (rc != 0) {
		mdb_txn_abort(txn);
		snprintf(err, errlen, "%s: cannot build the indexes: %s", path, s->error);
		goto fail;
	}
	if ((rc = mdb_txn_commit(txn))) {
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

int
store_use(struct store *s, struct store_use *u)
{
	MDB_envinfo info;
	MDB_stat st;
	MDB_txn *txn;
	int rc;

	memset(u, 0, sizeof(*u));
	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn)))
		return rc;
	mdb_env_info(s->env, &info);
	mdb_env_stat(s->env, &st);
	u->used = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize;
	u->map = info.me_mapsize;
	u->reserve = s->reserve;
	u->disk_free = disk_free(s->dir);
	if (mdb_stat(txn, s->subs, &st) == 0)
		u->submissions = st.ms_entries;
	if (mdb_stat(txn, s->queue, &st) == 0)
		u->queued = st.ms_entries;
	mdb_txn_abort(txn);
	u->full = u->used + u->reserve + u->queued * RESULT_ROOM > u->map ||
	    u->disk_free < u->reserve + u->queued * RESULT_ROOM;
	return STORE_OK;
}

/*
 * Is the store within its reserve of full (map or disk), counting room for
 * the results of what is queued (RESULT_ROOM each)? Within TXN, a write
 * transaction.
 */
static int
too_full(struct store *s, MDB_txn *txn)
{
	MDB_envinfo info;
	MDB_stat st;
	uint64_t used, keep = s->reserve;

	if (mdb_stat(txn, s->queue, &st) == 0)
		keep += (uint64_t)st.ms_entries * RESULT_ROOM;
	mdb_env_info(s->env, &info);
	mdb_env_stat(s->env, &st);
	used = ((uint64_t)info.me_last_pgno + 1) * st.ms_psize;
	if (used + keep > info.me_mapsize) {
		snprintf(s->error, sizeof(s->error), "the store is full: %llu of %llu bytes used,"
		    " %llu kept for the results of what is queued", (unsigned long long)used,
		    (unsigned long long)info.me_mapsize, (unsigned long long)keep);
		return 1;
	}
	if (disk_free(s->dir) < keep) {
		snprintf(s->error, sizeof(s->error), "the disk of %.200s is full", s->dir);
		return 1;
	}
	return 0;
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
store_user_info(struct store *s, const char *login, struct store_user_info *out)
{
	const char *name;
	MDB_val k;
	json_t *j;
	int rc;

	memset(out, 0, sizeof(*out));
	if (strlen(login) > AUTH_LOGIN_MAX)
		return STORE_NOTFOUND;
	key_str(&k, login);
	if ((rc = read_json(s, s->users, &k, &j)))
		return rc;
	name = json_string_value(json_object_get(j, "name"));
	snprintf(out->name, sizeof(out->name), "%s", name ? name : "");
	out->disabled = json_is_true(json_object_get(j, "disabled"));
	out->extra_minutes = (long)json_integer_value(json_object_get(j, "extra_minutes"));
	out->extra_factor = json_number_value(json_object_get(j, "extra_factor"));
	json_decref(j);
	return STORE_OK;
}

int
store_role_valid(const char *role)
{
	return role != NULL && (strcmp(role, "student") == 0 || strcmp(role, "staff") == 0 ||
	    strcmp(role, "admin") == 0);
}

int
store_role_staff(const char *role)
{
	return role != NULL && (strcmp(role, "staff") == 0 || strcmp(role, "admin") == 0);
}

/*
 * The record of user U within TXN at K, keeping what an existing one had
 * besides role, hash and (when U has one) name. *EXISTED says whether it did.
 */
static int
user_write(struct store *s, MDB_txn *txn, MDB_val *k, const struct store_user *u,
    const char *name, int *existed)
{
	json_t *j = NULL;
	int rc = store_get_json(s, txn, s->users, k, &j);

	*existed = rc == STORE_OK;
	if (rc == STORE_NOTFOUND)
		j = json_pack("{s:I}", "created", (json_int_t)time(NULL));
	else if (rc)
		return rc;
	if (j == NULL || !json_is_object(j)) {
		json_decref(j);
		snprintf(s->error, sizeof(s->error), "corrupt user record");
		return STORE_ERROR;
	}
	json_object_set_new(j, "role", json_string(u->role));
	json_object_set_new(j, "hash", json_string(u->hash));
	if (name && name[0])
		json_object_set_new(j, "name", json_string(name));
	rc = store_put_json(s, txn, s->users, k, j);
	json_decref(j);
	return rc;
}

int
store_user_put(struct store *s, const struct store_user *users,
    const char *const *names, size_t n, size_t *added, size_t *updated)
{
	MDB_txn *txn;
	size_t nadd = 0, nup = 0;
	int rc, existed;

	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	for (size_t i = 0; i < n && rc == STORE_OK; i++) {
		MDB_val k;

		key_str(&k, users[i].login);
		rc = user_write(s, txn, &k, &users[i], names ? names[i] : NULL, &existed);
		if (rc == STORE_OK)
			*(existed ? &nup : &nadd) += 1;
	}
	if ((rc = store_txn_end(s, txn, rc)))
		return rc;
	if (added)
		*added = nadd;
	if (updated)
		*updated = nup;
	return STORE_OK;
}

int
store_user_change(struct store *s, const char *login, const json_t *changes, json_t **out)
{
	static const char *const fields[] = { "role", "name", "disabled", "extra_minutes",
	    "extra_factor", "hash" };
	MDB_txn *txn;
	MDB_val k;
	json_t *j = NULL;
	int rc;

	if (out)
		*out = NULL;
	if (strlen(login) > AUTH_LOGIN_MAX)
		return STORE_NOTFOUND;
	key_str(&k, login);
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	if ((rc = store_get_json(s, txn, s->users, &k, &j)) == STORE_OK) {
		for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
			json_t *v = json_object_get(changes, fields[i]);

			if (v != NULL)
				json_object_set(j, fields[i], v);
		}
		rc = store_put_json(s, txn, s->users, &k, j);
	}
	if ((rc = store_txn_end(s, txn, rc)) == STORE_OK && out) {
		json_object_del(j, "hash");
		json_object_set_new(j, "login", json_string(login));
		*out = json_incref(j);
	}
	json_decref(j);
	return rc;
}

int
store_user_add(struct store *s, const struct store_user *users, size_t n,
    int replace, size_t *added, size_t *skipped)
{
	MDB_txn *txn;
	size_t nadd = 0, nskip = 0;
	int rc, existed;

	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	for (size_t i = 0; i < n && rc == STORE_OK; i++) {
		MDB_val k, v;

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
		rc = user_write(s, txn, &k, &users[i], NULL, &existed);
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
		double f = json_number_value(json_object_get(j, "extra_factor"));

		json_array_append_new(list, json_pack("{s:s%, s:O, s:O, s:s, s:b, s:I, s:f}",
		    "login", (const char *)k.mv_data, k.mv_size,
		    "role", json_object_get(j, "role"),
		    "created", json_object_get(j, "created"),
		    "name", json_string_value(json_object_get(j, "name")) ?
		    json_string_value(json_object_get(j, "name")) : "",
		    "disabled", json_is_true(json_object_get(j, "disabled")),
		    "extra_minutes", json_integer_value(json_object_get(j, "extra_minutes")),
		    "extra_factor", f > 0 ? f : 1.0));
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

/* "login\0" followed by the 8 bytes of N (an id, or a time) and, with M, M's. */
static size_t
login_key(unsigned char *buf, size_t max, const char *login, uint64_t n, const uint64_t *m)
{
	size_t ll = strlen(login);

	if (ll + 1 + 16 > max)
		return 0;
	memcpy(buf, login, ll + 1);
	store_id_key(n, buf + ll + 1);
	if (m == NULL)
		return ll + 9;
	store_id_key(*m, buf + ll + 9);
	return ll + 17;
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

/*
 * Submission records (store.h): "\0AS", a flags byte (SUB_CODE: code
 * follows the head; SUB_ZLIB: what follows the 12-byte header is a zlib
 * stream), the head's length (4 bytes), then the head and the code as
 * they are, or, compressed, the length of both (4 bytes) and their zlib
 * stream. A record is compressed when that makes it smaller: code is text,
 * and a page of LMDB holds three times as much of it so.
 */
#define SUB_HEAD 8
#define SUB_ZHEAD 12
#define SUB_CODE 1
#define SUB_ZLIB 2
#define SUB_ZMIN 256		/* smaller records are kept as they are */
#define SUB_RAW_MAX (64u << 20)	/* no record is larger: anything else is corrupt */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
put_be32(unsigned char *p, uint32_t x)
{
	p[0] = (unsigned char)(x >> 24);
	p[1] = (unsigned char)(x >> 16);
	p[2] = (unsigned char)(x >> 8);
	p[3] = (unsigned char)x;
}

/*
 * Inflates the first WANT bytes of the zlib stream IN (INLEN bytes) into a
 * new buffer; NULL when the stream is shorter or broken.
 */
static unsigned char *
sub_inflate(const unsigned char *in, size_t inlen, size_t want)
{
	unsigned char *out = malloc(want ? want : 1);
	z_stream z;
	int zr;

	if (out == NULL)
		return NULL;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)inlen;
	z.next_out = out;
	z.avail_out = (uInt)want;
	zr = want ? inflate(&z, Z_SYNC_FLUSH) : Z_OK;
	inflateEnd(&z);
	if ((zr != Z_OK && zr != Z_STREAM_END) || z.avail_out != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * Index entries (subidx): IX_HEAD bytes, then login NUL exercise NUL
 * language NUL. Bytes: 0 the form (IX_FORM), 1 the label, 2 the label
 * before the last regrade, 3 flags, 4-11 the regrade job, 12-19 received,
 * 20-27 the score's double, all big-endian.
 */
#define IX_FORM 1
#define IX_HEAD 28
#define IX_VALID 1
#define IX_SCORE 2
#define IX_REGRADED 4
#define IX_CHANGED 8

/* "2026-11-21T23:38:17Z" -> seconds; 0 when it is not that. */
static time_t
iso_seconds(const char *text)
{
	struct tm tm = { 0 };
	char z = 0;

	if (text == NULL || sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z) != 7 || z != 'Z')
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

static int
label_of(const json_t *j)
{
	const char *name = json_string_value(j);
	enum label l;

	return name && label_parse(name, &l) == 0 ? (int)l : LABEL_EVALUATING;
}

int
store_subinfo_decode(const MDB_val *v, uint64_t id, struct store_subinfo *si)
{
	const unsigned char *d = v->mv_data, *end = d + v->mv_size, *p, *q;
	uint64_t bits;

	if (v->mv_size < IX_HEAD + 3 || d[0] != IX_FORM || end[-1] != '\0')
		return -1;
	memset(si, 0, sizeof(*si));
	si->id = id;
	si->label = d[1] < LABEL__COUNT ? d[1] : LABEL_EVALUATING;
	si->from = d[2] < LABEL__COUNT ? d[2] : LABEL_EVALUATING;
	si->valid = !!(d[3] & IX_VALID);
	si->has_score = !!(d[3] & IX_SCORE);
	si->regraded = !!(d[3] & IX_REGRADED);
	si->changed = !!(d[3] & IX_CHANGED);
	si->job = store_key_id(d + 4);
	si->received = (time_t)store_key_id(d + 12);
	bits = store_key_id(d + 20);
	memcpy(&si->score, &bits, sizeof(bits));
	p = d + IX_HEAD;
	si->login = (const char *)p;
	if ((q = memchr(p, 0, (size_t)(end - p))) == NULL || q + 1 >= end)
		return -1;
	si->exercise = (const char *)q + 1;
	if ((q = memchr(q + 1, 0, (size_t)(end - q - 1))) == NULL || q + 1 >= end)
		return -1;
	si->language = (const char *)q + 1;
	return 0;
}

/* "exercise\0" and the id: a byex key; 0 when it does not fit. */
static size_t
byex_key(unsigned char *buf, size_t max, const char *exercise, const unsigned char id[8])
{
	size_t el = strlen(exercise);

	if (el + 9 > max)
		return 0;
	memcpy(buf, exercise, el + 1);
	memcpy(buf + el + 1, id, 8);
	return el + 9;
}

/*
 * Writes the index entries of REC at KEY (subidx, byex), within TXN: from
 * store_put_sub(), so every transaction that writes a record keeps them.
 * An entry whose exercise changed loses its old byex key.
 */
static int
index_put(struct store *s, MDB_txn *txn, MDB_val *key, const json_t *rec)
{
	const char *login = json_string_value(json_object_get(rec, "login"));
	const char *exercise = json_string_value(json_object_get(rec, "exercise"));
	const char *language = json_string_value(json_object_get(rec, "language"));
	const json_t *score = json_object_get(rec, "score"), *hist = json_object_get(rec, "history");
	const json_t *changed = json_object_get(rec, "changed");
	unsigned char buf[1024], ek[600];
	size_t ll, el, gl, n;
	MDB_val v, old, e = { 0, "" }, xk = { 0, ek };
	struct store_subinfo si;
	double d;
	uint64_t bits;
	int rc;

	if (login == NULL || exercise == NULL || key->mv_size != 8)
		return STORE_OK;	/* not a submission an index can show */
	language = language ? language : "";
	ll = strlen(login), el = strlen(exercise), gl = strlen(language);
	if (IX_HEAD + ll + el + gl + 3 > sizeof(buf) || (xk.mv_size = byex_key(ek,
	    sizeof(ek), exercise, key->mv_data)) == 0 ||
	    xk.mv_size > (size_t)mdb_env_get_maxkeysize(s->env)) {
		snprintf(s->error, sizeof(s->error), "login or exercise too long for an index key");
		return STORE_ERROR;
	}
	memset(buf, 0, IX_HEAD);
	buf[0] = IX_FORM;
	buf[1] = (unsigned char)label_of(json_object_get(rec, "status"));
	buf[3] = (json_is_true(json_object_get(rec, "valid")) ? IX_VALID : 0) |
	    (json_is_number(score) ? IX_SCORE : 0) |
	    (json_array_size(hist) > 0 ? IX_REGRADED : 0) | (json_is_object(changed) ? IX_CHANGED : 0);
	if (json_is_object(changed))
		buf[2] = (unsigned char)label_of(json_object_get(changed, "from"));
	store_id_key((uint64_t)json_integer_value(json_object_get(rec, "regrading")), buf + 4);
	store_id_key((uint64_t)iso_seconds(json_string_value(json_object_get(rec, "received"))),
	    buf + 12);
	d = json_is_number(score) ? json_number_value(score) : 0;
	memcpy(&bits, &d, sizeof(bits));
	store_id_key(bits, buf + 20);
	n = IX_HEAD;
	memcpy(buf + n, login, ll + 1), n += ll + 1;
	memcpy(buf + n, exercise, el + 1), n += el + 1;
	memcpy(buf + n, language, gl + 1), n += gl + 1;
	rc = mdb_get(txn, s->subidx, key, &old);
	if (rc == 0 && store_subinfo_decode(&old, 0, &si) == 0 && strcmp(si.exercise, exercise)) {
		unsigned char ok[600];
		MDB_val okk = { byex_key(ok, sizeof(ok), si.exercise, key->mv_data), ok };

		if (okk.mv_size && (rc = mdb_del(txn, s->byex, &okk, NULL)) && rc != MDB_NOTFOUND)
			return store_fail(s, rc, "index");
	} else if (rc && rc != MDB_NOTFOUND) {
		return store_fail(s, rc, "index");
	}
	v.mv_size = n;
	v.mv_data = buf;
	if ((rc = mdb_put(txn, s->subidx, key, &v, 0)) || (rc = mdb_put(txn, s->byex, &xk, &e, 0)))
		return store_fail(s, rc, "index");
	return STORE_OK;
}

int
store_get_sub(struct store *s, MDB_txn *txn, MDB_val *key, int code, json_t **out)
{
	const unsigned char *d;
	unsigned char *raw = NULL;
	MDB_val v;
	json_error_t je;
	uint32_t hl, total;
	int rc;

	*out = NULL;
	rc = mdb_get(txn, s->subs, key, &v);
	if (rc == MDB_NOTFOUND)
		return STORE_NOTFOUND;
	if (rc)
		return store_fail(s, rc, "read");
	d = v.mv_data;
	if (v.mv_size > 0 && d[0] == '{') {
		/* An earlier version's record: the whole JSON, code inside. */
		if ((*out = json_loadb(v.mv_data, v.mv_size, 0, &je)) && !code)
			json_object_del(*out, "code");
	} else if (v.mv_size >= SUB_ZHEAD && memcmp(d, "\0AS", 3) == 0 && (d[3] & SUB_ZLIB) &&
	    (hl = be32(d + 4)) <= (total = be32(d + 8)) && total <= SUB_RAW_MAX) {
		/* Compressed: only as much is inflated as is needed (no code for a list). */
		size_t want = code && (d[3] & SUB_CODE) ? total : hl;

		if ((raw = sub_inflate(d + SUB_ZHEAD, v.mv_size - SUB_ZHEAD, want)) == NULL) {
			snprintf(je.text, sizeof(je.text), "broken compression");
		} else {
			*out = json_loadb((const char *)raw, hl, 0, &je);
			if (*out && want > hl)
				json_object_set_new(*out, "code", json_stringn_nocheck(
				    (const char *)raw + hl, want - hl));
		}
		free(raw);
	} else if (v.mv_size >= SUB_HEAD && memcmp(d, "\0AS", 3) == 0 && !(d[3] & SUB_ZLIB) &&
	    (hl = be32(d + 4)) <= v.mv_size - SUB_HEAD) {
		*out = json_loadb((const char *)d + SUB_HEAD, hl, 0, &je);
		if (*out && code && (d[3] & SUB_CODE))
			json_object_set_new(*out, "code", json_stringn_nocheck(
			    (const char *)d + SUB_HEAD + hl, v.mv_size - SUB_HEAD - hl));
	} else {
		snprintf(je.text, sizeof(je.text), "unknown form");
	}
	if (*out == NULL) {
		snprintf(s->error, sizeof(s->error), "corrupt record: %s", je.text);
		return STORE_ERROR;
	}
	return STORE_OK;
}

int
store_put_sub(struct store *s, MDB_txn *txn, MDB_val *key, json_t *rec)
{
	json_t *code = json_object_get(rec, "code"), *head;
	const char *ctext = json_is_string(code) ? json_string_value(code) : NULL;
	size_t clen = ctext ? json_string_length(code) : 0, hl, total;
	unsigned char *d, *raw = NULL, *z = NULL;
	uLongf zlen = 0;
	char *text;
	MDB_val v;
	int rc, flags = ctext ? SUB_CODE : 0;

	if ((head = json_copy(rec)) == NULL)
		goto nomem;
	if (ctext)
		json_object_del(head, "code");
	text = json_dumps(head, JSON_COMPACT);
	json_decref(head);
	if (text == NULL)
		goto nomem;
	hl = strlen(text);
	total = hl + clen;
	if (total > SUB_RAW_MAX) {
		free(text);
		goto nomem;
	}
	if (total >= SUB_ZMIN && (raw = malloc(total)) &&
	    (z = malloc(zlen = compressBound((uLong)total)))) {
		memcpy(raw, text, hl);
		if (clen)
			memcpy(raw + hl, ctext, clen);
		if (compress2(z, &zlen, raw, (uLong)total, Z_DEFAULT_COMPRESSION) == Z_OK &&
		    SUB_ZHEAD + zlen < SUB_HEAD + total)
			flags |= SUB_ZLIB;
	}
	v.mv_size = flags & SUB_ZLIB ? SUB_ZHEAD + zlen : SUB_HEAD + total;
	v.mv_data = NULL;
	if ((rc = mdb_put(txn, s->subs, key, &v, MDB_RESERVE))) {
		free(text);
		free(raw);
		free(z);
		return store_fail(s, rc, "write");
	}
	d = v.mv_data;
	memcpy(d, "\0AS", 3);
	d[3] = (unsigned char)flags;
	put_be32(d + 4, (uint32_t)hl);
	if (flags & SUB_ZLIB) {
		put_be32(d + 8, (uint32_t)total);
		memcpy(d + SUB_ZHEAD, z, zlen);
	} else {
		memcpy(d + SUB_HEAD, text, hl);
		if (clen)
			memcpy(d + SUB_HEAD + hl, ctext, clen);
	}
	free(text);
	free(raw);
	free(z);
	return index_put(s, txn, key, rec);
nomem:
	snprintf(s->error, sizeof(s->error), "cannot serialise a record");
	return STORE_ERROR;
}

void
store_sched_key(unsigned char key[STORE_SCHED_KEY], int regrade, uint64_t round, uint64_t id)
{
	key[0] = regrade ? 1 : 0;
	store_id_key(round, key + 1);
	store_id_key(id, key + 9);
}

int
store_meta_u64(struct store *s, MDB_txn *txn, const char *name, uint64_t *out)
{
	MDB_val k = { strlen(name), (void *)name }, v;
	int rc = mdb_get(txn, s->meta, &k, &v);

	*out = 0;
	if (rc == MDB_NOTFOUND)
		return STORE_OK;
	if (rc)
		return store_fail(s, rc, "read meta");
	if (v.mv_size != 8) {
		snprintf(s->error, sizeof(s->error), "corrupt %s", name);
		return STORE_ERROR;
	}
	*out = store_key_id(v.mv_data);
	return STORE_OK;
}

int
store_meta_put_u64(struct store *s, MDB_txn *txn, const char *name, uint64_t n)
{
	unsigned char b[8];
	MDB_val k = { strlen(name), (void *)name }, v = { 8, b };
	int rc;

	store_id_key(n, b);
	return (rc = mdb_put(txn, s->meta, &k, &v, 0)) ? store_fail(s, rc, "write meta") : STORE_OK;
}

int
store_round_reached(struct store *s, MDB_txn *txn, uint64_t round)
{
	uint64_t cur;
	int rc;

	if ((rc = store_meta_u64(s, txn, "round", &cur)))
		return rc;
	return round > cur ? store_meta_put_u64(s, txn, "round", round) : STORE_OK;
}

/*
 * Queues live submission ID of LOGIN in its round: one after LOGIN's last
 * waiting submission, or the current round. *WAITING (may be NULL) gets how
 * many of LOGIN's were waiting before.
 */
static int
sched_live(struct store *s, MDB_txn *txn, const char *login, uint64_t id, size_t *waiting)
{
	unsigned char wkey[AUTH_LOGIN_MAX + 32], skey[STORE_SCHED_KEY];
	size_t plen = strlen(login) + 1, n = 0;
	uint64_t round, last = 0;
	MDB_cursor *cur;
	MDB_val k, v;
	int rc, have = 0;

	if (plen + 16 > sizeof(wkey)) {
		snprintf(s->error, sizeof(s->error), "login too long for an index key");
		return STORE_ERROR;
	}
	if ((rc = store_meta_u64(s, txn, "round", &round)))
		return rc;
	if ((rc = mdb_cursor_open(txn, s->waiting, &cur)))
		return store_fail(s, rc, "cursor");
	k.mv_size = plen;
	k.mv_data = (void *)login;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != plen + 8 || memcmp(k.mv_data, login, plen) != 0)
			break;
		n++;
		if (v.mv_size == STORE_SCHED_KEY && ((unsigned char *)v.mv_data)[0] == 0) {
			uint64_t r = store_key_id((unsigned char *)v.mv_data + 1);

			if (!have || r > last)
				last = r;
			have = 1;
		}
	}
	mdb_cursor_close(cur);
	if (rc && rc != MDB_NOTFOUND)
		return store_fail(s, rc, "scan waiting");
	if (have && last + 1 > round)
		round = last + 1;
	if (waiting)
		*waiting = n;
	store_sched_key(skey, 0, round, id);
	k.mv_size = login_key(wkey, sizeof(wkey), login, id, NULL);
	k.mv_data = wkey;
	v.mv_size = STORE_SCHED_KEY;
	v.mv_data = skey;
	if ((rc = mdb_put(txn, s->waiting, &k, &v, 0)))
		return store_fail(s, rc, "index waiting");
	k = v;
	v.mv_size = plen - 1;	/* the owner: a claim grades one of theirs at a time */
	v.mv_data = (void *)login;
	if ((rc = mdb_put(txn, s->sched, &k, &v, 0)))
		return store_fail(s, rc, "schedule");
	return STORE_OK;
}

int
store_sched_regrade(struct store *s, MDB_txn *txn, const char *login, uint64_t id)
{
	unsigned char wkey[AUTH_LOGIN_MAX + 32], skey[STORE_SCHED_KEY];
	MDB_val k, v;
	int rc;

	if (login != NULL && (k.mv_size = login_key(wkey, sizeof(wkey), login, id, NULL))) {
		k.mv_data = wkey;
		if ((rc = mdb_get(txn, s->waiting, &k, &v)) == 0)
			return STORE_OK;	/* still waiting as live work */
		if (rc != MDB_NOTFOUND)
			return store_fail(s, rc, "read waiting");
	}
	store_sched_key(skey, 1, 0, id);
	k.mv_size = STORE_SCHED_KEY;
	k.mv_data = skey;
	v.mv_size = 0;
	v.mv_data = "";
	return (rc = mdb_put(txn, s->sched, &k, &v, 0)) ? store_fail(s, rc, "schedule") : STORE_OK;
}

int
store_sched_remove(struct store *s, MDB_txn *txn, const char *login, uint64_t id)
{
	unsigned char wkey[AUTH_LOGIN_MAX + 32], skey[STORE_SCHED_KEY];
	MDB_val k, v;
	int rc;

	if (login != NULL && (k.mv_size = login_key(wkey, sizeof(wkey), login, id, NULL))) {
		k.mv_data = wkey;
		rc = mdb_get(txn, s->waiting, &k, &v);
		if (rc == 0 && v.mv_size == STORE_SCHED_KEY) {
			MDB_val sk;

			memcpy(skey, v.mv_data, STORE_SCHED_KEY);
			sk.mv_size = STORE_SCHED_KEY;
			sk.mv_data = skey;
			if ((rc = mdb_del(txn, s->sched, &sk, NULL)) && rc != MDB_NOTFOUND)
				return store_fail(s, rc, "unschedule");
			rc = 0;
		}
		if (rc == 0)
			rc = mdb_del(txn, s->waiting, &k, NULL);
		if (rc && rc != MDB_NOTFOUND)
			return store_fail(s, rc, "unindex waiting");
	}
	store_sched_key(skey, 1, 0, id);
	k.mv_size = STORE_SCHED_KEY;
	k.mv_data = skey;
	if ((rc = mdb_del(txn, s->sched, &k, NULL)) && rc != MDB_NOTFOUND)
		return store_fail(s, rc, "unschedule");
	return STORE_OK;
}

/* Summaries. */

static size_t
summary_key(unsigned char *buf, size_t max, const char *login, const char *exercise)
{
	size_t ll = strlen(login), el = strlen(exercise);

	if (ll + 1 + el > max)
		return 0;
	memcpy(buf, login, ll + 1);
	memcpy(buf + ll + 1, exercise, el);
	return ll + 1 + el;
}

/* Folds STATUS and SCORE into summary SUM: the best label and score. */
static void
summary_merge(json_t *sum, const char *status, const json_t *score)
{
	enum label l, best;
	json_t *bs = json_object_get(sum, "score");

	if (status != NULL && label_parse(status, &l) == 0) {
		if (label_parse(json_string_value(json_object_get(sum, "best")), &best) != 0)
			best = LABEL_EVALUATING;
		/* Better means later in the label order; Evaluating is not a result. */
		if (l != LABEL_EVALUATING && (best == LABEL_EVALUATING || l > best))
			json_object_set_new(sum, "best", json_string(status));
	}
	if (json_is_number(score) && (!json_is_number(bs) ||
	    json_number_value(score) > json_number_value(bs)))
		json_object_set(sum, "score", (json_t *)score);
}

static int
summary_read(struct store *s, MDB_txn *txn, MDB_val *k, json_t **sum)
{
	int rc = store_get_json(s, txn, s->summary, k, sum);

	if (rc == STORE_NOTFOUND) {
		*sum = json_pack("{s:s, s:n, s:i, s:i}", "best", "Evaluating", "score",
		    "submissions", 0, "last", 0);
		rc = *sum ? STORE_OK : STORE_ERROR;
	}
	return rc;
}

/* Counts REC, a new submission, in its summary (with its status). */
static int
summary_add(struct store *s, MDB_txn *txn, const json_t *rec, uint64_t id)
{
	const char *login = json_string_value(json_object_get(rec, "login"));
	const char *exercise = json_string_value(json_object_get(rec, "exercise"));
	unsigned char key[1024];
	MDB_val k = { 0, key };
	json_t *sum;
	int rc;

	if (!login || !exercise || !(k.mv_size = summary_key(key, sizeof(key), login, exercise)))
		return STORE_OK;
	if ((rc = summary_read(s, txn, &k, &sum)))
		return rc;
	json_object_set_new(sum, "submissions", json_integer(
	    json_integer_value(json_object_get(sum, "submissions")) + 1));
	if ((uint64_t)json_integer_value(json_object_get(sum, "last")) < id)
		json_object_set_new(sum, "last", json_integer((json_int_t)id));
	summary_merge(sum, json_string_value(json_object_get(rec, "status")),
	    json_object_get(rec, "score"));
	rc = store_put_json(s, txn, s->summary, &k, sum);
	json_decref(sum);
	return rc;
}

int
store_summary_fold(struct store *s, MDB_txn *txn, const json_t *rec)
{
	const char *login = json_string_value(json_object_get(rec, "login"));
	const char *exercise = json_string_value(json_object_get(rec, "exercise"));
	unsigned char key[1024];
	MDB_val k = { 0, key };
	json_t *sum;
	int rc;

	if (!login || !exercise || !(k.mv_size = summary_key(key, sizeof(key), login, exercise)))
		return STORE_OK;
	rc = store_get_json(s, txn, s->summary, &k, &sum);
	if (rc == STORE_NOTFOUND)	/* no summary: build it from the records */
		return store_summary_rebuild(s, txn, login, exercise);
	if (rc)
		return rc;
	summary_merge(sum, json_string_value(json_object_get(rec, "status")),
	    json_object_get(rec, "score"));
	rc = store_put_json(s, txn, s->summary, &k, sum);
	json_decref(sum);
	return rc;
}

int
store_summary_rebuild(struct store *s, MDB_txn *txn, const char *login, const char *exercise)
{
	unsigned char prefix[512], key[1024];
	size_t plen = bylogin_key(prefix, sizeof(prefix), login, exercise, NULL), n = 0;
	MDB_val k = { plen, prefix }, v, sk = { 0, key };
	MDB_cursor *cur;
	uint64_t last = 0;
	json_t *sum;
	int rc;

	if (plen == 0 || !(sk.mv_size = summary_key(key, sizeof(key), login, exercise)))
		return STORE_OK;
	if ((sum = json_pack("{s:s, s:n}", "best", "Evaluating", "score")) == NULL)
		return STORE_ERROR;
	if ((rc = mdb_cursor_open(txn, s->bylogin, &cur))) {
		json_decref(sum);
		return store_fail(s, rc, "cursor");
	}
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		unsigned char idk[8];
		MDB_val rk = { 8, idk };
		json_t *rec;

		if (k.mv_size != plen + 8 || memcmp(k.mv_data, prefix, plen) != 0)
			break;
		memcpy(idk, (unsigned char *)k.mv_data + plen, 8);
		n++;
		last = store_key_id(idk);
		if (store_get_sub(s, txn, &rk, 0, &rec) == STORE_OK) {
			summary_merge(sum, json_string_value(json_object_get(rec, "status")),
			    json_object_get(rec, "score"));
			json_decref(rec);
		}
	}
	mdb_cursor_close(cur);
	if (rc && rc != MDB_NOTFOUND) {
		json_decref(sum);
		return store_fail(s, rc, "summarise");
	}
	if (n == 0) {
		json_decref(sum);
		rc = mdb_del(txn, s->summary, &sk, NULL);
		return rc && rc != MDB_NOTFOUND ? store_fail(s, rc, "summary") : STORE_OK;
	}
	json_object_set_new(sum, "submissions", json_integer((json_int_t)n));
	json_object_set_new(sum, "last", json_integer((json_int_t)last));
	rc = store_put_json(s, txn, s->summary, &sk, sum);
	json_decref(sum);
	return rc;
}

/*
 * An earlier version's store has records and a queue but no summaries and
 * no grading order: build them, within TXN (the one that opens the store).
 */
static int
migrate(struct store *s, MDB_txn *txn)
{
	MDB_cursor *cur;
	MDB_val k, v;
	int rc;

	if ((rc = mdb_drop(txn, s->summary, 0)) || (rc = mdb_drop(txn, s->sched, 0)) ||
	    (rc = mdb_drop(txn, s->waiting, 0)))
		return store_fail(s, rc, "clear indexes");
	if ((rc = mdb_cursor_open(txn, s->subs, &cur)))
		return store_fail(s, rc, "cursor");
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		json_t *rec;

		if (k.mv_size != 8 || store_get_sub(s, txn, &k, 0, &rec) != STORE_OK)
			continue;
		rc = summary_add(s, txn, rec, store_key_id(k.mv_data));
		json_decref(rec);
		if (rc) {
			mdb_cursor_close(cur);
			return rc;
		}
	}
	mdb_cursor_close(cur);
	if (rc != MDB_NOTFOUND)
		return store_fail(s, rc, "migrate records");
	/* What waits is live work, in the order it came, in the current round. */
	if ((rc = mdb_cursor_open(txn, s->queue, &cur)))
		return store_fail(s, rc, "cursor");
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		unsigned char skey[STORE_SCHED_KEY], wkey[AUTH_LOGIN_MAX + 32];
		uint64_t id;
		const char *login;
		MDB_val sk = { STORE_SCHED_KEY, skey }, e = { 0, "" }, wk;
		json_t *rec;

		if (k.mv_size != 8)
			continue;
		id = store_key_id(k.mv_data);
		store_sched_key(skey, 0, 0, id);
		if (store_get_sub(s, txn, &k, 0, &rec) == STORE_OK &&
		    (login = json_string_value(json_object_get(rec, "login"))) &&
		    (wk.mv_size = login_key(wkey, sizeof(wkey), login, id, NULL))) {
			wk.mv_data = wkey;
			rc = mdb_put(txn, s->waiting, &wk, &sk, 0);
			e.mv_size = strlen(login);	/* the owner, as sched_live() */
			e.mv_data = (void *)login;
		}
		if (rc == 0)
			rc = mdb_put(txn, s->sched, &sk, &e, 0);
		json_decref(rec);
		if (rc) {
			mdb_cursor_close(cur);
			return store_fail(s, rc, "migrate queue");
		}
	}
	mdb_cursor_close(cur);
	if (rc != MDB_NOTFOUND)
		return store_fail(s, rc, "migrate queue");
	return build_index(s, txn);
}

/*
 * Builds subidx and byex from every record, within TXN (the one that opens
 * a store of schema "2" or older), and marks the schema reached.
 */
static int
build_index(struct store *s, MDB_txn *txn)
{
	MDB_cursor *cur;
	MDB_val k, v;
	int rc;

	if ((rc = mdb_drop(txn, s->subidx, 0)) || (rc = mdb_drop(txn, s->byex, 0)))
		return store_fail(s, rc, "clear the index");
	if ((rc = mdb_cursor_open(txn, s->subs, &cur)))
		return store_fail(s, rc, "cursor");
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		json_t *rec;

		if (k.mv_size != 8 || store_get_sub(s, txn, &k, 0, &rec) != STORE_OK)
			continue;
		rc = index_put(s, txn, &k, rec);
		json_decref(rec);
		if (rc) {
			mdb_cursor_close(cur);
			return rc;
		}
	}
	mdb_cursor_close(cur);
	if (rc != MDB_NOTFOUND)
		return store_fail(s, rc, "index records");
	k.mv_data = "schema";
	k.mv_size = 6;
	v.mv_data = SCHEMA;
	v.mv_size = strlen(SCHEMA);
	return (rc = mdb_put(txn, s->meta, &k, &v, 0)) ? store_fail(s, rc, "schema") : STORE_OK;
}

/* The check of store_submit(), in store_submit_admit()'s terms. */
struct check_adapter {
	store_check_fn *check;
	void *ctx;
};

static int
adapt_check(json_t *record, const struct store_counts *c, void *ctx)
{
	struct check_adapter *a = ctx;

	return a->check ? a->check(record, c->previous, a->ctx) : 0;
}

int
store_submit(struct store *s, json_t *record, store_check_fn *check, void *ctx,
    uint64_t *id)
{
	struct check_adapter a = { check, ctx };

	return store_submit_admit(s, record, time(NULL), adapt_check, &a, id);
}

/*
 * LOGIN's submissions in the minute before NOW, within TXN: older ones are
 * removed. Counts them in C, with the oldest's time.
 */
static int
rate_count(struct store *s, MDB_txn *txn, const char *login, time_t now,
    struct store_counts *c)
{
	size_t plen = strlen(login) + 1;
	MDB_cursor *cur;
	MDB_val k = { plen, (void *)login }, v;
	int rc;

	c->recent = 0;
	c->oldest = now;
	if ((rc = mdb_cursor_open(txn, s->rate, &cur)))
		return store_fail(s, rc, "cursor");
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		time_t t;

		if (k.mv_size != plen + 16 || memcmp(k.mv_data, login, plen) != 0)
			break;
		t = (time_t)store_key_id((unsigned char *)k.mv_data + plen);
		if (t + 60 <= now) {
			if ((rc = mdb_cursor_del(cur, 0)))
				break;
			continue;
		}
		if (c->recent++ == 0)
			c->oldest = t;
	}
	mdb_cursor_close(cur);
	return rc && rc != MDB_NOTFOUND ? store_fail(s, rc, "rate") : STORE_OK;
}

int
store_submit_admit(struct store *s, json_t *record, time_t now, store_admit_fn *admit,
    void *ctx, uint64_t *id)
{
	const char *login = json_string_value(json_object_get(record, "login"));
	const char *exercise = json_string_value(json_object_get(record, "exercise"));
	unsigned char idkey[8], ixkey[512], rkey[AUTH_LOGIN_MAX + 32];
	struct store_counts c = { 0 };
	MDB_txn *txn = NULL;
	MDB_val k, v;
	uint64_t next = 1;
	size_t waiting;
	int rc;

	if (login == NULL || exercise == NULL) {
		snprintf(s->error, sizeof(s->error), "a submission needs a login and an exercise");
		return STORE_ERROR;
	}
	if (bylogin_key(ixkey, sizeof(ixkey), login, exercise, &next) == 0 ||
	    login_key(rkey, sizeof(rkey), login, 0, &next) == 0) {
		snprintf(s->error, sizeof(s->error), "login or exercise too long for an index key");
		return STORE_ERROR;
	}
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	if (too_full(s, txn)) {
		mdb_txn_abort(txn);
		return STORE_FULL;
	}
	if (admit != NULL) {
		unsigned char skey[1024];
		MDB_val sk = { summary_key(skey, sizeof(skey), login, exercise), skey };
		json_t *sum;

		if ((rc = summary_read(s, txn, &sk, &sum)))
			goto fail;
		c.previous = (size_t)json_integer_value(json_object_get(sum, "submissions"));
		json_decref(sum);
		k.mv_size = strlen(login) + 1;
		if ((rc = count_prefix(s, txn, s->waiting, login, k.mv_size, &c.waiting)) ||
		    (rc = rate_count(s, txn, login, now, &c)))
			goto fail;
		if (admit(record, &c, ctx) != 0) {
			rc = STORE_REFUSED;
			goto fail;
		}
	}
	if ((rc = store_meta_u64(s, txn, "next-id", &next)))
		goto fail;
	if (next == 0)
		next = 1;
	*id = next;
	json_object_set_new(record, "id", json_integer((json_int_t)next));
	if ((rc = store_meta_put_u64(s, txn, "next-id", next + 1)))
		goto fail;
	store_id_key(next, idkey);
	k.mv_data = idkey;
	k.mv_size = 8;
	if ((rc = store_put_sub(s, txn, &k, record)))
		goto fail;
	v.mv_data = "";
	v.mv_size = 0;
	if ((rc = mdb_put(txn, s->queue, &k, &v, 0))) {
		rc = store_fail(s, rc, "queue");
		goto fail;
	}
	if ((rc = sched_live(s, txn, login, next, &waiting)))
		goto fail;
	k.mv_data = ixkey;
	k.mv_size = bylogin_key(ixkey, sizeof(ixkey), login, exercise, &next);
	if (k.mv_size > (size_t)mdb_env_get_maxkeysize(s->env)) {
		snprintf(s->error, sizeof(s->error), "login or exercise too long for an index key");
		rc = STORE_ERROR;
		goto fail;
	}
	if ((rc = mdb_put(txn, s->bylogin, &k, &v, 0))) {
		rc = store_fail(s, rc, "index");
		goto fail;
	}
	k.mv_data = rkey;
	k.mv_size = login_key(rkey, sizeof(rkey), login, (uint64_t)now, &next);
	if ((rc = mdb_put(txn, s->rate, &k, &v, 0))) {
		rc = store_fail(s, rc, "rate");
		goto fail;
	}
	rc = summary_add(s, txn, record, next);
fail:
	rc = store_txn_end(s, txn, rc);
	if (rc == STORE_ERROR && (s->mdb_rc == MDB_MAP_FULL || s->mdb_rc == ENOSPC))
		rc = STORE_FULL;
	return rc;
}

int
store_submission_get(struct store *s, uint64_t id, json_t **out)
{
	unsigned char key[8];
	MDB_val k = { 8, key };
	MDB_txn *txn;
	int rc;

	*out = NULL;
	store_id_key(id, key);
	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn)))
		return rc;
	rc = store_get_sub(s, txn, &k, 1, out);
	mdb_txn_abort(txn);
	return rc;
}

int
store_submission_put(struct store *s, uint64_t id, json_t *record)
{
	unsigned char key[8];
	MDB_txn *txn;
	MDB_val k = { 8, key };
	json_t *old = NULL;
	int rc;

	if ((uint64_t)json_integer_value(json_object_get(record, "id")) != id) {
		snprintf(s->error, sizeof(s->error), "record id does not match %llu",
		    (unsigned long long)id);
		return STORE_ERROR;
	}
	store_id_key(id, key);
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	rc = store_get_sub(s, txn, &k, 0, &old);
	if (rc == STORE_OK)
		rc = store_put_sub(s, txn, &k, record);
	/* The result may be worse than it was: count the exercise's records again. */
	if (rc == STORE_OK) {
		const char *ol = json_string_value(json_object_get(old, "login"));
		const char *oe = json_string_value(json_object_get(old, "exercise"));
		const char *nl = json_string_value(json_object_get(record, "login"));
		const char *ne = json_string_value(json_object_get(record, "exercise"));

		if (ol && oe)
			rc = store_summary_rebuild(s, txn, ol, oe);
		if (rc == STORE_OK && nl && ne && (!ol || !oe || strcmp(ol, nl) || strcmp(oe, ne)))
			rc = store_summary_rebuild(s, txn, nl, ne);
	}
	json_decref(old);
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
	return store_submission_page(s, login, exercise, 0, max, out, total);
}

/*
 * One exercise's page: keys sort by login, exercise, id, so CUR walks back
 * from the end of PREFIX (PLEN bytes), newest first, reading only the
 * page's records into LIST; *NTOTAL gets how many there are. 0 or an LMDB
 * error.
 */
static int
page_exercise(struct store *s, MDB_txn *txn, MDB_cursor *cur, const unsigned char *prefix,
    size_t plen, size_t offset, size_t max, json_t *list, size_t *ntotal)
{
	unsigned char end[512 + 8];
	MDB_val k = { plen + 8, end }, v;
	int rc;

	*ntotal = 0;
	memcpy(end, prefix, plen);
	memset(end + plen, 0xff, 8);
	rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	if (rc == 0 && k.mv_size == plen + 8 && memcmp(k.mv_data, end, plen + 8) == 0)
		;	/* an id of all ones: take it */
	else if (rc == 0)
		rc = mdb_cursor_get(cur, &k, &v, MDB_PREV);
	else if (rc == MDB_NOTFOUND)
		rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
	for (; rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_PREV)) {
		unsigned char key[8];
		MDB_val rk = { 8, key };
		json_t *rec;

		if (k.mv_size != plen + 8 || memcmp(k.mv_data, prefix, plen) != 0)
			break;
		if ((*ntotal)++ < offset || json_array_size(list) >= max)
			continue;
		memcpy(key, (unsigned char *)k.mv_data + plen, 8);
		if (store_get_sub(s, txn, &rk, 0, &rec) == STORE_OK)
			json_array_append_new(list, rec);
	}
	return rc == MDB_NOTFOUND ? 0 : rc;
}

int
store_submission_page(struct store *s, const char *login, const char *exercise,
    size_t offset, size_t max, json_t **out, size_t *total)
{
	unsigned char prefix[512];
	size_t plen, nids = 0, cap = 0, ntotal = 0;
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	json_t *list;
	uint64_t *ids = NULL;
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
	if (exercise != NULL) {
		rc = page_exercise(s, txn, cur, prefix, plen, offset, max, list, &ntotal);
		mdb_cursor_close(cur);
		mdb_txn_abort(txn);
		if (rc) {
			json_decref(list);
			return store_fail(s, rc, "list");
		}
		if (total)
			*total = ntotal;
		*out = list;
		return STORE_OK;
	}
	/* Every exercise: the ids interleave; collect the keys (small), then sort. */
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
	qsort(ids, nids, sizeof(*ids), cmp_id);
	for (size_t i = nids > offset ? nids - offset : 0; i > 0 && json_array_size(list) < max;
	    i--) {
		unsigned char key[8];
		MDB_val rk = { 8, key };
		json_t *rec;

		store_id_key(ids[i - 1], key);
		if (store_get_sub(s, txn, &rk, 0, &rec) == STORE_OK)
			json_array_append_new(list, rec);
	}
	mdb_txn_abort(txn);
	free(ids);
	if (total)
		*total = nids;
	*out = list;
	return STORE_OK;
}

int
store_summary_list(struct store *s, const char *login, json_t **out)
{
	size_t plen = strlen(login) + 1;
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k = { plen, (void *)login }, v;
	json_t *all;
	int rc;

	*out = NULL;
	if ((all = json_object()) == NULL)
		return STORE_ERROR;
	if ((rc = store_scan_begin(s, MDB_RDONLY, s->summary, &txn, &cur))) {
		json_decref(all);
		return rc;
	}
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		json_t *sum;

		if (k.mv_size <= plen || memcmp(k.mv_data, login, plen) != 0)
			break;
		if ((sum = json_loadb(v.mv_data, v.mv_size, 0, NULL)) == NULL)
			continue;
		json_object_setn_new_nocheck(all, (const char *)k.mv_data + plen,
		    k.mv_size - plen, sum);
	}
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	if (rc && rc != MDB_NOTFOUND) {
		json_decref(all);
		return store_fail(s, rc, "summaries");
	}
	*out = all;
	return STORE_OK;
}

int
store_summary_get(struct store *s, const char *login, const char *exercise, json_t **out)
{
	unsigned char key[1024];
	MDB_val k = { summary_key(key, sizeof(key), login, exercise), key };

	*out = NULL;
	if (k.mv_size == 0)
		return STORE_NOTFOUND;
	return read_json(s, s->summary, &k, out);
}
