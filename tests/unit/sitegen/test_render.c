/*
 * test_render.c - sitegen/render.h: the examples of
 * tests/sitegen/render.txt (md4c-style: Markdown, a line with a dot, the
 * HTML), the same output as md4c-html on standard Markdown, the links a
 * page records, and the exercise form.
 *
 * Runs from the repository root (it reads tests/sitegen/render.txt).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <md4c-html.h>

#include "sandbox/format/spec.h"
#include "sandbox/util/buf.h"
#include "sitegen/render.h"
#include "sitegen/text.h"
#include "tests/tap.h"
#include "tests/unit/sitegen_util.h"

static char *
render(const char *md, const char *page, struct render_result *r)
{
	if (render_markdown(md, strlen(md), page, r) != 0)
		return NULL;
	return r->html.data;
}

/* The examples of an md4c-style spec file. */
static void
test_render_golden(void)
{
	const char *fence = "````````````````````````````````";
	size_t flen = strlen(fence), len;
	char *text = slurp("tests/sitegen/render.txt", &len), *p;
	int examples = 0;

	ok(text != NULL, "tests/sitegen/render.txt is readable");
	if (text == NULL)
		return;
	for (p = text; (p = strstr(p, fence)) != NULL;) {
		char page[256] = "page.md", *line_end, *dot, *end, *md, *want, *sp;
		struct render_result r;
		unsigned line = text_line_of(text, (size_t)(p - text));
		int quiz = 0;

		if (strncmp(p + flen, " example", 8) != 0) {
			p += flen;
			continue;
		}
		line_end = strchr(p, '\n');
		if (line_end == NULL)
			break;
		if (line_end > p + flen + 8 && p[flen + 8] == ' ')
			snprintf(page, sizeof(page), "%.*s", (int)(line_end - p - flen - 9),
			    p + flen + 9);
		if ((sp = strstr(page, " quiz")) != NULL && sp[5] == '\0') {
			*sp = '\0';
			quiz = 1;
		}
		md = line_end + 1;
		dot = strstr(md, "\n.\n");
		end = dot ? strstr(dot, fence) : NULL;
		if (dot == NULL || end == NULL) {
			ok(0, "example at line %u is malformed", line);
			break;
		}
		md = strndup(md, (size_t)(dot - md + 1));
		want = strndup(dot + 3, (size_t)(end - dot - 3));
		if (quiz) {
			struct render_opts o = { .page = page, .quiz = 1 };
			char id[256];

			snprintf(id, sizeof(id), "%.*s", (int)(strlen(page) - 3), page);
			o.page_id = id;
			is_str(render_page(md, strlen(md), &o, &r) == 0 ? r.html.data : NULL, want,
			    "render.txt example at line %u (quiz)", line);
		} else {
			is_str(render(md, page, &r), want, "render.txt example at line %u", line);
		}
		render_result_free(&r);
		free(md);
		free(want);
		examples++;
		p = end + flen;
	}
	ok(examples >= 10, "%d examples", examples);
	free(text);
}

static void
md4c_out(const MD_CHAR *text, MD_SIZE size, void *arg)
{
	buf_add(arg, text, size);
}

/* Removes the id="..." of every <hN id="..."> (md4c-html writes none). */
static void
strip_header_ids(struct buf *b)
{
	char *p = b->data;

	while (p != NULL && (p = strstr(p, "<h")) != NULL) {
		if (p[2] >= '1' && p[2] <= '6' && strncmp(p + 3, " id=\"", 5) == 0) {
			char *q = strchr(p + 8, '"');

			if (q != NULL) {
				memmove(p + 3, q + 1, strlen(q + 1) + 1);
				b->len -= (size_t)(q + 1 - (p + 3));
			}
		}
		p += 2;
	}
}

