/* test_valid.c - the `valid` expression table: parses, places of errors,
 * evaluation against times, windows, and the events file. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sandbox/format/valid.h"
#include "tests/tap.h"

/* Unix time of a local time, in the TZ this test sets (UTC). */
static time_t
at(int d, int mo, int y, int h, int m)
{
	struct tm tm = { .tm_mday = d, .tm_mon = mo - 1, .tm_year = y - 1900,
	    .tm_hour = h, .tm_min = m, .tm_isdst = -1 };

	return mktime(&tm);
}

static const struct {
	const char *text;
	size_t column;		/* 0: parses */
	const char *message;	/* part of the error */
} parses[] = {
	{ "after 08:00 15/02/2027", 0, NULL },
	{ "after 08:00 15/02/2027 and before 12:00 15/02/2027", 0, NULL },
	{ "from 15/02/2027 until 16/02/2027 09:30", 17, "expected \"and\", \"or\"" },
	{ "from 15/02/2027 and until 16/02/2027 09:30", 0, NULL },
	{ "(after 16/02/2027 and before 18/02/2027) or after 20/02/2027", 0, NULL },
	{ "between 1/3/2027 and 2/3/2027", 0, NULL },
	{ "always", 0, NULL },
	{ "before #exam + 2 days", 0, NULL },
	{ "before \"exam\" - 1 week + 3h", 0, NULL },
	{ "after #exam+30min", 0, NULL },
	{ "", 1, "expected after" },
	{ "after", 6, "expected a time" },
	{ "after 25:00 15/02/2027", 7, "not a time of day" },
	{ "after 31/02/2027", 7, "not a date" },
	{ "after 15/13/2027", 7, "not a date" },
	{ "after 15/02/27", 7, "expected a date" },
	{ "after 08:00", 12, "expected a date" },
	{ "after 15/02/2027 and", 21, "expected after" },
	{ "(after 15/02/2027", 18, "expected ')'" },
	{ "after 15/02/2027)", 17, "unexpected" },
	{ "after #nothing", 7, "no event \"nothing\"" },
	{ "after #exam + 2 fortnights", 17, "expected a unit" },
	{ "after #exam + days", 15, "expected a number" },
	{ "between 1/3/2027 or 2/3/2027", 18, "expected \"and\"" },
	{ "After 15/02/2027", 1, "expected after" },
	{ "after 15/02/2027 xor before 16/02/2027", 18, "unexpected" },
	{ "after #loop", 7, "in terms of itself" },
};

/* Has TEXT closed for good at the times of WHEN? */
static int
closed(const char *text, time_t when)
{
	struct valid_expr *e;
	struct valid_error err;
	int c;

	if (valid_parse(text, NULL, &e, &err) != 0) {
		diag("%s: %s", text, err.message);
		return -1;
	}
	c = valid_closed(e, when);
	valid_free(e);
	return c;
}

/* valid_closed(): when no valid submission can come any more. */
static void
test_closed(void)
{
	const char *window = "after 08:00 15/02/2027 and before 12:00 15/02/2027";
	const char *two = "(after 16/02/2027 and before 18/02/2027) or "
	    "(after 20/02/2027 and before 22/02/2027)";

	is_int(closed(window, at(15, 2, 2027, 7, 0)), 0, "not yet open: not closed");
	is_int(closed(window, at(15, 2, 2027, 11, 59)), 0, "open: not closed");
	is_int(closed(window, at(15, 2, 2027, 12, 0)), 1, "at the deadline: closed");
	is_int(closed(window, at(1, 3, 2027, 0, 0)), 1, "long after: closed");
	is_int(closed(two, at(19, 2, 2027, 0, 0)), 0, "between two periods: not closed");
	is_int(closed(two, at(22, 2, 2027, 0, 0)), 1, "after the last period: closed");
	is_int(closed("after 01/01/2027", at(1, 1, 2030, 0, 0)), 0, "after a time: never closes");
	is_int(closed("always", at(1, 1, 2030, 0, 0)), 0, "always: never closes");
	is_int(closed("before 01/01/2027 or after 01/06/2027", at(1, 3, 2027, 0, 0)), 0,
	    "a gap, then open again: not closed");
	is_int(closed("after 01/06/2027 and before 01/01/2027", at(1, 1, 2020, 0, 0)), 1,
	    "a window that never opens: closed from the start");
}

