/*
 * staff_similarity.h - the similarity report's routes of the staff API
 * (simreport.h, similarity.h), answered for assay-staff:
 *
 *   GET  /api/staff/similarity?exercise=c/hello&policy=best|last|
 *        last-valid|printout&threshold=0.5&min=0.1
 *                            -> the report (similarity_to_json()'s shape:
 *                               {exercise, k, w, common, threshold,
 *                               submissions, pairs: [{a, b, similarity,
 *                               longest, longest_tokens, fragments}],
 *                               clusters}) with "policy", "min", and each
 *                               pair's "mark" (null or {mark, by, time,
 *                               note}); pairs below MIN (0 to 1, default
 *                               0.1, as `assay similarity`) are left out
 *   GET  /api/staff/similarity/pair?exercise=&a=LOGIN&b=LOGIN&policy=
 *                            -> {exercise, policy, a: {login, id,
 *                               language, received, status, code}, b: the
 *                               same, similarity, longest, longest_tokens,
 *                               fragments: [{a: [from, to], b: [from, to],
 *                               tokens}], mark}: the two chosen
 *                               submissions, sides as the query names
 *                               them; 404 when the pair shares no
 *                               fragment or a login has no submission
 *   POST /api/staff/similarity/mark  JSON {exercise, a, b, mark:
 *                               "reviewed"|"case"|"none", note?} -> {exercise,
 *                               a, b, mark}: stored (store.h, "Similarity
 *                               marks"), a < b whatever the order sent, and
 *                               an audit entry (similarity-reviewed,
 *                               similarity-case, similarity-clear); the
 *                               exercise must exist, the pair is not
 *                               looked for in the report (a mark stays
 *                               when a resubmission or another policy
 *                               changes the pairs)
 *
 * 400 for a missing or bad parameter, 404 for an unknown exercise, 405 for
 * the wrong method; {"error"} as every route. The report is computed per
 * request from the store (a class of 500 costs the engine about 0.15 s):
 * it reads stored text and runs nothing of the students'.
 */
#ifndef ASSAY_STAFF_SIMILARITY_H
#define ASSAY_STAFF_SIMILARITY_H

#include "fcgi/api.h"

/*
 * Answers R, a request to /api/staff/similarity REST ("", "/pair" or
 * "/mark") by staff U (the role and, for a POST, the Origin already
 * checked).
 */
void staff_similarity(struct api *a, struct http_req *r, const struct store_user *u,
    const char *rest, int post);

#endif
