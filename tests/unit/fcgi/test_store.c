/* test_store.c - the LMDB store and the grading queue, on a real LMDB file. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fcgi/queue.h"
#include "fcgi/store.h"
#include "fcgi/store_private.h"
#include "tests/tap.h"
#include "tests/unit/fcgi/fcgi_util.h"


static struct store *
reopen(struct store *s)
{
	char err[256];

	store_close(s);
	if (store_open(tmp_dir, &s, err, sizeof(err)) != STORE_OK) {
		diag("store_open: %s", err);
		exit(1);
	}
	return s;
}

static void
test_users(struct store *s)
{
	struct store_user u[2] = { { "ann", "student", "h1" }, { "bob", "admin", "h2" } }, got;
	size_t added, skipped;
	json_t *list;

	is_int(store_user_add(s, u, 2, 0, &added, &skipped), STORE_OK, "add two users");
	is_int(added, 2, "two added");
	strcpy(u[0].hash, "h3");
	is_int(store_user_add(s, u, 1, 0, &added, &skipped), STORE_OK, "add existing, no replace");
	ok(added == 0 && skipped == 1, "existing user skipped");
	is_int(store_user_get(s, "ann", &got), STORE_OK, "get ann");
	is_str(got.hash, "h1", "not replaced");
	is_int(store_user_add(s, u, 1, 1, &added, &skipped), STORE_OK, "add existing, replace");
	store_user_get(s, "ann", &got);
	is_str(got.hash, "h3", "replaced");
	is_int(store_user_get(s, "nobody", &got), STORE_NOTFOUND, "unknown user");
	store_user_list(s, &list);
	is_int(json_array_size(list), 2, "two users listed");
	is_str(json_string_value(json_object_get(json_array_get(list, 1), "role")), "admin",
	    "list gives roles");
	json_decref(list);
}

static void
test_sessions(struct store *s)
{
	unsigned char d1[AUTH_DIGEST_LEN] = { 1 }, d2[AUTH_DIGEST_LEN] = { 2 };
	char login[AUTH_LOGIN_MAX + 1];
	size_t removed;
	time_t now = time(NULL);

	is_int(store_session_add(s, d1, "ann", now + 100), STORE_OK, "session added");
	is_int(store_session_add(s, d2, "bob", now - 1), STORE_OK, "expired session added");
	is_int(store_session_get(s, d1, now, login), STORE_OK, "live session found");
	is_str(login, "ann", "session's login");
	is_int(store_session_get(s, d2, now, login), STORE_NOTFOUND, "expired session refused");
	is_int(store_session_purge(s, now, &removed), STORE_OK, "purge");
	is_int(removed, 1, "one expired session purged");
	is_int(store_session_del(s, d1), STORE_OK, "session deleted");
	is_int(store_session_get(s, d1, now, login), STORE_NOTFOUND, "deleted session gone");
	is_int(store_session_del(s, d1), STORE_NOTFOUND, "deleting twice");
}

static uint64_t
submit(struct store *s, const char *login, const char *exercise)
{
	json_t *rec = json_pack("{s:s, s:s, s:s, s:s}", "login", login, "exercise", exercise,
	    "code", "x", "status", "Evaluating");
	uint64_t id = 0;

	if (store_submit(s, rec, NULL, NULL, &id) != STORE_OK)
		diag("store_submit: %s", store_error(s));
	json_decref(rec);
	return id;
}

static int
at_most_two(json_t *rec, size_t previous, void *ctx)
{
	*(size_t *)ctx = previous;
	if (previous >= 2)
		return 1;
	json_object_set_new(rec, "previous", json_integer((json_int_t)previous));
	return 0;
}

static void
test_check(struct store *s)
{
	json_t *rec = json_pack("{s:s, s:s}", "login", "cat", "exercise", "c/limit");
	uint64_t id;
	size_t seen = 99;

	is_int(store_submit(s, rec, at_most_two, &seen, &id), STORE_OK, "first attempt stored");
	is_int(seen, 0, "the check saw no previous attempt");
	is_int(store_submit(s, rec, at_most_two, &seen, &id), STORE_OK, "second attempt stored");
	is_int(seen, 1, "... with one before it");
	is_int(json_integer_value(json_object_get(rec, "previous")), 1,
	    "the check may change the record");
	is_int(store_submit(s, rec, at_most_two, &seen, &id), STORE_REFUSED, "third refused");
	is_int(seen, 2, "... with two before it");
	json_decref(rec);
	json_t *list;
	size_t total;
	store_submission_list(s, "cat", "c/limit", 10, &list, &total);
	is_int(total, 2, "a refused submission is not stored");
	json_decref(list);
}

static void
test_submissions(struct store *s)
{
	uint64_t a = submit(s, "ann", "c/hello"), b = submit(s, "ann", "c/sum"),
	    c = submit(s, "ann", "c/hello"), d = submit(s, "bob", "c/hello");
	json_t *rec, *list;
	size_t total;

	ok(a == 1 && b == 2 && c == 3 && d == 4, "ids count up from 1");
	is_int(store_submission_get(s, c, &rec), STORE_OK, "get submission");
	is_int(json_integer_value(json_object_get(rec, "id")), 3, "record holds its id");
	json_decref(rec);
	is_int(store_submission_get(s, 99, &rec), STORE_NOTFOUND, "unknown id");

	store_submission_list(s, "ann", "c/hello", 10, &list, &total);
	is_int(json_array_size(list), 2, "ann has two for c/hello");
	is_int(json_integer_value(json_object_get(json_array_get(list, 0), "id")), 3,
	    "newest first");
	json_decref(list);
	store_submission_list(s, "ann", NULL, 10, &list, &total);
	is_int(json_array_size(list), 3, "ann has three in all");
	is_int(json_integer_value(json_object_get(json_array_get(list, 1), "id")), 2,
	    "all exercises interleaved by id");
	json_decref(list);
	store_submission_list(s, "ann", NULL, 1, &list, &total);
	ok(json_array_size(list) == 1 && total == 3, "max honoured, total reported");
	json_decref(list);
	store_submission_list(s, "an", NULL, 10, &list, &total);
	is_int(json_array_size(list), 0, "a login prefix matches nothing");
	json_decref(list);
}

static void
test_queue(struct store *s)
{
	struct queue_lease me, other;
	uint64_t id;
	json_t *rec, *fields;
	size_t waiting, leased;
	pid_t pid;
	int status;

	queue_count(s, &waiting, &leased);
	ok(waiting == 4 && leased == 0, "four waiting");
	queue_lease_self(&me, 60);
	is_int(queue_claim(s, &me, &id, &rec, &waiting), STORE_OK, "claim");
	is_int(id, 1, "oldest first");
	is_int(me.attempt, 1, "first attempt");
	is_int(waiting, 3, "three still waiting");
	json_decref(rec);
	queue_count(s, &waiting, &leased);
	ok(waiting == 3 && leased == 1, "one leased to a live process");

	fields = json_pack("{s:s, s:f}", "status", "Accepted", "score", 1.0);
	other = me;
	other.attempt = 7;
	is_int(queue_finish(s, 1, &other, fields), STORE_NOTFOUND, "a foreign lease cannot finish");
	is_int(queue_finish(s, 1, &me, fields), STORE_OK, "finish");
	is_int(queue_finish(s, 1, &me, fields), STORE_NOTFOUND, "finishing twice");
	json_decref(fields);
	store_submission_get(s, 1, &rec);
	is_str(json_string_value(json_object_get(rec, "status")), "Accepted", "result stored");
	is_str(json_string_value(json_object_get(rec, "code")), "x", "rest of the record kept");
	json_decref(rec);

	/*
	 * The order is fair: ann's 1, 2, 3 and bob's 4 are graded 1, 4, 2, 3
	 * (bob's first before ann's second). A grader that dies holding a
	 * lease: the entry comes back at once.
	 */
	pid = fork();
	if (pid == 0) {
		struct store *cs;
		struct queue_lease l;
		char err[256];

		if (store_open(tmp_dir, &cs, err, sizeof(err)) || queue_lease_self(&l, 3600) ||
		    queue_claim(cs, &l, &id, &rec, NULL) != STORE_OK)
			_exit(1);
		_exit(id == 4 ? 0 : 2);	/* dies without finishing */
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a child claimed entry 4 (bob's turn) and died");
	queue_lease_self(&me, 60);
	is_int(queue_claim(s, &me, &id, &rec, NULL), STORE_OK, "claim after the death");
	is_int(id, 4, "the dead grader's entry is taken again");
	is_int(me.attempt, 2, "as a second attempt");
	json_decref(rec);

	/* A lease past its deadline is void even if its process lives. */
	struct queue_lease late;
	queue_lease_self(&late, 0);
	late.deadline = time(NULL) - 10;
	is_int(queue_claim(s, &late, &id, &rec, NULL), STORE_OK, "claim with a stale deadline");
	is_int(id, 2, "takes entry 2");
	json_decref(rec);
	queue_lease_self(&me, 60);
	is_int(queue_claim(s, &me, &id, &rec, NULL), STORE_OK, "claim again");
	is_int(id, 2, "entry 2's expired lease is void");
	json_decref(rec);

	/* Entry 4 is still leased to us (live); ann's 3 waits while her 2 is graded. */
	is_int(queue_claim(s, &me, &id, &rec, NULL), STORE_NOTFOUND,
	    "ann's 3 waits while her 2 is being graded");
	fields = json_pack("{s:s, s:f}", "status", "Accepted", "score", 1.0);
	is_int(queue_finish(s, 2, &me, fields), STORE_OK, "finish entry 2");
	json_decref(fields);
	is_int(queue_claim(s, &me, &id, &rec, NULL), STORE_OK, "claim entry 3");
	is_int(id, 3, "entry 3");
	json_decref(rec);
	is_int(queue_claim(s, &me, &id, &rec, NULL), STORE_NOTFOUND, "nothing left to take");

	is_int(queue_requeue(s, 1), STORE_OK, "requeue a graded submission");
	store_submission_get(s, 1, &rec);
	is_str(json_string_value(json_object_get(rec, "status")), "Evaluating",
	    "requeued shows Evaluating");
	json_decref(rec);
	is_int(queue_requeue(s, 42), STORE_NOTFOUND, "requeue of an unknown id");
}

static void
test_poison(struct store *s)
{
	uint64_t id = submit(s, "pat", "c/poison"), got = 0;
	json_t *rec;
	int i;

	/* Drain what test_queue left, so only the poison entry remains waiting. */
	for (i = 0; i < QUEUE_MAX_ATTEMPTS; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			struct store *cs;
			struct queue_lease l;
			char err[256];
			json_t *r;

			if (store_open(tmp_dir, &cs, err, sizeof(err)) || queue_lease_self(&l, 3600))
				_exit(1);
			while (queue_claim(cs, &l, &got, &r, NULL) == STORE_OK && got != id)
				json_decref(r);
			_exit(got == id ? 0 : 2);
		}
		int st;
		waitpid(pid, &st, 0);
		ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "attempt %d claimed and died", i + 1);
	}
	struct queue_lease me;
	queue_lease_self(&me, 60);
	while (queue_claim(s, &me, &got, &rec, NULL) == STORE_OK) {
		ok(got != id, "the poison entry is not handed out again (got %llu)",
		    (unsigned long long)got);
		json_decref(rec);
	}
	store_submission_get(s, id, &rec);
	is_str(json_string_value(json_object_get(rec, "status")), "MiscError",
	    "after %d failed attempts the submission ends as MiscError", QUEUE_MAX_ATTEMPTS);
	json_decref(rec);
}


