/*
 * test_sitegen.c - the site generator as a whole (site.h, bin/sitegen):
 * the golden course against tests/sitegen/expected, the example course
 * (nothing private served, quiz pages independent of their answers, one
 * spec per exercise), and publishing. Each module's own tests are in
 * test_MODULE.c beside this file.
 *
 * Runs from the repository root: it reads tests/sitegen/ (golden files) and
 * content/ (the example course), and runs bin/sitegen when it is built.
 * SITEGEN_GOLDEN_UPDATE=1 rewrites tests/sitegen/expected/ from the current
 * output instead of comparing (review the diff before committing it).
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/format/spec.h"
#include "sandbox/util/buf.h"
#include "sitegen/html.h"
#include "sitegen/page.h"
#include "sitegen/site.h"
#include "tests/tap.h"
#include "tests/unit/sitegen_util.h"

/* ---- Helpers ---------------------------------------------------------- */

/* The target of OUT/current, or "" when there is none. */
static const char *
current_of(const char *out)
{
	static char target[PATH_MAX];
	char path[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/current", out);
	n = readlink(path, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	return target;
}

static int
count_builds(const char *out)
{
	DIR *d = opendir(out);
	struct dirent *de;
	int n = 0;

	while (d != NULL && (de = readdir(d)) != NULL)
		n += strncmp(de->d_name, "build-", 6) == 0;
	if (d != NULL)
		closedir(d);
	return n;
}

/* ---- Whole builds -------------------------------------------------------- */

/* The page body: what the layout puts between <main class="page"> and </main>. */
static char *
body_of(const char *html)
{
	const char *start = html ? strstr(html, "<main class=\"page\">\n") : NULL, *end;

	if (start == NULL)
		return NULL;
	start += strlen("<main class=\"page\">\n");
	end = strstr(start, "</main>");
	return end ? strndup(start, (size_t)(end - start)) : NULL;
}

static void
test_golden_course(void)
{
	static const char *const pages[] = { "index", "doc", "sub/ex", "sub/index",
	    "sub/cases", "sub/doctest", "sub/shown" };
	char *out = tmpdir();
	struct diags d = new_diags();
	struct site_config c = config("tests/sitegen/course", out, &d);
	struct site_stats st;
	int update = getenv("SITEGEN_GOLDEN_UPDATE") != NULL;

	is_int(site_build(&c, &st), 0, "the golden course builds: %s", diag_line());
	is_int(st.pages, 7, "seven pages");
	is_int(st.exercises, 4, "four exercises");
	for (size_t i = 0; i < sizeof(pages) / sizeof(*pages); i++) {
		char got_path[PATH_MAX], want_path[PATH_MAX], *html, *got, *want;

		snprintf(got_path, sizeof(got_path), "%s/current/public/%s.html", out, pages[i]);
		snprintf(want_path, sizeof(want_path), "tests/sitegen/expected/%s.html", pages[i]);
		html = slurp(got_path, NULL);
		got = body_of(html);
		if (update && got != NULL) {
			char *slash = strrchr(want_path, '/');

			*slash = '\0';
			mkdir(want_path, 0755);
			*slash = '/';
			put(".", want_path, got);
		}
		want = slurp(want_path, NULL);
		is_str(got, want, "golden page %s.html", pages[i]);
		free(html);
		free(got);
		free(want);
	}
	{
		char path[PATH_MAX], *html;

		snprintf(path, sizeof(path), "%s/current/public/sub/ex.html", out);
		html = slurp(path, NULL);
		ok(html && strstr(html, "<title>An &lt;exercise&gt; &amp; more \xc2\xb7 Golden</title>"),
		    "the document title is escaped and names the course");
		ok(html && strstr(html, "href=\"../assets/style.css?v="), "assets relative to the root");
		snprintf(path, sizeof(path), "%s/current/public/pic.png", out);
		ok(access(path, F_OK) == 0, "an image is published");
		snprintf(path, sizeof(path), "%s/current/public/sub/notes.txt", out);
		ok(access(path, F_OK) == 0, "an attachment is published");
		snprintf(path, sizeof(path), "%s/current/public/sub/solution.c", out);
		ok(access(path, F_OK) != 0, "a .c file is not");
		snprintf(path, sizeof(path), "%s/current/public/sub/tests/1.png", out);
		ok(access(path, F_OK) != 0, "a test file is not, even with an image extension");
		snprintf(path, sizeof(path), "%s/current/specs/sub/ex.json", out);
		ok(access(path, F_OK) == 0, "the spec is under specs/");
		ok(html && strstr(html, "assets/vendor/codemirror/editor.min.js?v=") &&
		    !strstr(html, "katex"), "an exercise page loads the editor, not KaTeX");
		free(html);
		snprintf(path, sizeof(path), "%s/current/public/doc.html", out);
		html = slurp(path, NULL);
		ok(html && strstr(html, "<script src=\"assets/vendor/katex/katex.min.js?v=") &&
		    strstr(html, "assets/vendor/katex/katex.min.css?v=") &&
		    strstr(html, "assets/vendor/highlight/highlight.min.js?v=") &&
		    !strstr(html, "editor.min.js"), "a page with math and code loads KaTeX and "
		    "highlight.js, not the editor");
		ok(html && strstr(html, "src=\"http") == NULL && strstr(html, "href=\"http") == NULL &&
		    strstr(html, "//cdn") == NULL, "nothing is loaded from another site");
		ok(html && strstr(html, "<script>") == NULL, "no inline script (the CSP forbids them)");
		free(html);
		html = NULL;
		snprintf(path, sizeof(path), "%s/current/public/assets/vendor/katex/fonts/KaTeX_Main-Regular.woff2", out);
		ok(access(path, F_OK) == 0, "the vendored KaTeX fonts are published");
		snprintf(path, sizeof(path), "%s/current/public/assets/vendor/highlight/LICENSE", out);
		ok(access(path, F_OK) == 0, "with their licences");
		snprintf(path, sizeof(path), "%s/current/public/manifest.txt", out);
		ok(access(path, F_OK) != 0, "the manifest is not served");
		snprintf(path, sizeof(path), "%s/current/public/sub/doctest.tst", out);
		ok(access(path, F_OK) != 0, "the doctest file is not served");
		snprintf(path, sizeof(path), "%s/current/public/sub/cases.html", out);
		html = slurp(path, NULL);
		ok(html && strstr(html, "golden-hidden-case") == NULL &&
		    strstr(html, "2147483647") == NULL, "a hidden case is not on its page");
		ok(html && strstr(html, "absolute(0)") == NULL,
		    "a shown case is not on the page either (only in results)");
		ok(html && strstr(html, "assets/vendor/highlight/highlight.min.js?v="),
		    "the examples' code is highlighted");
		free(html);
		snprintf(path, sizeof(path), "%s/current/public/sub/doctest.html", out);
		html = slurp(path, NULL);
		ok(html && strstr(html, "golden-doctest-example") == NULL &&
		    strstr(html, "median([4, 1, 3, 2])") == NULL,
		    "the doctest examples are not on the page");
		free(html);
		snprintf(path, sizeof(path), "%s/current/specs/sub/cases.json", out);
		html = slurp(path, NULL);
		ok(html && strstr(html, "golden-hidden-case"), "the hidden case is in the spec");
		free(html);
		snprintf(path, sizeof(path), "%s/current/specs/sub/doctest.json", out);
		html = slurp(path, NULL);
		ok(html && strstr(html, "golden-doctest-example"), "the examples are in the spec");
		free(html);
	}
	tmpdir_remove(out);
}

/* Adds every file under DIR (recursively) to LIST, as paths. */
static void
list_files(const char *dir, json_t *list)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d != NULL && (de = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode))
			list_files(path, list);
		else
			json_array_append_new(list, json_string(path));
	}
	if (d != NULL)
		closedir(d);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Does TEXT (LEN bytes) occur in any public test text of the course? */
