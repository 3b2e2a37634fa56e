/*
 * exercise_quiz.h - a quiz page (tester: quiz, quiz.h) turned into its
 * spec's options.quiz: the page's settings, and every question with its
 * answers, which are never published.
 *
 *   shuffle-questions: yes|no    shuffle-answers: yes|no
 *   shuffle-seed: 42             a whole number or a short text (Codex's
 *                                later guide calls it random-seed: either
 *                                name, not both; also on shuffle pages)
 *   printout: yes|no             Codex's detail of an exam printout;
 *                                checked, no effect: Assay's printout
 *                                (fcgi/printout.h) shows each chosen
 *                                submission whole
 *   correct-weight: 1            0 to 1, a number or a fraction ("1/2")
 *   incorrect-weight: -1/3       -1 to 0 (default: the grader's, Codex's)
 *   show-answers: after-close    when a student may see the right answers
 *                                in their results: after-close (the
 *                                default: once they can no longer submit a
 *                                valid answer, the window of `valid` closed
 *                                or their `attempts` used up), always (a
 *                                practice quiz) or never. Carried as the
 *                                spec's options["show-answers"], beside
 *                                valid and attempts, default written out;
 *                                the service applies it (fcgi/rules.h)
 *
 * The question ids are the published page's: the page is rendered
 * (render.h) to find them, as site.c renders it.
 */
#ifndef SITEGEN_EXERCISE_QUIZ_H
#define SITEGEN_EXERCISE_QUIZ_H

#include <jansson.h>

#include "sitegen/quiz.h"

/* The settings of a quiz page, from its metadata. */
struct exercise_quiz_settings {
	int shuffle_questions;
	int shuffle_answers;
	const char *seed;		/* shuffle-seed as text, or NULL */
	double correct_weight;		/* default 1 */
	double incorrect_weight;	/* NAN: the grader's default (Codex's) */
};

/*
 * The quiz as the spec's options.quiz: settings, the shuffle keys, and
 * every question with its id, title, type, group, options (label and
 * Markdown text) and answers. BODY is the text Q was parsed from; ID the
 * exercise id. A new reference, or NULL on ENOMEM.
 */
json_t *exercise_quiz_json(const struct quiz *q, const struct exercise_quiz_settings *s,
    const char *body, const char *id);

struct page;
struct spec;
struct exercise_ctx;

/*
 * For exercise.c: reads the quiz fields of page P (shuffle-questions,
 * shuffle-answers: yes/no; shuffle-seed: a whole number or text;
 * correct-weight: 0 to 1; incorrect-weight: -1 to 0, a number or a
 * fraction such as "-1/3"; show-answers: after-close, always or never),
 * parses and renders the page's questions (so the ids are the published
 * page's) and sets S->options.quiz and S->options["show-answers"]. Returns
 * 0, or -1 after reporting every problem to CTX's diags.
 */
int exercise_quiz_build(const struct page *p, struct spec *s,
    const struct exercise_ctx *ctx);

#endif