/* A store of its own under tmp_dir/NAME, of map MAP and reserve RESERVE (0: defaults). */
static struct store *
fresh(const char *name, uint64_t map, uint64_t reserve)
{
	struct store_size sz = { map, reserve };
	struct store *s;
	char dir[256], err[256];

	snprintf(dir, sizeof(dir), "%s/%s", tmp_dir, name);
	if (store_open_sized(dir, &sz, &s, err, sizeof(err)) != STORE_OK) {
		diag("store_open: %s", err);
		exit(1);
	}
	return s;
}

/* Claims the next entry as ME; its id, or 0 when none. */
static uint64_t
claim(struct store *s, struct queue_lease *me)
{
	uint64_t id = 0;
	json_t *rec;

	queue_lease_self(me, 600);
	if (queue_claim(s, me, &id, &rec, NULL) != STORE_OK)
		return 0;
	json_decref(rec);
	return id;
}

static int
finish(struct store *s, uint64_t id, const struct queue_lease *me, const char *status,
    double score)
{
	json_t *f = json_pack("{s:s, s:f, s:s}", "status", status, "score", score, "report", "r");
	int rc = queue_finish(s, id, me, f);

	json_decref(f);
	return rc;
}

/* Claims and finishes (Accepted) N entries; writes their ids to GOT. */
static void
grade_n(struct store *s, size_t n, uint64_t *got)
{
	struct queue_lease me;

	for (size_t i = 0; i < n; i++) {
		got[i] = claim(s, &me);
		if (got[i] && finish(s, got[i], &me, "Accepted", 1) != STORE_OK)
			diag("finish %llu: %s", (unsigned long long)got[i], store_error(s));
	}
}