static int
in_public_tests(json_t *tests, const char *text, size_t len)
{
	size_t i;
	json_t *t;

	json_array_foreach(tests, i, t) {
		if (memmem(json_string_value(t), json_string_length(t), text, len) != NULL)
			return 1;
	}
	return 0;
}

/* Does TEXT (LEN bytes), or its HTML-escaped form, occur in any served file? */
static const char *
served_anywhere(json_t *served, const char *text, size_t len)
{
	struct buf esc = BUF_INIT;
	const char *found = NULL;
	size_t j;
	json_t *w;

	html_escape(&esc, text, len);
	json_array_foreach(served, j, w) {
		size_t slen;
		char *stext = slurp(json_string_value(w), &slen);

		if (stext != NULL && (memmem(stext, slen, text, len) != NULL ||
		    memmem(stext, slen, esc.data, esc.len) != NULL))
			found = json_string_value(w);
		free(stext);
		if (found != NULL)
			break;
	}
	buf_free(&esc);
	return found;
}

/*
 * The hidden cases of exercise page PATH (content/...), if it is a cases
 * exercise: their test code and expected output (when long enough to be
 * recognised and not also a shown case's) must be nowhere in SERVED.
 * Returns how many hidden cases were searched for.
 */
static size_t
hidden_cases_unserved(const char *out, const char *path, json_t *served)
{
	char spath[2 * PATH_MAX], err[256];
	struct spec *s = NULL;
	json_t *cases, *c, *d;
	size_t i, k, n = 0;

	snprintf(spath, sizeof(spath), "%s/current/specs/%.*s.json", out,
	    (int)(strlen(path) - strlen("content/") - 3), path + strlen("content/"));
	if (spec_load(spath, &s, err, sizeof(err)) != SPEC_OK)
		return 0;
	cases = json_object_get(json_object_get(s->options, "cases"), "cases");
	json_array_foreach(cases, i, c) {
		static const char *const fields[] = { "test", "expected", "stdin" };

		if (strcmp(json_string_value(json_object_get(c, "show")), "hidden") != 0)
			continue;
		n++;
		for (size_t f = 0; f < 3; f++) {
			const char *text = json_string_value(json_object_get(c, fields[f]));
			int shared = 0;

			if (text == NULL || strlen(text) < 8)
				continue;
			json_array_foreach(cases, k, d)
				shared |= k != i && strcmp(json_string_value(json_object_get(d,
				    "show")), "hidden") != 0 && json_string_value(json_object_get(d,
				    fields[f])) && strcmp(json_string_value(json_object_get(d,
				    fields[f])), text) == 0;
			if (!shared && served_anywhere(served, text, strlen(text)) != NULL)
				ok(0, "hidden case %zu of %s (its %s) is served in %s", i + 1, path,
				    fields[f], served_anywhere(served, text, strlen(text)));
		}
	}
	spec_free(s);
	return n;
}

