/*
 * test_auth.c - the login throttle's policy (auth.h: auth_throttle_*), and
 * what store_auth.c keeps: sessions by login (begin, list, revoke) and the
 * throttle's records (get, fail, clear, purge), on a real LMDB file.
 *
 * The policy is a function of the clock it is given: every test here moves
 * a time_t by hand, none sleeps.
 */
#include <string.h>
#include <time.h>

#include "fcgi/auth.h"
#include "fcgi/store.h"
#include "tests/tap.h"
#include "tests/unit/fcgi/fcgi_util.h"

#define T0 ((time_t)1700000000)

static void
test_login_policy(void)
{
	struct auth_throttle t = { 0 };
	int waited = 0;

	is_int(auth_throttle_wait(&t, T0), 0, "no failure yet: no wait");
	for (int i = 1; i < AUTH_LOGIN_FREE; i++) {
		auth_throttle_fail(&t, AUTH_THROTTLE_LOGIN, T0);
		waited |= auth_throttle_wait(&t, T0) != 0;
	}
	ok(!waited, "%d failures within the same second: no wait", AUTH_LOGIN_FREE - 1);
	auth_throttle_fail(&t, AUTH_THROTTLE_LOGIN, T0);
	is_int(auth_throttle_wait(&t, T0), 1, "failure %d: the next attempt waits 1 s",
	    AUTH_LOGIN_FREE);
	is_int(auth_throttle_wait(&t, T0 + 1), 0, "... and may be made a second later");
	auth_throttle_fail(&t, AUTH_THROTTLE_LOGIN, T0 + 1);
	is_int(auth_throttle_wait(&t, T0 + 1), 2, "one more failure: 2 s");
	auth_throttle_fail(&t, AUTH_THROTTLE_LOGIN, T0 + 3);
	is_int(auth_throttle_wait(&t, T0 + 3), 4, "one more: 4 s (it doubles)");
	ok(!auth_throttle_stale(&t, AUTH_THROTTLE_LOGIN, T0 + 3), "a record in use is not stale");
	for (int i = 0; i < 40; i++)
		auth_throttle_fail(&t, AUTH_THROTTLE_LOGIN, T0 + 10);
	is_int(auth_throttle_wait(&t, T0 + 10), AUTH_LOGIN_WAIT_MAX,
	    "many more: the wait stops growing at %d s", AUTH_LOGIN_WAIT_MAX);
	ok(!auth_throttle_stale(&t, AUTH_THROTTLE_LOGIN, T0 + 10 + AUTH_LOGIN_FORGET - 1),
	    "... not stale before an hour without a failure");
	ok(auth_throttle_stale(&t, AUTH_THROTTLE_LOGIN, T0 + 10 + AUTH_LOGIN_FORGET),
	    "... stale after it");
	auth_throttle_fail(&t, AUTH_THROTTLE_LOGIN, T0 + 10 + AUTH_LOGIN_FORGET);
	is_int(t.failures, 1, "a failure an hour later starts a new streak");
	is_int(auth_throttle_wait(&t, T0 + 10 + AUTH_LOGIN_FORGET), 0, "... with no wait");
}

/* A guesser trying one login whenever allowed for an hour: how many tries? */
static void
test_login_guesser(void)
{
	struct auth_throttle t = { 0 };
	int tries = 0, first17 = 0;

	for (time_t now = T0; now < T0 + 3600; now++)
		if (auth_throttle_wait(&t, now) == 0) {
			auth_throttle_fail(&t, AUTH_THROTTLE_LOGIN, now);
			tries++;
			first17 += now < T0 + 17 * 60;
		}
	ok(first17 <= 16, "a guesser of one login gets %d tries in 17 minutes (at most 16)",
	    first17);
	ok(tries <= 20, "... and %d in an hour (at most 20)", tries);
}

static void
test_addr_policy(void)
{
	struct auth_throttle t = { 0 };
	int waited = 0, tries = 0;

	for (int i = 0; i < AUTH_ADDR_BURST - 1; i++) {
		auth_throttle_fail(&t, AUTH_THROTTLE_ADDR, T0);
		waited |= auth_throttle_wait(&t, T0) != 0;
	}
	ok(!waited, "an address: %d failures in one second, no wait", AUTH_ADDR_BURST - 1);
	auth_throttle_fail(&t, AUTH_THROTTLE_ADDR, T0);
	is_int(auth_throttle_wait(&t, T0), AUTH_ADDR_EVERY,
	    "failure %d fills the bucket: the next waits %d s for room", AUTH_ADDR_BURST,
	    AUTH_ADDR_EVERY);
	is_int(auth_throttle_wait(&t, T0 + AUTH_ADDR_EVERY), 0, "... then there is room");
	auth_throttle_fail(&t, AUTH_THROTTLE_ADDR, T0 + AUTH_ADDR_EVERY);
	is_int(auth_throttle_wait(&t, T0 + AUTH_ADDR_EVERY), AUTH_ADDR_EVERY,
	    "... for one, and the bucket is full again");
	ok(!auth_throttle_stale(&t, AUTH_THROTTLE_ADDR, T0 + AUTH_ADDR_EVERY),
	    "a full bucket is not stale");
	ok(auth_throttle_stale(&t, AUTH_THROTTLE_ADDR,
	    T0 + (time_t)(AUTH_ADDR_BURST + 1) * AUTH_ADDR_EVERY), "an empty one is");

	/* A spray of many logins from one address, one try whenever allowed. */
	memset(&t, 0, sizeof(t));
	for (time_t now = T0; now < T0 + 600; now++)
		if (auth_throttle_wait(&t, now) == 0) {
			auth_throttle_fail(&t, AUTH_THROTTLE_ADDR, now);
			tries++;
		}
	ok(tries <= AUTH_ADDR_BURST + 600 / AUTH_ADDR_EVERY + 1,
	    "a spray from one address gets %d failures in 10 minutes (burst + 1 per %d s)",
	    tries, AUTH_ADDR_EVERY);
}

