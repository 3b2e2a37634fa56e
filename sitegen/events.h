/*
 * events.h - the course's named events, for `valid` expressions.
 *
 * A course may keep an events file at its root, events.cfg, in Codex's
 * format (sandbox/format/valid.h): one "name = time" per line, where a time
 * may use other events; blank lines and lines starting with '#' are ignored:
 *
 *   week1 = 15/02/2027
 *   week2 = #week1 + 1 week
 *   exam  = 09:00 20/06/2027
 *
 * An exercise writes `valid: "before #week2 + 2 days"`. The spec carries the
 * events its expression uses (options.events {name: time text}), with those
 * they are defined by, so the service needs no course files.
 */
#ifndef SITEGEN_EVENTS_H
#define SITEGEN_EVENTS_H

#include <jansson.h>

#include "sitegen/diag.h"

/* The events file's name, at the root of the course. */
#define EVENTS_FILE "events.cfg"

/*
 * Reads ROOT/events.cfg. Returns 0 with *OUT set to a new object {name: time
 * text} (json_decref), or to NULL when the course has no events file.
 * Returns -1 after reporting the first mistake to D as "ROOT/events.cfg:LINE:
 * message" (a malformed line, an event defined twice, one that does not
 * evaluate or is defined in terms of itself), or an unreadable file.
 */
int events_load(const char *root, struct diags *d, json_t **out);

/*
 * The events of EVENTS that the expression TEXT names (#name or "name"),
 * with every event their definitions name in turn: a new object (a subset
 * of EVENTS), or NULL on ENOMEM. EVENTS may be NULL (then: an empty
 * object). Names are found by their spelling, not by parsing, so the
 * subset may hold an event the expression only seems to name; it never
 * lacks one the expression uses.
 */
json_t *events_used(const char *text, const json_t *events);

#endif
