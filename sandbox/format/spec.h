/*
 * spec.h - the machine-readable description of one exercise.
 *
 * sitegen writes one spec per exercise page, as a JSON file under the site's
 * specs/ directory (never under the served tree). The submission program reads
 * it to check a submission (does the exercise exist, is the language allowed);
 * the worker reads it to grade one. A spec and a submission are all a grading
 * needs: test data is inside the spec, so a grader needs no course files.
 *
 * This module is the one definition of the format: spec_to_json() writes what
 * spec_from_json() reads, and both sides link this code.
 *
 * Format 1, a JSON object (fields marked ? may be absent):
 *   "format":    1
 *   "id":        "c/hello"   page path under the content directory, no ".md"
 *   "title":     "Hello"     the page's first header
 *   "tester":    "stdio"
 *   "languages": ["c", ...]  allowed languages, the first is the default
 *                            (empty for a quiz, which takes answers)
 *   "code"?:     skeleton for the editor (default "")
 *   "feedback"?: true        false hides reports from students (exams)
 *   "weight"?:   1           the exercise's weight in the gradebook, a finite
 *                            number >= 0 (default 1; sitegen always writes it)
 *   "limits"?:   {"cpu_ms", "wall_ms", "memory_kib", "output_kib",
 *                 "processes"}  per-run limits; absent or 0 = the default
 *   "tests"?:    [{"name": "public 1", "public": true,
 *                  "input": "...", "output": "..."}]  in order
 *   "options"?:  {...}       tester-specific fields, kept as they are
 *
 * Strings are UTF-8 and may contain NUL bytes (lengths are kept).
 */
#ifndef ASSAY_SPEC_H
#define ASSAY_SPEC_H

#include <stddef.h>

#include <jansson.h>

#define SPEC_FORMAT 1

/* Largest id accepted; longer ids are invalid (they become LMDB keys). */
#define SPEC_ID_MAX 200

/* Returns of spec_load(). */
#define SPEC_OK 0
#define SPEC_NOTFOUND 1	/* no such file: an unknown exercise */
#define SPEC_INVALID 2	/* unreadable or malformed: the platform's fault */

/* The ceilings of a run's limits, which no exercise can pass: the engine
 * caps every limit at them (sandbox/testers/lang.h), sitegen refuses a page
 * that asks for more. */
#define SPEC_MAX_CPU_MS		10000
#define SPEC_MAX_WALL_MS	30000
#define SPEC_MAX_MEMORY_KIB	(1024 * 1024)
#define SPEC_MAX_OUTPUT_KIB	1024
#define SPEC_MAX_PROCESSES	64

struct spec_limits {
	unsigned cpu_ms;	/* CPU time per run */
	unsigned wall_ms;	/* wall-clock time per run */
	unsigned memory_kib;	/* address space / memory */
	unsigned output_kib;	/* stdout + stderr captured */
	unsigned processes;	/* tasks (processes and threads) */
};

struct spec_test {
	char *name;		/* "public 1", "private 2", or the file's name */
	int public;		/* 1: students see input, expected and got */
	char *input;		/* standard input; NUL-terminated, input_len bytes */
	size_t input_len;
	char *output;		/* expected standard output */
	size_t output_len;
};

struct spec {
	char *id;
	char *title;
	char *tester;
	char **languages;
	size_t nlanguages;
	char *code;		/* never NULL after spec_from_json() */
	int feedback;
	double weight;		/* >= 0, 1 unless the page says (spec_new) */
	struct spec_limits limits;
	struct spec_test *tests;
	size_t ntests;
	json_t *options;	/* never NULL after spec_from_json(); owned */
};

/*
 * Is ID a well-formed exercise id: segments of [A-Za-z0-9_-] (a segment may
 * also contain '.' but not start with one) separated by single '/', at most
 * SPEC_ID_MAX bytes? Only a valid id may be turned into a path.
 */
int spec_id_valid(const char *id);

/* A zeroed spec with feedback on and an empty options object. NULL on ENOMEM. */
struct spec *spec_new(void);

/* Frees S and everything it owns. S may be NULL. */
void spec_free(struct spec *s);

/* Is LANG one of the allowed languages? */
int spec_has_language(const struct spec *s, const char *lang);

/*
 * Adds a test, copying the strings. Returns 0, or -1 on ENOMEM.
 */
int spec_add_test(struct spec *s, const char *name, int public,
    const char *input, size_t input_len, const char *output, size_t output_len);

/* Adds an allowed language (copied). Returns 0, or -1 on ENOMEM. */
int spec_add_language(struct spec *s, const char *lang);

/* The JSON form of S (a new reference), or NULL on ENOMEM. */
json_t *spec_to_json(const struct spec *s);

/*
 * Reads a spec from its JSON form. On success returns 0 and a new spec in
 * *out (free with spec_free). On failure returns -1 and writes a message
 * naming the offending field into ERR (ERRLEN bytes).
 */
int spec_from_json(const json_t *j, struct spec **out, char *err, size_t errlen);

/*
 * The path of exercise ID's spec under SPECDIR ("SPECDIR/ID.json"), malloc'd,
 * or NULL when ID is not valid or on ENOMEM.
 */
char *spec_path(const char *specdir, const char *id);

/*
 * Loads the spec at PATH. Returns SPEC_OK and *out, SPEC_NOTFOUND when there
 * is no such file, or SPEC_INVALID with a message in ERR.
 */
int spec_load(const char *path, struct spec **out, char *err, size_t errlen);

/*
 * Writes S to PATH, creating missing parent directories. Not atomic by
 * itself: sitegen writes a whole build into a fresh directory and switches to
 * it at once. Returns 0, or -1 with a message in ERR.
 */
int spec_save(const struct spec *s, const char *path, char *err, size_t errlen);

#endif
