/*
 * test_exercise_quiz.c - sitegen/exercise_quiz.h: a quiz page's spec
 * (options.quiz): the published page's question ids, answers, options'
 * Markdown, settings, shuffle keys and weights; wrong settings and a quiz
 * without questions reported at their lines.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/format/spec.h"
#include "sitegen/exercise.h"
#include "sitegen/exercise_quiz.h"
#include "sitegen/page.h"
#include "tests/tap.h"
#include "tests/unit/sitegen_util.h"

/* Loads PATH of ROOT and runs exercise_quiz_build: the spec's options.quiz,
 * or NULL. */
static json_t *
quiz_of(const char *root, const char *path)
{
	struct diags d = new_diags();
	json_t *grading = json_object(), *att = json_object(), *r = NULL;
	char *real = realpath(root, NULL);
	struct exercise_ctx ctx = {
		.root = root, .rootreal = real, .diags = &d, .grading = grading,
		.attachments = att,
	};
	struct spec *s = spec_new();
	struct page p;

	if (page_load(&p, root, path, &d) == 0 && exercise_quiz_build(&p, s, &ctx) == 0)
		r = json_incref(json_object_get(s->options, "quiz"));
	page_free(&p);
	spec_free(s);
	json_decref(grading);
	json_decref(att);
	free(real);
	return r;
}

static void
test_quiz_build(void)
{
	char *root = tmpdir();
	json_t *q, *qs;

	put(root, "w/q.md", "---\ntester: quiz\nshuffle-questions: yes\nshuffle-answers: no\n"
	    "shuffle-seed: 7\nincorrect-weight: \"-1/3\"\n...\n"
	    "# Quiz\n\n## Question 1 {.question answer=a}\n(a) yes\n(b) no\n\n"
	    "## Question 1 {.question .fillin answer=\"42\"}\n\n"
	    "## {.question .multiple answer=b group=A}\n(a) *x*\n(b) y\n"
	    "## {.question .multiple answer=a group=A}\n(a) z\n(b) w\n");
	q = quiz_of(root, "w/q.md");
	ok(q != NULL, "exercise_quiz_build: %s", diag_str());
	qs = json_object_get(q, "questions");
	is_int(json_array_size(qs), 4, "four questions");
	is_str(json_string_value(json_object_get(json_array_get(qs, 0), "id")), "question-1",
	    "ids as Pandoc makes them");
	is_str(json_string_value(json_object_get(json_array_get(qs, 1), "id")), "question-1-1",
	    "... unique");
	is_str(json_string_value(json_object_get(json_array_get(qs, 2), "id")), "section",
	    "... from an empty header");
	is_str(json_string_value(json_object_get(json_array_get(qs, 3), "id")), "section-1",
	    "... twice");
	is_str(json_string_value(json_array_get(json_object_get(json_array_get(qs, 1), "answers"), 0)),
	    "42", "the fill-in answer is in the spec");
	is_str(json_string_value(json_object_get(json_array_get(json_object_get(
	    json_array_get(qs, 2), "options"), 0), "text")), "*x*", "options' Markdown");
	is_str(json_string_value(json_object_get(json_array_get(qs, 0), "title")), "Question 1",
	    "title");
	ok(json_is_true(json_object_get(q, "shuffle_questions")) &&
	    json_is_false(json_object_get(q, "shuffle_answers")), "shuffle settings");
	is_str(json_string_value(json_object_get(q, "order_key")), "w/q#questions:7",
	    "the question order's key, with the seed");
	is_str(json_string_value(json_object_get(json_array_get(qs, 0), "answers_key")),
	    "w/q#answers-question-1:7", "an answer order's key");
	is_int(json_array_size(json_object_get(q, "units")), 3, "three units");
	is_str(json_string_value(json_object_get(json_array_get(json_object_get(q, "units"), 2),
	    "key")), "w/q#unit-2:7", "a unit's key");
	ok(fabs(json_real_value(json_object_get(q, "incorrect_weight")) + 1.0 / 3) < 1e-9 &&
	    json_real_value(json_object_get(q, "correct_weight")) == 1, "weights");
	json_decref(q);

	put(root, "w/bad.md", "---\ntester: quiz\nshuffle-answers: maybe\ncorrect-weight: 2\n...\n"
	    "# Q {.question answer=a}\n(a) x\n");
	q = quiz_of(root, "w/bad.md");
	ok(q == NULL && strstr(diag_str(), "w/bad.md:3: field \"shuffle-answers\" must be yes or no") &&
	    strstr(diag_str(), "w/bad.md:4: field \"correct-weight\""), "wrong settings: %s",
	    diag_str());
	put(root, "w/none.md", "---\ntester: quiz\n...\n# Just text\n");
	q = quiz_of(root, "w/none.md");
	ok(q == NULL && strstr(diag_str(), "w/none.md:2: a quiz needs questions"),
	    "a quiz without questions: %s", diag_str());
	tmpdir_remove(root);
}

int
main(void)
{
	test_quiz_build();
	buf_free(&diag_text);
	return tap_done();
}
