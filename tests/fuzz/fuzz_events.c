/*
 * fuzz_events.c - libFuzzer harness for a course's events file and the
 * events an expression uses (sitegen/events.h, over sandbox/format/valid.h).
 *
 * The input is an events file, then a NUL byte, then a `valid` expression
 * (without a NUL: the file alone, and the expression "after #NAME" for
 * each of its events). Checks, beyond "no crash, no leak, no undefined
 * behaviour": when the file parses, every event evaluates; events_used
 * gives a subset of the file's events, with the same texts; and an
 * expression that parses with the whole file parses with that subset
 * alone, as the service will parse it from the spec's options.events.
 *
 * Built and run by tests/fuzz/run (FUZZ_SECONDS=60 runs each longer),
 * which names the sources each harness links. To run it again, from the
 * repository root:
 *   build/fuzz/fuzz_events -max_total_time=60 \
 *     build/fuzz/corpus-fuzz_events tests/fuzz/seeds/fuzz_events
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/format/valid.h"
#include "sitegen/events.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Does EXPR parse with the whole file's events, and then with those it uses? */
static void
check(const char *expr, const json_t *events)
{
	struct valid_expr *e = NULL;
	struct valid_error err;
	json_t *used = events_used(expr, events), *v;
	const char *k;
	int whole;

	if (used == NULL)
		return;		/* ENOMEM */
	json_object_foreach(used, k, v) {
		const json_t *w = events ? json_object_get(events, k) : NULL;

		if (w == NULL || !json_equal(v, w))
			abort();	/* not a subset of the file's */
	}
	whole = valid_parse(expr, events, &e, &err) == 0;
	valid_free(e);
	e = NULL;
	if (whole && valid_parse(expr, used, &e, &err) != 0)
		abort();	/* an event it uses is missing from the spec */
	valid_free(e);
	json_decref(used);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, '\0', size);
	size_t flen = nul ? (size_t)(nul - (const char *)data) : size, line;
	struct valid_error err;
	json_t *events = NULL;
	char *expr;

	if (valid_events_parse((const char *)data, flen, &events, &line, &err) != 0) {
		if (events != NULL)
			abort();
	}
	if (nul != NULL) {
		if ((expr = strndup(nul + 1, size - flen - 1)) != NULL)
			check(expr, events);
		free(expr);
	} else if (events != NULL) {
		const char *k;
		json_t *v;

		json_object_foreach(events, k, v) {
			char ref[100];

			snprintf(ref, sizeof(ref), "after #%s", k);
			check(ref, events);
		}
	}
	json_decref(events);
	return 0;
}
