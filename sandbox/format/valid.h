/*
 * valid.h - when submissions count: Codex's `valid` expressions.
 *
 *   valid: "after 08:00 15/02/2027 and before 12:00 15/02/2027"
 *   valid: "(from 16/02/2027 and until 18/02/2027) or after #resit"
 *   valid: "before #week3 + 2 days"
 *
 * Grammar (keywords are case-sensitive, white space is free):
 *   expr  := term { ("and" | "or") term }    left to right, no precedence
 *   term  := "(" expr ")" | "always" | ("after" | "from") time
 *          | ("before" | "until") time | "between" time "and" time
 *   time  := base { ("+" | "-") NUMBER unit }
 *   base  := HH:MM DD/MM/YYYY | DD/MM/YYYY [HH:MM] | #name | "name"
 *   unit  := week[s] | w | day[s] | d | hour[s] | h | minute[s] | min | m
 *          | second[s] | s
 * after/from T holds from T on; before/until T holds up to T (exclusive);
 * between A and B is after A and before B. Times are local times of the
 * server's time zone (TZ, or /etc/localtime). Named events come from the
 * course's events file (valid_events_parse): lines "name = time", where a
 * time may use other events; cycles are errors.
 *
 * sitegen parses every expression at build time (a mistake stops the build
 * with its place); the service parses and evaluates it against the time a
 * submission was received.
 */
#ifndef ASSAY_VALID_H
#define ASSAY_VALID_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

struct valid_expr;

struct valid_error {
	size_t column;		/* 1-based, in the text */
	char message[200];
};

/*
 * Parses TEXT. EVENTS (may be NULL) maps event names to their time text.
 * Returns 0 and a new expression in *OUT (valid_free), or -1 with ERR set.
 */
int valid_parse(const char *text, const json_t *events, struct valid_expr **out,
    struct valid_error *err);

/* Frees E; E may be NULL. */
void valid_free(struct valid_expr *e);

/*
 * Does E hold at NOW? Returns 1, or 0 with a sentence for the student in WHY
 * (WHYLEN bytes) saying why not ("the deadline was 12:00 15/02/2027").
 */
int valid_eval(const struct valid_expr *e, time_t now, char *why, size_t whylen);

/*
 * The earliest opening and latest closing time that E mentions, for showing
 * the window on the page: (time_t)-1 when there is none on that side.
 */
void valid_window(const struct valid_expr *e, time_t *opens, time_t *closes);

/*
 * Has E closed for good at NOW: does it hold at no time from NOW on? (A
 * quiz's answer key is shown once it has: fcgi/rules.h.) 0 while it holds
 * or will hold again ("after" a time, "always", a later period of an "or");
 * 1 once the last period has ended, or when E never holds at all.
 */
int valid_closed(const struct valid_expr *e, time_t now);

/*
 * Parses an events file (TEXT, LEN bytes): one "name = time" per line, blank
 * lines and lines starting with '#' ignored. Returns 0 and a new object
 * {name: time text} in *OUT, or -1 with ERR set and *LINE the line of the
 * mistake. Every event is checked (it must evaluate, without cycles).
 */
int valid_events_parse(const char *text, size_t len, json_t **out, size_t *line,
    struct valid_error *err);

#endif
