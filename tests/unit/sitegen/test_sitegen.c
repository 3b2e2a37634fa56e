/*
 * test_sitegen.c - the site generator: metadata, attributes, rendering,
 * exercise specs, whole builds and publishing.
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

#include <md4c-html.h>

#include "sitegen/assets.h"
#include "sitegen/attr.h"
#include "sandbox/util/buf.h"
#include "sitegen/html.h"
#include "sitegen/diag.h"
#include "sitegen/exercise.h"
#include "sandbox/testers/lang.h"
#include "sitegen/meta.h"
#include "sitegen/page.h"
#include "sitegen/render.h"
#include "sitegen/site.h"
#include "sandbox/format/spec.h"
#include "sitegen/text.h"
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

/* ---- Metadata ------------------------------------------------------------ */

static int
parse(const char *text, struct meta *m, struct meta_error *e)
{
	return meta_parse(text, strlen(text), m, e);
}

static void
test_meta_blocks(void)
{
	struct meta m;
	struct meta_error e;
	struct meta_pos pos;

	is_int(parse("# Just Markdown\n\ntext\n", &m, &e), 0, "a page without metadata");
	is_int(json_object_size(m.fields), 0, "... has no fields");
	is_str(m.body, "# Just Markdown\n\ntext\n", "... and its body is the page");
	meta_free(&m);

	is_int(parse("---\ntester: stdio\nlanguage: c\n...\n# Title\n", &m, &e), 0,
	    "a block at the top, closed by ...");
	is_str(json_string_value(json_object_get(m.fields, "tester")), "stdio", "tester read");
	is_str(m.body, "\n\n\n\n# Title\n", "the block's lines are blanked, lines kept");
	is_int(m.nblocks, 1, "one block");
	is_int(meta_key_line(&m, "language"), 3, "line of a key");
	ok(meta_key_pos(&m, "language", &pos) == 0 && pos.column == 1, "column of a key");
	is_int(meta_key_line(&m, "nope"), 1, "an absent key is on line 1");
	meta_free(&m);

	is_int(parse("# T\n\n---\na: 1\n---\ntext\n\n---\na: 2\nb: two\n...\n", &m, &e), 0,
	    "two blocks, closed by --- and by ...");
	is_int(json_integer_value(json_object_get(m.fields, "a")), 1, "left-biased: the first a wins");
	is_str(json_string_value(json_object_get(m.fields, "b")), "two", "keys of later blocks merge");
	is_int(meta_key_line(&m, "a"), 4, "the line of a is its first occurrence");
	is_int(meta_key_line(&m, "b"), 10, "the line of b, in the second block");
	is_int(m.nblocks, 2, "two blocks");
	is_str(m.body, "# T\n\n\n\n\ntext\n\n\n\n\n\n", "both blanked");
	meta_free(&m);

	is_int(parse("text\n\n---\n\nmore\n", &m, &e), 0, "--- followed by a blank line");
	ok(json_object_size(m.fields) == 0 && m.nblocks == 0, "... is a rule, not metadata");
	meta_free(&m);

	is_int(parse("Setext heading\n---\na: 1\n---\n", &m, &e), 0,
	    "--- right after a paragraph line");
	ok(json_object_size(m.fields) == 0, "... is a heading underline, not metadata");
	meta_free(&m);

	is_int(parse("one\n\n---\nA paragraph between rules.\n\nMore.\n---\n", &m, &e), 0,
	    "a block that is not a mapping");
	ok(json_object_size(m.fields) == 0 && m.nblocks == 0, "... is Markdown (as in Pandoc)");
	is_str(m.body, "one\n\n---\nA paragraph between rules.\n\nMore.\n---\n", "... kept in the body");
	meta_free(&m);

	is_int(parse("---\na: 1\n\nno end\n", &m, &e), 0, "an unclosed block");
	ok(json_object_size(m.fields) == 0, "... is Markdown");
	meta_free(&m);

	is_int(parse("```\n---\na: 1\n---\n```\n\n~~~~\n\n---\nb: 1\n---\n~~~~\n", &m, &e), 0,
	    "blocks inside fenced code");
	ok(json_object_size(m.fields) == 0, "... are code, not metadata");
	meta_free(&m);

	is_int(parse("<!--\n---\na: 1\n---\n-->\n\n---\nb: 2\n---\n", &m, &e), 0,
	    "a block inside an HTML comment");
	ok(json_object_get(m.fields, "a") == NULL && json_object_get(m.fields, "b") != NULL,
	    "... is ignored, the next one is read");
	meta_free(&m);

	is_int(parse("---\r\na: 1\r\nb: x\r\n...\r\n# T\r\n", &m, &e), 0, "CRLF line ends");
	is_str(json_string_value(json_object_get(m.fields, "b")), "x", "... values read");
	meta_free(&m);

	is_int(parse("---\n# only a comment\n---\ntext\n", &m, &e), 0, "a block of comments");
	ok(m.nblocks == 1 && json_object_size(m.fields) == 0, "... is an empty block");
	meta_free(&m);

	is_int(parse("---\n---\ntext\n", &m, &e), 0, "--- then ---");
	ok(m.nblocks == 1 && json_object_size(m.fields) == 0, "... is an empty block, as in Pandoc");
	is_str(m.body, "\n\ntext\n", "... blanked");
	meta_free(&m);
}

