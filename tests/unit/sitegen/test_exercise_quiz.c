/*
 * test_exercise_quiz.c - sitegen/exercise_quiz.h: a quiz page's spec
 * (options.quiz): the published page's question ids, answers, options'
 * Markdown, settings, shuffle keys and weights; show-answers; wrong
 * settings and a quiz without questions reported at their lines.
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

/* Loads PATH of ROOT and runs exercise_quiz_build: the spec's options, or
 * NULL. */
static json_t *
options_of(const char *root, const char *path)
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
		r = json_incref(s->options);
	page_free(&p);
	spec_free(s);
	json_decref(grading);
	json_decref(att);
	free(real);
	return r;
}

/* The spec's options.quiz, or NULL. */
static json_t *
quiz_of(const char *root, const char *path)
{
	json_t *o = options_of(root, path), *q = json_incref(json_object_get(o, "quiz"));

	json_decref(o);
	return q;
}

/* show-answers: its three words, the default written out, a wrong one. */
static void
test_show_answers(void)
{
	static const char *const words[] = { "after-close", "always", "never" };
	char *root = tmpdir(), page[200];
	json_t *o;

	put(root, "w/d.md", "---\ntester: quiz\n...\n# Q {.question answer=a}\n(a) x\n");
	o = options_of(root, "w/d.md");
	is_str(json_string_value(json_object_get(o, "show-answers")), "after-close",
	    "show-answers: after-close when not given, written in the spec");
	json_decref(o);
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
		snprintf(page, sizeof(page), "---\ntester: quiz\nshow-answers: %s\n...\n"
		    "# Q {.question answer=a}\n(a) x\n", words[i]);
		put(root, "w/s.md", page);
		o = options_of(root, "w/s.md");
		is_str(json_string_value(json_object_get(o, "show-answers")), words[i],
		    "show-answers: %s", words[i]);
		json_decref(o);
	}
	put(root, "w/bad.md", "---\ntester: quiz\n\nshow-answers: later\n...\n"
	    "# Q {.question answer=a}\n(a) x\n");
	o = options_of(root, "w/bad.md");
	ok(o == NULL && strstr(diag_str(), "w/bad.md:4: field \"show-answers\" must be "
	    "after-close (the default: once the student can no longer submit), always or never"),
	    "a wrong show-answers, at its line: %s", diag_str());
	put(root, "w/bad.md", "---\ntester: quiz\nshow-answers: [always]\n...\n"
	    "# Q {.question answer=a}\n(a) x\n");
	o = options_of(root, "w/bad.md");
	ok(o == NULL && strstr(diag_str(), "w/bad.md:3: field \"show-answers\" must be"),
	    "show-answers that is not a word: %s", diag_str());
	tmpdir_remove(root);
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

/* Codex's other spellings: random-seed for shuffle-seed; printout checked. */
static void
test_codex_fields(void)
{
	char *root = tmpdir();
	json_t *q;

	put(root, "w/r.md", "---\ntester: quiz\nshuffle-questions: yes\nrandom-seed: 9\n"
	    "printout: yes\n...\n# Quiz\n\n## Q {.question answer=a}\n(a) yes\n(b) no\n");
	q = quiz_of(root, "w/r.md");
	is_str(json_string_value(json_object_get(q, "order_key")), "w/r#questions:9",
	    "random-seed is shuffle-seed: %s", diag_str());
	json_decref(q);
	put(root, "w/s.md", "---\ntester: quiz\nrandom-seed: 9\nshuffle-seed: 9\n"
	    "printout: maybe\n...\n# Quiz\n\n## Q {.question answer=a}\n(a) yes\n(b) no\n");
	q = quiz_of(root, "w/s.md");
	ok(q == NULL && strstr(diag_str(), "w/s.md:3: \"random-seed\" is another name for "
	    "\"shuffle-seed\": give only one") != NULL, "both names are an error: %s", diag_str());
	ok(strstr(diag_str(), "w/s.md:5: field \"printout\" must be yes or no") != NULL,
	    "printout must be yes or no");
	json_decref(q);
	tmpdir_remove(root);
}

int
main(void)
{
	test_quiz_build();
	test_codex_fields();
	test_show_answers();
	buf_free(&diag_text);
	return tap_done();
}
