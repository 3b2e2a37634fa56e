/*
 * exam.h - a timed exam, as an author declares it (issue 16).
 *
 * An exam is the index page of a folder, FOLDER/index.md, with the field
 *
 *   exam: 90 min                      the duration alone, or
 *   exam: {duration: 1 h 30 min, feedback: no, lock: yes}
 *
 * A duration is one or more NUMBER UNIT pairs, units s, sec, second(s),
 * min, minute(s), h, hour(s); at least 1 second, at most 7 days.
 * `feedback` (default no) says whether a student sees the report of a
 * submission made during the exam; `lock` (default: each exercise's own)
 * whether a submission outside a student's time is refused (yes) or stored,
 * graded and marked invalid (no). The page's `valid`, as on an exercise, is
 * the window in which the exam may be started; its end also ends every
 * student's time.
 *
 * The exam's id is FOLDER ("midterm"); its exercises are the exercise pages
 * under FOLDER/ (the page lists them with {.ex} links). sitegen writes the
 * exam's JSON to specs/FOLDER.exam.json beside the exercises' specs:
 *   {id, title, duration_s, feedback, lock?, valid?, events?}
 * which the service (fcgi/exam.h) reads for each submission to an exercise
 * under FOLDER/.
 */
#ifndef ASSAY_SITEGEN_EXAM_H
#define ASSAY_SITEGEN_EXAM_H

#include <stddef.h>

#include <jansson.h>

#include "sitegen/diag.h"
#include "sitegen/page.h"

#define EXAM_DURATION_MAX (7L * 24 * 3600)

/*
 * Parses a duration ("90 min", "1 h 30 min", "3 s") into *SECONDS.
 * 0, or -1 with a message in ERR.
 */
int exam_duration(const char *text, long *seconds, char *err, size_t errlen);

/*
 * Reads page P's exam field with the course's EVENTS (may be NULL; the page's
 * valid may name them). Returns 0 when P has none (*OUT NULL), 1 with the
 * exam's JSON (above; a new reference) in *OUT, or -1 after reporting the
 * mistakes to D at their file:line.
 */
int exam_read(const struct page *p, struct diags *d, const json_t *events, json_t **out);

/* The build's path of exam ID's JSON, "specs/ID.exam.json", in *OUT (free it). 0 or -1. */
int exam_rel(const char *id, char **out);

#endif
