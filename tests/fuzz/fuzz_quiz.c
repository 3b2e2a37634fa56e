/*
 * fuzz_quiz.c - libFuzzer harness for quiz pages (sitegen/quiz.h): the
 * question parser, then the page rendered in quiz mode (render.h), as a
 * quiz page of a course an author (or anyone with push access) controls.
 *
 * Checks, beyond "no crash, no leak, no undefined behaviour": every range
 * lies inside the page and the ranges of a question come in page order;
 * single-choice questions that parsed without errors have one answer;
 * rendering the same text gives every question an id and a title, and each
 * question's header carries its id and classes only (never its answer).
 *
 * Built and run by tests/fuzz/run (FUZZ_SECONDS=60 runs each longer),
 * which names the sources each harness links. To run it again, from the
 * repository root:
 *   build/fuzz/fuzz_quiz -max_total_time=60 \
 *     build/fuzz/corpus-fuzz_quiz tests/fuzz/seeds/fuzz_quiz
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitegen/quiz.h"
#include "sitegen/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_range(const struct quiz_range *r, size_t size)
{
	if (r->start > r->end || r->end > size || r->line < 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct diags d = { NULL, NULL, 0, 0 };
	struct quiz q;
	struct render_opts o = { .page = "w/quiz.md", .file = "quiz.md", .diags = &d,
		.quiz = 1, .shuffle_answers = 1, .shuffle_questions = 1 };
	struct render_result r;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (quiz_parse(text, size, "quiz.md", &d, &q) == 0) {
		check_range(&q.preamble, size);
		for (size_t i = 0; i < q.nquestions; i++) {
			const struct quiz_question *qq = &q.questions[i];

			check_range(&qq->header, size);
			check_range(&qq->text, size);
			if (qq->text.start < qq->header.end)
				abort();
			for (size_t k = 0; k < qq->noptions; k++) {
				check_range(&qq->options[k].text, size);
				if (qq->options[k].text.start < qq->text.end)
					abort();
			}
			if (qq->noptions > 0) {
				check_range(&qq->after, size);
				if (qq->after.start < qq->options[qq->noptions - 1].text.end)
					abort();
			}
			if (qq->type == QUIZ_SINGLE && qq->nanswers != 1)
				abort();
		}
	}
	quiz_free(&q);
	d.errors = 0;
	if (render_page(text, size, &o, &r) == 0 && r.errors == 0 && r.quiz != NULL) {
		for (size_t i = 0; i < r.quiz->nquestions; i++)
			if (r.quiz->questions[i].id == NULL || r.quiz->questions[i].title == NULL)
				abort();
		/* Raw HTML may hold NUL bytes: search with lengths. */
		const char *html = r.html.data, *end = html + r.html.len;
		static const char fs[] = "<fieldset class=\"assay-question\"";
		static const char form[] = "<form id=\"assay-quiz\"";

		if (r.quiz->nquestions > 0 && memmem(html, r.html.len, form, sizeof(form) - 1) == NULL)
			abort();
		/* Each question's header tag (right after its fieldset) has no
		   attribute but its id and classes (in pages without raw HTML,
		   which could write anything). */
		for (const char *f = memchr(text, '<', size) ? end : html;
		    (f = memmem(f, (size_t)(end - f), fs, sizeof(fs) - 1)) != NULL;) {
			const char *h = memchr(f, '>', (size_t)(end - f)), *e;

			if (h == NULL || end - h < 4 || strncmp(h, ">\n<h", 4) != 0 ||
			    (e = memchr(h + 1, '>', (size_t)(end - h - 1))) == NULL)
				abort();
			for (const char *a = h + 1; a < e; a++)
				if (*a == '=' && !(a - 2 >= h && strncmp(a - 2, "id=", 3) == 0) &&
				    !(a - 5 >= h && strncmp(a - 5, "class=", 6) == 0))
					abort();
			f = e;
		}
	}
	render_result_free(&r);
	free(text);
	return 0;
}