/*
 * A copy of quiz page TEXT with every answer= attribute changed to another
 * valid one ("a" -> "b", anything else -> "a"; a fill-in's to other text).
 */
static char *
other_answers(const char *text)
{
	struct buf b = BUF_INIT;
	const char *p = text, *a;

	while ((a = strstr(p, " answer=")) != NULL) {
		const char *v = a + 8, *end, *line = a;
		int fillin;

		while (line > text && line[-1] != '\n')
			line--;
		fillin = memmem(line, (size_t)(a - line), ".fillin", 7) != NULL;
		if (*v == '"')
			end = strchr(v + 1, '"') ? strchr(v + 1, '"') + 1 : v + strlen(v);
		else
			end = v + strcspn(v, " }");
		buf_add(&b, p, (size_t)(v - p));
		buf_puts(&b, fillin ? "\"zz-another-answer\"" :
		    (end - v == 1 && *v == 'a') ? "b" : "a");
		p = end;
	}
	buf_puts(&b, p);
	return buf_steal(&b);
}

/*
 * Every quiz page of the course (CONTENT, a list of paths) is built alone
 * twice, with its answers and with others: the served page must be the
 * same, so nothing of the answers can be read in it.
 */
static void
test_quiz_pages(json_t *content)
{
	size_t i, quizzes = 0;
	json_t *v;

	json_array_foreach(content, i, v) {
		const char *path = json_string_value(v);
		char *text, *html[2] = { NULL, NULL };

		if (!ends_with(path, ".md") || (text = slurp(path, NULL)) == NULL)
			continue;
		if (strstr(text, "tester: quiz") == NULL) {
			free(text);
			continue;
		}
		quizzes++;
		for (int k = 0; k < 2; k++) {
			char *root = tmpdir(), *out = tmpdir(), *page = k ? other_answers(text) : text;
			char hpath[PATH_MAX];
			struct diags d = new_diags();
			struct site_config c = config(root, out, &d);
			struct site_stats st;

			put(root, "quiz.md", page);
			ok(site_build(&c, &st) == 0, "%s builds %s: %s", path,
			    k ? "with other answers" : "alone", diag_line());
			snprintf(hpath, sizeof(hpath), "%s/current/public/quiz.html", out);
			html[k] = slurp(hpath, NULL);
			if (k)
				free(page);
			tmpdir_remove(root);
			tmpdir_remove(out);
		}
		ok(html[0] != NULL && html[1] != NULL && strcmp(html[0], html[1]) == 0,
		    "the page of quiz %s does not depend on its answers", path);
		free(html[0]);
		free(html[1]);
		free(text);
	}
	ok(quizzes >= 1, "%zu quiz pages checked", quizzes);
}