static void
test_fair(void)
{
	struct store *s = fresh("fair", 0, 0);
	uint64_t got[8], want[] = { 1, 6, 8, 2, 7 }, id;
	struct queue_lease me;
	char desc[64] = "", *p = desc;
	int same = 1;

	/* ann floods with 5 (ids 1-5), bob sends 2 (6, 7), cat 1 (8). */
	for (int i = 0; i < 5; i++)
		submit(s, "ann", "c/x");
	submit(s, "bob", "c/x");
	submit(s, "bob", "c/y");
	submit(s, "cat", "c/x");
	grade_n(s, 5, got);
	for (int i = 0; i < 5; i++) {
		same &= got[i] == want[i];
		p += snprintf(p, sizeof(desc) - (size_t)(p - desc), "%llu ", (unsigned long long)got[i]);
	}
	ok(same, "round-robin: each student's oldest in turn (1 6 8 2 7), got %s", desc);
	/* dan comes late, in round 1: before ann's third, fourth and fifth. */
	id = submit(s, "dan", "c/x");
	grade_n(s, 1, got);
	is_int(got[0], id, "a late student's first waits for no flood");
	/* A regrade of ann's 1 goes after every live submission. */
	is_int(queue_requeue(s, 1), STORE_OK, "regrade of 1 queued");
	id = submit(s, "eve", "c/x");
	grade_n(s, 5, got);
	ok(got[0] == id && got[1] == 3 && got[2] == 4 && got[3] == 5 && got[4] == 1,
	    "live work (eve's %llu, then ann's 3 4 5) before the regrade (1): got %llu %llu %llu"
	    " %llu %llu", (unsigned long long)id, (unsigned long long)got[0],
	    (unsigned long long)got[1], (unsigned long long)got[2], (unsigned long long)got[3],
	    (unsigned long long)got[4]);
	is_int(claim(s, &me), 0, "the queue is empty");
	store_close(s);
}

