/*
 * engine.h - grade one submission against one exercise spec.
 *
 * The engine is the whole of grading: it picks the tester the spec names,
 * which compiles and runs the submission inside the jail (jail.h) and
 * compares what it did with what the spec expects. It knows nothing of HTTP,
 * sessions or storage: a spec and a submission in, a result out. The caller
 * (the worker, or bin/assay-grade) decides where the result goes.
 *
 * Honesty rule: when the platform itself fails (the jail cannot be set up, a
 * spec is broken, a file cannot be written) the result is LABEL_MISC_ERROR
 * with the reason in result.log for the operator, never a student's label.
 */
#ifndef ASSAY_ENGINE_H
#define ASSAY_ENGINE_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

#include "sandbox/format/label.h"
#include "sandbox/format/spec.h"

struct engine_config {
	const char *box_root;	/* directory for per-run scratch directories */
	unsigned slot;		/* concurrent slot of this grader (0, 1, ...) */
	uid_t uid_base;		/* the run's uid and gid are uid_base + slot */
};

/*
 * What a student handed in. A code submission has language and code; a quiz
 * submission (tester quiz) has answers instead, and its language and code
 * are ignored (may be NULL and 0). Everything is borrowed for the call.
 */
struct submission {
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
 * result_clear().
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
 *               "answer" ([given]), "expected" ([right]), "score"
 * Private tests carry the same fields (admins see everything); the service
 * strips what students may not see. report is plain text for the student: it
 * never contains data of private tests.
 */
struct result {
	enum label status;
	double score;		/* in [0, 1] */
	char *report;		/* never NULL after engine_grade() */
	json_t *tests;		/* never NULL after engine_grade() */
	char *log;		/* for MiscError: why, for the operator log; else NULL */
};

/*
 * Grades SUB against SPEC. Always fills OUT (a failure of the platform is a
 * MiscError result, not a return code). Returns 0, or -1 only when OUT could
 * not be filled at all (out of memory).
 */
int engine_grade(const struct engine_config *cfg, const struct spec *spec,
    const struct submission *sub, struct result *out);

/* Frees what R owns and zeroes it. */
void result_clear(struct result *r);

#endif