static void
test_meta_values(void)
{
	struct meta m;
	struct meta_error e;
	json_t *f, *list;
	struct meta_pos pos;
	const char *page =
	    "---\n"
	    "t1: yes\nt2: True\nt3: TRUE\nt4: true\n"
	    "f1: no\nf2: No\nf3: false\nf4: FALSE\n"
	    "s1: \"yes\"\ns2: 'no'\ns3: !!str true\ns4: on\n"
	    "i: 42\nneg: -7\nr: 0.5\nexp: 1e3\nbig: 123456789012345678901234567890\n"
	    "n1:\nn2: ~\nn3: null\n"
	    "text: hello world\n"
	    "code: |\n  int main(void)\n  {\n  }\n"
	    "list:\n  - a\n  - b\n"
	    "flow: [x, 'y', 3]\n"
	    "map: {k: v}\n"
	    "...\n";

	is_int(parse(page, &m, &e), 0, "scalars of every kind: %s", e.message);
	f = m.fields;
	ok(json_is_true(json_object_get(f, "t1")) && json_is_true(json_object_get(f, "t2")) &&
	    json_is_true(json_object_get(f, "t3")) && json_is_true(json_object_get(f, "t4")),
	    "yes, True, TRUE, true are true");
	ok(json_is_false(json_object_get(f, "f1")) && json_is_false(json_object_get(f, "f2")) &&
	    json_is_false(json_object_get(f, "f3")) && json_is_false(json_object_get(f, "f4")),
	    "no, No, false, FALSE are false");
	is_str(json_string_value(json_object_get(f, "s1")), "yes", "a quoted yes is text");
	is_str(json_string_value(json_object_get(f, "s2")), "no", "a single-quoted no is text");
	is_str(json_string_value(json_object_get(f, "s3")), "true", "!!str true is text");
	is_str(json_string_value(json_object_get(f, "s4")), "on", "on is text (YAML 1.2)");
	is_int(json_integer_value(json_object_get(f, "i")), 42, "an integer");
	is_int(json_integer_value(json_object_get(f, "neg")), -7, "a negative integer");
	ok(json_is_real(json_object_get(f, "r")) && json_real_value(json_object_get(f, "r")) == 0.5,
	    "a real");
	ok(json_is_real(json_object_get(f, "exp")), "1e3 is a real");
	ok(json_is_real(json_object_get(f, "big")), "an integer too big for 64 bits is a real");
	ok(json_is_null(json_object_get(f, "n1")) && json_is_null(json_object_get(f, "n2")) &&
	    json_is_null(json_object_get(f, "n3")), "empty, ~ and null are null");
	is_str(json_string_value(json_object_get(f, "text")), "hello world", "plain text");
	is_str(json_string_value(json_object_get(f, "code")), "int main(void)\n{\n}\n",
	    "a literal block keeps its lines");
	list = json_object_get(f, "list");
	ok(json_is_array(list) && json_array_size(list) == 2, "a block list");
	ok(meta_node_pos(&m, json_array_get(list, 1), &pos) == 0 && pos.line == 29 &&
	    pos.column == 5, "the position of a list element (%u:%u)", pos.line, pos.column);
	list = json_object_get(f, "flow");
	ok(json_is_array(list) && json_is_string(json_array_get(list, 1)) &&
	    json_is_integer(json_array_get(list, 2)), "a flow list");
	is_str(json_string_value(json_object_get(json_object_get(f, "map"), "k")), "v",
	    "a nested mapping");
	meta_free(&m);
}