/* Builds the example course and searches the served tree for test data. */
static void
test_content(void)
{
	char *out = tmpdir(), pub[PATH_MAX];
	struct diags d = new_diags();
	struct site_config c = config("content", out, &d);
	json_t *content = json_array(), *served = json_array(), *public_texts = json_array();
	json_t *v, *w;
	struct site_stats st;
	size_t i, j, tests = 0, private_checked = 0, exercises = 0, hidden = 0;

	is_int(site_build(&c, &st), 0, "content/ builds: %s", diag_line());
	is_int(d.warnings, 0, "... without warnings");
	ok(st.exercises >= 3, "... with at least three exercises (%u)", st.exercises);
	snprintf(pub, sizeof(pub), "%s/current/public", out);
	list_files("content", content);
	list_files(pub, served);
	ok(json_array_size(served) > 4, "public/ has files");

	/* Public test texts may be shown (statements quote them). */
	json_array_foreach(content, i, v) {
		const char *path = json_string_value(v);
		size_t len;
		char *text;

		if (strstr(path, "/public/") == NULL ||
		    !(ends_with(path, ".in") || ends_with(path, ".out")))
			continue;
		if ((text = slurp(path, &len)) != NULL)
			json_array_append_new(public_texts, json_stringn(text, len));
		free(text);
	}
	json_array_foreach(content, i, v) {
		const char *path = json_string_value(v);
		size_t len;
		char *text;

		if (!(ends_with(path, ".in") || ends_with(path, ".out")))
			continue;
		tests++;
		if ((text = slurp(path, &len)) == NULL)
			continue;
		json_array_foreach(served, j, w) {
			const char *spath = json_string_value(w);
			size_t slen;
			char *stext = slurp(spath, &slen);

			ok(!ends_with(spath, ".in") && !ends_with(spath, ".out"),
			    "no test file is served: %s", spath);
			if (stext != NULL && slen == len && memcmp(stext, text, len) == 0)
				ok(0, "%s is served as %s", path, spath);
			/* A private text long enough to be recognised, and not also
			   public, must not appear anywhere in the served tree. */
			if (stext != NULL && strstr(path, "/private/") != NULL && len >= 8 &&
			    !in_public_tests(public_texts, text, len)) {
				struct buf esc = BUF_INIT;

				html_escape(&esc, text, len);
				if (memmem(stext, slen, text, len) != NULL ||
				    memmem(stext, slen, esc.data, esc.len) != NULL)
					ok(0, "private text of %s appears in %s", path, spath);
				private_checked += j == 0;
				buf_free(&esc);
			}
			free(stext);
		}
		free(text);
	}
	ok(tests >= 20, "%zu test files searched for in %zu served files", tests,
	    json_array_size(served));
	ok(private_checked >= 5, "%zu private texts searched for as text", private_checked);

	/* Every other file that is not published (sources, property files,
	   solutions...) must not show through either, unless a page includes
	   it on purpose (~~~ {.include src=...}). */
	{
		size_t others = 0, doctests = 0, solutions = 0;
		char mpath[PATH_MAX], *manifest;
		json_t *included = json_object();

		snprintf(mpath, sizeof(mpath), "%s/current/manifest.txt", out);
		manifest = slurp(mpath, NULL);
		ok(manifest != NULL, "the build has a manifest");
		for (char *line = manifest; line != NULL && *line != '\0';) {
			char *nl = strchr(line, '\n');

			if (nl != NULL)
				*nl = '\0';
			if (strncmp(line, "include\t", 8) == 0) {
				char inc[PATH_MAX];

				snprintf(inc, sizeof(inc), "content/%.*s", (int)strcspn(line + 8, "\t"),
				    line + 8);
				json_object_set_new(included, inc, json_true());
			}
			line = nl ? nl + 1 : NULL;
		}
		free(manifest);

		json_array_foreach(content, i, v) {
			const char *path = json_string_value(v);
			char spath[2 * PATH_MAX];
			size_t len;
			char *text;
			struct buf esc = BUF_INIT;

			snprintf(spath, sizeof(spath), "%s/%s", pub, path + strlen("content/"));
			if (ends_with(path, ".md") || ends_with(path, ".in") ||
			    ends_with(path, ".out") || access(spath, F_OK) == 0 ||
			    json_object_get(included, path) != NULL ||
			    (text = slurp(path, &len)) == NULL)
				continue;
			if (len >= 8 && !in_public_tests(public_texts, text, len)) {
				others++;
				doctests += ends_with(path, ".tst");
				solutions += strncmp(path, "content/solutions/", 18) == 0;
				html_escape(&esc, text, len);
				json_array_foreach(served, j, w) {
					size_t slen;
					char *stext = slurp(json_string_value(w), &slen);

					if (stext != NULL && (memmem(stext, slen, text, len) != NULL ||
					    memmem(stext, slen, esc.data, esc.len) != NULL))
						ok(0, "the text of %s appears in %s", path,
						    json_string_value(w));
					free(stext);
				}
			}
			buf_free(&esc);
			free(text);
		}
		ok(json_object_size(included) >= 1, "%zu files are included by pages",
		    json_object_size(included));
		ok(1, "%zu unpublished files searched for in the served tree", others);
		ok(doctests >= 2, "... among them %zu doctest files", doctests);
		ok(solutions >= 3, "... and %zu reference solutions", solutions);
		json_decref(included);
	}

	/* Quiz answers: in the specs only. */
	json_array_foreach(served, j, w) {
		size_t slen;
		char *stext = slurp(json_string_value(w), &slen);

		if (stext != NULL && ends_with(json_string_value(w), ".html") &&
		    (memmem(stext, slen, "data-answer=", 12) != NULL ||
		    memmem(stext, slen, " answer=", 8) != NULL))
			ok(0, "%s has an answer attribute", json_string_value(w));
		free(stext);
	}
	test_quiz_pages(content);

	/* Hidden cases: in the specs only. */
	json_array_foreach(content, i, v) {
		const char *path = json_string_value(v);

		if (ends_with(path, ".md"))
			hidden += hidden_cases_unserved(out, path, served);
	}
	ok(hidden >= 2, "%zu hidden cases searched for in the served tree", hidden);

	/* A spec for each exercise page, with as many tests as files. */
	json_array_foreach(content, i, v) {
		const char *path = json_string_value(v);
		struct diags pd = new_diags();
		struct page p;

		if (!ends_with(path, ".md"))
			continue;
		if (page_load(&p, "content", path + strlen("content/"), &pd) == 0 &&
		    p.tester != NULL) {
			char *dir, *spath, err[256];
			struct spec *s = NULL;

			exercises++;
			if (asprintf(&dir, "%s/current/specs", out) < 0)
				dir = NULL;
			spath = dir ? spec_path(dir, p.id) : NULL;
			is_int(spath ? spec_load(spath, &s, err, sizeof(err)) : -1, SPEC_OK,
			    "spec of %s loads", p.id);
			if (strcmp(p.tester, "stdio") == 0)
				ok(s != NULL && s->ntests >= 4 && s->nlanguages >= 1 &&
				    s->code[0] != '\0', "spec of %s has tests, languages and a "
				    "skeleton", p.id);
			ok(s != NULL && s->title != NULL && s->title[0] != '\0', "spec of %s has a title",
			    p.id);
			spec_free(s);
			free(spath);
			free(dir);
		}
		page_free(&p);
	}
	is_int(exercises, st.exercises, "one spec per exercise page");
	{
		char path[PATH_MAX];
		struct stat sb;

		snprintf(path, sizeof(path), "%s/current/public/specs", out);
		ok(access(path, F_OK) != 0, "no specs/ under public/");
		snprintf(path, sizeof(path), "%s/current", out);
		ok(lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode), "current is a symbolic link");
		snprintf(path, sizeof(path), "%s/current/public/index.html", out);
		ok(access(path, F_OK) == 0, "index.html");
		snprintf(path, sizeof(path), "%s/current/public/assets/assay.js", out);
		ok(access(path, F_OK) == 0, "assets/assay.js");
	}
	json_decref(content);
	json_decref(served);
	json_decref(public_texts);
	tmpdir_remove(out);
}

