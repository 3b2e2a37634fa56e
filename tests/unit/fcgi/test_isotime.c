/* test_isotime.c - the service's one time format: ISO 8601, UTC, to the second. */
#include <stdlib.h>
#include <time.h>

#include "fcgi/isotime.h"
#include "tests/tap.h"

int
main(void)
{
	static const struct {
		time_t t;
		const char *want, *what;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00Z", "the epoch" },
		{ 1700000000, "2023-11-14T22:13:20Z", "a Tuesday in 2023" },
		{ 951782400, "2000-02-29T00:00:00Z", "a leap day" },
		{ -1, "1969-12-31T23:59:59Z", "a second before the epoch" },
		{ 4102444799, "2099-12-31T23:59:59Z", "the last second of the century" },
	};
	char out[ISOTIME_SIZE];

	/* Far from UTC, with summer time: the format must not follow TZ. */
	setenv("TZ", "NZST-12NZDT,M9.5.0,M4.1.0/3", 1);
	tzset();
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		isotime_format(cases[i].t, out);
		is_str(out, cases[i].want, "%s, in UTC", cases[i].what);
	}
	return tap_done();
}