int
main(void)
{
	json_t *events = json_pack("{s:s, s:s, s:s}", "exam", "10:00 20/06/2027",
	    "resit", "#exam + 4 weeks", "loop", "#loop + 1 day");
	struct valid_expr *e;
	struct valid_error err;
	char why[200];
	time_t lo, hi;

	setenv("TZ", "UTC0", 1);
	tzset();
	for (size_t i = 0; i < sizeof(parses) / sizeof(*parses); i++) {
		int rc = valid_parse(parses[i].text, events, &e, &err);

		if (parses[i].column == 0) {
			ok(rc == 0, "parses: %s%s%s", parses[i].text, rc ? " -- " : "",
			    rc ? err.message : "");
		} else {
			ok(rc == -1 && err.column == parses[i].column &&
			    strstr(err.message, parses[i].message) != NULL,
			    "refused at column %zu: \"%s\" (got column %zu: %s)",
			    parses[i].column, parses[i].text, err.column, err.message);
		}
		valid_free(e);
	}

	valid_parse("after 08:00 15/02/2027 and before 12:00 15/02/2027", NULL, &e, &err);
	ok(!valid_eval(e, at(15, 2, 2027, 7, 59), why, sizeof(why)), "one minute early: invalid");
	is_str(why, "submissions open at 08:00 15/02/2027", "... says when it opens");
	ok(valid_eval(e, at(15, 2, 2027, 8, 0), why, sizeof(why)), "at the opening: valid");
	ok(valid_eval(e, at(15, 2, 2027, 11, 59), why, sizeof(why)), "before the deadline: valid");
	ok(!valid_eval(e, at(15, 2, 2027, 12, 0), why, sizeof(why)), "at the deadline: invalid");
	is_str(why, "the deadline was 12:00 15/02/2027", "... says the deadline");
	valid_window(e, &lo, &hi);
	ok(lo == at(15, 2, 2027, 8, 0) && hi == at(15, 2, 2027, 12, 0), "window of a conjunction");
	valid_free(e);

	/* Left to right, no precedence: (A or B) and C. */
	valid_parse("after 10/01/2027 or after 01/01/2027 and before 05/01/2027", NULL, &e, &err);
	ok(!valid_eval(e, at(12, 1, 2027, 0, 0), why, sizeof(why)),
	    "and/or read left to right: (A or B) and C is false after C");
	valid_free(e);
	valid_parse("(after 16/02/2027 and before 18/02/2027) or after 20/02/2027", NULL, &e, &err);
	ok(valid_eval(e, at(17, 2, 2027, 0, 0), why, sizeof(why)), "inside the first period");
	ok(!valid_eval(e, at(19, 2, 2027, 0, 0), why, sizeof(why)), "between the periods");
	is_str(why, "outside every submission period", "... says so");
	ok(valid_eval(e, at(21, 2, 2027, 0, 0), why, sizeof(why)), "in the open-ended period");
	valid_window(e, &lo, &hi);
	ok(lo == at(16, 2, 2027, 0, 0) && hi == (time_t)-1, "window of a disjunction");
	valid_free(e);

	valid_parse("before #resit + 2 days - 12 hours", events, &e, &err);
	valid_window(e, &lo, &hi);
	ok(hi == at(20, 6, 2027, 10, 0) + 4 * 604800 + 2 * 86400 - 12 * 3600,
	    "events refer to events, offsets add up");
	valid_free(e);
	valid_parse("between 01/03/2027 and 02/03/2027 09:30", NULL, &e, &err);
	valid_window(e, &lo, &hi);
	ok(lo == at(1, 3, 2027, 0, 0) && hi == at(2, 3, 2027, 9, 30), "between A and B, DD/MM/YYYY HH:MM");
	valid_free(e);

	/* A local time follows the server's zone. */
	setenv("TZ", "WET0WEST,M3.5.0/1,M10.5.0", 1);
	tzset();
	valid_parse("after 12:00 01/07/2027", NULL, &e, &err);
	valid_window(e, &lo, &hi);
	setenv("TZ", "UTC0", 1);
	tzset();
	ok(lo == at(1, 7, 2027, 11, 0), "summer time: 12:00 in Lisbon is 11:00 UTC");
	valid_free(e);

	test_closed();

	const char *file = "# course events\nexam = 10:00 20/06/2027\n\nresit = #exam + 4 weeks\n";
	json_t *ev;
	size_t line;
	ok(valid_events_parse(file, strlen(file), &ev, &line, &err) == 0 &&
	    json_object_size(ev) == 2, "events file: two events");
	is_str(json_string_value(json_object_get(ev, "resit")), "#exam + 4 weeks", "event text kept");
	json_decref(ev);
	const char *bad1 = "exam = 10:00 20/06/2027\nexam = 01/01/2027\n";
	ok(valid_events_parse(bad1, strlen(bad1), &ev, &line, &err) == -1 && line == 2 &&
	    strstr(err.message, "twice"), "an event defined twice, at its line: %zu %s", line,
	    err.message);
	const char *bad2 = "a = 01/01/2027\nb = #c + 1 day\nc = #b\n";
	ok(valid_events_parse(bad2, strlen(bad2), &ev, &line, &err) == -1 && line >= 2 &&
	    strstr(err.message, "itself"), "a cycle of events: line %zu %s", line, err.message);
	const char *bad3 = "a = 01/01/2027\n= 02/01/2027\n";
	ok(valid_events_parse(bad3, strlen(bad3), &ev, &line, &err) == -1 && line == 2,
	    "a line without a name: line %zu %s", line, err.message);
	const char *bad4 = "a = 31/04/2027\n";
	ok(valid_events_parse(bad4, strlen(bad4), &ev, &line, &err) == -1 && line == 1 &&
	    strstr(err.message, "not a date"), "an impossible date: %s", err.message);
	json_decref(events);
	return tap_done();
}
