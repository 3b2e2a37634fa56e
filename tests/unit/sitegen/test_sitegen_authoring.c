/*
 * test_sitegen_authoring.c - what authors write beyond plain Markdown, in
 * whole builds, and how a course is rebuilt: include and shuffle block
 * errors, a quiz page, incremental builds, `sitegen --watch`. Header ids,
 * quiz parsing and quiz specs: test_ident.c, test_quiz.c,
 * test_exercise_quiz.c.
 *
 * Runs from the repository root (bin/sitegen is used when it is built).
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/util/buf.h"
#include "sitegen/site.h"
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

/* ---- Whole builds ------------------------------------------------------- */

/* Is REL served in the current build under OUT? */
static int
access_served(const char *out, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/current/%s", out, rel);
	return access(path, F_OK) == 0;
}

/*
 * Public files an exercise grades with may be shown (include, diffs); a
 * private one is an error at the place the page names it.
 */
static void
test_shown_files(const char *root, const char *out, const struct site_config *c,
    struct diags *d)
{
	struct site_stats st;
	char want[PATH_MAX + 128];

	put(root, "ex.md", "---\ntester: stdio\nlanguage: c\npublic-inputs: t/*.in\n"
	    "public-outputs: t/*.out\nprivate-inputs: p/*.in\nprivate-outputs: p/*.out\n"
	    "...\n# Ex\n");
	put(root, "t/1.in", "1\n");
	put(root, "t/1.out", "the expected output\n");
	put(root, "p/1.in", "2\n");
	put(root, "p/1.out", "the secret output\n");
	put(root, "index.md", "# Home\n\n```{.include src=\"t/1.out\"}\n```\n\n"
	    "~~~ {.diffs from=\"t/1.in\" to=\"t/1.out\"}\n~~~\n");
	*d = new_diags();
	is_int(site_build(c, &st), 0, "a page may include a public test file: %s", diag_str());
	{
		char *html = served(out, "public/index.html");

		ok(html != NULL && strstr(html, "<pre><code>the expected output\n</code></pre>"),
		    "... its text is on the page");
		ok(html != NULL && strstr(html, "<pre class=\"diffs\"><code><del class=\"diff-del\">"
		    "<span class=\"visually-hidden\">removed: </span>- 1\n</del>"
		    "<ins class=\"diff-add\"><span class=\"visually-hidden\">added: </span>"
		    "+ the expected output\n</ins></code></pre>"), "... and a diffs block of two");
		free(html);
	}
	put(root, "index.md", "# Home\n\n```{.include src=\"p/1.out\"}\n```\n");
	*d = new_diags();
	is_int(site_build(c, &st), -1, "including a private test file fails");
	snprintf(want, sizeof(want), "%s/index.md:3:19: p/1.out is a private file of an exercise",
	    root);
	ok(strstr(diag_str(), want) != NULL, "... at the include's file:line:column: %s",
	    diag_str());
	put(root, "index.md", "# Home\n\n~~~ {.diffs from=\"t/1.out\" to='p/1.in'}\n~~~\n");
	*d = new_diags();
	is_int(site_build(c, &st), -1, "a diffs block of a private file fails");
	snprintf(want, sizeof(want), "%s/index.md:3:32: p/1.in is a private file", root);
	ok(strstr(diag_str(), want) != NULL, "... at its to= value: %s", diag_str());
	put(root, "data/dvd.sqlite", "SQLite format 3");
	put(root, "index.md", "# Home\n\nThe [database](data/dvd.sqlite) and [a test](t/1.in).\n");
	*d = new_diags();
	is_int(site_build(c, &st), 0, "a page links to files: %s", diag_str());
	ok(access_served(out, "public/data/dvd.sqlite") && access_served(out, "public/t/1.in"),
	    "... they are published, whatever their extension, public test files too");
	*d = new_diags();
	is_int(site_build(c, &st), 0, "built again, the page reused");
	ok(access_served(out, "public/data/dvd.sqlite"), "... the linked file is still published");
	put(root, "index.md", "# Home\n\nThe [answer](p/1.out).\n");
	*d = new_diags();
	is_int(site_build(c, &st), -1, "a link to a private file fails");
	snprintf(want, sizeof(want), "%s/index.md:3:14: p/1.out is a private file of an exercise "
	    "(it grades with it; students must not see it): a page cannot link to it", root);
	ok(strstr(diag_str(), want) != NULL, "... at the link: %s", diag_str());
	put(root, "index.md", "# Home\n\n~~~ {.diffs from=\"t/1.out\"}\n~~~\n");
	*d = new_diags();
	is_int(site_build(c, &st), -1, "a diffs block without to= fails");
	snprintf(want, sizeof(want), "%s/index.md:3:5: a diffs block names two files", root);
	ok(strstr(diag_str(), want) != NULL, "... at the block: %s", diag_str());
	put(root, "index.md", "# Home\n\n~~~ {.diffs from=\"t/1.out\" to=\"nope.txt\"}\n~~~\n");
	*d = new_diags();
	is_int(site_build(c, &st), -1, "a diffs block of a missing file fails");
	snprintf(want, sizeof(want), "%s/index.md:3:32: diffs nope.txt: No such file", root);
	ok(strstr(diag_str(), want) != NULL, "... at the file's name: %s", diag_str());
}

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
	snprintf(want, sizeof(want), "%s/index.md:3:20: include missing.c: No such file", root);
	ok(strstr(diag_str(), want) != NULL, "... at its line and column: %s", diag_str());

	put(root, "index.md", "# Home\n\n~~~ {.include src=\"../../etc/passwd\"}\n~~~\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "an include outside the course fails");
	ok(strstr(diag_str(), "outside the course") != NULL, "... %s", diag_str());

	test_shown_files(root, out, &c, &d);

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

/*
 * The staff pages' shells: written in the layout with the course's title,
 * their script and stylesheet, no data; a course page cannot take a path of
 * theirs. The headers of every shell's tables and forms are fixed text.
 */
static void
test_staff_pages(void)
{
	char *root = tmpdir(), *out = tmpdir(), want[PATH_MAX + 128];
	static const char *const shells[] = { "index", "submission", "job", "gradebook",
	    "users", "audit" };
	struct diags d = new_diags();
	struct site_config c = config(root, out, &d);
	struct site_stats st;

	put(root, "index.md", "# My course\n");
	is_int(site_build(&c, &st), 0, "a course builds with its staff pages: %s", diag_str());
	is_int(st.pages, 1, "... which are not counted among the course's pages");
	for (size_t i = 0; i < sizeof(shells) / sizeof(*shells); i++) {
		char rel[64], *html;

		snprintf(rel, sizeof(rel), "public/staff/%s.html", shells[i]);
		html = served(out, rel);
		ok(html != NULL && strstr(html, "<title>") && strstr(html, "My course") &&
		    strstr(html, "../assets/staff.js?v=") && strstr(html, "../assets/staff.css?v=") &&
		    strstr(html, "id=\"staff-main\"") && strstr(html, " hidden>") &&
		    strstr(html, "<noscript>"), "%s: a shell in the layout, its data area hidden",
		    rel);
		ok(html != NULL && (strstr(html, "highlight.min.js") != NULL) ==
		    (strcmp(shells[i], "submission") == 0),
		    "%s: highlight.js only where code is shown", rel);
		free(html);
	}
	{
		char *js = served(out, "public/assets/staff.js");

		ok(js != NULL && strstr(js, "/api/staff/") != NULL, "staff.js is published");
		free(js);
	}

	put(root, "staff/index.md", "# Not the staff page\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "a course page at staff/index.md fails the build");
	snprintf(want, sizeof(want), "%s/staff/index.md:1: staff/index.html is the path of a "
	    "staff page", root);
	ok(strstr(diag_str(), want) != NULL, "... saying why at file:line: %s", diag_str());
	tmpdir_remove(root);
	tmpdir_remove(out);
}

/* A quiz page in a course: the form on the page, the answers in the spec only. */
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
	ok(site_build(&c, &st) == 0 && st.exercises == 1, "a quiz page builds: %s", diag_str());
	html = served(out, "public/q.html");
	spec = served(out, "specs/q.json");
	ok(html != NULL && strstr(html, "<form id=\"assay-quiz\"") != NULL, "the page has the quiz form");
	ok(html != NULL && strstr(html, "xyzzy-the-answer") == NULL && strstr(html, "answer=") == NULL,
	    "the page has no answer");
	ok(html != NULL && strstr(html, "editor.min.js") == NULL, "and no code editor");
	ok(spec != NULL && strstr(spec, "xyzzy-the-answer") != NULL, "the spec has the answers");
	free(html);
	free(spec);
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
	test_build_errors();
	test_staff_pages();
	test_quiz_site();
	test_incremental();
	test_watch();
	buf_free(&diag_text);
	return tap_done();
}
