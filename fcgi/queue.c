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

/*
 * A regrade's result came: RECORD's "changed" says whether its label
 * differs from the one before (the last of its "history"), and the job it
 * waited in counts it when it does. Within TXN.
 */
static int
regraded(struct store *s, MDB_txn *txn, json_t *rec)
{
	json_t *hist = json_object_get(rec, "history"), *job = json_object_get(rec, "regrading");
	json_t *prev = json_array_get(hist, json_array_size(hist) - 1), *jrec = NULL;
	const char *from = json_string_value(json_object_get(prev, "status"));
	const char *to = json_string_value(json_object_get(rec, "status"));
	unsigned char key[8];
	MDB_val k = { 8, key };
	int rc = STORE_OK;

	if (prev == NULL)
		return STORE_OK;
	if (from && to && strcmp(from, to) != 0) {
		json_object_set_new(rec, "changed", json_pack("{s:s, s:s}", "from", from, "to", to));
		if (json_is_integer(job)) {
			store_id_key((uint64_t)json_integer_value(job), key);
			rc = store_get_json(s, txn, s->jobs, &k, &jrec);
			if (rc == STORE_OK) {
				json_object_set_new(jrec, "changed", json_integer(
				    json_integer_value(json_object_get(jrec, "changed")) + 1));
				rc = store_put_json(s, txn, s->jobs, &k, jrec);
			} else if (rc == STORE_NOTFOUND) {
				rc = STORE_OK;
			}
			json_decref(jrec);
		}
	} else {
		json_object_del(rec, "changed");
	}
	json_object_del(rec, "regrading");
	return rc;
}

/*
 * Merges FIELDS into the record at KEY, folds its result into its owner's
 * summary, and deletes the queue entry at KEY and its place in the order.
 */
