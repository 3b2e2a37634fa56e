/*
 * test_store_simmark.c - staff's marks on similarity pairs
 * (fcgi/store_simmark.c) on a real store: a pair is one key whichever way
 * it is named, a mark replaces the one before, "none" removes it, marks
 * are per exercise (an exercise whose id starts with another's included),
 * invalid marks and impossible keys are refused, and marks outlive the
 * store's closing.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fcgi/store.h"
#include "tests/unit/fcgi/fcgi_util.h"

static struct store *
open_store(void)
{
	struct store *s;
	char err[256];

	if (store_open(tmp_dir, &s, err, sizeof(err)) != STORE_OK) {
		diag("cannot open a store: %s", err);
		exit(1);
	}
	return s;
}

static const char *
field(json_t *j, const char *k)
{
	const char *v = json_string_value(json_object_get(j, k));

	return v ? v : "(none)";
}

static void
test_marks(void)
{
	struct store *s = open_store();
	json_t *m = NULL, *list = NULL;
	char big[600];

	is_int(store_simmark_get(s, "c/hello", "ann", "bob", &m), STORE_NOTFOUND,
	    "no mark before any (the database not yet made)");
	ok(m == NULL, "... and *out NULL");
	is_int(store_simmark_list(s, "c/hello", &list), STORE_OK, "an empty list");
	is_int((int)json_object_size(list), 0, "... with nothing");
	json_decref(list);
	is_int(store_simmark_set(s, "c/hello", "bob", "ann", "reviewed", "tina", 1000, NULL),
	    STORE_OK, "mark bob-ann reviewed");
	is_int(store_simmark_get(s, "c/hello", "ann", "bob", &m), STORE_OK,
	    "read back as ann-bob");
	is_str(field(m, "mark"), "reviewed", "the mark");
	is_str(field(m, "by"), "tina", "who");
	is_str(field(m, "time"), "1970-01-01T00:16:40Z", "when");
	is_str(field(m, "a"), "ann", "a is the smaller login");
	is_str(field(m, "b"), "bob", "b the larger");
	is_str(field(m, "note"), "", "no note");
	json_decref(m);
	is_int(store_simmark_set(s, "c/hello", "ann", "bob", "case", "root", 2000, "same typo"),
	    STORE_OK, "mark it a case");
	store_simmark_get(s, "c/hello", "bob", "ann", &m);
	ok(m && !strcmp(field(m, "mark"), "case") && !strcmp(field(m, "by"), "root") &&
	    !strcmp(field(m, "note"), "same typo"), "the case replaces the review");
	json_decref(m);
	is_int(store_simmark_set(s, "c/hello", "ann", "bob", "guilty", "root", 2000, NULL),
	    STORE_NOTFOUND, "an unknown mark is refused");
	ok(!store_simmark_valid("none") && store_simmark_valid("case") &&
	    store_simmark_valid("reviewed") && !store_simmark_valid(NULL), "the valid marks");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	is_int(store_simmark_set(s, big, "ann", "bob", "case", "root", 1, NULL), STORE_NOTFOUND,
	    "a key too long is refused");
	is_int(store_simmark_set(s, "c/hello", "", "bob", "case", "root", 1, NULL),
	    STORE_NOTFOUND, "an empty login is refused");
	store_simmark_set(s, "c/hello2", "ann", "bob", "reviewed", "tina", 3000, NULL);
	store_simmark_set(s, "c/hello", "cy", "ann", "reviewed", "tina", 3000, NULL);
	store_simmark_set(s, "c/hell", "ann", "bob", "reviewed", "tina", 3000, NULL);
	is_int(store_simmark_list(s, "c/hello", &list), STORE_OK, "the list of c/hello");
	ok(json_object_size(list) == 2 && !strcmp(field(json_object_get(list, "ann bob"),
	    "mark"), "case") && !strcmp(field(json_object_get(list, "ann cy"), "b"), "cy"),
	    "holds its two pairs only, keyed \"A B\"");
	json_decref(list);
	store_close(s);

	s = open_store();
	ok(store_simmark_get(s, "c/hello", "ann", "bob", &m) == STORE_OK &&
	    !strcmp(field(m, "mark"), "case"), "the mark outlives the store's closing");
	json_decref(m);
	is_int(store_simmark_set(s, "c/hello", "bob", "ann", NULL, "root", 4000, NULL), STORE_OK,
	    "remove the mark");
	is_int(store_simmark_get(s, "c/hello", "ann", "bob", &m), STORE_NOTFOUND, "... gone");
	is_int(store_simmark_set(s, "c/hello", "bob", "ann", NULL, "root", 4000, NULL), STORE_OK,
	    "removing none is not an error");
	ok(store_simmark_get(s, "c/hello2", "ann", "bob", &m) == STORE_OK &&
	    !strcmp(field(m, "mark"), "reviewed"), "c/hello2's mark is its own");
	json_decref(m);
	store_close(s);
}

int
main(void)
{
	tmp_dir_make("simmark");
	test_marks();
	tmp_dir_remove();
	return tap_done();
}
