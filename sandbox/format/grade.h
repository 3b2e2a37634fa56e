/*
 * grade.h - what a grading takes and gives: the submission a student
 * handed in and the result the engine (sandbox/engine/engine.h) makes of
 * it. The testers fill results; the service (fcgi/) stores them as they
 * are, and strips what students may not see.
 */
#ifndef ASSAY_GRADE_H
#define ASSAY_GRADE_H

#include <stddef.h>

#include <jansson.h>

#include "sandbox/format/label.h"

/*
 * What a student handed in. A code submission has language and code; a quiz
 * submission (tester quiz) has answers instead, and its language and code
 * are ignored (may be NULL and 0). Everything is borrowed for the call.
 */
struct grade_submission {
	const char *language;	/* one of the spec's languages ("c", "cpp",
				   "python", "java") */
	const char *code;	/* source text, code_len bytes */
	size_t code_len;
	const char *login;	/* the student, for per-student choices (a
				   quiz's variants); NULL: none known */
	const json_t *answers;	/* a quiz's answers: {question id: [chosen
				   option labels]} or {id: [typed text]} for a
				   fill-in question; NULL for code */
};

/*
 * The outcome of a grading. Everything is owned by the result; free with
 * grade_result_clear().
 *
 * tests is an array with one object per test, in the spec's order:
 *   {"name": "public 1", "public": true, "passed": false,
 *    "status": "WrongAnswer",              the test's own label
 *    "message"?: "exited with status 3",   one line saying why it failed
 *    "input"?: "...", "expected"?: "...", "got"?: "..."}
 * and per tester:
 *   stdio       "diff"? (diff.h, a failed test's), "arguments"? ([...])
 *   quickcheck  one entry per property
 *   doctest     one entry per group, "public examples" and "private
 *               examples"; input/expected/got of the first failed example
 *   cases       one entry per case, "test 1"...: also "mark", "show",
 *               "test" (its code), "stdin"?
 *   quiz        one entry per question shown, named by its id: "title",
 *               "answer" ([given]), "score"; its right answers are in key
 *   run         one entry of its own shape, the step that decided:
 *               "phase", "status", "exit", "signal", "syscall", "stdout"
 *               and "stderr" (base64), "stdout_cut", "stderr_cut",
 *               "cpu_ms", "wall_ms", "memory_kib" (tester_run.c)
 * Private tests carry the same fields (admins see everything); the service
 * strips what students may not see. report is plain text for the student: it
 * never contains data of private tests.
 *
 * key is the answer key, kept out of report and tests so that they can be
 * shown before the key may be: the service stores it beside them and puts
 * it in (grade_key_reveal()) only when the exercise's rule allows
 * (show-answers, fcgi/rules.h) or for staff. NULL when the tester has none;
 * a quiz's is
 *   {"report": the report again, with the right answers,
 *    "tests": {test name: {fields the key adds to that test's entry}}}
 * ("tests": {"capital": {"expected": ["b"]}}). Nothing in report or tests
 * depends on it.
 */
struct grade_result {
	enum label status;
	double score;		/* in [0, 1] */
	char *report;		/* never NULL after a grading */
	json_t *tests;		/* never NULL after a grading */
	json_t *key;		/* NULL, or the answer key (above) */
	char *log;		/* for MiscError: why, for the operator log; else NULL */
};

/* Frees what R owns and zeroes it. R may be NULL. */
void grade_result_clear(struct grade_result *r);

/*
 * Puts the answer KEY (as above; NULL or malformed parts are skipped) into
 * RESULT, a JSON object with "report" and "tests" as a grade_result has them
 * (a stored record, or a view of one): its "report" replaced by the key's,
 * and the key's fields set on each test entry of the same name. RESULT's
 * entries are changed in place: give it copies of what must not change.
 * Returns 0, or -1 on ENOMEM (RESULT then partly changed).
 */
int grade_key_reveal(json_t *result, const json_t *key);

#endif