/* A student's live work is graded one at a time, whatever the graders. */
static void
test_one_at_a_time(void)
{
	struct store *s = fresh("one", 0, 0);
	struct queue_lease g1, g2, g3;
	uint64_t a1, a2, b1, r;

	a1 = submit(s, "ann", "c/x");
	a2 = submit(s, "ann", "c/x");
	is_int(claim(s, &g1), a1, "grader 1 takes ann's first");
	is_int(claim(s, &g2), 0, "grader 2 leaves ann's second while her first is graded");
	b1 = submit(s, "bob", "c/x");
	is_int(claim(s, &g2), b1, "... and takes bob's, which came later");
	is_int(finish(s, a1, &g1, "TimeLimitExceeded", 0), STORE_OK, "ann's first graded");
	is_int(claim(s, &g1), a2, "then ann's second");
	/* A regrade is staff's work: several of one student's at once. */
	is_int(finish(s, a2, &g1, "Accepted", 1), STORE_OK, "ann's second graded");
	is_int(finish(s, b1, &g2, "Accepted", 1), STORE_OK, "bob's graded");
	queue_requeue(s, a1);
	queue_requeue(s, a2);
	r = claim(s, &g1);
	ok(r == a1 || r == a2, "a regrade of ann's taken");
	r = claim(s, &g3);
	ok(r == a1 || r == a2, "and her other regrade at the same time");
	store_close(s);
}

static int
note_counts(json_t *rec, const struct store_counts *c, void *ctx)
{
	(void)rec;
	*(struct store_counts *)ctx = *c;
	return 0;
}

static void
test_limits(void)
{
	struct store *s = fresh("limits", 0, 0);
	struct store_counts c;
	struct queue_lease me;
	time_t t0 = 1700000000;
	json_t *rec = json_pack("{s:s, s:s, s:s}", "login", "ann", "exercise", "c/x", "code", "x");
	uint64_t id, first;

	store_submit_admit(s, rec, t0, note_counts, &c, &first);
	ok(c.waiting == 0 && c.recent == 0 && c.previous == 0, "first: nothing counted");
	store_submit_admit(s, rec, t0 + 10, note_counts, &c, &id);
	store_submit_admit(s, rec, t0 + 20, note_counts, &c, &id);
	is_int(c.waiting, 2, "two waiting before the third");
	is_int(c.recent, 2, "two in the minute before the third");
	is_int(c.oldest, t0, "the oldest of the minute's is the first");
	is_int(c.previous, 2, "two before it to this exercise");
	id = claim(s, &me);
	finish(s, id, &me, "Accepted", 1);
	store_submit_admit(s, rec, t0 + 61, note_counts, &c, &id);
	is_int(c.waiting, 2, "a graded one no longer waits");
	is_int(c.recent, 2, "the first left the minute's window");
	is_int(c.oldest, t0 + 10, "... the oldest is now the second");
	queue_requeue(s, first);
	store_submit_admit(s, rec, t0 + 200, note_counts, &c, &id);
	ok(c.waiting == 3 && c.recent == 0, "a regrade is not the student's waiting work"
	    " (%zu waiting, %zu recent)", c.waiting, c.recent);
	json_decref(rec);
	store_close(s);
}

static void
test_summaries(void)
{
	struct store *s = fresh("summary", 0, 0);
	struct queue_lease me;
	json_t *sum, *all, *rec;
	uint64_t a, b, id;

	a = submit(s, "ann", "c/x");
	b = submit(s, "ann", "c/x");
	submit(s, "ann", "c/y");
	is_int(store_summary_get(s, "ann", "c/x", &sum), STORE_OK, "a summary per exercise");
	ok(json_integer_value(json_object_get(sum, "submissions")) == 2 &&
	    json_integer_value(json_object_get(sum, "last")) == (json_int_t)b &&
	    strcmp(json_string_value(json_object_get(sum, "best")), "Evaluating") == 0,
	    "two submissions, the newest's id, Evaluating until graded");
	json_decref(sum);
	id = claim(s, &me);
	is_int(id, a, "the first is claimed");
	finish(s, id, &me, "WrongAnswer", 0.5);
	store_summary_get(s, "ann", "c/x", &sum);
	ok(strcmp(json_string_value(json_object_get(sum, "best")), "WrongAnswer") == 0 &&
	    json_real_value(json_object_get(sum, "score")) == 0.5, "a result is folded in");
	json_decref(sum);
	id = claim(s, &me);
	is_int(id, b, "then the second");
	finish(s, id, &me, "Accepted", 1);
	store_summary_get(s, "ann", "c/x", &sum);
	is_str(json_string_value(json_object_get(sum, "best")), "Accepted", "a better result wins");
	json_decref(sum);
	queue_requeue(s, b);
	store_summary_get(s, "ann", "c/x", &sum);
	ok(strcmp(json_string_value(json_object_get(sum, "best")), "WrongAnswer") == 0 &&
	    json_real_value(json_object_get(sum, "score")) == 0.5 &&
	    json_integer_value(json_object_get(sum, "submissions")) == 2,
	    "a regrade takes its result back out (still 2 submissions)");
	json_decref(sum);
	store_submission_get(s, a, &rec);
	json_object_set_new(rec, "status", json_string("CompileError"));
	json_object_set_new(rec, "score", json_real(0));
	store_submission_put(s, a, rec);
	json_decref(rec);
	store_summary_get(s, "ann", "c/x", &sum);
	ok(strcmp(json_string_value(json_object_get(sum, "best")), "CompileError") == 0 &&
	    json_real_value(json_object_get(sum, "score")) == 0,
	    "an edited record is summarised again");
	json_decref(sum);
	is_int(store_summary_list(s, "ann", &all), STORE_OK, "summaries listed");
	ok(json_object_size(all) == 2 && json_object_get(all, "c/y") != NULL,
	    "one per exercise submitted to");
	json_decref(all);
	store_summary_list(s, "an", &all);
	is_int(json_object_size(all), 0, "a login prefix has none");
	json_decref(all);
	store_close(s);
}

