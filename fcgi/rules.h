/*
 * rules.h - the rules an exercise sets on submissions, enforced by the
 * service where a browser cannot get around them (Codex's fields, carried in
 * the spec's options by sitegen):
 *
 *   forbid:   a POSIX extended regular expression, or a list of them: a
 *             submission that matches one is refused before it is stored
 *   valid:    when submissions count (valid.h); events in options.events
 *   attempts: how many submissions a student may make (default: no limit)
 *   lock:     yes (default): a submission outside the window or over the
 *             limit is refused (403); no: it is stored, graded and marked
 *             invalid with the reason, as Codex does with late work
 */
#ifndef ASSAY_RULES_H
#define ASSAY_RULES_H

#include <regex.h>
#include <stddef.h>
#include <time.h>

#include "sandbox/format/spec.h"
#include "sandbox/format/valid.h"

#define RULES_FORBID_MAX 16

struct rules {
	struct valid_expr *valid;	/* NULL: always open */
	long attempts;			/* 0: no limit */
	int lock;
	regex_t forbid[RULES_FORBID_MAX];
	char *forbid_text[RULES_FORBID_MAX];
	size_t nforbid;
};

/*
 * Reads S's rules into R. Returns 0, or -1 with a message in ERR when they
 * are malformed (a broken exercise: the site build should have caught it).
 * Free with rules_free() in both cases.
 */
int rules_load(const struct spec *s, struct rules *r, char *err, size_t errlen);

/* Frees what R holds. */
void rules_free(struct rules *r);

/*
 * Does CODE match a forbidden pattern? Returns 1 and a sentence for the
 * student in WHY saying what matched and on which line, or 0.
 */
int rules_forbidden(const struct rules *r, const char *code, char *why, size_t whylen);

/* Is the exercise open at NOW? 1, or 0 with the reason in WHY. */
int rules_open(const struct rules *r, time_t now, char *why, size_t whylen);

#endif
