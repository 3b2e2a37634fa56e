/*
 * quiz.h - quiz pages (tester: quiz), in Codex's format.
 *
 *   ---
 *   tester: quiz
 *   shuffle-questions: yes      shuffle-answers: yes      shuffle-seed: 42
 *   correct-weight: 1           incorrect-weight: -1/3
 *   ...
 *   # A quiz                    <- preamble: everything before the first question
 *   ## Question 1 {.question answer=a}
 *   Which is right?             <- the question's text
 *   (a) this one                <- its options: "(x)" or "x)" at the start of a line,
 *   (b) that one                   x a letter, a number or a roman numeral
 *   ## Question 2 {.question .multiple answer=a answer=c}    (or answer="a,c")
 *   ## {#q3 .question .fillin answer="42"}                   (answers compared by
 *   ## Question 4 {.question group="A" answer=b}              the grader)
 *
 * A question is an ATX header (# to ######) whose attributes have the class
 * "question"; it runs to the next question. Its id is the header's id (given,
 * or derived from the text as Pandoc does: ident.h). Single-choice questions
 * have exactly one answer; .multiple ones any number (answer= repeated, or a
 * list separated by commas or spaces); .fillin ones have no options and
 * every answer= value is an accepted answer. Consecutive questions with the
 * same group are variants: each student gets one of them. An option runs
 * until the next option, or a blank line followed by a line that is not
 * indented (Pandoc's list rules, simplified); continuation lines are indented.
 *
 * This module only parses. The published page shows the questions and
 * options as a form (render.h) and never the answers; they go to the
 * exercise's spec only, as options.quiz (exercise_quiz.h, which also reads
 * the settings). Shuffling is the server's: the page asks GET /api/shuffle
 * with these keys (ID the exercise id, ":SEED" appended when the page sets
 * shuffle-seed), and the grader must use the same:
 *   ID#questions        the order of the units (a unit is one question, or
 *                       one group of variants), when shuffle-questions
 *   ID#unit-K           which variant of unit K (0-based) a student gets
 *   ID#answers-QID      the order of question QID's options, when
 *                       shuffle-answers
 */
#ifndef SITEGEN_QUIZ_H
#define SITEGEN_QUIZ_H

#include <stddef.h>

#include "sitegen/diag.h"

enum quiz_type {
	QUIZ_SINGLE,
	QUIZ_MULTIPLE,
	QUIZ_FILLIN
};

/* A part of the page body: [start, end) byte offsets. */
struct quiz_range {
	size_t start, end;
	unsigned line;		/* the line of start */
	unsigned column;	/* 1-based column of start */
};

struct quiz_option {
	char *label;		/* "a", "B", "3", "iv" */
	struct quiz_range text;	/* after the marker; continuation lines indented
				   by up to `indent` spaces */
	size_t indent;
};

struct quiz_question {
	char *id;		/* explicit, or NULL until render_page fills it in */
	char *title;		/* the header's plain text, filled in by render_page */
	enum quiz_type type;
	char *group;		/* NULL: no group */
	char **answers;
	size_t nanswers;
	struct quiz_range header;	/* the header line */
	struct quiz_range text;		/* between the header and the options */
	struct quiz_option *options;
	size_t noptions;
	struct quiz_range after;	/* after the options, to the next question */
	unsigned unit;		/* index of its unit */
};

struct quiz {
	struct quiz_range preamble;
	struct quiz_question *questions;
	size_t nquestions;
	size_t nunits;
};

/*
 * Parses the questions of BODY (LEN bytes: a page body as meta.h leaves it,
 * so offsets and lines are the page's). Reports every problem to D as FILE
 * (a question without answer, an answer that is no option, a duplicate
 * option or id...). Returns 0, or -1 when anything was reported as an
 * error. Q must be freed with quiz_free either way.
 */
int quiz_parse(const char *body, size_t len, const char *file, struct diags *d,
    struct quiz *q);

void quiz_free(struct quiz *q);

#endif