/* Standard Markdown renders exactly as md4c-html renders it. */
static void
test_render_like_md4c(void)
{
	static const char *const inputs[] = {
		"# H1\n## H2\n###### H6\n\nSetext\n===\n",
		"* a\n* b\n  * nested\n\n  continued\n* c\n",
		"1. one\n1. two\n\n   para\n\n10. ten\n",
		"> quote\n> > nested\n>\n> - list\n",
		"```python\ndef f():\n    return '<&>'\n```\n\n~~~\nplain\n~~~\n",
		"a *b **c** d* _e_ `f <g>` ~~h~~\n\n***\n\n___\n",
		("[ref link][r] and [collapsed][] and <https://x.org/?a&b>\n\n"
		    "[r]: https://example.org/r \"Title & more\"\n[collapsed]: /c\n"),
		"![img *alt*](a.png) ![](b.svg \"t\")\n",
		"| a | b |\n|---|:-:|\n| `|` | **x** |\n| c |\n",
		"<div>\n*not emphasis*\n</div>\n\n<span>inline</span> html\n",
		"&amp; &lt; &#123; &#x1F600; &nbsp; &bogus; \\* \\_\n",
		"line  \nbreak\\\nanother\n",
		"$x^2$ and $$\\frac{1}{2}$$ and \\$5\n",
		"www.example.org/path and user@example.org and http://x.y/z.\n",
		"    indented\n    code\n\ntext\n",
		"- [ ] task\n- [x] done\n",
		"",
		"\0nul\n",
	};
	static const size_t lens[] = { [17] = 5 };

	for (size_t i = 0; i < sizeof(inputs) / sizeof(*inputs); i++) {
		size_t len = lens[i] ? lens[i] : strlen(inputs[i]);
		struct buf want = BUF_INIT;
		struct render_result r;

		md_html(inputs[i], (MD_SIZE)len, md4c_out, &want, RENDER_MD_FLAGS,
		    MD_HTML_FLAG_VERBATIM_ENTITIES);
		buf_add(&want, "", 0);
		ok(render_markdown(inputs[i], len, "page.md", &r) == 0, "render input %zu", i);
		strip_header_ids(&r.html);
		is_str(r.html.data ? r.html.data : "", want.data ? want.data : "",
		    "input %zu renders as md4c-html does (header ids apart)", i);
		render_result_free(&r);
		buf_free(&want);
	}
}

static void
test_render_links(void)
{
	struct render_result r;
	const char *md = "Intro\n\n# The *first* title &amp; more\n\n## Second\n\n"
	    "- [](a.md){.ex}\n- [](../up.md){.ex}\n- [t](b.md){.ex}\n- [](gone.md)\n"
	    "- [](../../out.md){.ex}\n";
	const char *html;

	html = render(md, "w/page.md", &r);
	ok(html != NULL, "render a page with links");
	is_str(r.heading, "The first title & more", "the first header as plain text");
	is_int(r.nlinks, 4, "four links to pages (the one above the root is not)");
	if (r.nlinks == 4) {
		is_str(r.links[0].target, "w/a.md", "target relative to the page");
		is_str(r.links[1].target, "up.md", "target with ..");
		is_str(r.links[1].href, "../up.md", "href as written");
		ok(r.links[0].fill && r.links[1].fill, "empty {.ex} links are filled");
		ok(!r.links[2].fill, "a {.ex} link with text is not");
		ok(!r.links[3].fill, "a link without {.ex} is not");
		ok(strncmp(html + r.links[0].offset, "</a>", 4) == 0 &&
		    html[r.links[0].offset - 1] == '>', "the fill offset is between the tags");
		ok(r.links[1].offset > r.links[0].offset, "fill offsets ascend");
	}
	render_result_free(&r);

	html = render("No header here.\n", "p.md", &r);
	ok(html != NULL && r.heading == NULL, "no header, no heading");
	render_result_free(&r);

	html = render("[](x.md){.ex", "p.md", &r);
	is_str(html, "<p><a href=\"x.html\"></a>{.ex</p>\n", "an unclosed attribute set is text");
	render_result_free(&r);
}

