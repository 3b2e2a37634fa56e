/* test_rules.c - an exercise's forbid, valid, attempts, lock and show-answers,
 * read from its spec. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/rules.h"
#include "tests/tap.h"

/* Unix time of a UTC date (the test runs in UTC). */
static time_t
utc(int year, int mon, int day, int hour, int min)
{
	struct tm tm = { .tm_year = year - 1900, .tm_mon = mon - 1, .tm_mday = day,
	    .tm_hour = hour, .tm_min = min };

	return timegm(&tm);
}

/* A spec "c/x" whose options are the JSON text OPTIONS. */
static struct spec *
spec_with(const char *options)
{
	struct spec *s = spec_new();

	s->id = strdup("c/x");
	json_decref(s->options);
	s->options = json_loads(options, 0, NULL);
	if (s->options == NULL) {
		diag("bad JSON in the test: %s", options);
		exit(1);
	}
	return s;
}

/* rules_load() on OPTIONS: its return, with R filled and ERR set. */
static int
load(const char *options, struct rules *r, char *err, size_t errlen)
{
	struct spec *s = spec_with(options);
	int rc;

	err[0] = '\0';
	rc = rules_load(s, r, err, errlen);
	spec_free(s);
	return rc;
}

static void
test_defaults(void)
{
	struct rules r;
	char err[256], why[256];

	is_int(load("{}", &r, err, sizeof(err)), 0, "no rules: loads");
	is_int(r.lock, 1, "lock is on by default");
	is_int(r.attempts, 0, "no attempt limit by default");
	ok(r.valid == NULL && r.nforbid == 0, "no window, nothing forbidden");
	is_int(rules_open(&r, 0, why, sizeof(why)), 1, "always open (1970)");
	is_int(rules_open(&r, utc(2100, 1, 1, 0, 0), why, sizeof(why)), 1, "always open (2100)");
	is_int(rules_forbidden(&r, "goto x;", why, sizeof(why)), 0, "nothing forbidden");
	rules_free(&r);
}

static void
test_lock_and_attempts(void)
{
	static const struct {
		const char *options, *err;
	} bad[] = {
		{ "{\"lock\": \"no\"}", "c/x: lock must be a boolean" },
		{ "{\"lock\": 0}", "c/x: lock must be a boolean" },
		{ "{\"attempts\": 0}", "c/x: attempts must be a positive number" },
		{ "{\"attempts\": -2}", "c/x: attempts must be a positive number" },
		{ "{\"attempts\": \"3\"}", "c/x: attempts must be a positive number" },
		{ "{\"attempts\": 2.5}", "c/x: attempts must be a positive number" },
	};
	struct rules r;
	char err[256];

	is_int(load("{\"lock\": false, \"attempts\": 3}", &r, err, sizeof(err)), 0,
	    "lock and attempts load");
	is_int(r.lock, 0, "lock: false");
	is_int(r.attempts, 3, "attempts: 3");
	rules_free(&r);
	is_int(load("{\"lock\": true}", &r, err, sizeof(err)), 0, "lock: true loads");
	is_int(r.lock, 1, "lock: true");
	rules_free(&r);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		is_int(load(bad[i].options, &r, err, sizeof(err)), -1, "refused: %s", bad[i].options);
		is_str(err, bad[i].err, "... saying why");
		rules_free(&r);
	}
}

