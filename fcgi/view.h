/*
 * view.h - what the API shows of a stored submission record, to whom.
 *
 * A record holds everything a grading gave (sandbox/format/grade.h): the
 * report and tests, the answer key apart ("key"), the grader's log. Every
 * API answer that carries a result is made here, so what a student may not
 * see is decided in one place:
 *   - a private test is {name, public, passed} only;
 *   - with feedback off (exams), neither report nor tests;
 *   - the answer key is put in (grade_key_reveal()) only when the caller
 *     may see it: staff always, a student when the exercise's show-answers
 *     rule holds at the time of the request (rules_key_shown(), which the
 *     caller evaluates: it knows the clock and the student's submissions);
 *   - the grader's log, staff only.
 * Fields are copied by name, never the record as a whole: a field the
 * record gains later is not shown until this file says so.
 *
 * A quiz record graded before the key was kept apart has no "key" field,
 * its right answers being in its report and tests: while the key is kept,
 * its report is left out and its tests lose "expected" (the page shows
 * each question's verdict from the tests).
 */
#ifndef ASSAY_VIEW_H
#define ASSAY_VIEW_H

#include <jansson.h>

#include "sandbox/util/buf.h"

/* Who asks, and what the exercise's rules let them see. */
struct view_rights {
	int admin;		/* staff: everything, the grader's log too */
	int key;		/* the answer key may be shown to this student */
	const char *answers;	/* the exercise's show-answers word, said with a
				   result that has a key; NULL: not known */
};

/*
 * Does the result in REC depend on an answer key, so that the caller must
 * evaluate show-answers to fill view_rights.key? 1 for a record with a key
 * and for a quiz's record (an older one may hold its key in its tests).
 */
int view_has_key(const json_t *rec);

/*
 * The API form of REC for WHO: a new object, or NULL on ENOMEM. The summary
 * fields always ({id, login, exercise, language, received, status, valid,
 * validity, score}); with FULL, also code, answers, report and tests as WHO
 * may see them, and for a result with a key "answers_shown" (whether the
 * key is in) and "show_answers" (the rule's word, when known); "feedback":
 * false when feedback is off; staff get "log".
 */
json_t *view_submission(const json_t *rec, const struct view_rights *who, int full);

/*
 * Appends the HTML of SHOWN to B: the verdict page's body (GET
 * /api/submissions/ID.html). SHOWN must be an answer of view_submission()
 * with FULL, never a stored record: the page shows what the JSON answer
 * shows, nothing more. The label, score, submission, validity; unless the
 * submission is Evaluating or feedback is off, the report, the tests (a
 * private one: its name and whether it passed, all it holds), the note
 * that a quiz's answers are not shown yet, and the log (staff); the code or
 * the quiz's answers. Every text escaped (page.h).
 */
void view_html(struct buf *b, const json_t *shown);

/* "WrongAnswer" -> "Wrong answer", appended to B (escaped). */
void view_label_text(struct buf *b, const char *status);

/* Appends a label as <span class="label label-STATUS">Text</span>. */
void view_label(struct buf *b, const char *status);

#endif
