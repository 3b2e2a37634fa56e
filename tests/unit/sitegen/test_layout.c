/*
 * test_layout.c - sitegen/layout.h: the page template's {{...}}
 * placeholders, what each is replaced with and how it is escaped, and the
 * templates refused (an unknown or unclosed placeholder, no {{body}}).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/util/buf.h"
#include "sitegen/assets.h"
#include "sitegen/layout.h"
#include "tests/tap.h"

static int bodies;	/* calls of body() */

static void
body(struct buf *out, void *arg)
{
	bodies++;
	buf_puts(out, arg);
}

/* TPL laid out with page P; NULL when the template is refused (ERR says). */
static char *
lay_out(const char *tpl, const struct layout_page *p, char *err, size_t errlen)
{
	struct layout l;
	struct buf b = BUF_INIT;

	err[0] = '\0';
	if (layout_parse(&l, tpl, strlen(tpl), err, errlen) != 0)
		return NULL;
	layout_render(&l, p, &b);
	layout_free(&l);
	buf_add(&b, "", 0);
	return buf_steal(&b);
}

static const struct layout_page page = {
	.title = "A <b> & \"c\"", .course = "C&C", .lang = "fr\"x", .root = "../",
	.version = "v<1>", .head = "<script src=\"k.js\"></script>", .body = body,
	.arg = "<p>the body, as it is</p>",
};

static void
test_placeholders(void)
{
	char err[256], *got;
	struct layout_page front = page;

	bodies = 0;
	got = lay_out("<html lang=\"{{lang}}\"><title>{{doctitle}}</title>{{head}}"
	    "<a href=\"{{root}}x.css?v={{version}}\">{{course}}</a><h1>{{title}}</h1>"
	    "<main>{{body}}</main></html>\n", &page, err, sizeof(err));
	is_str(got, "<html lang=\"fr&quot;x\"><title>A &lt;b&gt; &amp; &quot;c&quot; \xc2\xb7 "
	    "C&amp;C</title><script src=\"k.js\"></script><a href=\"../x.css?v=v&lt;1&gt;\">"
	    "C&amp;C</a><h1>A &lt;b&gt; &amp; &quot;c&quot;</h1><main><p>the body, as it "
	    "is</p></main></html>\n", "every placeholder replaced: text escaped, "
	    "{{head}} and {{body}} as they are: %s", err);
	is_int(bodies, 1, "the body callback is called once");
	free(got);

	front.title = front.course = "Home & away";
	got = lay_out("{{doctitle}}|{{body}}", &front, err, sizeof(err));
	is_str(got, "Home &amp; away|<p>the body, as it is</p>",
	    "{{doctitle}} is the title alone when it is the course's (the front page)");
	free(got);

	front.head = NULL;
	got = lay_out("[{{head}}]{{body}}", &front, err, sizeof(err));
	is_str(got, "[]<p>the body, as it is</p>", "no head: {{head}} is empty");
	free(got);

	got = lay_out("{{body}}", &page, err, sizeof(err));
	is_str(got, "<p>the body, as it is</p>", "a template that is only {{body}}");
	free(got);

	got = lay_out("{ {title}} {x} }} {{body}}{", &page, err, sizeof(err));
	is_str(got, "{ {title}} {x} }} <p>the body, as it is</p>{",
	    "braces that open no placeholder are text");
	free(got);
}

static void
test_refused(void)
{
	char err[256], *got;
	struct layout l = { (struct layout_part *)&l, 99 };

	got = lay_out("<title>{{titel}}</title>{{body}}", &page, err, sizeof(err));
	ok(got == NULL, "an unknown placeholder is refused");
	is_str(err, "layout: unknown placeholder {{titel}}", "... and named");
	free(got);

	got = lay_out("{{ title }}{{body}}", &page, err, sizeof(err));
	ok(got == NULL && strcmp(err, "layout: unknown placeholder {{ title }}") == 0,
	    "names are exact: no spaces inside the braces (%s)", err);
	free(got);

	got = lay_out("{{body}}<p>{{title</p>", &page, err, sizeof(err));
	ok(got == NULL, "an unclosed placeholder is refused");
	is_str(err, "layout: unclosed {{ at byte 11", "... at its byte");
	free(got);

	got = lay_out("<html><title>{{title}}</title></html>\n", &page, err, sizeof(err));
	ok(got == NULL, "a template without {{body}} is refused");
	is_str(err, "layout: no {{body}}", "... saying so");
	free(got);

	got = lay_out("", &page, err, sizeof(err));
	ok(got == NULL && strcmp(err, "layout: no {{body}}") == 0, "an empty template too");
	free(got);

	ok(layout_parse(&l, "{{nope}}{{body}}", 16, err, sizeof(err)) == -1 &&
	    l.parts == NULL && l.nparts == 0, "a refused template leaves the layout empty");
	layout_free(&l);
}

/* The template bin/sitegen embeds. */
static void
test_shipped(void)
{
	struct layout l;
	char err[256] = "";
	size_t bodyparts = 0;

	ok(layout_parse(&l, assets_layout_html, assets_layout_html_len, err, sizeof(err)) == 0,
	    "the shipped layout parses: %s", err);
	for (size_t i = 0; i < l.nparts; i++)
		bodyparts += l.parts[i].var == LAYOUT_BODY;
	is_int(bodyparts, 1, "... and has one {{body}}");
	layout_free(&l);
	ok(l.parts == NULL && l.nparts == 0, "layout_free leaves it empty");
}

/* {{path}}: the page's own path (the login form's next), escaped; none: "". */
static void
test_path(void)
{
	struct layout_page p = page;
	char err[256], *got;

	p.path = "c/a\"b.html";
	got = lay_out("<input name=\"next\" value=\"/{{path}}\">{{body}}", &p, err, sizeof(err));
	is_str(got, "<input name=\"next\" value=\"/c/a&quot;b.html\"><p>the body, as it is</p>",
	    "{{path}} escaped: %s", err);
	free(got);
	p.path = NULL;
	got = lay_out("/{{path}}{{body}}", &p, err, sizeof(err));
	is_str(got, "/<p>the body, as it is</p>", "no path: empty");
	free(got);
}

int
main(void)
{
	test_path();
	test_placeholders();
	test_refused();
	test_shipped();
	return tap_done();
}