static void
test_page(void)
{
	struct store *s = fresh("page", 0, 0);
	json_t *list, *rec;
	size_t total;

	for (int i = 0; i < 7; i++)
		submit(s, "ann", i == 3 ? "c/y" : "c/x");
	is_int(store_submission_page(s, "ann", "c/x", 2, 3, &list, &total), STORE_OK, "a page");
	ok(total == 6 && json_array_size(list) == 3 &&
	    json_integer_value(json_object_get(json_array_get(list, 0), "id")) == 5 &&
	    json_integer_value(json_object_get(json_array_get(list, 2), "id")) == 2,
	    "the 3rd to 5th newest of 6: 5, 3, 2");
	rec = json_array_get(list, 0);
	ok(json_object_get(rec, "code") == NULL, "a list carries no code");
	json_decref(list);
	store_submission_page(s, "ann", "c/x", 5, 3, &list, &total);
	ok(json_array_size(list) == 1 && total == 6, "the last page is short");
	json_decref(list);
	store_submission_page(s, "ann", "c/x", 9, 3, &list, &total);
	ok(json_array_size(list) == 0 && total == 6, "past the end: empty, total kept");
	json_decref(list);
	store_close(s);
}

/* Writes a record as an earlier version did: its whole JSON, and no summary. */
static void
test_old_format(void)
{
	struct store *s = fresh("old", 0, 0);
	const char *text = "{\"id\":1,\"login\":\"ann\",\"exercise\":\"c/x\",\"code\":\"int "
	    "main(void) { return 0; }\",\"status\":\"Accepted\",\"score\":1}";
	const char *text2 = "{\"id\":2,\"login\":\"ann\",\"exercise\":\"c/x\",\"code\":\"x\","
	    "\"status\":\"Evaluating\",\"score\":null}";
	unsigned char key[8], ix[64];
	MDB_val k = { 8, key }, v, e = { 0, "" };
	struct queue_lease me;
	MDB_txn *txn;
	json_t *rec, *sum;
	uint64_t id, next = 3;
	char dir[256], err[256];
	int rc = 0;

	store_txn_begin(s, 0, &txn);
	for (uint64_t i = 1; i <= 2; i++) {
		const char *t = i == 1 ? text : text2;

		store_id_key(i, key);
		v.mv_data = (void *)t;
		v.mv_size = strlen(t);
		rc |= mdb_put(txn, s->subs, &k, &v, 0);
		memcpy(ix, "ann\0c/x\0", 8);
		store_id_key(i, ix + 8);
		v.mv_data = ix;
		v.mv_size = 16;
		rc |= mdb_put(txn, s->bylogin, &v, &e, 0);
	}
	store_id_key(2, key);
	rc |= mdb_put(txn, s->queue, &k, &e, 0);
	k.mv_data = "next-id";
	k.mv_size = 7;
	store_id_key(next, key);
	v.mv_data = key;
	v.mv_size = 8;
	rc |= mdb_put(txn, s->meta, &k, &v, 0);
	k.mv_data = "schema";
	k.mv_size = 6;
	mdb_del(txn, s->meta, &k, NULL);
	rc |= mdb_txn_commit(txn);
	is_int(rc, 0, "an earlier version's store written");
	store_close(s);
	snprintf(dir, sizeof(dir), "%s/old", tmp_dir);
	is_int(store_open(dir, &s, err, sizeof(err)), STORE_OK, "it opens");
	is_int(store_submission_get(s, 1, &rec), STORE_OK, "an old record reads");
	is_str(json_string_value(json_object_get(rec, "code")), "int main(void) { return 0; }",
	    "with its code");
	json_decref(rec);
	is_int(store_summary_get(s, "ann", "c/x", &sum), STORE_OK, "the upgrade built summaries");
	ok(json_integer_value(json_object_get(sum, "submissions")) == 2 &&
	    strcmp(json_string_value(json_object_get(sum, "best")), "Accepted") == 0,
	    "counting the old records");
	json_decref(sum);
	id = claim(s, &me);
	is_int(id, 2, "the old queue entry is claimed");
	is_int(finish(s, id, &me, "WrongAnswer", 0), STORE_OK, "and finished");
	store_submission_get(s, 2, &rec);
	ok(strcmp(json_string_value(json_object_get(rec, "status")), "WrongAnswer") == 0 &&
	    strcmp(json_string_value(json_object_get(rec, "code")), "x") == 0,
	    "rewritten in the new form, code kept");
	json_decref(rec);
	store_close(s);
}

