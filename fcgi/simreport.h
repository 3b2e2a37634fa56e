/*
 * simreport.h - the similarity report of one exercise, from the store: the
 * chosen submission of every student (by the gradebook's policy, filled as
 * grades.h fills it), each tokenized in its language (simtok.h), the
 * spec's skeleton ("code") counting for nothing, compared by the engine
 * (similarity.h). What `assay similarity` uses, and the staff page will.
 *
 * Submissions in a language the tokenizer does not know (a quiz's
 * answers, Haskell, SQL...) are left out, as are staff's and admins'.
 * The skeleton is read in the spec's first language.
 */
#ifndef ASSAY_SIMREPORT_H
#define ASSAY_SIMREPORT_H

#include <stddef.h>

#include "fcgi/csvout.h"
#include "fcgi/gradebook.h"
#include "fcgi/similarity.h"
#include "fcgi/store.h"

struct simreport_opts {
	const char *site;		/* the site (SITE/current/specs) */
	const char *exercise;		/* "c/hello" */
	enum gradebook_policy policy;	/* which submission counts */
	struct similarity_opts sim;
	json_t *chosen;			/* NULL, or an object that gets login ->
					   the id of the submission compared */
};

/*
 * Runs the comparison of O's exercise; *OUT is the engine after its run,
 * the caller's to similarity_free(). 0; 1 for an unknown exercise or a bad
 * spec, -1 when the store fails or memory runs out; either with the
 * message in ERR.
 */
int simreport_run(struct store *s, const struct simreport_opts *o, struct similarity **out,
    char *err, size_t errlen);

/*
 * Writes SIM's report as text through WRITE (csvout.h's callback; a line
 * per call): a ranked table of the pairs (login A, login B, similarity in
 * percent, the longest fragment in lines, the fragments, and for a flagged
 * pair "* similarity" or "* fragment", what flagged it), then the
 * clusters, a line each. 0, or -1 when WRITE failed.
 */
int simreport_text(const struct similarity *sim, csvout_write_fn *write, void *ctx);

/* The same as JSON (similarity_to_json()), in one call of WRITE. 0 or -1. */
int simreport_json(const struct similarity *sim, const char *exercise, csvout_write_fn *write,
    void *ctx);

#endif
