/*
 * store_staff.c - what staff see of the store: lists and scans of the
 * submissions' index, regrade jobs' progress, the audit log; see store.h
 * ("What staff see").
 *
 * A list never reads a record: it walks the smallest index the filter
 * allows (a login's bylogin keys, an exercise's or a folder's byex keys,
 * else subidx), decodes each entry in place (the strings point into LMDB's
 * map, valid for the read transaction), keeps those that match, sorts them
 * and turns only the page into JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/isotime.h"
#include "fcgi/store_private.h"
#include "sandbox/format/label.h"

void
store_filter_init(struct store_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->label = -1;
	f->valid = -1;
}

/* Is EXERCISE the filter's exercise, or under its folder? */
static int
exercise_match(const char *want, const char *exercise)
{
	size_t n = strlen(want);

	if (n > 0 && want[n - 1] == '/')
		return strncmp(exercise, want, n) == 0;
	return strcmp(exercise, want) == 0;
}

int
store_filter_match(const struct store_filter *f, const struct store_subinfo *si)
{
	if (f == NULL)
		return 1;
	if (f->exercise && !exercise_match(f->exercise, si->exercise))
		return 0;
	if (f->login && strcmp(f->login, si->login) != 0)
		return 0;
	if (f->language && strcmp(f->language, si->language) != 0)
		return 0;
	if (f->label >= 0 && f->label != si->label)
		return 0;
	if (f->valid >= 0 && f->valid != si->valid)
		return 0;
	if (f->from && si->received < f->from)
		return 0;
	if (f->to && si->received > f->to)
		return 0;
	return 1;
}

/*
 * The scan itself, within TXN: the source is bylogin (F's login, or every
 * login when BY_LOGIN), byex (F's exercise or folder) or subidx. FN sees
 * every entry F matches.
 */
static int
scan_in(struct store *s, MDB_txn *txn, const struct store_filter *f, int by_login,
    store_subinfo_fn *fn, void *ctx)
{
	unsigned char prefix[600];
	size_t plen = 0;
	MDB_dbi src = s->subidx;
	MDB_cursor *cur;
	MDB_val k, v;
	int rc, ret = 0, keyed;

	if (f && f->login) {
		size_t ll = strlen(f->login);

		if (ll + 1 > sizeof(prefix))
			return 0;
		memcpy(prefix, f->login, ll + 1);
		plen = ll + 1;
		src = s->bylogin;
	} else if (by_login) {
		src = s->bylogin;
	} else if (f && f->exercise) {
		size_t el = strlen(f->exercise);

		if (el + 1 > sizeof(prefix))
			return 0;
		memcpy(prefix, f->exercise, el + 1);
		/* A folder is a range: every exercise whose id starts with it. */
		plen = el > 0 && f->exercise[el - 1] == '/' ? el : el + 1;
		src = s->byex;
	}
	keyed = src != s->subidx;
	if ((rc = mdb_cursor_open(txn, src, &cur)))
		return store_fail(s, rc, "cursor");
	k.mv_size = plen;
	k.mv_data = prefix;
	for (rc = mdb_cursor_get(cur, &k, &v, plen ? MDB_SET_RANGE : MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		struct store_subinfo si;
		MDB_val ik = k, iv;

		if (k.mv_size < plen + 8 || memcmp(k.mv_data, prefix, plen) != 0)
			break;
		if (keyed) {
			ik.mv_size = 8;
			ik.mv_data = (unsigned char *)k.mv_data + k.mv_size - 8;
			if (mdb_get(txn, s->subidx, &ik, &iv) != 0)
				continue;
		} else {
			iv = v;
		}
		if (ik.mv_size != 8 || store_subinfo_decode(&iv, store_key_id(ik.mv_data), &si))
			continue;
		if (store_filter_match(f, &si) && (ret = fn(&si, ctx)) != 0)
			break;
	}
	mdb_cursor_close(cur);
	if (ret)
		return ret;
	return rc && rc != MDB_NOTFOUND ? store_fail(s, rc, "scan the index") : STORE_OK;
}

int
store_subinfo_scan(struct store *s, const struct store_filter *f, int by_login,
    store_subinfo_fn *fn, void *ctx)
{
	MDB_txn *txn;
	int rc;

	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn)))
		return rc;
	rc = scan_in(s, txn, f, by_login, fn, ctx);
	mdb_txn_abort(txn);
	return rc;
}