static void
test_valid(void)
{
	struct rules r;
	char err[256], why[256];

	is_int(load("{\"valid\": \"after 08:00 15/02/2027 and before 12:00 15/02/2027\"}",
	    &r, err, sizeof(err)), 0, "a window loads");
	ok(r.valid != NULL, "... as an expression");
	is_int(rules_open(&r, utc(2027, 2, 15, 10, 0), why, sizeof(why)), 1, "open inside it");
	why[0] = '\0';
	is_int(rules_open(&r, utc(2027, 2, 15, 12, 0), why, sizeof(why)), 0,
	    "closed at its end (exclusive)");
	ok(strstr(why, "12:00 15/02/2027") != NULL, "the reason names the deadline: %s", why);
	why[0] = '\0';
	is_int(rules_open(&r, utc(2027, 2, 15, 7, 59), why, sizeof(why)), 0, "closed before it");
	ok(strstr(why, "08:00 15/02/2027") != NULL, "the reason names the opening: %s", why);
	rules_free(&r);
	ok(r.valid == NULL, "rules_free() leaves nothing behind");

	is_int(load("{\"valid\": \"before #exam\", \"events\": {\"exam\": \"10:00 20/06/2027\"}}",
	    &r, err, sizeof(err)), 0, "a window naming an event of the spec loads");
	is_int(rules_open(&r, utc(2027, 6, 20, 9, 59), why, sizeof(why)), 1, "open before the event");
	is_int(rules_open(&r, utc(2027, 6, 20, 10, 0), why, sizeof(why)), 0, "closed from it");
	rules_free(&r);

	is_int(load("{\"valid\": \"before #exam\"}", &r, err, sizeof(err)), -1,
	    "an event the spec does not carry is refused");
	ok(strncmp(err, "c/x: valid: ", 12) == 0 && strstr(err, "exam") != NULL,
	    "... naming it: %s", err);
	rules_free(&r);
	is_int(load("{\"valid\": \"after tomorrow\"}", &r, err, sizeof(err)), -1,
	    "a malformed window is refused");
	ok(strncmp(err, "c/x: valid: ", 12) == 0 && strlen(err) > 12, "... saying why: %s", err);
	rules_free(&r);
	is_int(load("{\"valid\": 42}", &r, err, sizeof(err)), -1, "a window that is not text");
	is_str(err, "c/x: valid: must be text", "... is refused so");
	rules_free(&r);
}

static void
test_forbid(void)
{
	const char *code = "int main(void)\n{\n\tgoto end;\nend:\n\twhile (1);\n}\n";
	char err[256], why[256], longcode[128];
	struct rules r;

	is_int(load("{\"forbid\": \"goto\"}", &r, err, sizeof(err)), 0, "one pattern loads");
	is_int(r.nforbid, 1, "... as one");
	is_int(rules_forbidden(&r, code, why, sizeof(why)), 1, "a match is forbidden");
	is_str(why, "line 3: \"goto\" is not allowed in this exercise", "... naming its line");
	is_int(rules_forbidden(&r, "int main(void) { return 0; }", why, sizeof(why)), 0,
	    "no match: allowed");
	rules_free(&r);

	is_int(load("{\"forbid\": [\"for *\\\\(\", \"while *\\\\(\"]}", &r, err, sizeof(err)), 0,
	    "a list loads");
	is_int(r.nforbid, 2, "... every pattern");
	is_int(rules_forbidden(&r, code, why, sizeof(why)), 1, "the second pattern matches");
	is_str(why, "line 5: \"while (\" is not allowed in this exercise", "... at its line");
	rules_free(&r);

	is_int(load("{\"forbid\": \"^goto\"}", &r, err, sizeof(err)), 0, "an anchored pattern");
	is_int(rules_forbidden(&r, "x;\ngoto a;\n", why, sizeof(why)), 1,
	    "^ matches at the start of any line (REG_NEWLINE, as sitegen compiles it)");
	is_int(rules_forbidden(&r, "x; goto a;\n", why, sizeof(why)), 0, "... and only there");
	rules_free(&r);

	is_int(load("{\"forbid\": \"x+\"}", &r, err, sizeof(err)), 0, "a greedy pattern");
	memset(longcode, 'x', 100);
	longcode[100] = '\0';
	rules_forbidden(&r, longcode, why, sizeof(why));
	is_str(why, "line 1: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" "
	    "is not allowed in this exercise", "a long match is cut to 60 bytes");
	rules_free(&r);
}

