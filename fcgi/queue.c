/* queue.c - the grading queue and its leases; see queue.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fcgi/queue.h"
#include "fcgi/store_private.h"
#include "sandbox/util/file.h"

/* Field 22 of /proc/PID/stat: when the process started, in clock ticks. */
static int
process_start_time(pid_t pid, uint64_t *start)
{
	char path[64], buf[1024], *p;
	int field;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (file_read_small(path, buf, sizeof(buf)))
		return -1;
	/* The command name (field 2) may hold spaces and ')': skip past the last ')'. */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	for (field = 2; field < 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL)
		return -1;
	*start = strtoull(p + 1, NULL, 10);
	return 0;
}

static int
boot_id(char out[40])
{
	char buf[64];

	if (file_read_small("/proc/sys/kernel/random/boot_id", buf, sizeof(buf)))
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(out, 40, "%.36s", buf);
	return 0;
}

int
queue_lease_self(struct queue_lease *l, unsigned ttl)
{
	memset(l, 0, sizeof(*l));
	l->pid = (int32_t)getpid();
	l->deadline = (int64_t)time(NULL) + ttl;
	if (boot_id(l->boot_id) || process_start_time(getpid(), &l->start))
		return -1;
	return 0;
}

int
queue_lease_alive(const struct queue_lease *l, time_t now)
{
	char me[40];
	uint64_t start;

	if (l->deadline < (int64_t)now)
		return 0;
	if (boot_id(me) || strcmp(me, l->boot_id) != 0)
		return 1;	/* another machine's lease: trust its deadline */
	return process_start_time((pid_t)l->pid, &start) == 0 && start == l->start;
}

static json_t *
lease_to_json(const struct queue_lease *l)
{
	return json_pack("{s:s, s:i, s:I, s:I, s:i}", "boot", l->boot_id,
	    "pid", (int)l->pid, "start", (json_int_t)l->start,
	    "deadline", (json_int_t)l->deadline, "attempt", (int)l->attempt);
}

/* An empty value is a waiting entry: *L is zeroed and 0 returned. */
static int
lease_from_val(const MDB_val *v, struct queue_lease *l)
{
	json_t *j;
	const char *b;

	memset(l, 0, sizeof(*l));
	if (v->mv_size == 0)
		return 0;
	if ((j = json_loadb(v->mv_data, v->mv_size, 0, NULL)) == NULL)
		return -1;
	b = json_string_value(json_object_get(j, "boot"));
	snprintf(l->boot_id, sizeof(l->boot_id), "%s", b ? b : "");
	l->pid = (int32_t)json_integer_value(json_object_get(j, "pid"));
	l->start = (uint64_t)json_integer_value(json_object_get(j, "start"));
	l->deadline = json_integer_value(json_object_get(j, "deadline"));
	l->attempt = (uint32_t)json_integer_value(json_object_get(j, "attempt"));
	json_decref(j);
	return 0;
}

static int
same_lease(const struct queue_lease *a, const struct queue_lease *b)
{
	return a->pid == b->pid && a->start == b->start && a->attempt == b->attempt &&
	    strcmp(a->boot_id, b->boot_id) == 0;
}

/* Merges FIELDS into the record at KEY and deletes the queue entry at KEY. */
static int
finish_in(struct store *s, MDB_txn *txn, MDB_val *key, json_t *fields)
{
	json_t *rec;
	int rc;

	rc = store_get_json(s, txn, s->subs, key, &rec);
	if (rc == STORE_OK) {
		json_object_update(rec, fields);
		rc = store_put_json(s, txn, s->subs, key, rec);
		json_decref(rec);
	} else if (rc == STORE_NOTFOUND) {
		rc = STORE_OK;	/* a queue entry without a record: just drop it */
	}
	if (rc)
		return rc;
	rc = mdb_del(txn, s->queue, key, NULL);
	if (rc && rc != MDB_NOTFOUND)
		return store_fail(s, rc, "dequeue");
	return STORE_OK;
}

/* Finishes entry KEY as MiscError: its grading never finished. */
static int
give_up(struct store *s, MDB_txn *txn, MDB_val *key)
{
	json_t *f = json_pack("{s:s, s:f, s:s, s:[], s:n, s:s}",
	    "status", "MiscError", "score", 0.0,
	    "report", "The grader failed on this submission; the staff can see why.",
	    "tests", "key", "log", "grading did not finish after several attempts");
	int rc;

	if (f == NULL)
		return STORE_ERROR;
	rc = finish_in(s, txn, key, f);
	json_decref(f);
	return rc;
}

