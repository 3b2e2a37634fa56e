/*
 * store_simmark.c - staff's marks on the similarity report's pairs
 * (store.h, "Similarity marks"). The simmark database is opened here by
 * name in each transaction that uses it, as store_exam.c opens examstart,
 * so store.c knows nothing of it. A key is exercise NUL a NUL b with a < b
 * (strcmp), so a pair has one key whichever way it is named; a value is
 * the JSON {"mark", "by", "time", "note"}.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/isotime.h"
#include "fcgi/store_private.h"

#define SIMMARK_DB "simmark"
#define SIMMARK_KEY_MAX 480

static int
simmark_dbi(struct store *s, MDB_txn *txn, int create, MDB_dbi *dbi)
{
	int rc = mdb_dbi_open(txn, SIMMARK_DB, create ? MDB_CREATE : 0, dbi);

	if (rc == MDB_NOTFOUND && !create)
		return STORE_NOTFOUND;
	return rc ? store_fail(s, rc, "open the similarity marks' database") : STORE_OK;
}

/* The key exercise NUL min(a, b) NUL max(a, b) in BUF; -1 when too long or empty. */
static int
simmark_key(const char *exercise, const char *a, const char *b, char buf[SIMMARK_KEY_MAX],
    MDB_val *k)
{
	const char *lo = strcmp(a, b) <= 0 ? a : b, *hi = lo == a ? b : a;
	size_t e = strlen(exercise), l = strlen(lo), h = strlen(hi);

	if (e == 0 || l == 0 || h == 0 || e + l + h + 2 > SIMMARK_KEY_MAX)
		return -1;
	memcpy(buf, exercise, e + 1);
	memcpy(buf + e + 1, lo, l + 1);
	memcpy(buf + e + l + 2, hi, h);
	k->mv_data = buf;
	k->mv_size = e + l + h + 2;
	return 0;
}

int
store_simmark_valid(const char *mark)
{
	return mark && (strcmp(mark, "reviewed") == 0 || strcmp(mark, "case") == 0);
}

int
store_simmark_set(struct store *s, const char *exercise, const char *a, const char *b,
    const char *mark, const char *by, time_t now, const char *note)
{
	char buf[SIMMARK_KEY_MAX], when[ISOTIME_SIZE], *text = NULL;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k, v;
	json_t *rec;
	int rc;

	if (simmark_key(exercise, a, b, buf, &k) || (mark && !store_simmark_valid(mark)))
		return STORE_NOTFOUND;
	if (mark) {
		isotime_format(now, when);
		rec = json_pack("{s:s, s:s, s:s, s:s}", "mark", mark, "by", by, "time", when,
		    "note", note ? note : "");
		text = rec ? json_dumps(rec, JSON_COMPACT) : NULL;
		json_decref(rec);
		if (text == NULL)
			return store_fail(s, ENOMEM, "a similarity mark");
	}
	if ((rc = store_txn_begin(s, 0, &txn))) {
		free(text);
		return rc;
	}
	if ((rc = simmark_dbi(s, txn, 1, &dbi)) == STORE_OK && text) {
		v.mv_data = text;
		v.mv_size = strlen(text);
		if ((rc = mdb_put(txn, dbi, &k, &v, 0)))
			rc = store_fail(s, rc, "write a similarity mark");
	} else if (rc == STORE_OK) {
		rc = mdb_del(txn, dbi, &k, NULL);
		rc = rc == 0 || rc == MDB_NOTFOUND ? STORE_OK :
		    store_fail(s, rc, "remove a similarity mark");
	}
	free(text);
	return store_txn_end(s, txn, rc);
}

/* The stored value V as a new JSON object with "a" and "b" added; NULL when not one. */
static json_t *
simmark_json(const MDB_val *v, const char *a, const char *b)
{
	json_t *j = json_loadb(v->mv_data, v->mv_size, 0, NULL);

	if (!json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	json_object_set_new(j, "a", json_string(a));
	json_object_set_new(j, "b", json_string(b));
	return j;
}

int
store_simmark_get(struct store *s, const char *exercise, const char *a, const char *b,
    json_t **out)
{
	char buf[SIMMARK_KEY_MAX];
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k, v;
	int rc;

	*out = NULL;
	if (simmark_key(exercise, a, b, buf, &k))
		return STORE_NOTFOUND;
	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn)))
		return rc;
	if ((rc = simmark_dbi(s, txn, 0, &dbi)) == STORE_OK) {
		rc = mdb_get(txn, dbi, &k, &v);
		if (rc == 0)
			*out = strcmp(a, b) <= 0 ? simmark_json(&v, a, b) : simmark_json(&v, b, a);
		rc = rc == MDB_NOTFOUND || (rc == 0 && *out == NULL) ? STORE_NOTFOUND : rc ?
		    store_fail(s, rc, "read a similarity mark") : STORE_OK;
	}
	mdb_txn_abort(txn);
	return rc;
}

int
store_simmark_list(struct store *s, const char *exercise, json_t **out)
{
	char buf[SIMMARK_KEY_MAX];
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_dbi dbi;
	MDB_val k, v;
	size_t n = strlen(exercise) + 1;
	int rc;

	if ((*out = json_object()) == NULL || n >= SIMMARK_KEY_MAX)
		return *out ? STORE_OK : store_fail(s, ENOMEM, "list similarity marks");
	memcpy(buf, exercise, n);
	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn)))
		return rc;
	if ((rc = simmark_dbi(s, txn, 0, &dbi)) || (rc = mdb_cursor_open(txn, dbi, &cur))) {
		mdb_txn_abort(txn);
		return rc == STORE_NOTFOUND ? STORE_OK : store_fail(s, rc, "list similarity marks");
	}
	k.mv_data = buf;
	k.mv_size = n;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	    rc == 0 && k.mv_size > n && memcmp(k.mv_data, buf, n) == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		char pair[SIMMARK_KEY_MAX], *sep;
		json_t *j;

		memcpy(pair, (char *)k.mv_data + n, k.mv_size - n);
		pair[k.mv_size - n] = '\0';
		if ((sep = memchr(pair, '\0', k.mv_size - n)) == NULL)
			continue;	/* not a key of ours */
		if ((j = simmark_json(&v, pair, sep + 1)) == NULL)
			continue;
		*sep = ' ';
		json_object_set_new(*out, pair, j);
	}
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return rc == 0 || rc == MDB_NOTFOUND ? STORE_OK : store_fail(s, rc, "list similarity marks");
}