static void
test_meta_errors(void)
{
	struct meta m;
	struct meta_error e;
	char deep[1024] = "---\nx: ";

	is_int(parse("# T\n\n---\nok: 1\nbad: [1, 2\nnext: 3\n---\n", &m, &e), -1,
	    "malformed YAML is an error");
	ok(e.pos.line >= 5 && e.pos.line <= 7 && strstr(e.message, "YAML") != NULL,
	    "... at its line (%u): %s", e.pos.line, e.message);

	is_int(parse("---\na: 1\nb: 2\na: 3\n---\n", &m, &e), -1, "a duplicate key is an error");
	ok(e.pos.line == 4 && strstr(e.message, "duplicate key \"a\""), "... at line 4: %u %s",
	    e.pos.line, e.message);

	is_int(parse("---\na: &x [1]\nb: *x\n---\n", &m, &e), -1, "an alias is an error");
	ok(e.pos.line == 3 && strstr(e.message, "alias"), "... at line 3: %u %s", e.pos.line,
	    e.message);

	is_int(parse("---\n[a]: 1\n---\n", &m, &e), -1, "a key that is a list is an error");
	is_int(e.pos.line, 2, "... at line 2");

	is_int(parse("---\na:\n\tb: 1\n---\n", &m, &e), -1, "a tab in indentation is an error");
	is_int(e.pos.line, 3, "... at line 3");

	for (int i = 0; i < 100; i++)
		strcat(deep, "[");
	strcat(deep, "\n---\n");
	is_int(parse(deep, &m, &e), -1, "nesting deeper than META_MAX_DEPTH is an error");
	ok(strstr(e.message, "deeper") != NULL || strstr(e.message, "YAML") != NULL,
	    "... %s", e.message);

	is_int(parse("---\na: 1\n--- b\n---\n", &m, &e), -1,
	    "--- followed by text does not close a block");
	ok(e.pos.line == 3 && strstr(e.message, "single YAML document") != NULL,
	    "... it starts a second YAML document, which is an error: %u %s", e.pos.line,
	    e.message);
}

/* ---- Attributes ----------------------------------------------------------- */

static void
test_attr(void)
{
	struct attr a;
	struct buf b = BUF_INIT;
	const char *s = "{#id .a .b key=v k2=\"x } y\" k3='q'} rest";

	is_int(attr_parse(s, strlen(s), &a), (long)strlen(s) - 5, "a full attribute set");
	is_str(a.id, "id", "id");
	ok(a.nclasses == 2 && attr_has_class(&a, "a") && attr_has_class(&a, "b"), "classes");
	is_str(attr_get(&a, "k2"), "x } y", "a quoted value may hold a brace");
	is_str(attr_get(&a, "k3"), "q", "single quotes");
	attr_html(&b, &a);
	is_str(b.data, " id=\"id\" class=\"a b\" data-key=\"v\" data-k2=\"x } y\" data-k3=\"q\"",
	    "as HTML");
	attr_free(&a);
	buf_free(&b);

	is_int(attr_parse("{.ex}", 5, &a), 5, "{.ex}");
	attr_free(&a);
	is_int(attr_parse("{.ex", 4, &a), ATTR_INCOMPLETE, "an unclosed set is incomplete");
	is_int(attr_parse("{k=\"v", 5, &a), ATTR_INCOMPLETE, "an unclosed quote is incomplete");
	is_int(attr_parse("{not a set}", 11, &a), ATTR_INVALID, "words are not attributes");
	is_int(attr_parse("{#}", 3, &a), ATTR_INVALID, "an empty id is invalid");
	is_int(attr_parse("x{.a}", 5, &a), ATTR_INVALID, "must start with a brace");
	is_int(attr_parse("{}", 2, &a), 2, "{} is an empty set");
	attr_free(&a);
}