/*
 * Records are compressed when that is smaller; a record of the uncompressed
 * form (an earlier build's) still reads; a list inflates no code; a broken
 * stream is an error, not a crash; and a typical program costs the store
 * less than its bytes.
 */
static void
test_compressed(void)
{
	struct store *s = fresh("zlib", 0, 0);
	struct store_use u0, u1;
	unsigned char key[8];
	MDB_val k = { 8, key }, v;
	MDB_txn *txn;
	json_t *rec, *list;
	char *code = malloc(4097), *p;
	const char *plain = "\0AS\1\0\0\0\x0e{\"id\":7,\"a\":1}int x;";
	uint64_t id = 0;
	size_t n = 0;
	int rc;

	/* A C program of 4 KiB: lines of a function, as students write them. */
	for (p = code; p - code < 4096 - 48; n++)
		p += sprintf(p, "\tsum += values[%zu] * weight(%zu); /* %zu */\n", n, n % 7, n);
	memset(p, ' ', (size_t)(4096 - (p - code)));
	code[4096] = 0;
	store_use(s, &u0);
	for (int i = 0; i < 200; i++) {
		rec = json_pack("{s:s, s:s, s:s, s:s}", "login", "ann", "exercise", "c/x",
		    "language", "c", "code", code);
		store_submit(s, rec, NULL, NULL, &id);
		json_decref(rec);
	}
	store_use(s, &u1);
	ok(u1.used - u0.used < 200 * 4096, "200 programs of 4 KiB cost the store %llu bytes, "
	    "less than their %d", (unsigned long long)(u1.used - u0.used), 200 * 4096);
	store_id_key(id, key);
	store_txn_begin(s, 1, &txn);
	rc = mdb_get(txn, s->subs, &k, &v);
	ok(rc == 0 && v.mv_size < 4096 && (((unsigned char *)v.mv_data)[3] & 2),
	    "the record is stored compressed (%zu bytes)", rc == 0 ? v.mv_size : 0);
	mdb_txn_abort(txn);
	is_int(store_submission_get(s, id, &rec), STORE_OK, "a compressed record reads");
	ok(json_is_string(json_object_get(rec, "code")) &&
	    strcmp(json_string_value(json_object_get(rec, "code")), code) == 0,
	    "with its code, byte for byte");
	json_decref(rec);
	is_int(store_submission_list(s, "ann", "c/x", 3, &list, NULL), STORE_OK, "a list reads");
	ok(json_array_size(list) == 3 && !json_object_get(json_array_get(list, 0), "code") &&
	    json_integer_value(json_object_get(json_array_get(list, 0), "id")) == (json_int_t)id,
	    "without the code");
	json_decref(list);

	/* The uncompressed form, as an earlier build wrote it. */
	store_id_key(9999, key);
	store_txn_begin(s, 0, &txn);
	v.mv_data = (void *)plain;
	v.mv_size = 8 + 14 + 6;
	rc = mdb_put(txn, s->subs, &k, &v, 0);
	/* And a compressed one whose stream is broken. */
	store_id_key(9998, key);
	v.mv_data = "\0AS\3\0\0\0\x0f\0\0\0\x15garbage";
	v.mv_size = 12 + 7;
	rc |= mdb_put(txn, s->subs, &k, &v, 0);
	rc |= mdb_txn_commit(txn);
	is_int(rc, 0, "hand-made records written");
	is_int(store_submission_get(s, 9999, &rec), STORE_OK, "the plain form reads");
	ok(rec && json_integer_value(json_object_get(rec, "a")) == 1 &&
	    strcmp(json_string_value(json_object_get(rec, "code")), "int x;") == 0,
	    "head and code");
	json_decref(rec);
	is_int(store_submission_get(s, 9998, &rec), STORE_ERROR, "a broken stream is an error");
	ok(strstr(store_error(s), "corrupt record") != NULL, "saying so: %s", store_error(s));
	free(code);
	store_close(s);
}