/*
 * An exam room behind one address: 100 students log in within a minute,
 * one in ten mistyping once (some twice), two of them the same second. The
 * address is never made to wait.
 */
static void
test_exam_room(void)
{
	struct auth_throttle addr = { 0 };
	long worst = 0;

	for (int i = 0; i < 100; i++) {
		time_t now = T0 + i * 60 / 100;
		int typos = i % 10 == 0 ? 1 + (i % 20 == 0) : 0;

		for (int k = 0; k < typos; k++) {
			if (auth_throttle_wait(&addr, now) > worst)
				worst = auth_throttle_wait(&addr, now);
			auth_throttle_fail(&addr, AUTH_THROTTLE_ADDR, now);
		}
		if (auth_throttle_wait(&addr, now) > worst)
			worst = auth_throttle_wait(&addr, now);
	}
	is_int(worst, 0, "an exam room of 100 with 15 typos in a minute never waits");
	ok(addr.failures > 0 && addr.failures <= 15,
	    "... its bucket holds %u of the 15 failures, the rest drained", addr.failures);
}

static struct store *
open_store(void)
{
	struct store *s;
	char err[256];

	if (store_open(tmp_dir, &s, err, sizeof(err)) != STORE_OK) {
		diag("cannot open a store in %s: %s", tmp_dir, err);
		exit(1);
	}
	return s;
}

static void
digest_of(int n, unsigned char d[AUTH_DIGEST_LEN])
{
	memset(d, 0, AUTH_DIGEST_LEN);
	d[0] = (unsigned char)n;
	d[5] = 0xab;
	d[AUTH_DIGEST_LEN - 1] = (unsigned char)n;
}

static void
test_sessions(struct store *s)
{
	struct store_user ann = { "ann", "student", "hash-a" }, bob = { "bob", "student", "hash-b" };
	const char *both[] = { "bob", "ann" };
	unsigned char d[AUTH_DIGEST_LEN];
	char login[AUTH_LOGIN_MAX + 1], id[STORE_SESSION_ID_LEN + 1];
	json_t *list = NULL, *e;
	size_t removed = 99;

	store_user_add(s, &ann, 1, 1, NULL, NULL);
	store_user_add(s, &bob, 1, 1, NULL, NULL);
	/* ann: 1 (newest), 2 (oldest), 3 (expired); bob: 4. */
	digest_of(1, d);
	is_int(store_session_begin(s, d, "ann", "hash-a", T0 + 20, T0 + 3600), STORE_OK,
	    "a session begins when the hash is still the user's");
	digest_of(2, d);
	store_session_begin(s, d, "ann", "hash-a", T0 + 10, T0 + 7200);
	digest_of(3, d);
	store_session_begin(s, d, "ann", "hash-a", T0, T0 + 5);
	digest_of(4, d);
	store_session_begin(s, d, "bob", "hash-b", T0, T0 + 3600);
	digest_of(5, d);
	is_int(store_session_begin(s, d, "ann", "old-hash", T0, T0 + 3600), STORE_REFUSED,
	    "the hash checked is not the user's: refused");
	is_int(store_session_begin(s, d, "carl", "x", T0, T0 + 3600), STORE_REFUSED,
	    "no such user: refused");
	is_int(store_session_get(s, d, T0, login), STORE_NOTFOUND, "... and nothing recorded");

	is_int(store_session_list(s, "ann", T0 + 30, &list), STORE_OK, "ann's sessions");
	is_int(json_array_size(list), 2, "... the two that have not expired");
	e = json_array_get(list, 0);
	is_str(json_string_value(json_object_get(e, "id")), "0200000000ab",
	    "... the oldest first, its id 12 hex digits of the digest");
	is_int(json_integer_value(json_object_get(e, "created")), T0 + 10, "... created");
	is_int(json_integer_value(json_object_get(e, "expires")), T0 + 7200, "... expires");
	is_str(json_string_value(json_object_get(json_array_get(list, 1), "id")), "0100000000ab",
	    "... then the newer one");
	json_decref(list);

	is_int(store_session_revoke(s, "ann", "0400000000ab", &removed), STORE_OK,
	    "revoking bob's session's id as ann's");
	is_int(removed, 0, "... removes nothing");
	digest_of(4, d);
	is_int(store_session_get(s, d, T0, login), STORE_OK, "... bob's session lives");
	is_int(store_session_revoke(s, "ann", "0200000000ab", &removed), STORE_OK,
	    "revoking one of ann's by id");
	is_int(removed, 1, "... removes it");
	digest_of(2, d);
	is_int(store_session_get(s, d, T0, login), STORE_NOTFOUND, "... it is gone");
	digest_of(1, d);
	is_int(store_session_get(s, d, T0, login), STORE_OK, "... her other one is not");
	is_int(store_session_revoke(s, "ann", NULL, &removed), STORE_OK, "revoking all of ann's");
	is_int(removed, 2, "... removes the one left and the expired one");
	store_session_list(s, "ann", T0, &list);
	is_int(json_array_size(list), 0, "... she has none");
	json_decref(list);
	digest_of(4, d);
	is_int(store_session_get(s, d, T0, login), STORE_OK, "... bob still has his");

	digest_of(1, d);
	store_session_begin(s, d, "ann", "hash-a", T0, T0 + 3600);
	digest_of(4, d);
	is_int(store_session_revoke_logins(s, both, 2, &removed), STORE_OK,
	    "revoking the sessions of several logins at once");
	is_int(removed, 2, "... removes each one's");
	is_int(store_session_get(s, d, T0, login), STORE_NOTFOUND, "... bob's too");
	snprintf(id, sizeof(id), "%s", "zz");
	is_int(store_session_revoke(s, "ann", id, &removed), STORE_OK, "a bad id is no error");
	is_int(removed, 0, "... and removes nothing");
}