int
queue_claim(struct store *s, struct queue_lease *me, uint64_t *id,
    json_t **record, size_t *waiting)
{
	enum { MAX_POISON = 16 };
	unsigned char found[8], poison[MAX_POISON][8];
	size_t npoison = 0, after = 0;
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	time_t now = time(NULL);
	int rc, have = 0;

	*record = NULL;
	if ((rc = store_scan_begin(s, 0, s->queue, &txn, &cur)))
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		struct queue_lease old;

		if (k.mv_size != 8)
			continue;
		if (lease_from_val(&v, &old) == 0 && old.pid != 0 &&
		    queue_lease_alive(&old, now))
			continue;	/* being graded */
		if (old.attempt >= QUEUE_MAX_ATTEMPTS) {
			if (npoison < MAX_POISON)
				memcpy(poison[npoison++], k.mv_data, 8);
			continue;
		}
		if (have) {
			after++;
			continue;
		}
		memcpy(found, k.mv_data, 8);
		me->attempt = old.attempt + 1;
		have = 1;
	}
	mdb_cursor_close(cur);
	if (rc && rc != MDB_NOTFOUND)
		return store_txn_end(s, txn, store_fail(s, rc, "scan queue"));
	rc = STORE_OK;
	for (size_t i = 0; i < npoison && rc == STORE_OK; i++) {
		MDB_val key = { 8, poison[i] };

		rc = give_up(s, txn, &key);
	}
	if (have && rc == STORE_OK) {
		MDB_val key = { 8, found };
		json_t *l = lease_to_json(me);

		rc = l ? store_put_json(s, txn, s->queue, &key, l) : STORE_ERROR;
		json_decref(l);
		if (rc == STORE_OK)
			rc = store_get_json(s, txn, s->subs, &key, record);
		if (rc == STORE_NOTFOUND) {
			/* Queued without a record (should not happen): drop it. */
			mdb_del(txn, s->queue, &key, NULL);
			have = 0;
			rc = STORE_OK;
		}
		*id = store_key_id(found);
	}
	if ((rc = store_txn_end(s, txn, rc))) {
		json_decref(*record);
		*record = NULL;
		return rc;
	}
	if (waiting)
		*waiting = after;
	return have ? STORE_OK : STORE_NOTFOUND;
}

int
queue_finish(struct store *s, uint64_t id, const struct queue_lease *me, json_t *fields)
{
	unsigned char key[8];
	MDB_val k = { 8, key }, v;
	struct queue_lease cur;
	MDB_txn *txn;
	int rc;

	store_id_key(id, key);
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	rc = mdb_get(txn, s->queue, &k, &v);
	if (rc == MDB_NOTFOUND || (rc == 0 &&
	    (lease_from_val(&v, &cur) || !same_lease(&cur, me))))
		rc = STORE_NOTFOUND;	/* another grader holds it now */
	else if (rc)
		rc = store_fail(s, rc, "read queue");
	else
		rc = finish_in(s, txn, &k, fields);
	return store_txn_end(s, txn, rc);
}

int
queue_requeue(struct store *s, uint64_t id)
{
	unsigned char key[8];
	MDB_val k = { 8, key }, v;
	MDB_txn *txn;
	json_t *rec;
	int rc;

	store_id_key(id, key);
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	if ((rc = store_get_json(s, txn, s->subs, &k, &rec)))
		return store_txn_end(s, txn, rc);
	json_object_set_new(rec, "status", json_string("Evaluating"));
	json_object_set_new(rec, "score", json_null());
	rc = store_put_json(s, txn, s->subs, &k, rec);
	json_decref(rec);
	v.mv_data = "";
	v.mv_size = 0;
	if (rc == STORE_OK && (rc = mdb_put(txn, s->queue, &k, &v, 0)))
		rc = store_fail(s, rc, "queue");
	return store_txn_end(s, txn, rc);
}

int
queue_count(struct store *s, size_t *waiting, size_t *leased)
{
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	time_t now = time(NULL);
	size_t w = 0, l = 0;
	int rc;

	if ((rc = store_scan_begin(s, MDB_RDONLY, s->queue, &txn, &cur)))
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		struct queue_lease q;

		if (lease_from_val(&v, &q) == 0 && q.pid != 0 && queue_lease_alive(&q, now))
			l++;
		else
			w++;
	}
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	if (waiting)
		*waiting = w;
	if (leased)
		*leased = l;
	return STORE_OK;
}
