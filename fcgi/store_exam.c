/*
 * store_exam.c - timed exams' starts (store.h, "Timed exams"). The
 * examstart database is opened here by name in each transaction that uses
 * it, as store_auth.c opens the throttle's, so store.c knows nothing of it.
 * A record is the start and the seconds staff added, 8 bytes each,
 * big-endian; the start is written once and never moved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/store_private.h"

#define EXAM_DB "examstart"
#define EXAM_REC 16
#define EXAM_KEY_MAX 480

static int
exam_dbi(struct store *s, MDB_txn *txn, int create, MDB_dbi *dbi)
{
	int rc = mdb_dbi_open(txn, EXAM_DB, create ? MDB_CREATE : 0, dbi);

	if (rc == MDB_NOTFOUND && !create)
		return STORE_NOTFOUND;
	return rc ? store_fail(s, rc, "open the exam starts' database") : STORE_OK;
}

/* The key exam NUL login in BUF; -1 when too long. */
static int
exam_key(const char *exam, const char *login, char buf[EXAM_KEY_MAX], MDB_val *k)
{
	size_t a = strlen(exam), b = strlen(login);

	if (a + b + 1 > EXAM_KEY_MAX)
		return -1;
	memcpy(buf, exam, a + 1);
	memcpy(buf + a + 1, login, b);
	k->mv_data = buf;
	k->mv_size = a + b + 1;
	return 0;
}

static void
rec_put(unsigned char *p, int64_t start, int64_t added)
{
	store_id_key((uint64_t)start, p);
	store_id_key((uint64_t)added, p + 8);
}

static void
rec_get(const MDB_val *v, time_t *start, long *added)
{
	*start = 0;
	*added = 0;
	if (v->mv_size != EXAM_REC)
		return;
	*start = (time_t)(int64_t)store_key_id(v->mv_data);
	*added = (long)(int64_t)store_key_id((unsigned char *)v->mv_data + 8);
}

int
store_exam_get(struct store *s, const char *exam, const char *login, time_t *start,
    long *added)
{
	char buf[EXAM_KEY_MAX];
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k, v;
	int rc;

	if (exam_key(exam, login, buf, &k))
		return STORE_NOTFOUND;
	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn)))
		return rc;
	if ((rc = exam_dbi(s, txn, 0, &dbi)) == STORE_OK) {
		rc = mdb_get(txn, dbi, &k, &v);
		if (rc == 0)
			rec_get(&v, start, added);
		rc = rc == MDB_NOTFOUND ? STORE_NOTFOUND : rc ? store_fail(s, rc, "read a start") : 0;
	}
	mdb_txn_abort(txn);
	return rc;
}

/* Adds SECONDS (0: none) to LOGIN's record, writing START when there is none (START > 0). */
static int
exam_write(struct store *s, const char *exam, const char *login, time_t now, long seconds,
    time_t *start, long *added, int *fresh)
{
	char buf[EXAM_KEY_MAX];
	unsigned char rec[EXAM_REC];
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k, v;
	int rc, found;

	if (fresh)
		*fresh = 0;
	if (exam_key(exam, login, buf, &k))
		return STORE_NOTFOUND;
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	if ((rc = exam_dbi(s, txn, 1, &dbi)))
		return store_txn_end(s, txn, rc);
	rc = mdb_get(txn, dbi, &k, &v);
	if (rc && rc != MDB_NOTFOUND)
		return store_txn_end(s, txn, store_fail(s, rc, "read a start"));
	found = rc == 0;
	if (found)
		rec_get(&v, start, added);
	else if (now <= 0)
		return store_txn_end(s, txn, STORE_NOTFOUND);
	else {
		*start = now;
		*added = 0;
	}
	if (found && seconds == 0)
		return store_txn_end(s, txn, STORE_OK);	/* nothing to write */
	*added += seconds;
	rec_put(rec, *start, *added);
	v.mv_data = rec;
	v.mv_size = sizeof(rec);
	rc = mdb_put(txn, dbi, &k, &v, 0);
	if ((rc = store_txn_end(s, txn, rc ? store_fail(s, rc, "write a start") : 0)) == 0 &&
	    fresh)
		*fresh = !found;
	return rc;
}

int
store_exam_start(struct store *s, const char *exam, const char *login, time_t now,
    time_t *start, long *added, int *fresh)
{
	return exam_write(s, exam, login, now > 0 ? now : 1, 0, start, added, fresh);
}

int
store_exam_extend(struct store *s, const char *exam, const char *login, long seconds,
    long *added)
{
	time_t start;

	return exam_write(s, exam, login, 0, seconds, &start, added, NULL);
}

int
store_exam_list(struct store *s, const char *exam, json_t **out)
{
	char buf[EXAM_KEY_MAX];
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_dbi dbi;
	MDB_val k, v;
	size_t n = strlen(exam) + 1;
	int rc;

	if ((*out = json_object()) == NULL || n >= EXAM_KEY_MAX)
		return *out ? STORE_OK : STORE_ERROR;
	memcpy(buf, exam, n);
	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn)))
		return rc;
	if ((rc = exam_dbi(s, txn, 0, &dbi)) || (rc = mdb_cursor_open(txn, dbi, &cur))) {
		mdb_txn_abort(txn);
		return rc == STORE_NOTFOUND ? STORE_OK : store_fail(s, rc, "list starts");
	}
	k.mv_data = buf;
	k.mv_size = n;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	    rc == 0 && k.mv_size > n && memcmp(k.mv_data, buf, n) == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		char login[EXAM_KEY_MAX];
		time_t start;
		long added;

		memcpy(login, (char *)k.mv_data + n, k.mv_size - n);
		login[k.mv_size - n] = '\0';
		rec_get(&v, &start, &added);
		json_object_set_new(*out, login, json_pack("[I, I]", (json_int_t)start,
		    (json_int_t)added));
	}
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return rc == 0 || rc == MDB_NOTFOUND ? STORE_OK : store_fail(s, rc, "list starts");
}