static void
test_throttle_store(struct store *s)
{
	static const enum auth_throttle_kind kinds[2] = { AUTH_THROTTLE_LOGIN, AUTH_THROTTLE_ADDR };
	const char *keys[2] = { "login:ann", "addr:10.0.0.1" };
	const char *other[2] = { "login:bob", "addr:10.0.0.2" };
	char longkey[STORE_THROTTLE_KEY_MAX + 8];
	const char *lk[1] = { longkey };
	struct auth_throttle t[2], after[2];
	size_t removed = 99;

	is_int(store_throttle_get(s, keys, 2, t), STORE_OK,
	    "reading records before the throttle's database exists");
	ok(t[0].failures == 0 && t[1].failures == 0 && t[0].until == 0, "... gives none");
	for (int i = 0; i < AUTH_LOGIN_FREE; i++)
		store_throttle_fail(s, keys, kinds, 2, T0, after);
	is_int(after[0].failures, AUTH_LOGIN_FREE, "failures counted for the login");
	is_int(after[1].failures, AUTH_LOGIN_FREE, "... and for the address");
	store_throttle_get(s, keys, 2, t);
	ok(memcmp(t, after, sizeof(t)) == 0, "... and read back as they were written");
	is_int(auth_throttle_wait(&t[0], T0), 1, "... the login must wait");
	store_throttle_fail(s, other, kinds, 2, T0, NULL);
	store_throttle_get(s, other, 2, t);
	is_int(t[0].failures, 1, "another login's record is its own");

	memset(longkey, 'x', sizeof(longkey) - 1);
	longkey[sizeof(longkey) - 1] = '\0';
	is_int(store_throttle_fail(s, lk, kinds, 1, T0, after), STORE_OK,
	    "a key longer than %d bytes is no error", STORE_THROTTLE_KEY_MAX);
	store_throttle_get(s, lk, 1, t);
	is_int(t[0].failures, 0, "... and is not kept");

	is_int(store_throttle_clear(s, "login:ann"), STORE_OK, "a success clears the login's record");
	store_throttle_get(s, keys, 2, t);
	is_int(t[0].failures, 0, "... it is gone");
	is_int(t[1].failures, AUTH_LOGIN_FREE, "... the address's is not");
	is_int(store_throttle_clear(s, "login:nobody"), STORE_OK, "clearing none is no error");

	is_int(store_throttle_purge(s, T0 + 5, &removed), STORE_OK, "a purge seconds later");
	is_int(removed, 0, "... keeps what still matters");
	store_throttle_fail(s, keys, kinds, 1, T0 + 3000, NULL);
	is_int(store_throttle_purge(s, T0 + AUTH_LOGIN_FORGET, &removed), STORE_OK,
	    "a purge an hour later");
	is_int(removed, 3, "... forgets the two addresses and bob, not ann's recent failure");
	store_throttle_get(s, keys, 2, t);
	ok(t[0].failures == 1 && t[1].failures == 0, "... ann's record is the one left");
}

int
main(void)
{
	struct store *s;

	test_login_policy();
	test_login_guesser();
	test_addr_policy();
	test_exam_room();
	tmp_dir_make("auth");
	s = open_store();
	test_sessions(s);
	test_throttle_store(s);
	store_close(s);
	tmp_dir_remove();
	return tap_done();
}
