/*
 * staff_exams.h - the timed exams' routes of the staff API (exam.h),
 * answered for assay-staff:
 *
 *   GET  /api/staff/exams            -> {exams: [{exam, title, duration_s,
 *                                      started, writing}]}: every exam of the
 *                                      site, how many students started it and
 *                                      how many are still writing
 *   GET  /api/staff/exams/ID         -> {exam, title, duration_s, now,
 *                                      students: [{login, name, start, end,
 *                                      remaining_s, writing, added_s,
 *                                      extra_minutes, extra_factor}]}: who
 *                                      started when, their end, whether
 *                                      still writing, by login (students
 *                                      only: staff's time is never enforced)
 *   POST /api/staff/exams/ID/extend  JSON {login, minutes} (1 to 1440) ->
 *                                      that student's entry, their time
 *                                      longer by MINUTES; 404 when they have
 *                                      not started; an audit entry
 *                                      (exam-extend)
 */
#ifndef ASSAY_STAFF_EXAMS_H
#define ASSAY_STAFF_EXAMS_H

#include "fcgi/api.h"

/*
 * Answers R, a request to /api/staff/exams/REST by staff U (the role and,
 * for a POST, the Origin already checked).
 */
void staff_exams(struct api *a, struct http_req *r, const struct store_user *u,
    const char *rest, int post);

#endif