static int
finish_in(struct store *s, MDB_txn *txn, MDB_val *key, json_t *fields)
{
	json_t *rec = NULL;
	int rc;

	rc = store_get_sub(s, txn, key, 1, &rec);
	if (rc == STORE_OK) {
		json_object_update(rec, fields);
		rc = regraded(s, txn, rec);
		if (rc == STORE_OK)
			rc = store_put_sub(s, txn, key, rec);
		if (rc == STORE_OK)
			rc = store_summary_fold(s, txn, rec);
	} else if (rc == STORE_NOTFOUND) {
		rc = STORE_OK;	/* a queue entry without a record: just drop it */
	}
	if (rc == STORE_OK)
		rc = store_sched_remove(s, txn, json_string_value(json_object_get(rec, "login")),
		    store_key_id(key->mv_data));
	json_decref(rec);
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

/*
 * What a claim's scan found dead: N_STALE order entries whose queue entry is
 * gone (forgotten), N_POISON entries out of attempts (given up: MiscError).
 */
static int
drop_dead(struct store *s, MDB_txn *txn, unsigned char (*stale)[STORE_SCHED_KEY],
    size_t nstale, unsigned char (*poison)[8], size_t npoison)
{
	int rc = STORE_OK;

	for (size_t i = 0; i < nstale && rc == STORE_OK; i++) {
		MDB_val key = { STORE_SCHED_KEY, stale[i] };

		if ((rc = mdb_del(txn, s->sched, &key, NULL)) && rc != MDB_NOTFOUND)
			rc = store_fail(s, rc, "unschedule");
		else
			rc = STORE_OK;
	}
	for (size_t i = 0; i < npoison && rc == STORE_OK; i++) {
		MDB_val key = { 8, poison[i] };

		rc = give_up(s, txn, &key);
	}
	return rc;
}

static int
is_busy(const MDB_val *busy, size_t n, const MDB_val *login)
{
	for (size_t i = 0; i < n; i++)
		if (busy[i].mv_size == login->mv_size &&
		    memcmp(busy[i].mv_data, login->mv_data, login->mv_size) == 0)
			return 1;
	return 0;
}

/*
 * The order of the queue is sched's (store_private.h): each student's
 * oldest waiting submission in turn, regrades after all live work. A
 * student's live work is graded one submission at a time: while one of
 * theirs is being graded, their others wait, whatever else does, so a
 * flood of programs that sleep holds one grader at most. Only the entries
 * being graded (at most one per grader) and the waiting ones of students
 * being graded (at most their limit each) are stepped over, so a claim
 * costs the same with thousands waiting.
 */
int
queue_claim(struct store *s, struct queue_lease *me, uint64_t *id,
    json_t **record, size_t *waiting)
{
	enum { MAX_POISON = 16, MAX_STALE = 64, MAX_BUSY = 64 };
	unsigned char found[STORE_SCHED_KEY], poison[MAX_POISON][8], stale[MAX_STALE][STORE_SCHED_KEY];
	MDB_val busy[MAX_BUSY];	/* logins with live work being graded */
	size_t npoison = 0, nstale = 0, skipped = 0, entries = 0, nbusy = 0;
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	MDB_stat st;
	time_t now = time(NULL);
	int rc, have = 0;

	*record = NULL;
	if ((rc = store_scan_begin(s, 0, s->sched, &txn, &cur)))
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		struct queue_lease old;
		MDB_val qk, qv;
		int qrc;

		if (k.mv_size != STORE_SCHED_KEY)
			continue;
		qk.mv_size = 8;
		qk.mv_data = (unsigned char *)k.mv_data + 9;
		qrc = mdb_get(txn, s->queue, &qk, &qv);
		if (qrc == MDB_NOTFOUND) {
			if (nstale < MAX_STALE)	/* finished by other means: forget it */
				memcpy(stale[nstale++], k.mv_data, STORE_SCHED_KEY);
			continue;
		}
		if (qrc) {
			rc = qrc;
			break;
		}
		if (lease_from_val(&qv, &old) == 0 && old.pid != 0 &&
		    queue_lease_alive(&old, now)) {
			skipped++;
			/* Live work's value is its owner's login (none: an older store's). */
			if (((unsigned char *)k.mv_data)[0] == 0 && v.mv_size > 0 && nbusy < MAX_BUSY)
				busy[nbusy++] = v;
			continue;	/* being graded */
		}
		if (((unsigned char *)k.mv_data)[0] == 0 && v.mv_size > 0 && is_busy(busy, nbusy, &v))
			continue;	/* its owner has one being graded: it waits its turn */
		if (old.attempt >= QUEUE_MAX_ATTEMPTS) {
			if (npoison < MAX_POISON)
				memcpy(poison[npoison++], qk.mv_data, 8);
			continue;
		}
		memcpy(found, k.mv_data, STORE_SCHED_KEY);
		me->attempt = old.attempt + 1;
		have = 1;
		break;
	}
	mdb_cursor_close(cur);
	if (rc && rc != MDB_NOTFOUND)
		return store_txn_end(s, txn, store_fail(s, rc, "scan queue"));
	rc = drop_dead(s, txn, stale, nstale, poison, npoison);
	if (have && rc == STORE_OK) {
		MDB_val key = { 8, found + 9 };
		json_t *l = lease_to_json(me);

		rc = l ? store_put_json(s, txn, s->queue, &key, l) : STORE_ERROR;
		json_decref(l);
		if (rc == STORE_OK && found[0] == 0)
			rc = store_round_reached(s, txn, store_key_id(found + 1));
		if (rc == STORE_OK)
			rc = store_get_sub(s, txn, &key, 1, record);
		if (rc == STORE_NOTFOUND) {
			/* Queued without a record (should not happen): drop it. */
			MDB_val sk = { STORE_SCHED_KEY, found };

			mdb_del(txn, s->queue, &key, NULL);
			mdb_del(txn, s->sched, &sk, NULL);
			have = 0;
			rc = STORE_OK;
		}
		*id = store_key_id(found + 9);
	}
	if (rc == STORE_OK && mdb_stat(txn, s->sched, &st) == 0)
		entries = st.ms_entries;
	if ((rc = store_txn_end(s, txn, rc))) {
		json_decref(*record);
		*record = NULL;
		return rc;
	}
	if (waiting)
		*waiting = entries > skipped + (size_t)have ? entries - skipped - (size_t)have : 0;
	return have ? STORE_OK : STORE_NOTFOUND;
}

/*
 * Does ME still hold the queue entry at KEY (its lease, read into *CUR)?
 * STORE_OK; STORE_NOTFOUND when the entry is gone or another grader holds
 * it now; STORE_ERROR when it cannot be read.
 */
static int
lease_held(struct store *s, MDB_txn *txn, MDB_val *key, const struct queue_lease *me,
    struct queue_lease *cur)
{
	MDB_val v;
	int rc = mdb_get(txn, s->queue, key, &v);

	if (rc == MDB_NOTFOUND || (rc == 0 && (lease_from_val(&v, cur) || !same_lease(cur, me))))
		return STORE_NOTFOUND;
	return rc ? store_fail(s, rc, "read queue") : STORE_OK;
}

int
queue_finish(struct store *s, uint64_t id, const struct queue_lease *me, json_t *fields)
{
	unsigned char key[8];
	MDB_val k = { 8, key };
	struct queue_lease cur;
	MDB_txn *txn;
	int rc;

	store_id_key(id, key);
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	if ((rc = lease_held(s, txn, &k, me, &cur)) == STORE_OK)
		rc = finish_in(s, txn, &k, fields);
	return store_txn_end(s, txn, rc);
}

/* The fields of a result that a regrade keeps in the record's history. */
static const char *const result_fields[] = { "status", "score", "valid", "graded", "report" };

