/*
 * isotime.h - the one way the service writes a time: ISO 8601 in UTC, to
 * the second ("2026-11-21T23:38:17Z"). Log lines start with it; stored
 * records carry it ("received", "graded"); the API shows it ("opens",
 * "closes").
 */
#ifndef ASSAY_ISOTIME_H
#define ASSAY_ISOTIME_H

#include <time.h>

#define ISOTIME_SIZE 32	/* room for the text and its NUL, whatever the year */

/* Writes T into OUT, NUL-terminated. */
void isotime_format(time_t t, char out[ISOTIME_SIZE]);

#endif