int
store_subinfo_get(struct store *s, uint64_t id, struct store_subinfo *si, char *buf,
    size_t buflen)
{
	unsigned char key[8];
	MDB_val k = { 8, key }, v;
	MDB_txn *txn;
	int rc;

	store_id_key(id, key);
	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn)))
		return rc;
	rc = mdb_get(txn, s->subidx, &k, &v);
	if (rc == 0 && store_subinfo_decode(&v, id, si) == 0) {
		size_t ll = strlen(si->login) + 1, el = strlen(si->exercise) + 1;
		size_t gl = strlen(si->language) + 1;

		if (ll + el + gl > buflen) {
			snprintf(s->error, sizeof(s->error), "index entry too long for its buffer");
			rc = STORE_ERROR;
		} else {
			memcpy(buf, si->login, ll);
			memcpy(buf + ll, si->exercise, el);
			memcpy(buf + ll + el, si->language, gl);
			si->login = buf;
			si->exercise = buf + ll;
			si->language = buf + ll + el;
			rc = STORE_OK;
		}
	} else if (rc == 0 || rc == MDB_NOTFOUND) {
		rc = STORE_NOTFOUND;
	} else {
		rc = store_fail(s, rc, "read the index");
	}
	mdb_txn_abort(txn);
	return rc;
}

/* What a list sorts: an entry's sort fields, its strings in the map. */
struct row {
	uint64_t id;
	time_t received;
	double score;
	int label, has_score;
	const char *login, *exercise, *language;
};

struct rows {
	struct row *v;
	size_t n, cap;
	int failed;
};

static int
collect(const struct store_subinfo *si, void *ctx)
{
	struct rows *r = ctx;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		struct row *nv = realloc(r->v, cap * sizeof(*nv));

		if (nv == NULL) {
			r->failed = 1;
			return 1;
		}
		r->v = nv;
		r->cap = cap;
	}
	r->v[r->n++] = (struct row){ si->id, si->received, si->score, si->label, si->has_score,
		si->login, si->exercise, si->language };
	return 0;
}

static enum store_sort sort_by;

static int
cmp_row(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c = 0;

	switch (sort_by) {
	case STORE_SORT_RECEIVED:
		c = (a->received > b->received) - (a->received < b->received);
		break;
	case STORE_SORT_ID:
		break;
	case STORE_SORT_LOGIN:
		c = strcmp(a->login, b->login);
		break;
	case STORE_SORT_EXERCISE:
		c = strcmp(a->exercise, b->exercise);
		break;
	case STORE_SORT_STATUS:
		c = (a->label > b->label) - (a->label < b->label);
		break;
	case STORE_SORT_SCORE:
		/* No score sorts below every score. */
		c = a->has_score != b->has_score ? a->has_score - b->has_score :
		    (a->score > b->score) - (a->score < b->score);
		break;
	case STORE_SORT_LANGUAGE:
		c = strcmp(a->language, b->language);
		break;
	}
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* The JSON of a list's row: the index entry of ID, read within TXN. */
static json_t *
row_json(struct store *s, MDB_txn *txn, uint64_t id)
{
	unsigned char key[8];
	MDB_val k = { 8, key }, v;
	struct store_subinfo si;
	char when[ISOTIME_SIZE];

	store_id_key(id, key);
	if (mdb_get(txn, s->subidx, &k, &v) || store_subinfo_decode(&v, id, &si))
		return NULL;
	isotime_format(si.received, when);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:b, s:o}",
	    "id", (json_int_t)id, "login", si.login, "exercise", si.exercise,
	    "language", si.language, "received", when, "status", label_name(si.label),
	    "valid", si.valid, "score", si.has_score ? json_real(si.score) : json_null(),
	    "regraded", si.regraded, "changed", si.changed ? json_pack("{s:s, s:s}",
	    "from", label_name(si.from), "to", label_name(si.label)) : json_null());
}

int
store_staff_list(struct store *s, const struct store_filter *f, enum store_sort sort,
    int desc, size_t offset, size_t max, json_t **out, size_t *total)
{
	struct rows r = { 0 };
	MDB_txn *txn;
	json_t *list;
	int rc;

	*out = NULL;
	if ((list = json_array()) == NULL)
		return STORE_ERROR;
	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn))) {
		json_decref(list);
		return rc;
	}
	rc = scan_in(s, txn, f, 0, collect, &r);
	if (r.failed) {
		snprintf(s->error, sizeof(s->error), "out of memory");
		rc = STORE_ERROR;
	}
	if (rc == STORE_OK) {
		/* Ids grow with time: by id is already by received, unless a record was edited. */
		sort_by = sort;
		qsort(r.v, r.n, sizeof(*r.v), cmp_row);
		for (size_t i = offset; i < r.n && i - offset < max; i++) {
			json_t *row = row_json(s, txn, r.v[desc ? r.n - 1 - i : i].id);

			if (row)
				json_array_append_new(list, row);
		}
		*total = r.n;
		*out = list;
		list = NULL;
	}
	mdb_txn_abort(txn);
	free(r.v);
	json_decref(list);
	return rc;
}

/* Regrade jobs. */

int
store_job_put(struct store *s, MDB_txn *txn, uint64_t job, json_t *rec)
{
	unsigned char key[8];
	MDB_val k = { 8, key };

	store_id_key(job, key);
	return store_put_json(s, txn, s->jobs, &k, rec);
}

