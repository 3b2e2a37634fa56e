/*
 * grades.h - a gradebook (gradebook.h) filled from the store, and the
 * printout's code (printout.h) read from it: what `assay grades`, `assay
 * printout` and the staff API's gradebook and printout share.
 *
 * The filling costs one read of the users and one scan of the submissions'
 * index by login (store_subinfo_scan(), one read transaction): no record
 * is read. The printout then reads each chosen submission's record for its
 * code, one at a time.
 */
#ifndef ASSAY_GRADES_H
#define ASSAY_GRADES_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "fcgi/gradebook.h"
#include "fcgi/store.h"

/*
 * Adds to GB (new, empty) the exercises of SITE's specs, every user (with
 * their name and role: students get rows), then feeds it every submission
 * of the index. 0; 1 for a bad spec, with "FILE:LINE: message" in ERR; -1
 * when the store fails or memory runs out, with the message in ERR.
 */
int grades_fill(struct store *s, struct gradebook *gb, const char *site, char *err,
    size_t errlen);

/*
 * The printout's code callback (printout_code_fn) over the store S: the
 * code of a submission, or a quiz's answers as indented JSON. Zero it, set
 * S, pass it as the callback's context, and grades_code_free() it after.
 * On a store error the callback returns -1 with the message in ERR.
 */
struct grades_code {
	struct store *s;
	json_t *rec;		/* the last record read */
	char *answers;		/* the last quiz's answers */
	char err[256];
};
int grades_code(uint64_t id, const char **code, size_t *len, void *ctx);
void grades_code_free(struct grades_code *c);

#endif