static void
test_release(void)
{
	struct store *s = fresh("release", 0, 0);
	struct queue_lease me, other;
	uint64_t id;

	submit(s, "ann", "c/x");
	id = claim(s, &me);
	is_int(id, 1, "claimed");
	other = me;
	other.attempt = 7;
	is_int(queue_release(s, id, &other), STORE_NOTFOUND, "another lease cannot release it");
	is_int(queue_release(s, id, &me), STORE_OK, "released by its holder");
	is_int(claim(s, &me), 1, "it waits again, in its place");
	is_int(me.attempt, 1, "a released grading is not counted as an attempt");
	is_int(finish(s, 1, &me, "Accepted", 1), STORE_OK, "then finished");
	store_close(s);
}

/*
 * A small map fills: submissions get STORE_FULL while the reserve is left,
 * and every accepted one can still have its result stored.
 */
static void
test_full(void)
{
	struct store *s = fresh("full", 1 << 20, 256 << 10);
	char code[4001];
	json_t *rec;
	struct store_use u;
	struct queue_lease me;
	uint64_t id;
	size_t accepted = 0, stored = 0, errors = 0;
	int rc = STORE_OK;

	memset(code, 'x', sizeof(code) - 1);
	code[sizeof(code) - 1] = '\0';
	rec = json_pack("{s:s, s:s, s:s, s:s}", "login", "ann", "exercise", "c/x", "code", code,
	    "status", "Evaluating");
	for (int i = 0; i < 1000 && rc != STORE_FULL; i++) {
		rc = store_submit(s, rec, NULL, NULL, &id);
		accepted += rc == STORE_OK;
		errors += rc == STORE_ERROR;
	}
	json_decref(rec);
	is_int(rc, STORE_FULL, "submissions are refused once the store is within its reserve");
	ok(accepted > 20 && errors == 0, "%zu accepted before, no error", accepted);
	store_use(s, &u);
	ok(u.full && u.used < u.map && u.map == 1 << 20 && u.reserve == 256 << 10 &&
	    u.submissions == accepted && u.queued == accepted,
	    "store_use: full, %llu of %llu used, %zu submissions, %zu queued",
	    (unsigned long long)u.used, (unsigned long long)u.map, u.submissions, u.queued);
	/* The graders' results (a 2 KB report each) fit in the reserve. */
	memset(code, 'r', 2000);
	code[2000] = '\0';
	while ((id = claim(s, &me)) != 0) {
		json_t *f = json_pack("{s:s, s:f, s:s}", "status", "Accepted", "score", 1.0,
		    "report", code);

		if (queue_finish(s, id, &me, f) == STORE_OK)
			stored++;
		else if (stored + 1 == accepted || getenv("DEBUG"))
			diag("finish %llu: %s", (unsigned long long)id, store_error(s));
		json_decref(f);
	}
	is_int(stored, accepted, "every accepted submission's result was stored");
	store_close(s);
}

static size_t
list_total(struct store *s, const struct store_filter *f, enum store_sort sort, int desc,
    size_t offset, size_t max, json_t **out)
{
	size_t total = 0;

	if (store_staff_list(s, f, sort, desc, offset, max, out, &total) != STORE_OK)
		diag("store_staff_list: %s", store_error(s));
	return total;
}