/*
 * Puts the submission at KEY back in the queue within TXN, its result kept
 * as the last of its "history", waiting in regrade job JOB (0: none).
 * STORE_EXISTS (nothing done) when it waits already.
 */
static int
requeue_in(struct store *s, MDB_txn *txn, MDB_val *k, uint64_t job)
{
	MDB_val v = { 0, "" };
	json_t *rec, *hist, *prev;
	const char *login, *exercise;
	int rc;

	if ((rc = mdb_get(txn, s->queue, k, &v)) == 0)
		return STORE_EXISTS;
	if (rc != MDB_NOTFOUND)
		return store_fail(s, rc, "read queue");
	if ((rc = store_get_sub(s, txn, k, 1, &rec)))
		return rc;
	if (!json_is_array(hist = json_object_get(rec, "history")))
		json_object_set_new(rec, "history", hist = json_array());
	prev = json_object();
	for (size_t i = 0; i < sizeof(result_fields) / sizeof(*result_fields); i++) {
		json_t *f = json_object_get(rec, result_fields[i]);

		json_object_set(prev, result_fields[i], f ? f : json_null());
	}
	json_array_append_new(hist, prev);
	json_object_set_new(rec, "status", json_string("Evaluating"));
	json_object_set_new(rec, "score", json_null());
	if (job)
		json_object_set_new(rec, "regrading", json_integer((json_int_t)job));
	else
		json_object_del(rec, "regrading");
	rc = store_put_sub(s, txn, k, rec);
	login = json_string_value(json_object_get(rec, "login"));
	exercise = json_string_value(json_object_get(rec, "exercise"));
	/* Its result no longer counts: the summary is made again without it. */
	if (rc == STORE_OK && login && exercise)
		rc = store_summary_rebuild(s, txn, login, exercise);
	v.mv_data = "";
	v.mv_size = 0;
	if (rc == STORE_OK && (rc = mdb_put(txn, s->queue, k, &v, 0)))
		rc = store_fail(s, rc, "queue");
	if (rc == STORE_OK)
		rc = store_sched_regrade(s, txn, login, store_key_id(k->mv_data));
	json_decref(rec);
	return rc;
}

int
queue_requeue(struct store *s, uint64_t id)
{
	unsigned char key[8];
	MDB_val k = { 8, key };
	MDB_txn *txn;
	int rc;

	store_id_key(id, key);
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	rc = requeue_in(s, txn, &k, 0);
	return store_txn_end(s, txn, rc == STORE_EXISTS ? STORE_OK : rc);
}

int
queue_regrade(struct store *s, const uint64_t *ids, size_t n, const char *by, time_t now,
    uint64_t *job, size_t *total)
{
	unsigned char key[9];
	MDB_val k = { 8, key }, v;
	MDB_txn *txn;
	unsigned char *taken = NULL;
	size_t nt = 0;
	uint64_t j;
	json_t *rec;
	int rc;

	if ((taken = malloc(n ? n * 8 : 1)) == NULL) {
		snprintf(s->error, sizeof(s->error), "out of memory");
		return STORE_ERROR;
	}
	if ((rc = store_txn_begin(s, 0, &txn))) {
		free(taken);
		return rc;
	}
	if ((rc = store_meta_u64(s, txn, "next-job", &j)) == STORE_OK)
		rc = store_meta_put_u64(s, txn, "next-job", (j = j ? j : 1) + 1);
	for (size_t i = 0; i < n && rc == STORE_OK; i++) {
		store_id_key(ids[i], key);
		rc = requeue_in(s, txn, &k, j);
		if (rc == STORE_OK)
			memcpy(taken + 8 * nt++, key, 8);
		else if (rc == STORE_EXISTS || rc == STORE_NOTFOUND)
			rc = STORE_OK;	/* waiting already, or gone: not this job's */
	}
	if (rc == STORE_OK) {
		rec = json_pack("{s:I, s:s, s:I, s:b, s:i}", "created", (json_int_t)now,
		    "by", by ? by : "", "total", (json_int_t)nt, "cancelled", 0, "changed", 0);
		rc = rec ? store_job_put(s, txn, j, rec) : STORE_ERROR;
		json_decref(rec);
	}
	if (rc == STORE_OK) {
		store_id_key(j, key);
		key[8] = 'i';
		k.mv_size = 9;
		v.mv_size = nt * 8;
		v.mv_data = taken;
		if ((rc = mdb_put(txn, s->jobs, &k, &v, 0)))
			rc = store_fail(s, rc, "write a job");
	}
	free(taken);
	if ((rc = store_txn_end(s, txn, rc)) == STORE_OK) {
		*job = j;
		*total = nt;
	}
	return rc;
}

/*
 * Takes the submission at K, waiting in job JOB, out of the queue within
 * TXN, its previous result restored. Left alone (STORE_EXISTS) while a
 * grader holds it: that grading finishes; STORE_NOTFOUND when it is gone or
 * no longer waits in JOB.
 */