/* Runs bin/sitegen CONTENT OUT; returns its exit status, stderr in ERR. */
static int
run_sitegen(const char *content, const char *out, char *err, size_t errlen)
{
	char cmd[PATH_MAX * 3];
	FILE *f;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd), "bin/sitegen -q '%s' '%s' 2>&1", content, out);
	if ((f = popen(cmd, "r")) == NULL)
		return -1;
	n = fread(err, 1, errlen - 1, f);
	err[n] = '\0';
	for (char *p = err; (p = strchr(p, '\n')) != NULL;)
		*p = ' ';	/* one line, for the test's description */
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
test_publishing(void)
{
	char *root = tmpdir(), *out = tmpdir(), cur[PATH_MAX], want[1024], err[4096];
	struct site_stats st;
	struct diags d;
	struct site_config c;

	put(root, "index.md", "# Home\n\n[](ex.md){.ex}\n");
	put(root, "ex.md", "---\ntester: stdio\nlanguage: c\npublic-inputs: t/*.in\n"
	    "public-outputs: t/*.out\n...\n# Ex\n");
	put(root, "t/1.in", "1\n");
	put(root, "t/1.out", "2\n");

	d = new_diags();
	c = config(root, out, &d);
	is_int(site_build(&c, &st), 0, "first build: %s", diag_line());
	snprintf(cur, sizeof(cur), "%s", current_of(out));
	ok(strncmp(cur, "build-", 6) == 0, "current points at a build (%s)", cur);
	is_int(count_builds(out), 1, "one build");

	/* A broken page: the build fails and nothing changes. */
	put(root, "broken.md", "# B\n\n---\ntitle: [unclosed\n...\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "a page with bad YAML fails the build");
	snprintf(want, sizeof(want), "%s/broken.md:5:", root);
	ok(strncmp(diag_str(), want, strlen(want)) == 0 || strstr(diag_str(), want) != NULL,
	    "... with file:line: %s", diag_line());
	is_str(current_of(out), cur, "... and current unchanged");
	is_int(count_builds(out), 1, "... and no build left behind");

	put(root, "broken.md", "# B\n\n---\ntester: stdio\nlanguage: c\n"
	    "public-inputs: t/*.in\npublic-outputs: [t/*.out, t/*.out]\n...\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "mismatched tests fail the build");
	snprintf(want, sizeof(want), "%s/broken.md:7: public-inputs has 1 file but "
	    "public-outputs has 2", root);
	ok(strstr(diag_str(), want) != NULL, "... with file:line: %s", diag_line());
	is_str(current_of(out), cur, "... and current unchanged");

	if (access("bin/sitegen", X_OK) == 0) {
		is_int(run_sitegen(root, out, err, sizeof(err)), 1, "bin/sitegen exits 1");
		ok(strstr(err, want) != NULL, "... printing file:line: message: %s", err);
		is_str(current_of(out), cur, "... and current unchanged");
	} else {
		diag("bin/sitegen not built: its exit status is not checked");
	}

	put(root, "broken.md", "# Fixed\n\n[missing](nowhere.md)\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "a link to a missing page is only a warning");
	snprintf(want, sizeof(want), "%s/broken.md:3:11: warning: link to a page that does"
	    " not exist: nowhere.md\n", root);
	is_str(diag_str(), want, "... with its line");
	ok(strcmp(current_of(out), cur) != 0, "current switched to the new build");
	is_int(count_builds(out), 2, "the previous build is kept");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "a third build");
	is_int(count_builds(out), 2, "... removes the oldest");
	ok(strcmp(current_of(out), cur) != 0, "... and the first is gone");

	put(root, "index.md", "# Home\n\n[](gone.md){.ex}\n");
	d = new_diags();
	is_int(site_build(&c, &st), -1, "an {.ex} link to a missing page is an error");

	tmpdir_remove(root);
	tmpdir_remove(out);
}

int
main(void)
{
	test_golden_course();
	test_content();
	test_publishing();
	buf_free(&diag_text);
	return tap_done();
}