int
store_job_get(struct store *s, uint64_t job, struct store_job *out)
{
	unsigned char key[9];
	MDB_val k = { 8, key }, v;
	MDB_txn *txn;
	json_t *rec = NULL;
	const char *by;
	int rc;

	memset(out, 0, sizeof(*out));
	store_id_key(job, key);
	if ((rc = store_txn_begin(s, MDB_RDONLY, &txn)))
		return rc;
	if ((rc = store_get_json(s, txn, s->jobs, &k, &rec)))
		goto out;
	out->job = job;
	out->total = (size_t)json_integer_value(json_object_get(rec, "total"));
	out->cancelled = json_is_true(json_object_get(rec, "cancelled"));
	out->created = (time_t)json_integer_value(json_object_get(rec, "created"));
	by = json_string_value(json_object_get(rec, "by"));
	snprintf(out->by, sizeof(out->by), "%s", by ? by : "");
	key[8] = 'i';
	k.mv_size = 9;
	if ((rc = mdb_get(txn, s->jobs, &k, &v)) == 0) {
		const unsigned char *ids = v.mv_data;

		/* Done: no longer waiting in this job (graded again, or taken back). */
		for (size_t i = 0; i + 8 <= v.mv_size; i += 8) {
			MDB_val ik = { 8, (void *)(ids + i) }, iv;
			struct store_subinfo si;

			if (mdb_get(txn, s->subidx, &ik, &iv) ||
			    store_subinfo_decode(&iv, 0, &si) || si.job != job) {
				out->done++;
				continue;
			}
		}
		/* Changed: of the done ones, those graded to another label by this job. */
		out->changed = (size_t)json_integer_value(json_object_get(rec, "changed"));
		rc = STORE_OK;
	} else if (rc == MDB_NOTFOUND) {
		out->done = out->total;
		rc = STORE_OK;
	} else {
		rc = store_fail(s, rc, "read a job");
	}
	out->finished = out->done >= out->total;
out:
	mdb_txn_abort(txn);
	json_decref(rec);
	return rc;
}

/* The audit log. */

int
store_audit_add(struct store *s, time_t when, const char *login, const char *address,
    const char *action, const char *detail)
{
	unsigned char key[16];
	MDB_val k = { 16, key };
	char iso[ISOTIME_SIZE];
	uint64_t seq;
	MDB_txn *txn;
	json_t *e;
	int rc;

	isotime_format(when, iso);
	e = json_pack("{s:s, s:s, s:s, s:s, s:s}", "time", iso, "login", login ? login : "",
	    "address", address ? address : "", "action", action, "detail", detail ? detail : "");
	if (e == NULL) {
		snprintf(s->error, sizeof(s->error), "cannot make an audit entry");
		return STORE_ERROR;
	}
	if ((rc = store_txn_begin(s, 0, &txn))) {
		json_decref(e);
		return rc;
	}
	if ((rc = store_meta_u64(s, txn, "next-audit", &seq)) == STORE_OK &&
	    (rc = store_meta_put_u64(s, txn, "next-audit", seq + 1)) == STORE_OK) {
		store_id_key((uint64_t)when, key);
		store_id_key(seq, key + 8);
		rc = store_put_json(s, txn, s->audit, &k, e);
	}
	json_decref(e);
	return store_txn_end(s, txn, rc);
}

static int
audit_match(const struct store_audit_filter *f, const MDB_val *k, json_t *e)
{
	time_t t = (time_t)store_key_id(k->mv_data);
	const char *login, *action;

	if (f->from && t < f->from)
		return 0;
	if (f->to && t > f->to)
		return 0;
	login = json_string_value(json_object_get(e, "login"));
	action = json_string_value(json_object_get(e, "action"));
	if (f->login && (login == NULL || strcmp(f->login, login) != 0))
		return 0;
	if (f->action && (action == NULL || strcmp(f->action, action) != 0))
		return 0;
	return 1;
}

int
store_audit_list(struct store *s, const struct store_audit_filter *f, size_t offset,
    size_t max, json_t **out, size_t *total)
{
	struct store_audit_filter any = { 0 };
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	json_t *list = json_array();
	size_t n = 0;
	int rc;

	*out = NULL;
	f = f ? f : &any;
	if (list == NULL)
		return STORE_ERROR;
	if ((rc = store_scan_begin(s, MDB_RDONLY, s->audit, &txn, &cur))) {
		json_decref(list);
		return rc;
	}
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_LAST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_PREV)) {
		json_t *e;

		if (k.mv_size != 16)
			continue;
		if (f->from && (time_t)store_key_id(k.mv_data) < f->from)
			break;	/* newest first: the rest is older still */
		if ((e = json_loadb(v.mv_data, v.mv_size, 0, NULL)) == NULL)
			continue;
		if (audit_match(f, &k, e) && n++ >= offset && json_array_size(list) < max)
			json_array_append(list, e);
		json_decref(e);
	}
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	if (rc != 0 && rc != MDB_NOTFOUND) {	/* 0: stopped at FROM */
		json_decref(list);
		return store_fail(s, rc, "read the audit log");
	}
	*out = list;
	*total = n;
	return STORE_OK;
}