static void
test_forbid_mistakes(void)
{
	char err[256], many[512] = "{\"forbid\": [";
	struct rules r;

	is_int(load("{\"forbid\": \"(\"}", &r, err, sizeof(err)), -1, "a bad pattern is refused");
	ok(strncmp(err, "c/x: forbid: ", 13) == 0 && strlen(err) > 13, "... with regcomp's reason: %s",
	    err);
	rules_free(&r);
	is_int(load("{\"forbid\": [\"goto\", \"[\"]}", &r, err, sizeof(err)), -1,
	    "a bad pattern after a good one is refused");
	rules_free(&r);
	is_int(load("{\"forbid\": [\"goto\", 1]}", &r, err, sizeof(err)), -1, "a number is refused");
	is_str(err, "c/x: forbid: patterns must be text", "... saying so");
	rules_free(&r);
	is_int(load("{\"forbid\": {\"a\": \"b\"}}", &r, err, sizeof(err)), -1, "an object is refused");
	is_str(err, "c/x: forbid must be a pattern or a list of at most 16", "... saying so");
	rules_free(&r);
	for (int i = 0; i < RULES_FORBID_MAX + 1; i++)
		strcat(many, i ? ", \"a\"" : "\"a\"");
	strcat(many, "]}");
	is_int(load(many, &r, err, sizeof(err)), -1, "RULES_FORBID_MAX + 1 patterns are refused");
	is_str(err, "c/x: forbid must be a pattern or a list of at most 16", "... saying so");
	rules_free(&r);
	strcpy(strrchr(many, ','), "]}");
	is_int(load(many, &r, err, sizeof(err)), 0, "RULES_FORBID_MAX patterns load");
	is_int(r.nforbid, RULES_FORBID_MAX, "... all of them");
	rules_free(&r);
}

/* show-answers: its words, its default, and when the key may be shown. */
static void
test_show_answers(void)
{
	static const char *const bad[] = { "{\"show-answers\": \"later\"}",
	    "{\"show-answers\": true}", "{\"show-answers\": \"\"}" };
	time_t before = utc(2027, 2, 15, 10, 0), after = utc(2027, 2, 15, 12, 0);
	struct rules r;
	char err[256];

	is_int(load("{}", &r, err, sizeof(err)), 0, "no show-answers: loads");
	is_str(rules_answers_name(r.answers), "after-close", "after-close by default");
	is_int(rules_key_shown(&r, after, 1000), 0,
	    "after-close, no window, no limit: a student can always submit, never shown");
	rules_free(&r);

	load("{\"attempts\": 2}", &r, err, sizeof(err));
	is_int(rules_key_shown(&r, before, 0), 0, "after-close: no attempt made, kept");
	is_int(rules_key_shown(&r, before, 1), 0, "one of two attempts made: kept");
	is_int(rules_key_shown(&r, before, 2), 1, "both made: shown");
	is_int(rules_key_shown(&r, before, 3), 1, "more (lock: no): shown");
	rules_free(&r);

	load("{\"valid\": \"before 12:00 15/02/2027\", \"show-answers\": \"after-close\"}", &r,
	    err, sizeof(err));
	is_int(rules_key_shown(&r, before, 5), 0, "after-close, before the deadline: kept");
	is_int(rules_key_shown(&r, after, 1), 1, "at the deadline: shown");
	rules_free(&r);
	load("{\"valid\": \"(before 01/02/2027) or (after 01/03/2027 and before 02/03/2027)\"}",
	    &r, err, sizeof(err));
	is_int(rules_key_shown(&r, utc(2027, 2, 15, 0, 0), 1), 0,
	    "between two periods: the student can still submit later, kept");
	is_int(rules_key_shown(&r, utc(2027, 3, 2, 0, 0), 1), 1, "after the last: shown");
	rules_free(&r);

	load("{\"show-answers\": \"always\", \"attempts\": 3}", &r, err, sizeof(err));
	is_str(rules_answers_name(r.answers), "always", "always");
	is_int(rules_key_shown(&r, before, 0), 1, "always: shown at once");
	rules_free(&r);

	load("{\"show-answers\": \"never\", \"attempts\": 1, "
	    "\"valid\": \"before 12:00 15/02/2027\"}", &r, err, sizeof(err));
	is_str(rules_answers_name(r.answers), "never", "never");
	is_int(rules_key_shown(&r, utc(2030, 1, 1, 0, 0), 9), 0,
	    "never: kept, attempts used and window closed");
	rules_free(&r);

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		is_int(load(bad[i], &r, err, sizeof(err)), -1, "refused: %s", bad[i]);
		is_str(err, "c/x: show-answers must be after-close, always or never", "... saying so");
		is_int(rules_key_shown(&r, after, 100), 0, "... and the key kept");
		rules_free(&r);
	}
}

int
main(void)
{
	setenv("TZ", "UTC0", 1);
	tzset();
	test_defaults();
	test_lock_and_attempts();
	test_valid();
	test_forbid();
	test_forbid_mistakes();
	test_show_answers();
	return tap_done();
}
