/* isotime.c - ISO 8601 times in UTC; see isotime.h. */
#include <time.h>

#include "fcgi/isotime.h"

void
isotime_format(time_t t, char out[ISOTIME_SIZE])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, ISOTIME_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