static void
test_render_exercise(void)
{
	struct spec *s = spec_new();
	struct buf b = BUF_INIT;

	s->id = strdup("c/x");
	free(s->code);
	s->code = strdup("\nint a = 1 < 2;\n</textarea><script>alert(1)</script>\n");
	spec_add_language(s, "python");
	spec_add_language(s, "c");
	render_exercise(&b, s);
	ok(strstr(b.data, "data-exercise=\"c/x\"") != NULL, "the form carries the exercise id");
	ok(strstr(b.data, "<option value=\"python\" selected>Python 3</option>") != NULL,
	    "the first language is selected");
	ok(strstr(b.data, "<option value=\"c\">C</option>") != NULL, "the other language");
	ok(strstr(b.data, "aria-label=\"Code\">\n\nint a = 1 &lt; 2;\n&lt;/textarea&gt;"
	    "&lt;script&gt;") != NULL, "the skeleton is escaped, its first newline kept");
	ok(strstr(b.data, "<script>") == NULL, "no markup from the skeleton");
	ok(strstr(b.data, "id=\"assay-result\"") && strstr(b.data, "id=\"assay-history\""),
	    "result and history areas");
	buf_free(&b);
	spec_free(s);
}

/*
 * Shown files (include, diffs) and links to files with the place the page
 * names them, and the mistakes of diffs blocks at file:line:column.
 */
static void
test_render_shown(void)
{
	char *root = tmpdir(), *real = realpath(root, NULL), file[PATH_MAX];
	struct diags d = new_diags();
	struct render_opts o = { .page = "w/p.md", .page_id = "w/p", .file = file,
	    .diags = &d, .root = root, .rootreal = real };
	struct render_result r;
	const char *md = "# P\n\n~~~ {.include src=\"a.txt\"}\n~~~\n\n"
	    "  ~~~ {.diffs .x from='a.txt' to=\"/b.txt\"}\n  ~~~\n\n[data](d/x.csv)\n\n"
	    "~~~ {.diffs from=\"a.txt\" to=\"../../etc/passwd\"}\n~~~\n"
	    "~~~ {.diffs to=\"a.txt\"}\n~~~\n";

	snprintf(file, sizeof(file), "%s/w/p.md", root);
	put(root, "w/a.txt", "one\ntwo\n");
	put(root, "b.txt", "one\n2\n");
	is_int(render_page(md, strlen(md), &o, &r), 0, "a page with includes and diffs");
	is_int(r.errors, 2, "two mistakes: %s", diag_str());
	ok(r.nincludes == 2 && strcmp(r.includes[0].rel, "w/a.txt") == 0 &&
	    r.includes[0].line == 3 && r.includes[0].column == 20,
	    "an include is recorded at its src= value (3:20)");
	ok(r.nincludes == 2 && strcmp(r.includes[1].rel, "b.txt") == 0 &&
	    r.includes[1].line == 6 && r.includes[1].column == 35,
	    "a diffs block's files, once each, at their values (6:35)");
	ok(r.nfiles == 1 && strcmp(r.files[0].rel, "w/d/x.csv") == 0 && r.files[0].line == 9 &&
	    r.files[0].column == 8, "a link to a file is recorded at its URL (9:8)");
	ok(strstr(r.html.data, "<pre class=\"diffs\"><code class=\"x\"><span class=\"diff-same\">"
	    "  one\n</span><del class=\"diff-del\"><span class=\"visually-hidden\">removed: </span>"
	    "- two\n</del><ins class=\"diff-add\"><span class=\"visually-hidden\">added: </span>"
	    "+ 2\n</ins></code></pre>") != NULL, "the difference, other classes on <code>");
	ok(strstr(diag_str(), "w/p.md:11:30: diffs ../../etc/passwd: outside the course") != NULL,
	    "a file outside the course: at its to= value");
	ok(strstr(diag_str(), "w/p.md:13:5: a diffs block names two files") != NULL,
	    "a block without from=: at the block");
	render_result_free(&r);
	free(real);
	tmpdir_remove(root);
}

int
main(void)
{
	test_render_golden();
	test_render_shown();
	test_render_like_md4c();
	test_render_links();
	test_render_exercise();
	buf_free(&diag_text);
	return tap_done();
}
