/* test_store.c - the LMDB store and the grading queue, on a real LMDB file. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fcgi/queue.h"
#include "fcgi/store.h"
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

	/* Entry 4 is still leased to us (live). */
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
	uint64_t id = submit(s, "ann", "c/poison"), got = 0;
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
	tmp_dir_remove();
	return tap_done();
}
