/*
 * exercise_files.h - the files a field of an exercise page names (a path or
 * glob, or a list of them, relative to the page), read as UTF-8 text: what
 * exercise.c does for its own testers' fields, for the testers whose fields
 * are read in modules of their own (exercise_mudoctest.c).
 */
#ifndef SITEGEN_EXERCISE_FILES_H
#define SITEGEN_EXERCISE_FILES_H

#include <stddef.h>

struct page;
struct exercise_ctx;

/* One file a field names. */
struct exercise_file {
	char *rel;		/* relative to the content root */
	char *text;		/* its contents, valid UTF-8, NUL-terminated */
	size_t len;
};

/*
 * The files of field KEY of page P, in the order the field gives them (a
 * glob's matches sorted), read: *OUT (N of them; NULL and 0 when the field
 * is absent), for the caller to free with exercise_files_free(). Returns 0,
 * or -1 after reporting each mistake at the field's line (no file matches,
 * outside the course, not UTF-8 text...), with *OUT NULL.
 */
int exercise_files_read(const struct page *p, const struct exercise_ctx *c,
    const char *key, struct exercise_file **out, size_t *n);

/* Frees the N files F. */
void exercise_files_free(struct exercise_file *f, size_t n);

#endif
