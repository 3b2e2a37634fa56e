/*
 * gradebook.h - one grade per student and exercise, chosen by a policy,
 * written as CSV or JSON.
 *
 * Pure: no store, no HTTP. The caller fills a gradebook in three steps, in
 * this order:
 *   1. the exercises: gradebook_load_specs() reads the site's specs
 *      (SITE/current/specs/ ** / *.json: "id", "title", "tester", "weight"),
 *      or gradebook_exercise_add() one at a time;
 *   2. the people: gradebook_student_add() for every user; only those whose
 *      role is "student" get a row (staff and admins are left out);
 *   3. the submissions: gradebook_feed() with one summary at a time, in any
 *      order. The first feed freezes steps 1 and 2 (adding after it fails).
 * then writes it: gradebook_write_csv(), gradebook_write_json() (both
 * streamed through a callback, a row at a time), or reads it cell by cell
 * (gradebook_student(), gradebook_exercise(), gradebook_cell(): what
 * printout.h does).
 *
 * Memory: one cell (about 32 bytes) per student and exercise, whatever the
 * number of submissions fed; each feed is O(log students + log exercises).
 *
 * The choice, per (student, exercise), among the submissions that count:
 *   best        the highest score, then the better label (label.h's order),
 *               then the newest
 *   last        the newest
 *   last-valid  the newest valid one (invalid ones never count, whatever
 *               the invalid rule)
 *   printout    Codex's rule: the newest Accepted, else the newest
 * "Newest" is by received time, then by id. Submissions still Evaluating
 * never count (they have no result yet). With GRADEBOOK_IGNORE (the
 * default) an invalid submission (late, over the attempts) does not count;
 * with GRADEBOOK_COUNT it does.
 *
 * Scores are 0..1 (clamped). An exercise without a chosen submission scores
 * 0: its CSV cell is empty, its JSON cell null. A student's total is
 * sum(weight * score) / sum(weight) * 100, rounded to two decimals; 0 when
 * the weights sum to 0 (a weight of 0 keeps an exercise out of the total,
 * not out of the table).
 *
 * The exercise filter (gradebook_new's PREFIX, "c/" or "c"): only exercises
 * whose id is PREFIX without its slash, or begins with it and a slash.
 *
 * Rows are in the order of the logins (bytewise), columns in the order of
 * the exercise ids.
 *
 * Strings passed in are copied. Returns: 0, or -1 (out of memory, bad
 * input: see each function).
 */
#ifndef ASSAY_GRADEBOOK_H
#define ASSAY_GRADEBOOK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "fcgi/csvout.h"
#include "sandbox/format/label.h"

enum gradebook_policy {
	GRADEBOOK_BEST,
	GRADEBOOK_LAST,
	GRADEBOOK_LAST_VALID,
	GRADEBOOK_PRINTOUT
};

enum gradebook_invalid {
	GRADEBOOK_IGNORE,	/* the default */
	GRADEBOOK_COUNT
};

/* "best", "last", "last-valid", "printout" <-> the enum. Parse: 0 or -1. */
int gradebook_policy_parse(const char *s, enum gradebook_policy *out);
const char *gradebook_policy_name(enum gradebook_policy p);

/* "ignore", "count" <-> the enum. Parse: 0 or -1. */
int gradebook_invalid_parse(const char *s, enum gradebook_invalid *out);
const char *gradebook_invalid_name(enum gradebook_invalid v);

struct gradebook_exercise {
	char *id;		/* "c/strong" */
	char *title;		/* never NULL ("" when the spec has none) */
	double weight;		/* >= 0 */
	int quiz;		/* its tester is "quiz" */
};

struct gradebook_student {
	char *login;
	char *name;		/* never NULL ("" when the user has none) */
};

/* A submission as gradebook_feed() takes it; the strings are not kept. */
struct gradebook_sub {
	uint64_t id;
	const char *login;
	const char *exercise;
	time_t received;
	enum label label;	/* LABEL_EVALUATING: not counted */
	int valid;
	double score;		/* 0..1; clamped, NaN as 0 */
};