/* ---- Rendering -------------------------------------------------------------- */

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

/* ---- Exercises -------------------------------------------------------------- */

static void
test_exercise(void)
{
	char *root = tmpdir(), want[512];
	json_t *grading = json_object();
	struct spec *s;

	for (int i = 1; i <= 11; i++) {
		char name[64], text[64];

		snprintf(name, sizeof(name), "ex/t/%d.in", i);
		snprintf(text, sizeof(text), "in %d\n", i);
		put(root, name, text);
		snprintf(name, sizeof(name), "ex/t/%d.out", i);
		snprintf(text, sizeof(text), "out %d\n", i);
		put(root, name, text);
	}
	put(root, "ex/p/secret.in", "s\n");
	put(root, "ex/p/secret.out", "S\n");
	put(root, "ex/bad.in", "\xff\xfe\n");
	put(root, "ex/data.txt", "data\n");

	put(root, "ex/a.md", "# A\n\n---\ntester: stdio\nlanguages: [python3, c]\n"
	    "code: |\n  x = 1\nfeedback: no\nattempts: 3\nvalid: \"after 1/1/2027\"\n"
	    "public-inputs: t/*.in\npublic-outputs: [\"t/1*.out\", \"t/[2-9].out\"]\n"
	    "private-inputs: p/*.in\nprivate-outputs: p/*.out\nfiles: data.txt\n"
	    "colour: blue\n...\n");
	s = spec_of(root, "ex/a.md", grading);
	ok(s != NULL, "a full exercise builds: %s", diag_line());
	snprintf(want, sizeof(want), "%s/ex/a.md:16: warning: unknown field \"colour\"\n", root);
	is_str(diag_str(), want, "an unknown field is a warning with its line");
	if (s != NULL) {
		is_str(s->id, "ex/a", "id");
		is_str(s->tester, "stdio", "tester");
		ok(s->nlanguages == 2 && strcmp(s->languages[0], "python") == 0 &&
		    strcmp(s->languages[1], "c") == 0, "python3 is python, order kept");
		is_str(s->code, "x = 1\n", "code");
		is_int(s->feedback, 0, "feedback: no");
		is_int(json_integer_value(json_object_get(s->options, "attempts")), 3,
		    "attempts carried in options");
		is_str(json_string_value(json_object_get(s->options, "valid")), "after 1/1/2027",
		    "valid carried in options");
		is_str(json_string_value(json_object_get(json_object_get(s->options, "files"),
		    "data.txt")), "data\n", "files carried in options");
		is_int(s->ntests, 12, "11 public and 1 private tests");
		if (s->ntests == 12) {
			is_str(s->tests[0].input, "in 1\n", "natural order: 1 first");
			is_str(s->tests[1].input, "in 2\n", "2 before 10");
			is_str(s->tests[9].input, "in 10\n", "10 after 9");
			/* outputs: t/1*.out (1, 10, 11) then t/[2-9].out */
			is_str(s->tests[0].output, "out 1\n", "outputs joined in list order");
			is_str(s->tests[1].output, "out 10\n", "... each glob sorted");
			is_str(s->tests[0].name, "public 1", "public test name");
			is_str(s->tests[11].name, "private 1", "private test name hides the file");
			ok(s->tests[0].public && !s->tests[11].public, "public flags");
		}
	}
	ok(json_object_get(grading, "ex/p/secret.in") && json_object_get(grading, "ex/t/10.out") &&
	    json_object_get(grading, "ex/data.txt"), "every grading file is recorded");
	spec_free(s);

	put(root, "ex/b.md", "---\ntester: stdio\nlanguage: c\n"
	    "public-inputs: t/*.in\npublic-outputs: t/1*.out\n...\n");
	s = spec_of(root, "ex/b.md", grading);
	ok(s == NULL, "inputs and outputs in different numbers");
	snprintf(want, sizeof(want), "%s/ex/b.md:5: public-inputs has 11 files but "
	    "public-outputs has 3: inputs and outputs pair up in order\n", root);
	is_str(diag_str(), want, "... is an error at the outputs' line");

	put(root, "ex/c.md", "---\ntester: stdio\nlanguage: haskell\n"
	    "private-inputs:\n  - p/*.in\n  - nothing*.in\nprivate-outputs: p/*.out\n...\n");
	s = spec_of(root, "ex/c.md", grading);
	ok(s == NULL && strstr(diag_str(), "ex/c.md:3: language \"haskell\" is not one"),
	    "an unknown language, at its line: %s", diag_line());
	ok(strstr(diag_str(), "ex/c.md:6: private-inputs: no file matches \"nothing*.in\"") != NULL,
	    "a glob that matches nothing, at the list element's line");

	put(root, "ex/d.md", "---\ntester: stdio\nlanguage: c\nlanguages: [c]\n"
	    "public-inputs: bad.in\npublic-outputs: t/1.out\nfeedback: maybe\n"
	    "attempts: many\n...\n");
	s = spec_of(root, "ex/d.md", grading);
	ok(s == NULL, "several mistakes in one page");
	ok(strstr(diag_str(), "ex/d.md:4: use either") != NULL, "language and languages: %s",
	    diag_line());
	ok(strstr(diag_str(), "ex/d.md:5: public-inputs: ex/bad.in:1: not UTF-8 text") != NULL,
	    "a test file that is not UTF-8");
	ok(strstr(diag_str(), "ex/d.md:7: field \"feedback\" must be yes or no") != NULL,
	    "feedback of the wrong type");
	ok(strstr(diag_str(), "ex/d.md:8: field \"attempts\"") != NULL, "attempts of the wrong type");

	put(root, "ex/e.md", "---\ntester: quiz\n...\n# Q {.question answer=a}\n");
	s = spec_of(root, "ex/e.md", grading);
	ok(s == NULL && (strstr(diag_str(), "ex/e.md:2: tester \"quiz\" is not supported") ||
	    strstr(diag_str(), "ex/e.md:4:5: question without options")),
	    "a quiz without options is an error, not a page with its answers: %s", diag_line());

	put(root, "ex/f.md", "---\ntester: stdio\nlanguage: c\npublic-inputs: ../../*\n"
	    "public-outputs: /etc/passwd\n...\n");
	s = spec_of(root, "ex/f.md", grading);
	ok(s == NULL && strstr(diag_str(), "outside the course directory") &&
	    strstr(diag_str(), "must be a path relative to the page"),
	    "test files must be inside the course: %s", diag_line());

	put(root, "ex/l.md", "---\ntester: stdio\nlanguage: c\ncpu: 0.5\nwall: \"2s\"\n"
	    "memory: \"1G\"\noutput: 16\nprocesses: 4\n...\n");
	s = spec_of(root, "ex/l.md", grading);
	ok(s != NULL, "limits: %s", diag_line());
	if (s != NULL) {
		is_int(s->limits.cpu_ms, 500, "cpu: 0.5 is 500 ms");
		is_int(s->limits.wall_ms, 2000, "wall: \"2s\" is 2000 ms");
		is_int(s->limits.memory_kib, 1024 * 1024, "memory: \"1G\" in KiB");
		is_int(s->limits.output_kib, 16, "output: 16 KiB");
		is_int(s->limits.processes, 4, "processes: 4");
	}
	spec_free(s);
	put(root, "ex/m.md", "---\ntester: stdio\nlanguage: c\ncpu: 11\nwall: fast\n"
	    "memory: 2048\nprocesses: 0\n...\n");
	s = spec_of(root, "ex/m.md", grading);
	ok(s == NULL, "limits above the ceiling or malformed are errors");
	ok(strstr(diag_str(), "ex/m.md:4: cpu: 11 s is above the ceiling of 10 s") != NULL,
	    "cpu above the ceiling, at its line: %s", diag_line());
	ok(strstr(diag_str(), "ex/m.md:5: field \"wall\" must be seconds") != NULL,
	    "a wall limit that is not a time");
	ok(strstr(diag_str(), "ex/m.md:6: memory: 2048 MiB is above the ceiling of 1024 MiB") != NULL,
	    "memory above the ceiling");
	ok(strstr(diag_str(), "ex/m.md:7: field \"processes\" must be a positive") != NULL,
	    "processes: 0");

	put(root, "ex/g.md", "---\ntester: stdio\nlanguage: c\n...\n# G\n");
	s = spec_of(root, "ex/g.md", grading);
	ok(s != NULL && strstr(diag_str(), "warning: exercise has no tests"),
	    "an exercise without tests builds, with a warning");
	spec_free(s);

	put(root, "ex/i.md", "---\ntester: stdio\nlanguage: python\n"
	    "code: |\n  ~~~ {.python}\n  def f():\n      pass\n  ~~~\n...\n");
	s = spec_of(root, "ex/i.md", grading);
	is_str(s ? s->code : NULL, "def f():\n    pass\n",
	    "a skeleton in a fence, as Codex writes it, loses the fence");
	spec_free(s);
	put(root, "ex/i.md", "---\ntester: stdio\nlanguage: python\n"
	    "code: |\n  ```\n  x = 1\n  ~~~\n...\n");
	s = spec_of(root, "ex/i.md", grading);
	is_str(s ? s->code : NULL, "```\nx = 1\n~~~\n", "... but not a mismatched one");
	spec_free(s);

	put(root, "ex/h.md", "---\ntester: [stdio]\n...\n");
	s = spec_of(root, "ex/h.md", grading);
	ok(s == NULL && strstr(diag_str(), "ex/h.md:2: field \"tester\" must be text"),
	    "a tester that is not text: %s", diag_line());

	json_decref(grading);
	tmpdir_remove(root);

	/* sitegen's language names are the grader's. */
	static const char *const names[] = { "c", "C", "python", "python3", "Python3",
	    "cpp", "C++", "java", "Java" };
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		ok(exercise_language(names[i]) != NULL, "language %s is known", names[i]);
	{
		const char *canon, *name;

		for (size_t i = 0; (canon = exercise_language_at(i, &name)) != NULL; i++)
			ok(lang_find(canon) != NULL, "language %s (%s) is one the grader knows",
			    name, canon);
	}
	ok(exercise_language("haskell") == NULL, "no language the grader lacks");
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
	    "sub/cases", "sub/doctest" };
	char *out = tmpdir();
	struct diags d = new_diags();
	struct site_config c = config("tests/sitegen/course", out, &d);
	struct site_stats st;
	int update = getenv("SITEGEN_GOLDEN_UPDATE") != NULL;

	is_int(site_build(&c, &st), 0, "the golden course builds: %s", diag_line());
	is_int(st.pages, 6, "six pages");
	is_int(st.exercises, 3, "three exercises");
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

				snprintf(inc, sizeof(inc), "content/%s", line + 8);
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
	test_meta_blocks();
	test_meta_values();
	test_meta_errors();
	test_attr();
	test_render_golden();
	test_render_like_md4c();
	test_render_links();
	test_render_exercise();
	test_exercise();
	test_golden_course();
	test_content();
	test_publishing();
	buf_free(&diag_text);
	return tap_done();
}
