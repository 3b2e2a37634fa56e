/*
 * test_sitegen_authoring.c - what authors write beyond plain Markdown, and
 * how a course is rebuilt: header ids, quizzes (quiz.h), includes, shuffle
 * blocks, incremental builds, `sitegen --watch`.
 *
 * Runs from the repository root (bin/sitegen is used when it is built).
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sitegen/assets.h"
#include "sandbox/util/buf.h"
#include "sitegen/diag.h"
#include "sitegen/exercise.h"
#include "sitegen/ident.h"
#include "sitegen/page.h"
#include "sitegen/exercise_quiz.h"
#include "sitegen/quiz.h"
#include "sitegen/render.h"
#include "sitegen/site.h"
#include "sandbox/format/spec.h"
#include "sitegen/text.h"
#include "tests/tap.h"
#include "tests/unit/sitegen_util.h"

/* ---- Helpers ---------------------------------------------------------- */

/* The text of OUT/current/REL, malloc'd, or NULL. */
static char *
served(const char *out, const char *rel)
{
	char path[2 * PATH_MAX];

	snprintf(path, sizeof(path), "%s/current/%s", out, rel);
	return slurp(path, NULL);
}

static ino_t
inode(const char *out, const char *rel)
{
	char path[2 * PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/current/%s", out, rel);
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* ---- Identifiers ------------------------------------------------------- */

static void
test_ident(void)
{
	static const char *const cases[][2] = {
		{ "Question 1", "question-1" },
		{ "1. Intro", "intro" },
		{ "Don't stop -- believing...", "dont-stop-believing" },
		{ "C++ & C# 100%", "c-c-100" },
		{ "a.b_c-d", "a.b_c-d" },
		{ "   ", "section" },
		{ "123", "section" },
		{ "Héllo WÖRLD", "héllo-wörld" },
		{ "x\xc2\xa0y", "x-y" },	/* a no-break space separates words */
	};
	struct ident_set set = { 0 };
	char *id;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		id = ident_from_text(cases[i][0]);
		is_str(id, cases[i][1], "ident of \"%s\"", cases[i][0]);
		free(id);
	}
	id = ident_unique(&set, "a");
	is_str(id, "a", "first a");
	free(id);
	is_int(ident_use(&set, "a-2"), 0, "an explicit id a-2");
	id = ident_unique(&set, "a");
	is_str(id, "a-1", "second a");
	free(id);
	id = ident_unique(&set, "a");
	is_str(id, "a-3", "third a skips the explicit a-2");
	free(id);
	is_int(ident_use(&set, "a"), 1, "a is used");
	ident_set_free(&set);
}

/* ---- Quizzes ------------------------------------------------------------- */

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

/* ---- Whole builds ------------------------------------------------------- */

static void
test_build_errors(void)
{
	char *root = tmpdir(), *out = tmpdir(), want[PATH_MAX + 128];
	struct diags d;
	struct site_config c;
	struct site_stats st;

	put(root, "index.md", "# Home\n\n~~~ {.include src=\"missing.c\"}\n~~~\n");
	d = new_diags();
	c = config(root, out, &d);
	is_int(site_build(&c, &st), -1, "a missing include fails the build");
	snprintf(want, sizeof(want), "%s/index.md:3:5: include missing.c: No such file", root);
	ok(strstr(diag_str(), want) != NULL, "... at its line and column: %s", diag_str());

	put(root, "index.md", "# Home\n\n~~~ {.include src=\"../../etc/passwd\"}\n~~~\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "an include outside the course fails");
	ok(strstr(diag_str(), "outside the course") != NULL, "... %s", diag_str());

	put(root, "index.md", "# Home\n\n```{.include src=\"t/1.out\"}\n```\n");
	put(root, "ex.md", "---\ntester: stdio\nlanguage: c\npublic-inputs: t/*.in\n"
	    "public-outputs: t/*.out\n...\n# Ex\n");
	put(root, "t/1.in", "1\n");
	put(root, "t/1.out", "the expected output\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "including a file an exercise grades with fails");
	ok(strstr(diag_str(), "includes t/1.out, which an exercise grades with") != NULL, "... %s",
	    diag_str());

	put(root, "index.md", "# Home\n\ntext\n\n<div class=\"shuffle\">\n- a\n- b\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "an unclosed shuffle block fails");
	snprintf(want, sizeof(want), "%s/index.md:5:1: this shuffle block has no </div>", root);
	ok(strstr(diag_str(), want) != NULL, "... at its line: %s", diag_str());

	put(root, "index.md", "# Home\n\n<div class=\"shuffle\" choose=none>\n- a\n</div>\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "choose= must be a number");

	put(root, "index.md", "# Home {answer=a}\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "answer= on a plain header is a warning");
	ok(strstr(diag_str(), "warning: answer= on a header that is not a quiz question") != NULL,
	    "... %s", diag_str());
	{
		char *html = served(out, "public/index.html");

		ok(html != NULL && strstr(html, "answer") == NULL, "... and is not published");
		free(html);
	}
	tmpdir_remove(root);
	tmpdir_remove(out);
}

/* A quiz page, when exercise.c hands quiz pages to exercise_quiz_build. */
static void
test_quiz_site(void)
{
	char *root = tmpdir(), *out = tmpdir();
	struct diags d = new_diags();
	struct site_config c = config(root, out, &d);
	struct site_stats st;
	char *html, *spec;

	put(root, "index.md", "# Home\n\n[](q.md){.ex}\n");
	put(root, "q.md", "---\ntester: quiz\n...\n# The quiz\n\n"
	    "## One {.question answer=b}\n(a) wrong\n(b) right\n\n"
	    "## Two {.question .fillin answer=\"xyzzy-the-answer\"}\n");
	if (site_build(&c, &st) != 0 && strstr(diag_str(), "is not supported") != NULL) {
		ok(1, "# SKIP exercise.c does not call exercise_quiz_build yet: %s", diag_str());
		goto out;
	}
	is_int(st.exercises, 1, "a quiz page builds: %s", diag_str());
	html = served(out, "public/q.html");
	spec = served(out, "specs/q.json");
	ok(html != NULL && strstr(html, "<form id=\"assay-quiz\"") != NULL, "the page has the quiz form");
	ok(html != NULL && strstr(html, "xyzzy-the-answer") == NULL && strstr(html, "answer=") == NULL,
	    "the page has no answer");
	ok(html != NULL && strstr(html, "editor.min.js") == NULL, "and no code editor");
	ok(spec != NULL && strstr(spec, "xyzzy-the-answer") != NULL, "the spec has the answers");
	free(html);
	free(spec);
out:
	tmpdir_remove(root);
	tmpdir_remove(out);
}

static void
test_incremental(void)
{
	char *root = tmpdir(), *out = tmpdir(), *html;
	struct diags d = new_diags();
	struct site_config c = config(root, out, &d);
	struct site_stats st;
	ino_t ino_a, ino_b, ino_x, ino_spec;

	put(root, "index.md", "# Course\n\n[](a.md){.ex} [](x.md){.ex}\n");
	put(root, "a.md", "# Page A\n\n~~~ {.include src=\"code/a.c\"}\n~~~\n[b](b.md)\n");
	put(root, "b.md", "---\nunknown-field: 1\n...\n# Page B\n");
	put(root, "code/a.c", "int a;\n");
	put(root, "x.md", "---\ntester: stdio\nlanguage: c\npublic-inputs: t/*.in\n"
	    "public-outputs: t/*.out\n...\n# Ex\n");
	put(root, "t/1.in", "1\n");
	put(root, "t/1.out", "1\n");
	put(root, "pic.png", "not really a png");

	is_int(site_build(&c, &st), 0, "first build: %s", diag_str());
	ok(st.pages == 4 && st.rendered == 4 && st.reused == 0, "four pages built (%u %u %u)",
	    st.pages, st.rendered, st.reused);
	ino_a = inode(out, "public/a.html");
	ino_b = inode(out, "public/b.html");
	ino_x = inode(out, "public/x.html");
	ino_spec = inode(out, "specs/x.json");

	d = new_diags();
	is_int(site_build(&c, &st), 0, "nothing changed");
	ok(st.pages == 4 && st.rendered == 1 && st.reused == 3 && st.exercises == 1 && st.files == 1,
	    "only the root index is read again (%u pages, %u built, %u reused, %u exercises)",
	    st.pages, st.rendered, st.reused, st.exercises);
	ok(inode(out, "public/a.html") == ino_a && inode(out, "specs/x.json") == ino_spec,
	    "unchanged outputs are the previous build's files, linked");
	ok(strstr(diag_str(), "b.md:2: warning: unknown field \"unknown-field\"") != NULL,
	    "a reused page's warnings are reported again: %s", diag_str());

	put(root, "code/a.c", "int a_changed;\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "an included file changed");
	ok(st.rendered == 2 && inode(out, "public/a.html") != ino_a &&
	    inode(out, "public/b.html") == ino_b, "... the page including it is built again");
	html = served(out, "public/a.html");
	ok(html != NULL && strstr(html, "a_changed") != NULL, "... with the new text");
	free(html);

	put(root, "t/1.out", "2\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "a test file changed");
	ok(inode(out, "specs/x.json") != ino_spec, "... the exercise is built again");
	html = served(out, "specs/x.json");
	ok(html != NULL && strstr(html, "\"output\": \"2\\n\"") != NULL, "... with the new test");
	free(html);
	ino_spec = inode(out, "specs/x.json");
	ino_x = inode(out, "public/x.html");

	put(root, "t/2.in", "3\n");
	put(root, "t/2.out", "3\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "a new test file that the glob matches");
	ok(inode(out, "specs/x.json") != ino_spec, "... the exercise is built again");
	ino_spec = inode(out, "specs/x.json");
	(void)ino_x;

	put(root, "x.md", "---\ntester: stdio\nlanguage: c\npublic-inputs: t/*.in\n"
	    "public-outputs: t/*.out\n...\n# Ex renamed\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "an exercise's title changed");
	html = served(out, "public/index.html");
	ok(html != NULL && strstr(html, ">Ex renamed</a>") != NULL,
	    "... the index's {.ex} link has the new title");
	free(html);
	ok(inode(out, "public/a.html") != 0 && inode(out, "public/b.html") == ino_b,
	    "... other pages are reused");

	put(root, "b.md", "# Page B\n\n[](a.md){.ex}\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "b links to a");
	put(root, "a.md", "# Page A, new title\n\n~~~ {.include src=\"code/a.c\"}\n~~~\n[b](b.md)\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "a's title changed, b is unchanged");
	html = served(out, "public/b.html");
	ok(html != NULL && strstr(html, ">Page A, new title</a>") != NULL,
	    "... b is built again for its {.ex} link: %u built", st.rendered);
	free(html);

	{
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/a.md", root);
		unlink(path);
	}
	d = new_diags();
	is_int(site_build(&c, &st), -1, "a page with an {.ex} link to a deleted page fails");
	ok(strstr(diag_str(), "link to a page that does not exist: a.md") != NULL, "... %s",
	    diag_str());

	put(root, "a.md", "# A\n");
	put(root, "index.md", "# Another course title\n\n[](a.md){.ex} [](x.md){.ex}\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "the course title changed");
	ok(st.reused == 0, "... every page is built again (%u reused)", st.reused);

	c.full = 1;
	d = new_diags();
	is_int(site_build(&c, &st), 0, "a full build");
	ok(st.reused == 0, "... reuses nothing");
	c.full = 0;
	c.generator = "another program";
	d = new_diags();
	is_int(site_build(&c, &st), 0, "another program");
	ok(st.reused == 0, "... reuses nothing");

	tmpdir_remove(root);
	tmpdir_remove(out);
}

/* `sitegen --watch` builds again after a change. */
static void
test_watch(void)
{
	char *root = tmpdir(), *out = tmpdir(), *html = NULL;
	char outdir[PATH_MAX];
	pid_t pid;
	int st;

	if (access("bin/sitegen", X_OK) != 0) {
		ok(1, "# SKIP bin/sitegen is not built");
		return;
	}
	put(root, "index.md", "# Watched\n\nfirst\n");
	snprintf(outdir, sizeof(outdir), "%s/site", out);
	if ((pid = fork()) == 0) {
		int null = open("/dev/null", 1);

		dup2(null, 1);
		dup2(null, 2);
		execl("bin/sitegen", "sitegen", "-q", "--watch", root, outdir, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100 && html == NULL; i++) {
		usleep(50000);
		html = served(outdir, "public/index.html");
	}
	ok(html != NULL && strstr(html, "first") != NULL, "--watch builds at once");
	free(html);
	html = NULL;
	put(root, "index.md", "# Watched\n\nsecond\n");
	for (int i = 0; i < 100; i++) {
		usleep(50000);
		free(html);
		html = served(outdir, "public/index.html");
		if (html != NULL && strstr(html, "second") != NULL)
			break;
	}
	ok(html != NULL && strstr(html, "second") != NULL, "... and again after a change");
	free(html);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	tmpdir_remove(root);
	tmpdir_remove(out);
}

int
main(void)
{
	test_ident();
	test_quiz_parse();
	test_quiz_build();
	test_build_errors();
	test_quiz_site();
	test_incremental();
	test_watch();
	buf_free(&diag_text);
	return tap_done();
}
