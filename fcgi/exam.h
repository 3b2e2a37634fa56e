/*
 * exam.h - timed exams on the service's side (issue 16; the author's field
 * is sitegen/exam.h's). An exam FOLDER is the file SPECS/FOLDER.exam.json
 * sitegen wrote: {id, title, duration_s, feedback, lock?, valid?, events?}.
 * Its exercises are those whose id begins with FOLDER/ (the nearest exam
 * when exams nest).
 *
 * A student's time starts when they first open the exam (the store records
 * it once, store_exam_start()) and ends at
 *   start + duration x (their extra_factor, 1 when none)
 *         + their extra_minutes + what staff added during the exam
 * or at the close of the exam's valid window, whichever comes first.
 * Pure: no store, no HTTP; the callers (assay-submissions.c,
 * assay-staff.c) bring the start and the user's settings.
 */
#ifndef ASSAY_EXAM_H
#define ASSAY_EXAM_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "sandbox/format/valid.h"

#define EXAM_ID_MAX 256

struct exam {
	char id[EXAM_ID_MAX];
	char title[256];
	long duration_s;
	int feedback;		/* a report during the exam (default no) */
	int lock;		/* -1: each exercise's own; 0 or 1 */
	struct valid_expr *valid;	/* when it may be started; NULL: always */
};

/*
 * Loads exam ID from SPECDIR into E. 0; 1 when there is no such exam; -1
 * with a message in ERR when its file is broken. Free with exam_free().
 */
int exam_load(const char *specdir, const char *id, struct exam *e, char *err, size_t errlen);

/* The exam exercise EXERCISE belongs to, into E: 0, 1 when none, -1 (ERR). */
int exam_of(const char *specdir, const char *exercise, struct exam *e, char *err,
    size_t errlen);

void exam_free(struct exam *e);

/*
 * The ids of every exam in SPECDIR, sorted, as a new JSON array in *IDS.
 * 0, or -1 when SPECDIR cannot be read or memory runs out.
 */
int exam_list(const char *specdir, json_t **ids);

/* May E be started at NOW? 1, or 0 with the reason in WHY. */
int exam_open(const struct exam *e, time_t now, char *why, size_t whylen);

/*
 * The end of a student's time in E, who started at START, with FACTOR
 * (<= 0: none), MINUTES of their own and ADDED_S seconds given by staff.
 */
time_t exam_end(const struct exam *e, time_t start, double factor, long minutes, long added_s);

/*
 * May a submission at NOW count, for a student who STARTED (0: has not)
 * with time until END? 1, or 0 with the reason in WHY.
 */
int exam_in_time(const struct exam *e, int started, time_t end, time_t now, char *why,
    size_t whylen);

#endif
