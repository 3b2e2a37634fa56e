/*
 * fuzz_valid.c - libFuzzer harness for `valid` expressions and events files
 * (sandbox/format/valid.c): course text that the site build and the service parse.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sandbox/format/valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *events;
	struct valid_expr *e;
	struct valid_error err;
	char *text = malloc(size + 1), why[200];
	json_t *ev;
	size_t line;
	time_t lo, hi;

	if (text == NULL)
		return 0;
	if (events == NULL)
		events = json_pack("{s:s, s:s, s:s}", "exam", "10:00 20/06/2027",
		    "resit", "#exam + 4 weeks", "loop", "#loop");
	memcpy(text, data, size);
	text[size] = '\0';
	if (valid_parse(text, events, &e, &err) == 0) {
		valid_eval(e, 1800000000, why, sizeof(why));
		valid_window(e, &lo, &hi);
		valid_free(e);
	} else if (err.column == 0 || err.column > size + 1 || err.message[0] == '\0') {
		abort();	/* every error has a place and a message */
	}
	if (valid_events_parse(text, size, &ev, &line, &err) == 0)
		json_decref(ev);
	free(text);
	return 0;
}
