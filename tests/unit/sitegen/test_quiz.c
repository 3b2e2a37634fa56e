/*
 * test_quiz.c - sitegen/quiz.h: the questions of a quiz page (types,
 * answers, options and where their text runs, groups and units), and the
 * mistakes reported at their places.
 */
#include <string.h>

#include "sitegen/quiz.h"
#include "tests/tap.h"
#include "tests/unit/sitegen_util.h"

static int
qparse(const char *text, struct quiz *q)
{
	struct diags d = new_diags();

	return quiz_parse(text, strlen(text), "q.md", &d, q);
}

static void
test_quiz_parse(void)
{
	struct quiz q;
	const char *page =
	    "# Intro\n\ntext\n\n"
	    "## One {.question answer=b}\n\nWhich?\n\n(a) x\n(b) y\n    more y\n\nafter\n\n"
	    "## Two {#two .question .multiple answer=a,c group=\"G\"}\n\n"
	    "a) p\n\n   second paragraph of p\n\nb) q\nc) r\n"
	    "## Two bis {.question .multiple answer=\"a c\" group=\"G\"}\n(a) s\n(c) t\n"
	    "```\n## Not {.question}\n(z) code\n```\n"
	    "## Three {.question .fillin answer=\"4 2\" answer=forty-two}\n\n(a) just text\n";

	is_int(qparse(page, &q), 0, "a quiz parses: %s", diag_str());
	is_int(q.nquestions, 4, "four questions (a header in code is none)");
	is_int(q.nunits, 3, "three units: two questions of one group are one");
	if (q.nquestions == 4) {
		struct quiz_question *a = &q.questions[0], *b = &q.questions[1];
		struct quiz_question *c = &q.questions[2], *f = &q.questions[3];

		ok(a->id == NULL && a->type == QUIZ_SINGLE && a->nanswers == 1 &&
		    strcmp(a->answers[0], "b") == 0, "single choice, id from the text later");
		is_int(a->noptions, 2, "two options");
		is_str(a->noptions == 2 ? a->options[1].label : NULL, "b", "label b");
		ok(a->noptions == 2 && strncmp(page + a->options[1].text.start, "y\n    more y\n",
		    a->options[1].text.end - a->options[1].text.start) == 0,
		    "an option runs over its continuation line");
		is_int(a->header.line, 5, "the question's line");
		ok(strncmp(page + a->after.start, "after\n", 6) == 0, "text after the options");
		ok(b->type == QUIZ_MULTIPLE && b->nanswers == 2 && strcmp(b->answers[1], "c") == 0,
		    "answer=a,c is two answers");
		is_str(b->id, "two", "explicit id");
		is_str(b->group, "G", "group");
		is_int(b->noptions, 3, "an indented paragraph continues an option");
		ok(c->nanswers == 2 && c->unit == b->unit, "answer=\"a c\"; same unit as its group");
		ok(f->type == QUIZ_FILLIN && f->nanswers == 2 && strcmp(f->answers[0], "4 2") == 0 &&
		    f->noptions == 0, "fill-in: every answer= is accepted as it is, no options");
	}
	quiz_free(&q);

	is_int(qparse("## A {.question}\n(a) x\n", &q), -1, "no answer");
	ok(strstr(diag_str(), "q.md:1:6: question without an answer") != NULL,
	    "... at the attributes: %s", diag_str());
	quiz_free(&q);
	is_int(qparse("## A {.question answer=c}\n(a) x\n(b) y\n", &q), -1, "an answer that is no option");
	ok(strstr(diag_str(), "answer \"c\" is not one of the question's options") != NULL, "... %s",
	    diag_str());
	quiz_free(&q);
	is_int(qparse("## A {.question answer=a,b}\n(a) x\n(b) y\n", &q), -1,
	    "two answers to a single-choice question");
	quiz_free(&q);
	is_int(qparse("## A {.question answer=a}\n\nno options\n", &q), -1, "no options");
	quiz_free(&q);
	is_int(qparse("## A {.question answer=a}\n(a) x\n(a) y\n", &q), -1, "an option twice");
	ok(strstr(diag_str(), "q.md:3:1: option (a) is given twice") != NULL, "... %s", diag_str());
	quiz_free(&q);
	is_int(qparse("## A {.question .multiple .fillin answer=a}\n", &q), -1,
	    ".multiple and .fillin");
	quiz_free(&q);
	is_int(qparse("# {#x .question answer=a}\n(a) 1\n# {#x .question answer=a}\n(a) 2\n", &q), -1,
	    "one explicit id twice");
	quiz_free(&q);
}

int
main(void)
{
	test_quiz_parse();
	buf_free(&diag_text);
	return tap_done();
}