static int
unqueue_in(struct store *s, MDB_txn *txn, MDB_val *k, uint64_t job, time_t now)
{
	struct queue_lease l;
	MDB_val v;
	json_t *rec, *hist, *prev;
	const char *login, *exercise;
	int rc;

	if ((rc = mdb_get(txn, s->queue, k, &v)) == 0 && lease_from_val(&v, &l) == 0 &&
	    l.pid != 0 && queue_lease_alive(&l, now))
		return STORE_EXISTS;
	if (rc && rc != MDB_NOTFOUND)
		return store_fail(s, rc, "read queue");
	if ((rc = store_get_sub(s, txn, k, 1, &rec)))
		return rc;
	hist = json_object_get(rec, "history");
	prev = json_array_get(hist, json_array_size(hist) - 1);
	if ((uint64_t)json_integer_value(json_object_get(rec, "regrading")) != job ||
	    prev == NULL) {
		json_decref(rec);
		return STORE_NOTFOUND;	/* not this job's any more */
	}
	json_object_update(rec, prev);
	json_array_remove(hist, json_array_size(hist) - 1);
	json_object_del(rec, "regrading");
	rc = store_put_sub(s, txn, k, rec);
	login = json_string_value(json_object_get(rec, "login"));
	exercise = json_string_value(json_object_get(rec, "exercise"));
	if (rc == STORE_OK && login && exercise)
		rc = store_summary_rebuild(s, txn, login, exercise);
	if (rc == STORE_OK)
		rc = store_sched_remove(s, txn, login, store_key_id(k->mv_data));
	if (rc == STORE_OK && (rc = mdb_del(txn, s->queue, k, NULL)) && rc != MDB_NOTFOUND)
		rc = store_fail(s, rc, "dequeue");
	else if (rc == MDB_NOTFOUND)
		rc = STORE_OK;
	json_decref(rec);
	return rc;
}

int
queue_cancel(struct store *s, uint64_t job, size_t *restored)
{
	unsigned char key[9];
	MDB_val k = { 9, key }, v, ik = { 8, NULL };
	MDB_txn *txn;
	json_t *rec = NULL;
	unsigned char *ids = NULL;
	size_t n = 0, back = 0;
	time_t now = time(NULL);
	int rc;

	store_id_key(job, key);
	key[8] = 'i';
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	k.mv_size = 8;
	if ((rc = store_get_json(s, txn, s->jobs, &k, &rec)))
		return store_txn_end(s, txn, rc);
	k.mv_size = 9;
	if ((rc = mdb_get(txn, s->jobs, &k, &v)) == 0 && (ids = malloc(v.mv_size + 1))) {
		/* A copy: the writes below may move the map's pages. */
		memcpy(ids, v.mv_data, v.mv_size);
		n = v.mv_size / 8;
	} else if (rc == 0) {
		rc = ENOMEM;
	}
	rc = rc == 0 || rc == MDB_NOTFOUND ? STORE_OK : store_fail(s, rc, "read a job");
	for (size_t i = 0; i < n && rc == STORE_OK; i++) {
		ik.mv_data = ids + 8 * i;
		if ((rc = unqueue_in(s, txn, &ik, job, now)) == STORE_OK)
			back++;
		else if (rc == STORE_EXISTS || rc == STORE_NOTFOUND)
			rc = STORE_OK;	/* being graded, or graded: not taken back */
	}
	free(ids);
	if (rc == STORE_OK) {
		json_object_set_new(rec, "cancelled", json_true());
		rc = store_job_put(s, txn, job, rec);
	}
	json_decref(rec);
	if ((rc = store_txn_end(s, txn, rc)) == STORE_OK && restored)
		*restored = back;
	return rc;
}

int
queue_release(struct store *s, uint64_t id, const struct queue_lease *me)
{
	unsigned char key[8];
	MDB_val k = { 8, key }, v;
	struct queue_lease cur;
	MDB_txn *txn;
	json_t *l;
	int rc;

	store_id_key(id, key);
	if ((rc = store_txn_begin(s, 0, &txn)))
		return rc;
	if ((rc = lease_held(s, txn, &k, me, &cur)))
		return store_txn_end(s, txn, rc);
	/* Waiting again, this grading not counted: it was not the submission's doing. */
	if (me->attempt <= 1) {
		v.mv_data = "";
		v.mv_size = 0;
		rc = (rc = mdb_put(txn, s->queue, &k, &v, 0)) ? store_fail(s, rc, "release") : STORE_OK;
	} else {
		cur.pid = 0;
		cur.attempt = me->attempt - 1;
		l = lease_to_json(&cur);
		rc = l ? store_put_json(s, txn, s->queue, &k, l) : STORE_ERROR;
		json_decref(l);
	}
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
