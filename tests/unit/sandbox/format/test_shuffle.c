/* test_shuffle.c - per-student choices: deterministic, valid, and frozen. */
#include <stdio.h>
#include <string.h>

#include "sandbox/format/shuffle.h"
#include "tests/tap.h"

static int
is_permutation(const unsigned *p, unsigned n)
{
	unsigned char seen[SHUFFLE_MAX] = { 0 };

	for (unsigned i = 0; i < n; i++) {
		if (p[i] >= n || seen[p[i]])
			return 0;
		seen[p[i]] = 1;
	}
	return 1;
}

static void
fmt(char *buf, size_t len, const unsigned *p, unsigned n)
{
	size_t o = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, i ? ",%u" : "%u", p[i]);
}

int
main(void)
{
	unsigned a[SHUFFLE_MAX], b[SHUFFLE_MAX], n;
	char s[256], t[256];
	int differ = 0, valid = 1;
	unsigned count[5][5] = { { 0 } };

	n = shuffle_choose("alice", "quiz#0", 10, 0, a);
	is_int(n, 10, "choose 0 means all");
	ok(is_permutation(a, 10), "a permutation");
	shuffle_choose("alice", "quiz#0", 10, 0, b);
	ok(memcmp(a, b, sizeof(unsigned) * 10) == 0, "the same login and key: the same order");

	/* Frozen: these exact orders must never change (see shuffle.h). */
	fmt(s, sizeof(s), a, 10);
	is_str(s, "1,2,0,6,4,7,5,8,3,9", "alice's order of quiz#0 is frozen");
	n = shuffle_choose("bob", "c/index#1", 5, 2, a);
	fmt(s, sizeof(s), a, n);
	is_str(s, "2,1", "bob's 2 of 5 in c/index#1 are frozen");

	for (int i = 0; i < 50; i++) {
		char login[32];

		snprintf(login, sizeof(login), "student%d", i);
		shuffle_choose(login, "quiz#0", 10, 0, b);
		valid &= is_permutation(b, 10);
		differ += memcmp(a, b, sizeof(unsigned) * 10) != 0;
	}
	ok(valid, "every student gets a permutation");
	ok(differ >= 45, "students get different orders (%d of 50 differ)", differ);

	shuffle_choose("alice", "quiz#0:123", 10, 0, a);
	shuffle_choose("bob", "quiz#0:123", 10, 0, b);
	ok(memcmp(a, b, sizeof(unsigned) * 10) == 0, "a fixed seed: everyone the same order");
	shuffle_choose(NULL, "quiz#0:123", 10, 0, b);
	ok(memcmp(a, b, sizeof(unsigned) * 10) == 0, "a fixed seed needs no login");
	shuffle_choose("alice", "quiz#0:124", 10, 0, b);
	fmt(s, sizeof(s), a, 10);
	fmt(t, sizeof(t), b, 10);
	ok(strcmp(s, t) != 0, "another seed, another order");
	shuffle_choose("alice", "quiz#0:x", 10, 0, a);
	shuffle_choose("bob", "quiz#0:x", 10, 0, b);
	ok(memcmp(a, b, sizeof(unsigned) * 10) != 0, "a non-numeric suffix is no seed");

	is_int(shuffle_choose("a", "k", 0, 0, a), 0, "nothing to choose from");
	is_int(shuffle_choose("a", "k", SHUFFLE_MAX + 1, 0, a), 0, "too many items");
	is_int(shuffle_choose("a", "k", 3, 7, a), 3, "choose above n means all");
	is_int(shuffle_choose("a", "k", 1, 1, a), 1, "one of one");
	is_int(a[0], 0, "one of one is item 0");

	/* Every item reaches every place about equally often. */
	for (int i = 0; i < 5000; i++) {
		char login[32];

		snprintf(login, sizeof(login), "u%d", i);
		shuffle_choose(login, "fair", 5, 0, a);
		for (int pos = 0; pos < 5; pos++)
			count[pos][a[pos]]++;
	}
	int fair = 1;
	for (int pos = 0; pos < 5; pos++)
		for (int item = 0; item < 5; item++)
			fair &= count[pos][item] > 850 && count[pos][item] < 1150;
	ok(fair, "places are spread evenly over 5000 logins (each ~1000)");
	return tap_done();
}
