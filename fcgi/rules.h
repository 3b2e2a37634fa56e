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
 *   show-answers (Assay's own, for quizzes; options["show-answers"]): when
 *             a student may see the answer key in their results (grade.h's
 *             key, put in by fcgi/view.h):
 *               after-close (default)  once the student can no longer
 *                                      submit a valid answer: the window
 *                                      has closed for good
 *                                      (valid_closed()), or they have used
 *                                      all their attempts
 *               always                 at once (practice)
 *               never                  never
 *             It is evaluated at each request that shows a result, against
 *             the time then and the submissions the student has made then:
 *             a result graded while the key was kept shows it once the rule
 *             holds, without grading again.
 */
#ifndef ASSAY_RULES_H
#define ASSAY_RULES_H

#include <regex.h>
#include <stddef.h>
#include <time.h>

#include "sandbox/format/spec.h"
#include "sandbox/format/valid.h"

#define RULES_FORBID_MAX 16

enum rules_answers {
	RULES_ANSWERS_AFTER_CLOSE,
	RULES_ANSWERS_ALWAYS,
	RULES_ANSWERS_NEVER
};

struct rules {
	struct valid_expr *valid;	/* NULL: always open */
	long attempts;			/* 0: no limit */
	int lock;
	enum rules_answers answers;	/* show-answers */
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

/*
 * May a student who has made USED submissions to the exercise see its
 * answer key at NOW (show-answers, above)? 1 or 0. Staff are not asked:
 * they always may.
 */
int rules_key_shown(const struct rules *r, time_t now, size_t used);

/* The word of show-answers A: "after-close", "always" or "never". */
const char *rules_answers_name(enum rules_answers a);

#endif