/* The chosen submission of a student for an exercise. */
struct gradebook_cell {
	uint64_t id;
	time_t received;
	double score;
	enum label label;
	int valid;
};

/* Where writing goes: the same callback as csvout.h's (0, or non-zero to stop). */
typedef csvout_write_fn gradebook_write_fn;

struct gradebook;

/*
 * A new, empty gradebook choosing by POLICY and INVALID, keeping only the
 * exercises under PREFIX (NULL or "": all). NULL when out of memory.
 */
struct gradebook *gradebook_new(enum gradebook_policy policy, enum gradebook_invalid invalid,
    const char *prefix);

/* Frees GB; GB may be NULL. */
void gradebook_free(struct gradebook *gb);

/*
 * Adds an exercise (left out, returning 0, when the prefix excludes it).
 * -1 for a weight that is negative or not finite, a second exercise with
 * the same id, after the first feed, or out of memory.
 */
int gradebook_exercise_add(struct gradebook *gb, const char *id, const char *title,
    double weight, int quiz);

/*
 * Adds the exercises of every spec under SITE/current/specs (recursively,
 * files ending in .json). A file that is not JSON, lacks a string "id", or
 * has a "weight" that is not a non-negative number is an error: -1 with
 * "FILE:LINE: message" (or "FILE: message") in ERR.
 */
int gradebook_load_specs(struct gradebook *gb, const char *site, char *err, size_t errlen);

/*
 * Adds a user: a row when ROLE is "student" (NULL counts as a student),
 * nothing (0) otherwise. NAME may be NULL. -1 for a second user with the
 * same login, after the first feed, or out of memory. Users added in the
 * order of their logins (as the store lists them) cost O(1) each.
 */
int gradebook_student_add(struct gradebook *gb, const char *login, const char *name,
    const char *role);

/*
 * Considers submission S. One of an unknown login (not a student), an
 * exercise left out or unknown, or one that does not count is skipped: 0.
 * -1 only when out of memory.
 */
int gradebook_feed(struct gradebook *gb, const struct gradebook_sub *s);

/* The exercises (columns) and students (rows), in their order. */
size_t gradebook_nexercises(const struct gradebook *gb);
const struct gradebook_exercise *gradebook_exercise(const struct gradebook *gb, size_t i);
size_t gradebook_nstudents(const struct gradebook *gb);
const struct gradebook_student *gradebook_student(const struct gradebook *gb, size_t i);

/* The chosen submission of student S for exercise E, or NULL when none. */
const struct gradebook_cell *gradebook_cell(const struct gradebook *gb, size_t s, size_t e);

/* Student S's total, 0..100, rounded to two decimals. */
double gradebook_total(const struct gradebook *gb, size_t s);

/*
 * Writes the CSV: the header login,name,EXERCISE_ID...,total, then a row
 * per student (scores as decimals with a dot, the total with two), each
 * row one call of WRITE. 0, or -1 when WRITE failed or memory ran out.
 */
int gradebook_write_csv(struct gradebook *gb, gradebook_write_fn *write, void *ctx);

/*
 * Writes the JSON {"policy", "invalid", "exercises": [{"id", "title",
 * "weight", "quiz"}], "students": [{"login", "name", "cells": {ID: {"score",
 * "status", "id", "valid"} or null}, "total"}]}: the head in one call of
 * WRITE, then each student in one call, then the end. 0 or -1.
 */
int gradebook_write_json(struct gradebook *gb, gradebook_write_fn *write, void *ctx);

/*
 * The same JSON as one new object (the whole table in memory), the
 * caller's to json_decref(); NULL when out of memory. Dump it with
 * JSON_REAL_PRECISION(12) (as gradebook_write_json() does) so that a total
 * of 63.33 is not written 63.329999999999998.
 */
json_t *gradebook_to_json(struct gradebook *gb);

#endif