/* The staff index: filters, folders, paging, sort; regrade jobs, cancel; audit; upgrade. */
static void
test_staff(void)
{
	struct store *s = fresh("staff", 0, 0);
	struct store_filter f;
	struct store_job job;
	struct queue_lease me;
	json_t *list, *rec;
	uint64_t ids[6], j, id;
	size_t total, back;
	char err[256];

	ids[0] = submit(s, "ann", "c/x");
	ids[1] = submit(s, "bob", "c/x");
	ids[2] = submit(s, "ann", "c/y");
	ids[3] = submit(s, "bob", "d/z");
	ids[4] = submit(s, "ann", "cx");
	ids[5] = submit(s, "ann", "c/x");
	while ((id = claim(s, &me)) != 0)
		finish(s, id, &me, id % 2 ? "Accepted" : "WrongAnswer", id % 2 ? 1 : 0);
	store_filter_init(&f);
	is_int(list_total(s, &f, STORE_SORT_RECEIVED, 1, 0, 50, &list), 6, "every submission");
	is_int(json_integer_value(json_object_get(json_array_get(list, 0), "id")), ids[5],
	    "newest first");
	json_decref(list);
	f.exercise = "c/";
	is_int(list_total(s, &f, STORE_SORT_ID, 0, 0, 50, &list), 4, "a folder: c/x, c/y, not cx");
	json_decref(list);
	f.exercise = "c/x";
	is_int(list_total(s, &f, STORE_SORT_ID, 0, 0, 50, &list), 3, "one exercise");
	json_decref(list);
	f.login = "ann";
	is_int(list_total(s, &f, STORE_SORT_ID, 0, 0, 50, &list), 2, "an exercise and a login");
	json_decref(list);
	store_filter_init(&f);
	f.label = 8;	/* Accepted */
	is_int(list_total(s, &f, STORE_SORT_ID, 0, 0, 50, &list), 3, "by label");
	json_decref(list);
	store_filter_init(&f);
	is_int(list_total(s, &f, STORE_SORT_LOGIN, 0, 3, 2, &list), 6, "a page: the total is all");
	ok(json_array_size(list) == 2 && !strcmp(json_string_value(json_object_get(
	    json_array_get(list, 0), "login")), "ann") && !strcmp(json_string_value(
	    json_object_get(json_array_get(list, 1), "login")), "bob"),
	    "sorted by login, the third and fourth");
	json_decref(list);
	list_total(s, &f, STORE_SORT_SCORE, 1, 0, 1, &list);
	ok(json_real_value(json_object_get(json_array_get(list, 0), "score")) == 1,
	    "sorted by score, best first");
	json_decref(list);

	/* A regrade job of ann's c/x; one of them is finished with another label. */
	uint64_t two[2] = { ids[0], ids[5] };
	is_int(queue_regrade(s, two, 2, "tina", 1000, &j, &total), STORE_OK, "a regrade job");
	is_int(total, 2, "two put back");
	store_job_get(s, j, &job);
	ok(job.total == 2 && job.done == 0 && !job.finished && !strcmp(job.by, "tina"),
	    "none done yet");
	id = claim(s, &me);
	is_int(id, ids[0], "the first is claimed");
	finish(s, id, &me, "WrongAnswer", 0);
	store_job_get(s, j, &job);
	ok(job.done == 1 && job.changed == 1, "one done, its label changed");
	store_submission_get(s, ids[0], &rec);
	ok(json_array_size(json_object_get(rec, "history")) == 1 && !strcmp(json_string_value(
	    json_object_get(json_object_get(rec, "changed"), "from")), "Accepted"),
	    "the history keeps the previous result; changed from Accepted");
	json_decref(rec);
	store_filter_init(&f);
	f.login = "ann";
	f.exercise = "c/x";
	list_total(s, &f, STORE_SORT_ID, 0, 0, 50, &list);
	ok(json_is_true(json_object_get(json_array_get(list, 0), "regraded")) &&
	    json_is_object(json_object_get(json_array_get(list, 0), "changed")) &&
	    json_is_null(json_object_get(json_array_get(list, 1), "changed")),
	    "the list says regraded and changed");
	json_decref(list);
	is_int(queue_cancel(s, j, &back), STORE_OK, "cancel");
	is_int(back, 1, "the one not regraded is taken back");
	store_job_get(s, j, &job);
	ok(job.cancelled && job.finished, "the job is cancelled and finished");
	store_submission_get(s, ids[5], &rec);
	ok(!strcmp(json_string_value(json_object_get(rec, "status")), "WrongAnswer") &&
	    json_array_size(json_object_get(rec, "history")) == 0 &&
	    !json_object_get(rec, "regrading"), "it has its previous result back");
	json_decref(rec);
	is_int(claim(s, &me), 0, "nothing waits after the cancel");
	is_int(queue_cancel(s, 999, NULL), STORE_NOTFOUND, "no such job");

	/* The audit log: newest first, filtered. */
	store_audit_add(s, 100, "tina", "1.2.3.4", "regrade", "job 1");
	store_audit_add(s, 200, "root", "1.2.3.4", "user-add", "x");
	store_audit_add(s, 300, "tina", "", "cancel", "job 1");
	struct store_audit_filter af = { "tina", NULL, 0, 0 };
	store_audit_list(s, &af, 0, 50, &list, &total);
	ok(total == 2 && !strcmp(json_string_value(json_object_get(json_array_get(list, 0),
	    "action")), "cancel"), "audit: by login, newest first");
	json_decref(list);
	af = (struct store_audit_filter){ NULL, "user-add", 150, 250 };
	store_audit_list(s, &af, 0, 50, &list, &total);
	is_int(total, 1, "audit: by action and time");
	json_decref(list);

	/* A store of schema 2 gets its index on open. */
	MDB_txn *txn;
	MDB_val k = { 6, "schema" }, v = { 1, "2" };
	store_txn_begin(s, 0, &txn);
	mdb_drop(txn, s->subidx, 0);
	mdb_drop(txn, s->byex, 0);
	mdb_put(txn, s->meta, &k, &v, 0);
	store_txn_end(s, txn, STORE_OK);
	store_close(s);
	snprintf(err, sizeof(err), "%s/staff", tmp_dir);
	s = NULL;
	store_open(err, &s, err, sizeof(err));
	store_filter_init(&f);
	f.exercise = "c/";
	is_int(list_total(s, &f, STORE_SORT_ID, 0, 0, 50, &list), 4,
	    "the index is built for an earlier store");
	json_decref(list);
	store_close(s);
}

int
main(void)
{
	struct store *s = NULL;

	tmp_dir_make("store");
	s = reopen(NULL);
	test_users(s);
	s = reopen(s);	/* everything is durable across a reopen */
	test_sessions(s);
	test_submissions(s);
	s = reopen(s);
	test_queue(s);
	test_poison(s);
	test_check(s);
	store_close(s);
	test_fair();
	test_one_at_a_time();
	test_compressed();
	test_limits();
	test_summaries();
	test_page();
	test_old_format();
	test_release();
	test_full();
	test_staff();
	tmp_dir_remove();
	return tap_done();
}
